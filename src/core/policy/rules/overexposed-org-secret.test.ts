import { describe, expect, it } from "vitest";
import type { StoredSecret } from "../../model.js";
import { evaluateOrg } from "../evaluate-org.js";
import { contextFor, deployWorkflow, orgContext, orgRepository } from "../testing.js";
import rule from "./overexposed-org-secret.js";

const manifest = (owner: string) => `version: 1\nrules:\n  - secrets: ["*"]\n    owner: "${owner}"\n`;
const org: StoredSecret[] = [{ name: "NPM_TOKEN", store: "organization", visibility: "all" }];
const repo = (name: string, owner: string | null, stored: StoredSecret[] = org) =>
  orgRepository(name, { ".github/workflows/release.yml": deployWorkflow("NPM_TOKEN", [null]), ...(owner === null ? {} : { ".github/secretowners.yml": manifest(owner) }) }, stored);

describe("overexposed-org-secret", () => {
  it("reports an all-repositories secret that only one team's repositories use", () => {
    const ctx = orgContext([repo("acme/web", "@acme/frontend"), repo("acme/ui", "@ACME/frontend"), orgRepository("acme/api", {})], [{ name: "npm_token", visibility: "all" }], { all: 40, private: 30 });
    const reports = rule.checkOrg?.(ctx) ?? [];
    expect(reports.map((r) => [r.repo, r.location.file, r.location.line, r.data["used"], r.data["repos"], r.data["reach"]])).toEqual([
      ["acme/ui", ".github/workflows/release.yml", 8, 2, "acme/ui, acme/web", 40],
    ]);
    expect(evaluateOrg(ctx)[0]?.message).toBe(
      'Organization secret NPM_TOKEN is visible to all repositories (40 repositories), but only 2 use it (acme/ui, acme/web), all owned by @ACME/frontend. Every other repository\'s workflows can read it: set its repository access to "Selected repositories" and pick those 2.',
    );
  });

  it("counts private repositories for a private-visibility secret", () => {
    const ctx = orgContext([repo("acme/web", "@acme/frontend")], [{ name: "NPM_TOKEN", visibility: "private" }], { all: 40, private: 30 });
    expect(rule.checkOrg?.(ctx).map((r) => [r.data["visibility"], r.data["reach"]])).toEqual([["all private repositories", 30]]);
  });

  it("is quiet for selected repositories, for secrets several teams own, and for unowned uses", () => {
    const selected = orgContext([repo("acme/web", "@acme/frontend")], [{ name: "NPM_TOKEN", visibility: "selected", repositories: ["acme/web"] }]);
    const twoTeams = orgContext([repo("acme/web", "@acme/frontend"), repo("acme/api", "@acme/backend")], [{ name: "NPM_TOKEN", visibility: "all" }]);
    const unowned = orgContext([repo("acme/web", "@acme/frontend"), repo("acme/api", null)], [{ name: "NPM_TOKEN", visibility: "all" }]);
    for (const ctx of [selected, twoTeams, unowned]) expect(rule.checkOrg?.(ctx)).toEqual([]);
  });

  it("is quiet when every repository uses it, and ignores repositories whose own secret shadows it", () => {
    const everyone = orgContext([repo("acme/web", "@acme/frontend"), repo("acme/ui", "@acme/frontend")], [{ name: "NPM_TOKEN", visibility: "all" }], { all: 2, private: 2 });
    expect(rule.checkOrg?.(everyone)).toEqual([]);
    const shadowed = orgContext(
      [repo("acme/web", "@acme/frontend"), repo("acme/api", "@acme/backend", [...org, { name: "NPM_TOKEN", store: "actions" }])],
      [{ name: "NPM_TOKEN", visibility: "all" }],
    );
    expect(rule.checkOrg?.(shadowed).map((r) => r.data["repos"])).toEqual(["acme/web"]);
  });

  it("says nothing in a single repository's scan, which cannot see the others", () => {
    expect(rule.check(contextFor({}))).toEqual([]);
  });
});
