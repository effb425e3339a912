import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import rule from "./rotation-overdue.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: [
    "version: 1",
    "defaults:",
    "  rotation: 90d",
    "rules:",
    '  - secrets: ["OKTA_*"]',
    '    owner: "@acme/iam"',
    "    rotation: 30d",
    "    rotated: 2026-09-14",
    '  - secrets: ["NPM_TOKEN"]',
    '    owner: "@acme/web"',
    "    rotated: 2026-10-01",
    '  - secrets: ["NEVER_ROTATED"]',
    '    owner: "@acme/web"',
    "",
  ].join("\n"),
};

describe("rotation-overdue", () => {
  it("reports a rule whose rotated date plus its cadence (or the default) is past, at the rotated line", () => {
    const reports = rule.check(contextFor({ manifest: MANIFEST, now: "2026-12-01T09:00:00Z" }));
    expect(reports.map((r) => [r.location.line, r.data["subject"], r.data["due"], r.data["late"]])).toEqual([
      [8, "The rule for OKTA_*", "2026-10-14", 48],
    ]);
    expect(reports[0]?.data["source"]).toBe("`rotated: 2026-09-14` in secretowners.yml");
  });

  it("is quiet on the due day itself and without a date from the shell", () => {
    expect(rule.check(contextFor({ manifest: MANIFEST, now: "2026-10-14" }))).toEqual([]);
    expect(rule.check(contextFor({ manifest: MANIFEST }))).toEqual([]);
  });

  it("uses GitHub's updated_at when it is later than rotated:, and says which date it used", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      now: "2026-12-01",
      storedSecrets: [
        { name: "OKTA_API_TOKEN", store: "actions", updatedAt: "2026-11-20T10:00:00Z" },
        { name: "OKTA_SCIM_TOKEN", store: "environment", environment: "production", updatedAt: "2026-08-01T00:00:00Z" },
        { name: "NEVER_ROTATED", store: "organization", createdAt: "2025-01-01T00:00:00Z" },
      ],
    });
    const reports = rule.check(ctx);
    expect(reports.map((r) => [r.secret, r.data["rotated"], r.data["source"]])).toEqual([
      ["OKTA_SCIM_TOKEN", "2026-09-14", "`rotated: 2026-09-14` in secretowners.yml, later than GitHub's updated_at of the environment secret (2026-08-01)"],
      ["NEVER_ROTATED", "2025-01-01", "GitHub's created_at of the organization secret"],
    ]);
    expect(reports[0]?.data["subject"]).toBe("OKTA_SCIM_TOKEN, environment secret (production)");
    // One finding per held secret, each with its own stable fingerprint.
    expect(new Set(reports.map((r) => r.fingerprintKey)).size).toBe(2);
  });

  it("names GitHub's date as the later one when the manifest lags", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      now: "2027-03-01",
      storedSecrets: [{ name: "OKTA_API_TOKEN", store: "actions", updatedAt: "2026-11-20T10:00:00Z" }],
    });
    expect(rule.check(ctx).map((r) => r.data["source"])).toEqual([
      "GitHub's updated_at of the repository secret, later than `rotated: 2026-09-14` in secretowners.yml",
      // NPM_TOKEN's rule: no GitHub data for it, so the manifest's date alone, against the 90d default.
      "`rotated: 2026-10-01` in secretowners.yml",
    ]);
  });
});

describe("rotation-overdue with a date still to come", () => {
  it("warns that the rotation cannot be judged instead of trusting it", () => {
    const ctx = contextFor({
      manifest: { path: "secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["X"]\n    owner: "@a/b"\n    rotation: 30d\n    rotated: 2062-09-14\n' },
      now: "2026-12-01",
    });
    expect(rule.check(ctx).map((r) => [r.messageId, r.location.line, r.severity])).toEqual([["future", 6, "warning"]]);
  });
});
