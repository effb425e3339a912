import { describe, expect, it } from "vitest";
import type { StoredSecret } from "../../model.js";
import { actionsRef, contextFor } from "../testing.js";
import rule from "./unused-secret.js";

const MANIFEST = { path: ".github/secretowners.yml", text: "version: 1\nrules:\n  - secrets: [\"OKTA_*\"]\n    owner: \"@acme/iam\"\n" };
const stored = (name: string, store: StoredSecret["store"] = "actions", extra: Partial<StoredSecret> = {}): StoredSecret => ({
  name,
  store,
  createdAt: "2024-01-01T00:00:00Z",
  updatedAt: "2024-06-01T00:00:00Z",
  ...extra,
});

describe("unused-secret", () => {
  it("reports repository and environment secrets no workflow references, at the winning rule or the manifest", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [actionsRef("deploy_key", 3)],
      storedSecrets: [stored("DEPLOY_KEY"), stored("OKTA_OLD_TOKEN"), stored("LDAP_PASSWORD", "environment", { environment: "production" })],
    });
    const reports = rule.check(ctx);
    expect(reports.map((r) => [r.secret, r.location.file, r.location.line, r.data["store"]])).toEqual([
      ["OKTA_OLD_TOKEN", ".github/secretowners.yml", 3, "actions"],
      ["LDAP_PASSWORD", ".github/secretowners.yml", 1, "environment production"],
    ]);
    expect(new Set(reports.map((r) => r.fingerprintKey)).size).toBe(2);
  });

  it("points at where the manifest belongs when there is none", () => {
    const reports = rule.check(contextFor({ storedSecrets: [stored("X")] }));
    expect(reports.map((r) => r.location)).toEqual([{ file: ".github/secretowners.yml", line: 1, column: 1 }]);
  });

  it("leaves organization and Dependabot secrets alone", () => {
    const ctx = contextFor({ storedSecrets: [stored("NPM_TOKEN", "organization"), stored("REGISTRY_TOKEN", "dependabot")] });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("stays quiet on a partial scan and when a workflow hands over every secret", () => {
    expect(rule.check(contextFor({ storedSecrets: [stored("X")], complete: false }))).toEqual([]);
    const overbroad = actionsRef(null, 4, { kind: "overbroad", overbroad: "tojson" });
    expect(rule.check(contextFor({ refs: [overbroad], storedSecrets: [stored("X")] }))).toEqual([]);
  });

  it("does not count the platform token as a use of a stored secret of the same name", () => {
    const ctx = contextFor({ refs: [actionsRef("GITHUB_TOKEN", 3, { kind: "platform" })], storedSecrets: [stored("GITHUB_TOKEN")] });
    expect(rule.check(ctx)).toHaveLength(1);
  });
});
