import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isInScope, matchSecret, ruleMatches } from "./match.js";
import { parseManifest } from "./parse.js";
import type { Manifest } from "./types.js";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../../fixtures/manifest");

function load(name: string): Manifest {
  const parsed = parseManifest({ path: name, text: readFileSync(resolve(FIXTURES, name), "utf8") });
  expect(parsed.diagnostics).toEqual([]);
  if (parsed.manifest === null) throw new Error(`${name} did not parse`);
  return parsed.manifest;
}

function inline(text: string): Manifest {
  const parsed = parseManifest({ path: "secretowners.yml", text });
  if (parsed.manifest === null) throw new Error("did not parse");
  return parsed.manifest;
}

describe("matchSecret", () => {
  const yaml = load("good/secretowners.yml");
  const lines = load("SECRETOWNERS");

  it("lets the last matching rule win, as in CODEOWNERS", () => {
    expect(matchSecret(yaml, "OKTA_API_TOKEN", "github-actions")?.rule.index).toBe(1);
    expect(matchSecret(yaml, "NPM_TOKEN", "github-actions")?.rule.index).toBe(0);
    expect(matchSecret(lines, "OKTA_API_TOKEN", "github-actions")?.rule.owner).toBe("@acme/iam-platform");
    expect(matchSecret(lines, "SLACK_WEBHOOK", "gitlab-ci")?.rule.owner).toBe("@acme/platform");
  });

  it("orders by position, not by specificity", () => {
    const m = inline(["version: 1", "rules:", '  - secrets: OKTA_API_TOKEN', '    owner: "@a/exact"', '  - secrets: "OKTA_*"', '    owner: "@a/broad"', ""].join("\n"));
    expect(matchSecret(m, "OKTA_API_TOKEN", "github-actions")?.rule.owner).toBe("@a/broad");
  });

  it("matches names case-insensitively", () => {
    expect(matchSecret(yaml, "okta_api_token", "kubernetes")?.rule.index).toBe(1);
    expect(matchSecret(yaml, "Scim_Bearer", "github-actions")?.rule.index).toBe(1);
    expect(matchSecret(lines, "aws_prod_key", "terraform")?.rule.owner).toBe("cloud-owners@acme.example");
  });

  it("anchors globs to the whole name", () => {
    const m = inline(["version: 1", "rules:", "  - secrets: [OKTA_*, K?Y]", '    owner: "@a/b"', ""].join("\n"));
    expect(matchSecret(m, "MY_OKTA_TOKEN", "github-actions")).toBeNull();
    expect(matchSecret(m, "KEY", "github-actions")?.rule.index).toBe(0);
    expect(matchSecret(m, "KEYS", "github-actions")).toBeNull();
    expect(matchSecret(m, "KY", "github-actions")).toBeNull();
  });

  it("applies a system prefix to that system only", () => {
    expect(matchSecret(yaml, "DEPLOY_KEY", "jenkins")?.rule).toMatchObject({ index: 2, owner: "@release-bot" });
    expect(matchSecret(yaml, "DEPLOY_KEY", "github-actions")?.rule.index).toBe(0);
    expect(matchSecret(lines, "deploy_key", "jenkins")?.rule.owner).toBe("@release-bot");
    expect(matchSecret(lines, "DEPLOY_KEY", "circleci")?.rule.owner).toBe("@acme/platform");
  });

  it("returns null when no rule matches", () => {
    const m = inline(["version: 1", "rules:", "  - secrets: [A_*]", '    owner: "@a/b"', ""].join("\n"));
    expect(matchSecret(m, "B_TOKEN", "github-actions")).toBeNull();
    expect(matchSecret(m, "b_token", "github-actions")).toBeNull();
  });

  it("merges defaults under the rule's own fields", () => {
    expect(matchSecret(yaml, "OKTA_API_TOKEN", "github-actions")?.effective).toEqual({
      owner: "@acme/iam-platform",
      custodian: "@acme/identity-automation",
      backup: ["@acme/secops", "alice@acme.example"],
      purpose: "Joiner/mover/leaver provisioning from Workday to Okta",
      rotation: "30d",
      revoker: "@acme/secops",
      vendor: "Okta (vendor-managed key)",
      emergencyOnly: false,
    });
    expect(matchSecret(yaml, "DEPLOY_KEY", "jenkins")?.effective).toEqual({ owner: "@release-bot", rotation: "1y", revoker: "@acme/secops" });
    expect(matchSecret(yaml, "NPM_TOKEN", "github-actions")?.effective).toEqual({
      owner: "@acme/platform",
      purpose: "Anything not claimed below",
      rotation: "90d",
      revoker: "@acme/secops",
    });
  });

  it("gives the same answer on repeated and differently-cased lookups (memoised)", () => {
    const first = matchSecret(yaml, "SCIM_TOKEN", "github-actions");
    expect(matchSecret(yaml, "scim_token", "github-actions")).toBe(first);
    expect(matchSecret(yaml, "SCIM_TOKEN", "jenkins")?.rule.index).toBe(1);
  });

  it("supports character classes, negated classes and dots", () => {
    const m = inline(["version: 1", "rules:", "  - secrets: [\"KEY_[A-C]\", \"ID_[!0-9]\", db.creds]", '    owner: "@a/b"', ""].join("\n"));
    expect(["KEY_B", "key_c", "ID_x", "DB.CREDS"].map((n) => matchSecret(m, n, "kubernetes") !== null)).toEqual([true, true, true, true]);
    expect(["KEY_D", "ID_7", "dbxcreds"].map((n) => matchSecret(m, n, "kubernetes") !== null)).toEqual([false, false, false]);
  });
});

describe("isInScope", () => {
  const full = { workflows: [".github/workflows/provision.yml"], paths: ["infra/identity/**"], environments: ["production"] };

  it("allows a listed workflow running in a listed environment", () => {
    expect(isInScope(full, { file: ".github/workflows/provision.yml", environment: "Production", isWorkflow: true })).toEqual({ ok: true });
  });

  it("checks workflow files against `workflows`, not `paths`", () => {
    expect(isInScope(full, { file: ".github/workflows/other.yml", environment: "production", isWorkflow: true })).toEqual({ ok: false, reason: "workflow" });
  });

  it("checks other files against `paths`", () => {
    expect(isInScope(full, { file: "infra/identity/okta.tf", isWorkflow: false })).toEqual({ ok: true });
    expect(isInScope(full, { file: "infra/network/vpc.tf", isWorkflow: false })).toEqual({ ok: false, reason: "path" });
  });

  it("rejects a workflow use without an environment when environments are set", () => {
    expect(isInScope(full, { file: ".github/workflows/provision.yml", isWorkflow: true })).toEqual({ ok: false, reason: "environment" });
    expect(isInScope(full, { file: ".github/workflows/provision.yml", environment: "staging", isWorkflow: true })).toEqual({ ok: false, reason: "environment" });
  });

  it("does not require an environment of files that cannot express one, but checks one that is given", () => {
    expect(isInScope({ environments: ["production"] }, { file: "k8s/deploy.yaml", isWorkflow: false })).toEqual({ ok: true });
    expect(isInScope({ environments: ["production"] }, { file: ".gitlab-ci.yml", environment: "review", isWorkflow: false })).toEqual({ ok: false, reason: "environment" });
  });

  it("lets one list govern every file when the other is unset", () => {
    const workflowsOnly = { workflows: [".github/workflows/deploy-*.yml"] };
    expect(isInScope(workflowsOnly, { file: ".github/workflows/deploy-prod.yml", isWorkflow: true })).toEqual({ ok: true });
    expect(isInScope(workflowsOnly, { file: "Jenkinsfile", isWorkflow: false })).toEqual({ ok: false, reason: "workflow" });
    const pathsOnly = { paths: ["/.github/workflows/release.yml", "deploy/"] };
    expect(isInScope(pathsOnly, { file: ".github/workflows/release.yml", isWorkflow: true })).toEqual({ ok: true });
    expect(isInScope(pathsOnly, { file: ".github/workflows/ci.yml", isWorkflow: true })).toEqual({ ok: false, reason: "path" });
    expect(isInScope(pathsOnly, { file: "apps/web/deploy/values.yaml", isWorkflow: false })).toEqual({ ok: true });
  });

  it("allows nothing through an empty list, and everything through an empty scope", () => {
    expect(isInScope({ paths: [] }, { file: "anything", isWorkflow: false })).toEqual({ ok: false, reason: "path" });
    expect(isInScope({ environments: [] }, { file: "a.yml", environment: "production", isWorkflow: true })).toEqual({ ok: false, reason: "environment" });
    expect(isInScope({}, { file: "anything", isWorkflow: true })).toEqual({ ok: true });
  });
});

describe("names that are paths", () => {
  it("lets a pattern own a secrets-manager path, with * crossing /", () => {
    const parsed = parseManifest({ path: "SECRETOWNERS", text: "terraform:scim-bridge/* @acme/iam\n" });
    expect(parsed.diagnostics).toEqual([]);
    const manifest = parsed.manifest;
    if (!manifest) throw new Error("no manifest");
    expect(matchSecret(manifest, "scim-bridge/bearer-token", "terraform")?.effective.owner).toBe("@acme/iam");
    expect(matchSecret(manifest, "scim-bridge/prod/token", "terraform")?.effective.owner).toBe("@acme/iam");
    expect(matchSecret(manifest, "scim-bridge/bearer-token", "ansible")).toBeNull();
  });
});

describe("ruleMatches", () => {
  it("answers for one rule whether or not a later rule wins", () => {
    const parsed = parseManifest({ path: "SECRETOWNERS", text: "OKTA_* @acme/iam\n* @acme/secops\njenkins:deploy-* @acme/release\n" });
    const manifest = parsed.manifest;
    if (!manifest) throw new Error("no manifest");
    const [okta, all, deploy] = manifest.rules;
    if (!okta || !all || !deploy) throw new Error("rules missing");
    expect(matchSecret(manifest, "OKTA_TOKEN", "github-actions")?.rule).toBe(all);
    expect(ruleMatches(manifest, okta, "okta_token", "github-actions")).toBe(true);
    expect(ruleMatches(manifest, okta, "SCIM_TOKEN", "github-actions")).toBe(false);
    expect(ruleMatches(manifest, deploy, "deploy-key", "jenkins")).toBe(true);
    expect(ruleMatches(manifest, deploy, "deploy-key", "github-actions")).toBe(false);
  });
});
