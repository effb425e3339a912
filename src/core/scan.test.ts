import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALNUM, fake } from "./detect/fake.js";
import type { Finding } from "./model.js";
import { Scanner, scanFiles } from "./scan.js";

const manifest = {
  path: ".github/secretowners.yml",
  text: readFileSync(new URL("../../fixtures/manifest/severity.yml", import.meta.url), "utf8"),
};
const workflow = {
  path: ".github/workflows/release.yml",
  text: "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
};

describe("severity: in the manifest", () => {
  it("sets rule severities for the repository and reports bad entries where they are written", () => {
    const result = scanFiles([manifest, workflow]);
    const brief = result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.line}:${f.location.column}`);
    // stale-rule is off (LEGACY_* is unused), owner-not-team raised to error, the two bad entries
    // reported, and missing-lifecycle keeps its default because its level was invalid.
    expect(brief).toEqual([
      "invalid-manifest error 5:3",
      "invalid-manifest error 6:22",
      "owner-not-team error 9:5",
      "missing-lifecycle warning 8:5",
      "missing-lifecycle warning 10:5",
    ]);
    const unknown = result.findings.find((f) => f.location.line === 5);
    expect(unknown?.message).toBe('`severity` names "overbroad-secret", which is not a secretowners rule or context. Fix: did you mean `overbroad-secrets`?');
  });

  it("yields to --severity on the command line", () => {
    const result = scanFiles([manifest, workflow], { severities: { "owner-not-team": "note", "stale-rule": "note" } });
    expect(result.findings.filter((f) => f.ruleId === "owner-not-team").map((f) => f.severity)).toEqual(["note"]);
    expect(result.findings.filter((f) => f.ruleId === "stale-rule").map((f) => f.location.line)).toEqual([10]);
  });
});


describe("cross-file declarations", () => {
  const fixture = (name: string) => ({
    path: `infra/okta/${name}`,
    text: readFileSync(new URL(`../../fixtures/extract/terraform/module/${name}`, import.meta.url), "utf8"),
  });

  it("links a Terraform var.x use to the sensitive variable another file of the module declares", () => {
    const result = scanFiles([fixture("main.tf"), fixture("variables.tf")]);
    const entry = result.secrets.find((s) => s.name === "okta_service_app");
    expect(entry?.references.map((r) => [r.file, r.line, r.column, r.kind])).toEqual([
      ["infra/okta/main.tf", 3, 21, "reference"],
      ["infra/okta/variables.tf", 1, 11, "declaration"],
    ]);
    // Plain variables, declared or not, stay out of the inventory.
    expect(result.secrets.map((s) => s.name)).not.toContain("org_name");
    expect(result.secrets.map((s) => s.name)).not.toContain("region_label");
  });

  it("reports only the variables a real module declares sensitive (terraform-aws-rds)", () => {
    const rds = (name: string) => ({
      path: `modules/db_instance/${name}`,
      text: readFileSync(new URL(`../../fixtures/extract/terraform/rds/${name}`, import.meta.url), "utf8"),
    });
    const whole = scanFiles([rds("main.tf"), rds("variables.tf")]);
    expect(whole.secrets.map((s) => s.name)).toEqual(["password_wo"]);
    expect(whole.secrets[0]?.references.map((r) => `${r.file}:${r.line} ${r.kind}`)).toEqual([
      "modules/db_instance/main.tf:19 reference",
      "modules/db_instance/variables.tf:19 declaration",
    ]);
    // A PR that changes main.tf alone: no declaration is seen, so names decide, and names of
    // settings about a credential (flags, ids, ARNs, rotation periods) do not make secrets.
    expect(scanFiles([rds("main.tf")]).secrets.map((s) => s.name)).toEqual(["password_wo"]);
  });

  it("does not link across modules", () => {
    const elsewhere = { ...fixture("variables.tf"), path: "infra/other/variables.tf" };
    const result = scanFiles([fixture("main.tf"), elsewhere]);
    expect(result.secrets.find((s) => s.name === "okta_service_app")?.references.map((r) => r.file)).toEqual(["infra/other/variables.tf"]);
  });
});

describe("the manifest's own problems", () => {
  it("says once that a manifest with a YAML syntax error is invalid, and judges every secret unowned", () => {
    const broken = { path: ".github/secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["NPM_*"\n    owner: "@acme/release"\n  - secrets: [\n' };
    const result = scanFiles([broken, workflow]);
    const invalid = result.findings.filter((f) => f.ruleId === "invalid-manifest");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.message).toMatch(/^the manifest is not valid YAML, so no rule in it is used and every secret is unowned/);
    const unowned = result.findings.filter((f) => f.ruleId === "unowned-secret");
    expect(unowned.map((f) => f.message)).toEqual([
      "Secret NPM_TOKEN (GitHub Actions) has no owner: the manifest .github/secretowners.yml is invalid and cannot be read (see its invalid-manifest finding).",
    ]);
    expect(result.manifest).toBe(".github/secretowners.yml");
  });

  it("honours inline ignores in a manifest that is not among the scanned files", () => {
    const outside = { path: "/etc/secretowners/SECRETOWNERS", text: "NPM_* @alice  # secretowners:ignore[owner-not-team] a person until the team exists\n" };
    const result = new Scanner({ manifest: outside });
    result.add(workflow);
    const findings = result.finish().findings.filter((f) => f.ruleId === "owner-not-team");
    expect(findings).toHaveLength(1);
    expect(findings[0]?.suppressed).toEqual({ kind: "inline", reason: "a person until the team exists" });
  });
});

describe("path contexts: tests, docs and examples", () => {
  // GitHub classic PAT shape, assembled so no literal token sits in this file.
  const token = `ghp_${fake(ALNUM, 36, 4)}`;
  const leak = (path: string) => ({ path, text: `GITHUB_TOKEN_FOR_CI=${token}\n` });
  const fixtureWorkflow = { ...workflow, path: "test/fixtures/.github/workflows/release.yml" };
  const files = [
    workflow,
    fixtureWorkflow,
    leak("scripts/publish.sh"),
    leak("internal/testdata/publish.sh"),
    leak("docs/publishing.md"),
    leak("examples/publish/.env"),
  ];
  const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId} ${f.severity} ${f.context ?? "-"} ${f.location.file}`);

  it("tags findings in test fixtures, docs and examples and reports them as notes, never hiding them", () => {
    expect(brief(scanFiles(files).findings)).toEqual([
      "unowned-secret error - .github/workflows/release.yml",
      "hardcoded-secret error - scripts/publish.sh",
      "hardcoded-secret note docs docs/publishing.md",
      "hardcoded-secret note example examples/publish/.env",
      "hardcoded-secret note test internal/testdata/publish.sh",
      "unowned-secret note test test/fixtures/.github/workflows/release.yml",
    ]);
  });

  it("keeps the fingerprint a finding has outside any context", () => {
    const [inTest] = scanFiles([leak("test/publish.sh")]).findings;
    const [moved] = scanFiles([leak("test/publish.sh")], { severities: { test: "error" } }).findings;
    expect(inTest?.fingerprint).toBe(moved?.fingerprint);
  });

  it("raises a context with a ceiling and a rule in a context exactly", () => {
    const result = scanFiles(files, { severities: { test: "warning", "hardcoded-secret@docs": "error" } });
    expect(brief(result.findings)).toEqual([
      "unowned-secret error - .github/workflows/release.yml",
      "hardcoded-secret error docs docs/publishing.md",
      "hardcoded-secret error - scripts/publish.sh",
      "hardcoded-secret warning test internal/testdata/publish.sh",
      "unowned-secret warning test test/fixtures/.github/workflows/release.yml",
      "hardcoded-secret note example examples/publish/.env",
    ]);
  });

  it("leaves findings about the manifest alone wherever the manifest lives", () => {
    const inDocs = { path: "docs/secretowners.yml", text: "version: 1\nrules:\n  - secrets: [X]\n    owner: nobody\n" };
    const findings = scanFiles([inDocs]).findings.filter((f) => f.ruleId === "invalid-manifest");
    expect(findings.map((f) => [f.severity, f.context])).toEqual([["error", undefined]]);
  });

  it("reads per-context settings from the manifest and reports bad ones at their line", () => {
    const contexts = {
      path: ".github/secretowners.yml",
      text: readFileSync(new URL("../../fixtures/manifest/severity-contexts.yml", import.meta.url), "utf8"),
    };
    const result = scanFiles([contexts, workflow, leak("test/publish.sh"), leak("examples/publish.sh")]);
    const invalid = result.findings.filter((f) => f.ruleId === "invalid-manifest").map((f) => `${f.location.line}:${f.location.column} ${f.message}`);
    expect(invalid).toEqual([
      "5:3 `severity` turns `docs` off, but findings in a docs context are never hidden: a real credential there is still a leak. Fix: leave `docs` at note (the default), or exclude the paths with --exclude if they are not yours.",
      "6:3 `severity` sets `stale-rule@test`, but stale-rule is about the manifest itself and has no per-context severity. Fix: write `stale-rule: note`, or use a rule that reports what files contain: unowned-secret, hardcoded-secret, scope-violation, overbroad-secrets, emergency-key-in-routine-use, shared-secret, static-cloud-credential, secret-to-unpinned-action, agent-reachable-secret.",
      "7:3 `severity` names context \"fixtures\", which is not one of test, docs, example. Fix: use one of: test, docs, example.",
      "8:3 `severity` turns `hardcoded-secret@docs` off, but findings in a docs context are never hidden: a real credential there is still a leak. Fix: leave `hardcoded-secret@docs` at note (the default), or exclude the paths with --exclude if they are not yours.",
    ]);
    expect(brief(result.findings.filter((f) => f.ruleId === "hardcoded-secret"))).toEqual([
      "hardcoded-secret error test test/publish.sh",
      "hardcoded-secret warning example examples/publish.sh",
    ]);
  });
});
