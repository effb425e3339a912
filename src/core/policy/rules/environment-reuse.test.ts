import { describe, expect, it } from "vitest";
import type { StoredSecret } from "../../model.js";
import { evaluateOrg } from "../evaluate-org.js";
import { actionsRef, contextFor, deployWorkflow, orgContext, orgRepository } from "../testing.js";
import rule, { isProductionEnvironment } from "./environment-reuse.js";

const stored = (name: string, store: StoredSecret["store"], environment?: string): StoredSecret => ({ name, store, ...(environment ? { environment } : {}) });
const MANIFEST = 'version: 1\nrules:\n  - secrets: ["*"]\n    owner: "@acme/platform"\n';

describe("environment-reuse in one repository", () => {
  const refs = [actionsRef("DEPLOY_TOKEN", 10, { environment: "production" }), actionsRef("DEPLOY_TOKEN", 20, { environment: "staging" })];

  it("reports a repository secret that production and staging both read, at the staging use", () => {
    const reports = rule.check(contextFor({ refs, storedSecrets: [stored("DEPLOY_TOKEN", "actions")] }));
    expect(reports.map((r) => [r.messageId, r.secret, r.location.line, r.data["store"], r.data["environments"]])).toEqual([["reuse", "DEPLOY_TOKEN", 20, "repository", "production, staging"]]);
  });

  it("reports an organization secret read by both the same way", () => {
    const reports = rule.check(contextFor({ refs, storedSecrets: [stored("DEPLOY_TOKEN", "organization")] }));
    expect(reports.map((r) => r.data["store"])).toEqual(["organization"]);
  });

  it("is quiet when production has its own environment secret of that name", () => {
    const storedSecrets = [stored("DEPLOY_TOKEN", "actions"), stored("DEPLOY_TOKEN", "environment", "production")];
    expect(rule.check(contextFor({ refs, storedSecrets }))).toEqual([]);
  });

  it("is quiet when each environment has its own, the pattern GitHub recommends", () => {
    const storedSecrets = [stored("deploy_token", "environment", "production"), stored("DEPLOY_TOKEN", "environment", "staging")];
    expect(rule.check(contextFor({ refs, storedSecrets }))).toEqual([]);
  });

  it("cannot judge, so stays quiet, when the stored secrets were not listed", () => {
    expect(rule.check(contextFor({ refs }))).toEqual([]);
  });

  it("needs a production use and a non-production one", () => {
    const onlyProduction = [actionsRef("T", 1, { environment: "production" }), actionsRef("T", 2, { environment: "prod-eu" }), actionsRef("T", 3)];
    expect(rule.check(contextFor({ refs: onlyProduction, storedSecrets: [stored("T", "actions")] }))).toEqual([]);
  });

  it("runs on what the real extractor finds in a workflow", () => {
    const repository = orgRepository("acme/api", { ".github/workflows/deploy.yml": deployWorkflow("API_KEY", ["production", "preview"]), ".github/secretowners.yml": MANIFEST }, [stored("API_KEY", "actions")]);
    expect(repository.secrets[0]?.references.map((reference) => reference.environment)).toEqual(["production", "preview"]);
  });
});

describe("environment-reuse across repositories", () => {
  it("reports an organization secret that one repository's production and another's staging read", () => {
    const org = [stored("CLOUD_KEY", "organization")];
    const ctx = orgContext([
      orgRepository("acme/api", { ".github/workflows/deploy.yml": deployWorkflow("CLOUD_KEY", ["production"]), ".github/secretowners.yml": MANIFEST }, org),
      orgRepository("acme/web", { ".github/workflows/deploy.yml": deployWorkflow("CLOUD_KEY", ["staging"]), ".github/secretowners.yml": MANIFEST }, org),
    ]);
    const findings = evaluateOrg(ctx);
    expect(findings.map((f) => [f.ruleId, f.repo, f.location.file, f.location.line, f.secret])).toEqual([["environment-reuse", "acme/web", ".github/workflows/deploy.yml", 9, "CLOUD_KEY"]]);
    expect(findings[0]?.message).toContain("acme/api:.github/workflows/deploy.yml:9");
    expect(findings[0]?.controls).toEqual(["NHI8", "PR.AA-05"]);
  });

  it("leaves reuse inside one repository to that repository's own check, and secrets of the repository alone", () => {
    const ctx = orgContext([
      orgRepository("acme/api", { ".github/workflows/deploy.yml": deployWorkflow("CLOUD_KEY", ["production", "staging"]) }, [stored("CLOUD_KEY", "organization")]),
      orgRepository("acme/web", { ".github/workflows/deploy.yml": deployWorkflow("CLOUD_KEY", ["staging"]) }, [stored("CLOUD_KEY", "actions")]),
    ]);
    expect(evaluateOrg(ctx).filter((f) => f.ruleId === "environment-reuse")).toEqual([]);
  });

  it("keeps one fingerprint whichever repository comes first, and honours --severity off", () => {
    const org = [stored("CLOUD_KEY", "organization")];
    const a = orgRepository("acme/a", { ".github/workflows/d.yml": deployWorkflow("CLOUD_KEY", ["production"]) }, org);
    const b = orgRepository("acme/b", { ".github/workflows/d.yml": deployWorkflow("CLOUD_KEY", ["qa"]) }, org);
    const c = orgRepository("acme/0", { ".github/workflows/d.yml": deployWorkflow("CLOUD_KEY", ["dev"]) }, org);
    const first = evaluateOrg(orgContext([a, b]));
    const second = evaluateOrg(orgContext([c, a, b]));
    expect(second[0]?.fingerprint).toBe(first[0]?.fingerprint);
    expect(evaluateOrg(orgContext([a, b]), { severities: { "environment-reuse": "off" } })).toEqual([]);
  });
});

describe("isProductionEnvironment", () => {
  it.each([
    ["production", true],
    ["Prod", true],
    ["prd", true],
    ["live", true],
    ["production-eu", true],
    ["eu_prod", true],
    ["preprod", false],
    ["pre-prod", false],
    ["nonprod", false],
    ["product-docs", false],
    ["staging", false],
    ["${{ matrix.env }}", false],
  ])("%s → %s", (name, expected) => {
    expect(isProductionEnvironment(name)).toBe(expected);
  });
});
