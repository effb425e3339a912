import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
    expect(unknown?.message).toBe('`severity` names "overbroad-secret", which is not a secretowners rule. Fix: did you mean `overbroad-secrets`?');
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
