import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanFiles } from "../scan.js";
import { parseDuration, parseManifest } from "./parse.js";
import type { ParsedManifest } from "./types.js";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../../fixtures/manifest");

function parseFixture(name: string): ParsedManifest {
  return parseManifest({ path: name, text: readFileSync(resolve(FIXTURES, name), "utf8") });
}

/** The exact shape asserted everywhere: where and what, not the prose. */
function where(parsed: ParsedManifest): { line: number; column: number; kind: string }[] {
  return parsed.diagnostics.map((d) => ({ line: d.location.line, column: d.location.column, kind: d.kind }));
}

describe("parseManifest: YAML form", () => {
  it("reads a complete manifest with no diagnostics", () => {
    const parsed = parseFixture("good/secretowners.yml");
    expect(parsed.diagnostics).toEqual([]);
    const m = parsed.manifest;
    expect(m?.format).toBe("yaml");
    expect(m?.defaults).toEqual({ rotation: "90d", revoker: "@acme/secops" });
    expect(m?.rules.map((r) => r.patterns.map((p) => [p.system ?? null, p.glob]))).toEqual([
      [[null, "*"]],
      [
        [null, "OKTA_*"],
        [null, "SCIM_*"],
      ],
      [["jenkins", "DEPLOY_*"]],
      [[null, "BREAK_GLASS_TOKEN"]],
    ]);
    const okta = m?.rules[1];
    expect(okta).toMatchObject({
      index: 1,
      owner: "@acme/iam-platform",
      custodian: "@acme/identity-automation",
      backup: ["@acme/secops", "alice@acme.example"],
      purpose: "Joiner/mover/leaver provisioning from Workday to Okta",
      rotation: "30d",
      revoker: "@acme/secops",
      vendor: "Okta (vendor-managed key)",
      emergencyOnly: false,
      scope: {
        workflows: [".github/workflows/provision.yml"],
        paths: ["infra/identity/**"],
        environments: ["production"],
      },
      location: { file: "good/secretowners.yml", line: 11, column: 5 },
    });
    expect(okta?.patterns[0]?.location).toEqual({ file: "good/secretowners.yml", line: 11, column: 16 });
    expect(okta?.fieldLocations.rotation).toEqual({ file: "good/secretowners.yml", line: 16, column: 5, endLine: 16, endColumn: 18 });
    expect(Object.keys(okta?.fieldLocations ?? {}).sort()).toEqual(
      ["backup", "custodian", "emergencyOnly", "owner", "purpose", "revoker", "rotation", "scope", "secrets", "vendor"],
    );
    expect(m?.rules[3]?.emergencyOnly).toBe(true);
  });

  it("reports YAML syntax errors and returns no manifest", () => {
    const parsed = parseFixture("syntax-error.yml");
    expect(parsed.manifest).toBeNull();
    expect(where(parsed)).toEqual([{ line: 4, column: 5, kind: "yaml-syntax" }]);
  });

  it("explains the two syntax errors the format invites: unquoted `*` and `@`", () => {
    const star = parseManifest({ path: "secretowners.yml", text: "version: 1\nrules:\n  - secrets: *\n    owner: '@a/b'\n" });
    expect(where(star)).toEqual([{ line: 3, column: 14, kind: "yaml-syntax" }]);
    expect(star.diagnostics[0]?.suggestion).toContain('`secrets: "*"`');
    const at = parseManifest({ path: "secretowners.yml", text: "version: 1\nrules:\n  - secrets: A\n    owner: @a/b\n" });
    expect(where(at)).toEqual([{ line: 4, column: 12, kind: "yaml-syntax" }]);
    expect(at.diagnostics[0]?.suggestion).toContain('`owner: "@org/team"`');
  });

  it("rejects a document that is not a mapping", () => {
    const parsed = parseFixture("not-a-mapping.yml");
    expect(parsed.manifest).toBeNull();
    expect(where(parsed)).toEqual([{ line: 1, column: 1, kind: "not-a-mapping" }]);
  });

  it("reports unknown keys with a did-you-mean suggestion", () => {
    const parsed = parseFixture("unknown-key.yml");
    expect(where(parsed)).toEqual([
      { line: 5, column: 5, kind: "unknown-key" },
      { line: 6, column: 5, kind: "unknown-key" },
      { line: 7, column: 5, kind: "unknown-key" },
    ]);
    expect(parsed.diagnostics.map((d) => d.suggestion)).toEqual([
      "did you mean `rotation`?",
      "did you mean `emergency-only`?",
      "valid keys: secrets, owner, custodian, backup, purpose, rotation, revoker, scope, vendor, emergency-only, rotated, reviewed, review, agents",
    ]);
    // The misspelt field is not silently applied.
    expect(parsed.manifest?.rules[0]?.rotation).toBeUndefined();
  });

  it("reports values of the wrong type and drops only them", () => {
    const parsed = parseFixture("wrong-type.yml");
    expect(where(parsed)).toEqual([
      { line: 5, column: 14, kind: "wrong-type" },
      { line: 6, column: 21, kind: "wrong-type" },
      { line: 7, column: 12, kind: "wrong-type" },
      { line: 8, column: 5, kind: "not-a-mapping" },
    ]);
    expect(parsed.manifest?.rules).toHaveLength(1);
    expect(parsed.manifest?.rules[0]).toMatchObject({ owner: "@acme/iam" });
    expect(parsed.manifest?.rules[0]?.purpose).toBeUndefined();
    expect(parsed.manifest?.rules[0]?.scope).toBeUndefined();
  });

  it("reports rules without secrets and keeps the rest", () => {
    const parsed = parseFixture("missing-secrets.yml");
    expect(where(parsed)).toEqual([
      { line: 3, column: 5, kind: "missing-secrets" },
      { line: 4, column: 14, kind: "missing-secrets" },
    ]);
    expect(parsed.manifest?.rules.map((r) => [r.index, r.patterns[0]?.glob])).toEqual([[0, "OKTA_*"]]);
  });

  it("reports bad and multiple owners, keeping those rules (and ones with no owner) ownerless", () => {
    const parsed = parseFixture("bad-owner.yml");
    expect(where(parsed)).toEqual([
      { line: 4, column: 12, kind: "invalid-owner" },
      { line: 6, column: 13, kind: "invalid-owner" },
      { line: 8, column: 13, kind: "invalid-owner" },
      { line: 12, column: 12, kind: "multiple-owners" },
      { line: 15, column: 31, kind: "invalid-principal" },
      { line: 16, column: 17, kind: "invalid-principal" },
    ]);
    const rules = parsed.manifest?.rules ?? [];
    expect(rules.map((r) => r.owner ?? null)).toEqual([null, null, null, null, null, "@acme/iam"]);
    expect(rules[5]?.backup).toEqual(["@acme/secops"]);
    expect(rules[5]?.custodian).toBeUndefined();
    expect(parsed.diagnostics[3]?.suggestion).toBe("keep one in `owner` and move the others to `backup`");
  });

  it("reports bad durations with the expected suggestion", () => {
    const parsed = parseFixture("bad-duration.yml");
    expect(where(parsed)).toEqual([
      { line: 3, column: 13, kind: "bad-duration" },
      { line: 7, column: 15, kind: "bad-duration" },
      { line: 10, column: 15, kind: "bad-duration" },
      { line: 13, column: 15, kind: "bad-duration" },
    ]);
    expect(new Set(parsed.diagnostics.map((d) => d.suggestion))).toEqual(new Set(["write Nd, Nw, Nm or Ny, e.g. 90d"]));
    expect(parsed.manifest?.defaults.rotation).toBeUndefined();
    expect(parsed.manifest?.rules.map((r) => r.rotation ?? null)).toEqual([null, null, null, "6m"]);
  });

  it("warns about duplicate patterns at the later occurrence, across and within rules", () => {
    const parsed = parseFixture("duplicate-pattern.yml");
    expect(where(parsed)).toEqual([
      { line: 5, column: 16, kind: "duplicate-pattern" },
      { line: 5, column: 44, kind: "duplicate-pattern" },
    ]);
    expect(parsed.diagnostics.map((d) => d.severity)).toEqual(["warning", "warning"]);
    expect(parsed.diagnostics[0]?.message).toContain("line 3");
    // A duplicate across rules is kept (the later rule wins); a repeat inside a rule is dropped.
    expect(parsed.manifest?.rules[1]?.patterns.map((p) => p.glob)).toEqual(["okta_*", "GITHUB_APP_KEY"]);
  });

  it("reports unsupported patterns at the offending character and unknown system prefixes", () => {
    const parsed = parseFixture("unsupported-pattern.yml");
    expect(where(parsed)).toEqual([
      { line: 3, column: 21, kind: "unsupported-pattern" },
      { line: 3, column: 36, kind: "unsupported-pattern" },
      { line: 3, column: 51, kind: "unsupported-pattern" },
      { line: 3, column: 61, kind: "unsupported-pattern" },
      { line: 5, column: 16, kind: "unknown-system" },
    ]);
    expect(parsed.diagnostics[4]?.suggestion).toBe("did you mean `jenkins`?");
    expect(parsed.manifest?.rules.map((r) => r.patterns.map((p) => `${p.system ?? "*"}:${p.glob}`))).toEqual([
      ["*:GOOD_*"],
      ["terraform:TF_*"],
    ]);
  });

  it("reports an out-of-order class range instead of building an invalid RegExp", () => {
    const parsed = parseManifest({ path: "SECRETOWNERS", text: "KEY_[Z-A] @a/b\nKEY_[A-Z] @a/b\n" });
    expect(where(parsed)).toEqual([{ line: 1, column: 6, kind: "unsupported-pattern" }]);
    expect(parsed.diagnostics[0]?.suggestion).toBe("write it as `A-Z`");
    expect(parsed.manifest?.rules.map((r) => r.patterns[0]?.glob)).toEqual(["KEY_[A-Z]"]);
  });

  it("reports empty scopes and unsupported CODEOWNERS path syntax", () => {
    const parsed = parseFixture("bad-scope.yml");
    expect(where(parsed)).toEqual([
      { line: 6, column: 18, kind: "empty-scope" },
      { line: 7, column: 16, kind: "unsupported-path-pattern" },
      { line: 7, column: 34, kind: "unsupported-path-pattern" },
      { line: 11, column: 12, kind: "empty-scope" },
    ]);
    expect(parsed.diagnostics.map((d) => d.severity)).toEqual(["error", "error", "warning", "warning"]);
    // Fail closed: the empty list stays empty (allows nothing); `!` is dropped; `\#` is fine.
    expect(parsed.manifest?.rules[0]?.scope).toEqual({
      workflows: [],
      paths: ["apps/[id]/deploy.yml", "docs/\\#notes/**", "infra/**"],
      environments: ["production"],
    });
    expect(parsed.manifest?.rules[1]?.scope).toBeUndefined();
  });

  it("rejects an owner in defaults, suggesting a catch-all rule", () => {
    const parsed = parseFixture("owner-in-defaults.yml");
    expect(where(parsed)).toEqual([{ line: 3, column: 3, kind: "owner-in-defaults" }]);
    expect(parsed.diagnostics[0]?.suggestion).toContain('`- secrets: "*"`');
    expect(parsed.manifest?.defaults).toEqual({ rotation: "90d" });
  });

  it("requires version 1", () => {
    expect(where(parseFixture("bad-version.yml"))).toEqual([{ line: 1, column: 10, kind: "unsupported-version" }]);
    expect(where(parseManifest({ path: "secretowners.yml", text: "rules: []\n" }))).toEqual([
      { line: 1, column: 1, kind: "no-rules" },
      { line: 1, column: 1, kind: "missing-version" },
    ]);
  });

  it("treats an empty file as a manifest with no rules", () => {
    const parsed = parseManifest({ path: ".github/secretowners.yaml", text: "# nothing yet\n" });
    expect(parsed.manifest).toEqual({ path: ".github/secretowners.yaml", format: "yaml", defaults: {}, rules: [] });
    expect(where(parsed)).toEqual([{ line: 1, column: 1, kind: "no-rules" }]);
  });

  it("reports duplicate keys at the later key and keeps the first value", () => {
    const text = ["version: 1", "rules:", "  - secrets: A", '    owner: "@a/one"', '    owner: "@a/two"', ""].join("\n");
    const parsed = parseManifest({ path: "secretowners.yml", text });
    expect(where(parsed)).toEqual([{ line: 5, column: 5, kind: "duplicate-key" }]);
    expect(parsed.manifest?.rules[0]?.owner).toBe("@a/one");
  });

  it("never echoes a credential-looking value in a message", () => {
    const token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    const text = ["version: 1", "rules:", "  - secrets: A", `    owner: ${token}`, ""].join("\n");
    const parsed = parseManifest({ path: "secretowners.yml", text });
    expect(where(parsed)).toEqual([{ line: 4, column: 12, kind: "invalid-owner" }]);
    expect(JSON.stringify(parsed.diagnostics)).not.toContain(token.slice(4, 14));
  });
});

describe("parseManifest: SECRETOWNERS form", () => {
  it("reads pattern/owner lines with comments; first owner is the owner, the rest backups", () => {
    const parsed = parseFixture("SECRETOWNERS");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.manifest?.format).toBe("secretowners");
    expect(
      parsed.manifest?.rules.map((r) => ({
        index: r.index,
        pattern: `${r.patterns[0]?.system ?? "*"}:${r.patterns[0]?.glob}`,
        owner: r.owner,
        backup: r.backup ?? [],
        line: r.location.line,
      })),
    ).toEqual([
      { index: 0, pattern: "*:*", owner: "@acme/platform", backup: [], line: 3 },
      { index: 1, pattern: "*:OKTA_*", owner: "@acme/iam-platform", backup: ["@acme/secops"], line: 4 },
      { index: 2, pattern: "jenkins:DEPLOY_*", owner: "@release-bot", backup: [], line: 5 },
      { index: 3, pattern: "*:AWS_[A-Z]*_KEY", owner: "cloud-owners@acme.example", backup: [], line: 8 },
    ]);
    expect(parsed.manifest?.rules[1]?.fieldLocations.owner).toEqual({ file: "SECRETOWNERS", line: 4, column: 22, endLine: 4, endColumn: 40 });
  });

  it("reports each problem at its token", () => {
    const parsed = parseFixture("errors/SECRETOWNERS");
    expect(where(parsed)).toEqual([
      { line: 3, column: 8, kind: "invalid-owner" },
      { line: 4, column: 6, kind: "unsupported-pattern" },
      { line: 5, column: 1, kind: "unknown-system" },
      { line: 6, column: 1, kind: "duplicate-pattern" },
      { line: 6, column: 18, kind: "invalid-principal" },
    ]);
    // An invalid first owner is not replaced by the backup.
    expect(parsed.manifest?.rules.map((r) => [r.owner ?? null, r.backup ?? []])).toEqual([
      [null, []],
      [null, ["@acme/secops"]],
      ["@acme/iam", []],
    ]);
  });

  it("keeps `\\#` and `#` inside a token, strips trailing comments", () => {
    const parsed = parseManifest({ path: "docs/SECRETOWNERS", text: "A_* @a/b#c # comment @x/y\r\nB_* @u # c\n" });
    expect(parsed.manifest?.rules.map((r) => r.owner ?? null)).toEqual([null, "@u"]);
    expect(where(parsed)).toEqual([{ line: 1, column: 5, kind: "invalid-owner" }]);
  });
});

describe("parseManifest: SECRETOWNERS lifecycle attributes", () => {
  const text = [
    "# PATTERN OWNER [BACKUP...] [key=value...]",
    "defaults  rotation=90d revoker=@acme/secops backup=@acme/oncall",
    'OKTA_*    @acme/iam @acme/secops custodian=@acme/idm purpose="Workday to Okta # JML" rotation=30d  # trailing comment',
    "NPM_*     @acme/release vendor=npm emergency-only=false",
    "",
  ].join("\n");

  it("reads key=value attributes on a rule line and a defaults line", () => {
    const parsed = parseManifest({ path: ".github/SECRETOWNERS", text });
    expect(parsed.diagnostics).toEqual([]);
    const manifest = parsed.manifest;
    expect(manifest?.defaults).toEqual({ rotation: "90d", revoker: "@acme/secops", backup: ["@acme/oncall"] });
    expect(manifest?.rules[0]).toMatchObject({ owner: "@acme/iam", backup: ["@acme/secops"], custodian: "@acme/idm", purpose: "Workday to Okta # JML", rotation: "30d" });
    expect(manifest?.rules[0]?.fieldLocations.purpose).toEqual({ file: ".github/SECRETOWNERS", line: 3, column: 54, endLine: 3, endColumn: 85 });
    expect(manifest?.rules[1]).toMatchObject({ owner: "@acme/release", vendor: "npm", emergencyOnly: false });
  });

  it("lets a one-line manifest satisfy missing-lifecycle", () => {
    const full = "defaults rotation=90d revoker=@acme/secops backup=@acme/oncall\nOKTA_* @acme/iam custodian=@acme/idm purpose=sync\n";
    const result = scanFiles([
      { path: ".github/SECRETOWNERS", text: full },
      { path: ".github/workflows/w.yml", text: "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: x\n        env:\n          T: ${{ secrets.OKTA_TOKEN }}\n" },
    ]);
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
  });

  it("reports each bad attribute at its column, with the fix", () => {
    const bad = [
      "OKTA_* @acme/iam rotation=soon custodian=alice purpos=x backup=@a/b,nobody",
      'NPM_* @acme/release purpose="never closed',
      "defaults @acme/owner rotation=1y",
      "defaults rotation=2y",
      "",
    ].join("\n");
    const parsed = parseManifest({ path: "SECRETOWNERS", text: bad });
    expect(where(parsed)).toEqual([
      { line: 1, column: 27, kind: "bad-duration" },
      { line: 1, column: 42, kind: "invalid-principal" },
      { line: 1, column: 48, kind: "unknown-key" },
      { line: 1, column: 69, kind: "invalid-principal" },
      { line: 2, column: 21, kind: "unclosed-quote" },
      { line: 3, column: 10, kind: "invalid-owner" },
      { line: 4, column: 1, kind: "duplicate-key" },
    ]);
    expect(parsed.diagnostics.find((d) => d.kind === "unknown-key")?.suggestion).toBe("did you mean `purpose`?");
    expect(parsed.manifest?.rules[0]?.backup).toEqual(["@a/b"]);
  });

  it("takes rotation evidence and the agents decision, with the YAML form's checks", () => {
    const lines = [
      "defaults review=180d rotated=2026-01-01",
      "OKTA_* @acme/iam rotated=2026-09-14 reviewed=2026-10-01 agents=denied",
      "NPM_* @acme/web rotated=2026-02-30 review=soon agents=alowed",
      "",
    ].join("\n");
    const parsed = parseManifest({ path: "SECRETOWNERS", text: lines });
    expect(parsed.manifest?.defaults).toEqual({ review: "180d" });
    expect(parsed.manifest?.rules[0]).toMatchObject({ rotated: "2026-09-14", reviewed: "2026-10-01", agents: "denied" });
    expect(parsed.manifest?.rules[0]?.fieldLocations.rotated).toMatchObject({ line: 2, column: 18 });
    expect(where(parsed)).toEqual([
      { line: 1, column: 22, kind: "unknown-key" },
      { line: 3, column: 25, kind: "bad-date" },
      { line: 3, column: 43, kind: "bad-duration" },
      { line: 3, column: 55, kind: "unknown-value" },
    ]);
    expect(parsed.diagnostics.map((d) => d.suggestion).slice(2)).toEqual(["write Nd, Nw, Nm or Ny, e.g. 90d", "did you mean `allowed`?"]);
  });
});

describe("parseDuration", () => {
  it.each([
    ["30d", 30],
    ["1d", 1],
    ["2w", 14],
    ["3m", 90],
    ["1y", 365],
  ])("%s is %i days", (text, days) => {
    expect(parseDuration(text)).toBe(days);
  });

  it.each(["30 days", "0d", "-1w", "90", "", "d", "1.5d", "030d", "1D", " 1d"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe("parseManifest never throws", () => {
  const yamlish = fc.oneof(
    fc.string({ unit: "grapheme-ascii", maxLength: 400 }),
    fc
      .array(
        fc.constantFrom(
          "version: 1\n",
          "rules:\n",
          "defaults:\n",
          "  - secrets: ",
          "    owner: ",
          "    scope:\n",
          "      paths: ",
          "[",
          "]",
          "{",
          "}",
          '"@a/b"',
          "OKTA_*",
          "&x ",
          "*x",
          "!!binary ",
          "- ",
          ": ",
          "\n",
          "  ",
          "\t",
          "#",
          "'",
          '"',
          "jenkins:",
          "30d",
          "~",
          "? ",
          "---\n",
          "%YAML 1.2\n",
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join("")),
  );

  it("on arbitrary text in either form", () => {
    fc.assert(
      fc.property(yamlish, fc.constantFrom("secretowners.yml", "SECRETOWNERS"), (text, path) => {
        const parsed = parseManifest({ path, text });
        for (const d of parsed.diagnostics) {
          expect(d.location.line).toBeGreaterThanOrEqual(1);
          expect(d.location.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseManifest: severity", () => {
  it("reads rule severities with their places and rejects unknown levels", () => {
    const parsed = parseFixture("severity.yml");
    expect(parsed.manifest?.severity?.map((s) => [s.rule, s.level, s.location.line, s.location.column])).toEqual([
      ["stale-rule", "off", 3, 3],
      ["owner-not-team", "error", 4, 3],
      ["overbroad-secret", "warning", 5, 3],
    ]);
    expect(where(parsed)).toEqual([{ line: 6, column: 22, kind: "invalid-severity" }]);
  });
});

describe("parseManifest: rotation evidence and agents", () => {
  it("reads rotated, reviewed, review and agents, and reports bad ones at their line", () => {
    const parsed = parseFixture("governance-fields.yml");
    expect(parsed.manifest?.defaults).toEqual({ review: "180d" });
    expect(parsed.manifest?.rules[0]).toMatchObject({ rotated: "2026-09-14", reviewed: "2026-10-01", review: "90d", agents: "allowed" });
    expect(parsed.manifest?.rules[0]?.fieldLocations.rotated).toMatchObject({ line: 8, column: 5 });
    expect(where(parsed)).toEqual([
      { line: 4, column: 3, kind: "unknown-key" },
      { line: 14, column: 14, kind: "bad-date" },
      { line: 15, column: 15, kind: "bad-date" },
      { line: 16, column: 13, kind: "bad-duration" },
      { line: 17, column: 13, kind: "unknown-value" },
      { line: 20, column: 13, kind: "bad-date" },
      { line: 21, column: 13, kind: "unknown-value" },
    ]);
    expect(parsed.diagnostics.map((d) => d.suggestion)).toEqual([
      "move `rotated` into each rule it is true for",
      "write the date as YYYY-MM-DD, e.g. 2026-09-14",
      "write the date as YYYY-MM-DD, e.g. 2026-09-14",
      "write Nd, Nw, Nm or Ny, e.g. 90d",
      "did you mean `allowed`?",
      "write the date as YYYY-MM-DD, e.g. 2026-09-14",
      "write `agents: allowed` to let AI agents use the secret, or `agents: denied`",
    ]);
    // Invalid values are dropped, never half-applied.
    expect(parsed.manifest?.rules[1]).not.toHaveProperty("rotated");
    expect(parsed.manifest?.rules[1]).not.toHaveProperty("agents");
  });
});
