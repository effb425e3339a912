import { describe, expect, it } from "vitest";
import { parseManifest } from "../../manifest/parse.js";
import { principalsToLookUp, type OwnerDirectory } from "../../manifest/directory.js";
import { brief, contextFor } from "../testing.js";
import rule from "./orphaned-owner.js";

const manifest = {
  path: ".github/secretowners.yml",
  text: [
    "version: 1",
    "defaults:",
    '  revoker: "@acme/old-secops"',
    "rules:",
    '  - secrets: ["OKTA_*"]',
    '    owner: "@acme/deleted-team"',
    '    custodian: "@leaver"',
    '    backup: ["@acme/secops", "@gone"]',
    '  - secrets: ["JIRA_*"]',
    '    owner: "@acme/secops"',
    '    custodian: "@other-org/ops"',
    '    revoker: "ops@acme.example"',
    "",
  ].join("\n"),
};

const directory: OwnerDirectory = {
  organization: "acme",
  exists: new Map([
    ["@acme/deleted-team", false],
    ["@acme/secops", true],
    ["@acme/old-secops", false],
    ["@leaver", false],
    ["@gone", false],
  ]),
};

describe("orphaned-owner", () => {
  it("reports a deleted owner team as an error and other vacant roles as warnings, at the field", () => {
    const reports = rule.check(contextFor({ manifest, directory }));
    expect(brief(reports)).toEqual([
      { messageId: "team", line: 3, column: 3, secret: null },
      { messageId: "team", line: 6, column: 5, secret: null },
      { messageId: "user", line: 7, column: 5, secret: null },
      { messageId: "user", line: 8, column: 5, secret: null },
    ]);
    expect(reports.map((r) => r.severity ?? "error")).toEqual(["warning", "error", "warning", "warning"]);
    expect(reports[1]?.data).toEqual({ field: "owner", subject: "the rule for OKTA_*", principal: "@acme/deleted-team", organization: "acme" });
  });

  it("says nothing without a directory (the CLI cannot know who exists) or about handles never looked up", () => {
    expect(rule.check(contextFor({ manifest }))).toEqual([]);
    expect(rule.check(contextFor({ manifest, directory: { organization: "acme", exists: new Map() } }))).toEqual([]);
  });

  it("asks the shell to look up only this organization's teams and users", () => {
    const parsed = parseManifest(manifest).manifest;
    expect(parsed && principalsToLookUp(parsed, "ACME")).toEqual(["@acme/deleted-team", "@acme/old-secops", "@acme/secops", "@gone", "@leaver"]);
  });
});
