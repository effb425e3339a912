import { describe, expect, it } from "vitest";
import { scanFiles } from "../scan.js";
import { combineManifests } from "./organization.js";
import { matchSecret } from "./match.js";
import { parseManifest } from "./parse.js";

const org = {
  path: "acme/.github:secretowners.yml",
  text: ["version: 1", "defaults:", "  rotation: 90d", '  revoker: "@acme/secops"', "rules:", '  - secrets: ["*"]', '    owner: "@acme/platform"', '  - secrets: ["OKTA_*"]', '    owner: "@acme/iam"', '  - secrets: ["LEGACY_*"]', '    owner: "@acme/legacy"', ""].join("\n"),
};
const repo = {
  path: ".github/secretowners.yml",
  text: ["version: 1", "defaults:", "  rotation: 30d", "rules:", '  - secrets: ["OKTA_SCIM_*"]', '    owner: "@acme/scim"', ""].join("\n"),
};

describe("combineManifests", () => {
  const combined = combineManifests(parseManifest(org), parseManifest(repo)).manifest;

  it("applies the organization's rules first and the repository's after: last match wins", () => {
    if (!combined) throw new Error("no manifest");
    expect(matchSecret(combined, "OKTA_SCIM_TOKEN", "github-actions")?.effective.owner).toBe("@acme/scim");
    expect(matchSecret(combined, "OKTA_API_TOKEN", "github-actions")?.effective.owner).toBe("@acme/iam");
    expect(matchSecret(combined, "SLACK_TOKEN", "github-actions")?.effective.owner).toBe("@acme/platform");
    expect(combined.rules.map((rule) => [rule.index, rule.inherited ?? false, rule.location.file])).toEqual([
      [0, true, org.path],
      [1, true, org.path],
      [2, true, org.path],
      [3, false, repo.path],
    ]);
  });

  it("lets the repository's defaults win field by field", () => {
    expect(combined?.defaults).toEqual({ rotation: "30d", revoker: "@acme/secops" });
    expect(combined?.path).toBe(repo.path);
  });

  it("works with only the organization's manifest", () => {
    const only = combineManifests(parseManifest(org), null).manifest;
    expect(only?.rules.every((rule) => rule.inherited)).toBe(true);
  });

  it("reports each manifest's errors in its own file, and no stale-rule for organization rules", () => {
    const broken = { ...org, text: org.text.replace('owner: "@acme/iam"', "owner: nobody") };
    const result = scanFiles([repo, { path: ".github/workflows/ci.yml", text: "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.OKTA_SCIM_KEY }}\n" }], {
      organizationManifest: broken,
    });
    const byRule = (id: string) => result.findings.filter((finding) => finding.ruleId === id).map((finding) => `${finding.location.file}:${finding.location.line}`);
    expect(byRule("invalid-manifest")).toEqual([`${org.path}:9`]);
    expect(byRule("stale-rule")).toEqual([]);
    expect(byRule("unowned-secret")).toEqual([]);
  });
});
