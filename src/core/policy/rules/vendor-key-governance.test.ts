import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import rule from "./vendor-key-governance.js";

const manifest = (text: string) => ({ path: "secretowners.yml", text: `version: 1\nrules:\n${text}` });

describe("vendor-key-governance", () => {
  it("accepts a vendor key owned by a team with a revoker (directly or from defaults)", () => {
    const ctx = contextFor({
      manifest: {
        path: "secretowners.yml",
        text: 'version: 1\ndefaults:\n  revoker: "@acme/secops"\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n    vendor: "Okta"\n',
      },
    });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("reports a person as owner, a missing owner and a missing revoker, at the vendor line", () => {
    const ctx = contextFor({
      manifest: manifest(
        [
          '  - secrets: ["WORKDAY_*"]',
          '    owner: "@jdoe"',
          '    vendor: "Workday"',
          '  - secrets: ["SAILPOINT_*"]',
          '    vendor: "SailPoint"',
          '    revoker: "@acme/secops"',
          "",
        ].join("\n"),
      ),
    });
    expect(rule.check(ctx).map((r) => [r.location.line, r.data["problems"]])).toEqual([
      [5, "its owner @jdoe is not an internal team (@org/team) and names no `revoker`"],
      [7, "names no owner"],
    ]);
  });

  it("leaves rules without a vendor alone", () => {
    expect(rule.check(contextFor({ manifest: manifest('  - secrets: ["X"]\n    owner: "@jdoe"\n') }))).toEqual([]);
  });
});
