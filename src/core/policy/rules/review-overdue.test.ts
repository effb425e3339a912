import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import rule from "./review-overdue.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: [
    "version: 1",
    "defaults:",
    "  review: 180d",
    "rules:",
    '  - secrets: ["OKTA_*"]',
    '    owner: "@acme/iam"',
    "    reviewed: 2026-01-10",
    '  - secrets: ["SCIM_*"]',
    '    owner: "@acme/iam"',
    "    reviewed: 2026-01-10",
    "    review: 1y",
    '  - secrets: ["JIRA_*"]',
    '    owner: "@acme/desk"',
    "",
  ].join("\n"),
};

describe("review-overdue", () => {
  it("reports rules whose reviewed date plus the review cadence (rule or default) is past", () => {
    const reports = rule.check(contextFor({ manifest: MANIFEST, now: "2026-12-01" }));
    expect(reports.map((r) => [r.location.line, r.data["patterns"], r.data["due"], r.data["late"]])).toEqual([[7, "OKTA_*", "2026-07-09", 145]]);
  });

  it("needs a date from the shell and a recorded review", () => {
    expect(rule.check(contextFor({ manifest: MANIFEST }))).toEqual([]);
    expect(rule.check(contextFor({ manifest: MANIFEST, now: "2026-07-09" }))).toEqual([]);
  });
});

describe("review-overdue with a date still to come", () => {
  it("says the review cannot be judged", () => {
    const ctx = contextFor({
      manifest: { path: "secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["X"]\n    owner: "@a/b"\n    review: 90d\n    reviewed: 2027-01-01\n' },
      now: "2026-12-01",
    });
    expect(rule.check(ctx).map((r) => [r.messageId, r.location.line])).toEqual([["future", 6]]);
  });
});
