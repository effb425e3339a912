import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import rule from "./rotation-due-soon.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: 'version: 1\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n    rotation: 30d\n    rotated: 2026-09-14\n',
};

describe("rotation-due-soon", () => {
  it("announces a rotation due within 14 days, counting the due day", () => {
    const at = (now: string) => rule.check(contextFor({ manifest: MANIFEST, now })).map((r) => [r.location.line, r.data["left"]]);
    expect(at("2026-09-29")).toEqual([]);
    expect(at("2026-09-30")).toEqual([[6, 14]]);
    expect(at("2026-10-14")).toEqual([[6, 0]]);
    // Past due is rotation-overdue's finding, not this one.
    expect(at("2026-10-15")).toEqual([]);
  });

  it("judges each GitHub-held secret by its own date", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      now: "2026-10-10",
      storedSecrets: [
        { name: "OKTA_A", store: "actions", updatedAt: "2026-10-01T00:00:00Z" },
        { name: "OKTA_B", store: "actions", updatedAt: "2026-09-01T00:00:00Z" },
      ],
    });
    expect(rule.check(ctx).map((r) => [r.secret, r.data["due"]])).toEqual([["OKTA_B", "2026-10-14"]]);
  });
});
