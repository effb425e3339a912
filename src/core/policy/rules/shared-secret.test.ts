import { describe, expect, it } from "vitest";
import type { SecretRef, StoredSecret } from "../../model.js";
import { evaluateOrg } from "../evaluate-org.js";
import { actionsRef, brief, contextFor, deployWorkflow, orgContext, orgRepository } from "../testing.js";
import rule, { sharedAcrossTeams } from "./shared-secret.js";

const CODEOWNERS = {
  path: ".github/CODEOWNERS",
  text: "*  @acme/platform\n/infra/ @acme/cloud\n/apps/web/ @acme/web @acme/platform\n/apps/ml/ @acme/ml\n/docs/\n",
};
const MANIFEST = {
  path: "secretowners.yml",
  text: 'version: 1\nrules:\n  - secrets: ["DEPLOY_TOKEN", "NPM_TOKEN"]\n    owner: "@acme/platform"\n  - secrets: ["SENTRY_*"]\n    owner: "@acme/platform"\n    backup: ["@acme/ml"]\n',
};
const at = (name: string, file: string, line: number): SecretRef => actionsRef(name, line, { location: { file, line, column: 7 } });

describe("sharedAcrossTeams", () => {
  const loc = (file: string) => ({ file, line: 1, column: 1 });
  it("is null when one owner owns every place, or every team is named in the rule", () => {
    expect(sharedAcrossTeams([{ location: loc("a"), owners: ["@o/x", "@o/y"] }, { location: loc("b"), owners: ["@O/Y"] }], [])).toBeNull();
    expect(sharedAcrossTeams([{ location: loc("a"), owners: ["@o/x"] }, { location: loc("b"), owners: ["@o/y"] }], ["@o/x", "@o/y"])).toBeNull();
    expect(sharedAcrossTeams([{ location: loc("a"), owners: ["@o/x"] }, { location: loc("b"), owners: [] }], [])).toBeNull();
  });
  it("groups the places by owners when no team owns them all", () => {
    expect(sharedAcrossTeams([{ location: loc("b"), owners: ["@o/y"] }, { location: loc("a"), owners: ["@o/x"] }], ["@o/x"])).toEqual([
      { owners: ["@o/x"], locations: [loc("a")] },
      { owners: ["@o/y"], locations: [loc("b")] },
    ]);
  });
});

describe("shared-secret", () => {
  it("reports a secret used in files of different CODEOWNERS teams, once, at its first use", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      codeowners: CODEOWNERS,
      refs: [
        at("DEPLOY_TOKEN", "infra/deploy.sh", 3),
        at("DEPLOY_TOKEN", "apps/ml/train.yml", 9),
        at("DEPLOY_TOKEN", ".github/workflows/ci.yml", 12),
        // web files are co-owned by platform, which also owns the workflows: one team covers both.
        at("NPM_TOKEN", "apps/web/publish.yml", 4),
        at("NPM_TOKEN", ".github/workflows/ci.yml", 14),
        // ml is a backup of the SENTRY rule, platform its owner: every team is on record.
        at("SENTRY_DSN", "apps/ml/train.yml", 2),
        at("SENTRY_DSN", ".github/workflows/ci.yml", 20),
        // docs/ has no owner: it cannot make a secret shared.
        at("UNOWNED", "docs/x.yml", 1),
      ],
    });
    const reports = rule.check(ctx);
    expect(brief(reports)).toEqual([{ messageId: "shared", line: 12, column: 7, secret: "DEPLOY_TOKEN" }]);
    expect(reports[0]?.data["groups"]).toBe("@acme/platform: .github/workflows/ci.yml; @acme/ml: apps/ml/train.yml; @acme/cloud: infra/deploy.sh");
  });

  it("needs a CODEOWNERS file", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [at("DEPLOY_TOKEN", "infra/a.sh", 1), at("DEPLOY_TOKEN", "apps/ml/b.sh", 1)] });
    expect(rule.check(ctx)).toEqual([]);
  });
});

describe("shared-secret across repositories", () => {
  const orgSecret: StoredSecret[] = [{ name: "NPM_TOKEN", store: "organization", visibility: "all" }];
  const manifest = (owner: string) => `version: 1\nrules:\n  - secrets: ["*"]\n    owner: "${owner}"\n`;
  const repo = (name: string, owner: string, stored: StoredSecret[] = orgSecret) =>
    orgRepository(name, { ".github/workflows/ci.yml": deployWorkflow("NPM_TOKEN", [null]), ".github/secretowners.yml": manifest(owner) }, stored);

  it("reports an organization secret whose using repositories give it different owners", () => {
    const ctx = orgContext([repo("acme/web", "@acme/frontend"), repo("acme/api", "@acme/backend"), repo("acme/ui", "@acme/frontend")]);
    const findings = evaluateOrg(ctx).filter((finding) => finding.ruleId === "shared-secret");
    expect(findings.map((finding) => [finding.repo, finding.location.file, finding.location.line, finding.secret])).toEqual([["acme/api", ".github/workflows/ci.yml", 8, "NPM_TOKEN"]]);
    expect(findings[0]?.message).toContain("(@acme/backend: acme/api; @acme/frontend: acme/ui, acme/web)");
    expect(findings[0]?.controls).toEqual(["NHI9", "GV.RR-02"]);
  });

  it("is quiet when one team owns it everywhere, and for repositories' own secrets of the same name", () => {
    expect(evaluateOrg(orgContext([repo("acme/web", "@acme/frontend"), repo("acme/ui", "@ACME/frontend")])).filter((f) => f.ruleId === "shared-secret")).toEqual([]);
    const own: StoredSecret[] = [{ name: "NPM_TOKEN", store: "actions" }];
    expect(evaluateOrg(orgContext([repo("acme/web", "@acme/frontend", own), repo("acme/api", "@acme/backend", own)])).filter((f) => f.ruleId === "shared-secret")).toEqual([]);
  });
});
