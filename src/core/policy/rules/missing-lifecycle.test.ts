import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import rule from "./missing-lifecycle.js";

describe("missing-lifecycle", () => {
  it("lists what each rule lacks after defaults are applied", () => {
    const ctx = contextFor({
      manifest: {
        path: "secretowners.yml",
        text: [
          "version: 1",
          "defaults:",
          "  rotation: 90d",
          '  revoker: "@acme/secops"',
          "rules:",
          '  - secrets: ["OKTA_*"]',
          '    owner: "@acme/iam"',
          '    custodian: "@acme/ops"',
          '    backup: ["@acme/secops"]',
          '    purpose: "provisioning"',
          '  - secrets: ["SLACK_*"]',
          '    owner: "@acme/comms"',
          "",
        ].join("\n"),
      },
    });
    expect(rule.check(ctx).map((r) => [r.location.line, r.data["fields"]])).toEqual([[11, "custodian, backup, purpose"]]);
  });

  it("reports every field for a one-line rule", () => {
    const ctx = contextFor({ manifest: { path: "SECRETOWNERS", text: "NPM_TOKEN @acme/release @acme/secops\n" } });
    expect(rule.check(ctx).map((r) => r.data["fields"])).toEqual(["custodian, purpose, rotation, revoker"]);
  });
});
