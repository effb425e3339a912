import { describe, expect, it } from "vitest";
import { parseCodeowners } from "./manifest/codeowners.js";
import { parseManifest } from "./manifest/parse.js";
import type { InventoryEntry } from "./model.js";
import { renderWho } from "./render/who.js";
import { whoIs, WhoQueryError } from "./who.js";

const manifest = parseManifest({
  path: ".github/secretowners.yml",
  text: [
    "version: 1",
    "defaults:",
    "  rotation: 90d",
    '  revoker: "@acme/secops"',
    "rules:",
    '  - secrets: ["*"]',
    '    owner: "@acme/platform"',
    '  - secrets: ["OKTA_*"]',
    '    owner: "@acme/iam"',
    '    custodian: "@acme/idops"',
    '    backup: ["@acme/secops"]',
    '    purpose: "Provisioning"',
    "    rotation: 30d",
    "    rotated: 2026-09-14",
    '    vendor: "Okta"',
    "    agents: denied",
    '    scope: { environments: [production] }',
    "",
  ].join("\n"),
}).manifest;

const entry = (name: string, system: InventoryEntry["system"], file: string, line: number): InventoryEntry => ({
  name,
  system,
  kind: "secret",
  owner: null,
  rule: null,
  references: [{ file, line, column: 9, kind: "reference" }],
});
const inventory = [
  entry("OKTA_API_TOKEN", "github-actions", ".github/workflows/provision.yml", 12),
  entry("okta-service-app", "kubernetes", "k8s/deploy.yaml", 30),
  entry("NPM_TOKEN", "github-actions", ".github/workflows/release.yml", 7),
];

describe("whoIs", () => {
  it("answers with the winning rule, its governance, every use and the rules that lost", () => {
    const answer = whoIs("OKTA_API_TOKEN", { inventory, manifest, now: new Date("2026-12-01T00:00:00Z"), storedSecrets: [{ name: "OKTA_API_TOKEN", store: "actions", updatedAt: "2026-11-25T08:00:00Z" }] });
    expect(answer.found).toBe(true);
    expect(answer.secrets).toHaveLength(1);
    expect(answer.secrets[0]).toMatchObject({
      name: "OKTA_API_TOKEN",
      system: "github-actions",
      used: true,
      rule: { file: ".github/secretowners.yml", line: 8, patterns: "OKTA_*", owner: "@acme/iam" },
      owner: "@acme/iam",
      custodian: "@acme/idops",
      backup: ["@acme/secops"],
      revoker: "@acme/secops",
      purpose: "Provisioning",
      rotation: "30d",
      lastRotation: { last: "2026-11-25", due: "2026-12-25", overdue: false },
      vendor: "Okta",
      emergencyOnly: false,
      agents: "denied",
      scope: { environments: ["production"] },
      references: [{ system: "github-actions", file: ".github/workflows/provision.yml", line: 12, column: 9, kind: "reference" }],
      overridden: [{ file: ".github/secretowners.yml", line: 6, patterns: "*", owner: "@acme/platform" }],
      stored: ["OKTA_API_TOKEN, repository secret"],
    });
    expect(answer.secrets[0]?.lastRotation?.source).toContain("updated_at");
  });

  it("takes globs and a system prefix, case-insensitively", () => {
    expect(whoIs("okta*", { inventory, manifest }).secrets.map((s) => [s.system, s.name])).toEqual([
      ["github-actions", "OKTA_API_TOKEN"],
      ["kubernetes", "okta-service-app"],
    ]);
    expect(whoIs("kubernetes:okta*", { inventory, manifest }).secrets.map((s) => s.name)).toEqual(["okta-service-app"]);
  });

  it("says when nothing in use matches, with near names and what the manifest would say", () => {
    const answer = whoIs("OKTA_API_TOKN", { inventory, manifest });
    expect(answer.found).toBe(false);
    expect(answer.nearNames).toEqual(["OKTA_API_TOKEN"]);
    expect(answer.secrets.map((s) => [s.name, s.used, s.owner])).toEqual([["OKTA_API_TOKN", false, "@acme/iam"]]);
    expect(whoIs("SLACK_*", { inventory, manifest: null })).toMatchObject({ found: false, secrets: [], nearNames: [] });
  });

  it("rejects an unknown system prefix", () => {
    expect(() => whoIs("kubernets:x", { inventory, manifest })).toThrow(WhoQueryError);
    expect(() => whoIs("kubernets:x", { inventory, manifest })).toThrow(/did you mean kubernetes/);
  });
});

describe("renderWho", () => {
  const answer = whoIs("OKTA_API_TOKEN", { inventory, manifest, now: new Date("2026-12-01T00:00:00Z") });
  it("prints every field and place in text", () => {
    const text = renderWho(answer, "text", "0.0.0");
    expect(text).toContain("OKTA_API_TOKEN (GitHub Actions)");
    expect(text).toContain("  revoker        @acme/secops");
    expect(text).toContain("last rotated 2026-09-14 (rotated: in the manifest), next due 2026-10-14 — OVERDUE");
    expect(text).toContain("    .github/workflows/provision.yml:12:9  github-actions");
    expect(text).toContain("    .github/secretowners.yml:6 (*) owner @acme/platform");
  });
  it("renders versioned JSON and Markdown tables", () => {
    const json = JSON.parse(renderWho(answer, "json", "0.0.0")) as { version: number; found: boolean; secrets: { owner: string }[] };
    expect([json.version, json.found, json.secrets[0]?.owner]).toEqual([1, true, "@acme/iam"]);
    const markdown = renderWho(answer, "markdown", "0.0.0");
    expect(markdown).toContain("| revoker | `@acme/secops` |");
    expect(markdown).toContain("| .github/workflows/provision.yml:12:9 | github-actions | reference |");
  });
  it("lists near names when nothing matches", () => {
    expect(renderWho(whoIs("NPM_TOKN", { inventory, manifest: null }), "text", "0.0.0")).toBe(
      "No secret matching NPM_TOKN is used in this repository.\nNear names: NPM_TOKEN\n",
    );
  });
});

describe("whoIs never echoes a credential pasted into the manifest", () => {
  it("withholds free text holding one", () => {
    // secretowners:ignore[hardcoded-secret] fake token planted to prove it is not echoed
    const token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    const leaky = parseManifest({
      path: "secretowners.yml",
      text: `version: 1\nrules:\n  - secrets: ["NPM_TOKEN"]\n    owner: "@acme/web"\n    purpose: "publish; old value ${token}"\n    vendor: "npm 9f8e7d6c5b4a39281706f5e4d3c2b1a0"\n`,
    }).manifest;
    const answer = whoIs("NPM_TOKEN", { inventory, manifest: leaky });
    for (const format of ["text", "json", "markdown"] as const) {
      const out = renderWho(answer, format, "0.0.0");
      expect(out).not.toContain(token.slice(4, 20));
      expect(out).not.toContain("9f8e7d6c5b4a39281706f5e4d3c2b1a0");
    }
    // Redacted where the manifest is read (a preview of at most four characters), or withheld here.
    expect(answer.secrets[0]?.purpose).toMatch(/^publish; old value ghp_…|^\(withheld/);
    expect(answer.secrets[0]?.vendor).toBe("npm (a 32-character value)");
  });
});

describe("whoIs never echoes a credential given as the query", () => {
  it("refuses a pasted value, redacted, and still answers names", () => {
    // secretowners:ignore[hardcoded-secret] fake token planted to prove it is not echoed
    const token = "ghp_" + "utoSAW5icqcah1Pmgi0T9oXNFF6O0MlHH3";
    const opaque = "00" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC";
    for (const query of [token, `github-actions:${token}`, `foo:${token}`, opaque]) {
      let message = "";
      try {
        whoIs(query, { inventory, manifest: null });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, query).toContain("looks like a credential value, not a secret name");
      expect(message).not.toContain(token.slice(4, 16));
      expect(message).not.toContain(opaque.slice(2, 14));
    }
    for (const name of ["NPM_TOKEN", "AZURE_CREDENTIALS_PROD_2024", "kubernetes:okta-service-app-2", "OKTA_*"]) expect(() => whoIs(name, { inventory, manifest: null }), name).not.toThrow();
  });
});

describe("whoIs with CODEOWNERS", () => {
  it("names who owns each file the secret is used in", () => {
    const codeowners = parseCodeowners({ path: ".github/CODEOWNERS", text: "* @acme/platform\n/k8s/ @acme/sre\n" });
    const answer = whoIs("okta*", { inventory, manifest, codeowners });
    expect(answer.secrets.flatMap((secret) => secret.references.map((ref) => [ref.file, ref.fileOwners]))).toEqual([
      [".github/workflows/provision.yml", ["@acme/platform"]],
      ["k8s/deploy.yaml", ["@acme/sre"]],
    ]);
    expect(renderWho(answer, "text", "0.0.0")).toContain("k8s/deploy.yaml:30:9  kubernetes  file owned by @acme/sre");
  });
});
