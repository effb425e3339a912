import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./unowned-secret.js";

const MANIFEST = { path: "SECRETOWNERS", text: "OKTA_* @acme/iam\nJIRA_TOKEN @acme/desk\n" };

describe("unowned-secret", () => {
  it("reports each reference no rule matches, at the reference", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [actionsRef("OKTA_API_TOKEN", 3), actionsRef("SLACK_WEBHOOK", 7), actionsRef("SLACK_WEBHOOK", 9)],
    });
    expect(brief(rule.check(ctx))).toEqual([
      { messageId: "noRule", line: 7, column: 20, secret: "SLACK_WEBHOOK" },
      { messageId: "noRule", line: 9, column: 20, secret: "SLACK_WEBHOOK" },
    ]);
  });

  it("matches names case-insensitively, as GitHub does", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [actionsRef("okta_api_token", 3)] });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("says so when the repository has no manifest", () => {
    const ctx = contextFor({ refs: [actionsRef("OKTA_API_TOKEN", 3)] });
    expect(brief(rule.check(ctx))).toEqual([{ messageId: "noManifest", line: 3, column: 20, secret: "OKTA_API_TOKEN" }]);
  });

  it("never demands an owner for platform tokens or over-broad uses", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [actionsRef("GITHUB_TOKEN", 3, { kind: "platform" }), actionsRef(null, 4, { kind: "overbroad", overbroad: "inherit" })],
    });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("reports refs whose winning rule names no owner", () => {
    const ctx = contextFor({
      manifest: { path: "secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["*"]\n    owner: "@acme/secops"\n  - secrets: ["OKTA_*"]\n' },
      refs: [actionsRef("OKTA_API_TOKEN", 3), actionsRef("NPM_TOKEN", 4)],
    });
    expect(brief(rule.check(ctx))).toEqual([{ messageId: "ruleWithoutOwner", line: 3, column: 20, secret: "OKTA_API_TOKEN" }]);
  });

  it("owns declarations in other systems but not Actions workflow_call declarations", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [
        actionsRef("DEPLOY_KEY", 5, { kind: "declaration" }),
        { ...actionsRef("db_password", 2, { kind: "declaration" }), system: "terraform", location: { file: "main.tf", line: 2, column: 10 } },
      ],
    });
    expect(brief(rule.check(ctx))).toEqual([{ messageId: "noRule", line: 2, column: 10, secret: "db_password" }]);
  });

  it("fingerprints by system and name, not by line", () => {
    const ctx = contextFor({ refs: [actionsRef("A_TOKEN", 3), actionsRef("a_token", 30)] });
    const [first, second] = rule.check(ctx);
    expect(first?.fingerprintKey).toBe("github-actions:A_TOKEN");
    expect(second?.fingerprintKey).toBe(first?.fingerprintKey);
  });

  describe("secrets GitHub holds", () => {
    const stored = (name: string, store: "actions" | "environment" | "organization" | "dependabot" = "actions") => ({ name, store, ...(store === "environment" ? { environment: "production" } : {}) });

    it("reports one no workflow names and no rule owns, at the manifest", () => {
      const ctx = contextFor({ manifest: MANIFEST, storedSecrets: [stored("OKTA_OLD"), stored("LDAP_BIND", "environment"), stored("REGISTRY_TOKEN", "dependabot")] });
      expect(rule.check(ctx).map((r) => [r.messageId, r.secret, r.location.file, r.location.line, r.data["store"]])).toEqual([
        ["storedNoRule", "LDAP_BIND", "SECRETOWNERS", 1, "environment production"],
        ["storedNoRule", "REGISTRY_TOKEN", "SECRETOWNERS", 1, "dependabot"],
      ]);
    });

    it("leaves one a workflow names to the reference's finding, and organization secrets alone", () => {
      const ctx = contextFor({ manifest: MANIFEST, refs: [actionsRef("slack_webhook", 7)], storedSecrets: [stored("SLACK_WEBHOOK"), stored("NPM_TOKEN", "organization")] });
      expect(rule.check(ctx).map((r) => [r.messageId, r.location.line])).toEqual([["noRule", 7]]);
    });

    it("says where the manifest belongs when there is none, and stays quiet on a partial scan", () => {
      expect(rule.check(contextFor({ storedSecrets: [stored("X")] })).map((r) => [r.messageId, r.location.file])).toEqual([["storedNoManifest", ".github/secretowners.yml"]]);
      expect(rule.check(contextFor({ storedSecrets: [stored("X")], complete: false }))).toEqual([]);
    });

    it("names the ownerless rule that matches", () => {
      const manifest = { path: ".github/secretowners.yml", text: "version: 1\nrules:\n  - secrets: [\"X*\"]\n    purpose: \"no owner yet\"\n" };
      expect(brief(rule.check(contextFor({ manifest, storedSecrets: [stored("XYZ")] })))).toEqual([{ messageId: "storedRuleWithoutOwner", line: 3, column: 5, secret: "XYZ" }]);
    });
  });
});
