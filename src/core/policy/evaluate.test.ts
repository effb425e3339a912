import { describe, expect, it } from "vitest";
import { ALNUM, fake } from "../detect/fake.js";
import { evaluate, fingerprint, STABLE_HORIZON_DAYS, stableThrough } from "./evaluate.js";
import { evaluateOrg } from "./evaluate-org.js";
import { RULES } from "./index.js";
import { defineRule } from "./rule.js";
import { formatIsoDate, parseIsoDate } from "../manifest/text.js";
import { collectInlineIgnores } from "./suppress.js";
import { actionsRef, contextFor, orgContext } from "./testing.js";

describe("evaluate", () => {
  const ctx = contextFor({
    manifest: { path: "SECRETOWNERS", text: "OKTA_* @jdoe\n" },
    refs: [actionsRef("NPM_TOKEN", 9), actionsRef("OKTA_TOKEN", 4), actionsRef(null, 2, { kind: "overbroad", overbroad: "inherit" })],
  });

  it("turns reports into sorted findings with controls, text and fingerprints", () => {
    const findings = evaluate(ctx);
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.line])).toEqual([
      ["unowned-secret", "error", ".github/workflows/ci.yml", 9],
      ["overbroad-secrets", "warning", ".github/workflows/ci.yml", 2],
      ["missing-lifecycle", "warning", "SECRETOWNERS", 1],
      ["owner-not-team", "warning", "SECRETOWNERS", 1],
    ]);
    const unowned = findings[0];
    expect(unowned?.message).toBe("Secret NPM_TOKEN (GitHub Actions) has no owner: no rule in SECRETOWNERS matches it.");
    expect(unowned?.controls).toEqual(["NHI1", "GV.RR-02", "PR.AA-01"]);
    expect(unowned?.fingerprint).toBe(fingerprint("unowned-secret", ".github/workflows/ci.yml", "github-actions:NPM_TOKEN"));
    expect(unowned?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("applies severity overrides and switches rules off", () => {
    const findings = evaluate(ctx, { severities: { "unowned-secret": "note", "overbroad-secrets": "off" } });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["missing-lifecycle", "warning"],
      ["owner-not-team", "warning"],
      ["unowned-secret", "note"],
    ]);
  });

  it("marks baseline and inline suppressions instead of dropping them", () => {
    const print = fingerprint("unowned-secret", ".github/workflows/ci.yml", "github-actions:NPM_TOKEN");
    const ignores = collectInlineIgnores({
      path: ".github/workflows/ci.yml",
      text: "a\n# secretowners:ignore[overbroad-secrets] reviewed in SEC-42\nb\n",
    });
    const findings = evaluate(ctx, { baseline: new Set([print]), inlineIgnores: new Map([[".github/workflows/ci.yml", ignores]]) });
    expect(findings.filter((f) => f.suppressed).map((f) => [f.ruleId, f.suppressed])).toEqual([
      ["unowned-secret", { kind: "baseline" }],
      ["overbroad-secrets", { kind: "inline", reason: "reviewed in SEC-42" }],
    ]);
  });
});

describe("collectInlineIgnores", () => {
  it("applies to its own line and the next, in any comment syntax", () => {
    const ignores = collectInlineIgnores({
      path: "x",
      text: "KEY=1 # secretowners:ignore test fixture\nother\n// secretowners:ignore[hardcoded-secret, unowned-secret]\nline4\n<!-- secretowners:ignore docs sample -->\n",
    });
    expect([...ignores.entries()]).toEqual([
      [1, { rules: null, reason: "test fixture" }],
      [2, { rules: null, reason: "test fixture" }],
      [3, { rules: ["hardcoded-secret", "unowned-secret"], reason: "no reason given" }],
      [4, { rules: ["hardcoded-secret", "unowned-secret"], reason: "no reason given" }],
      [5, { rules: null, reason: "docs sample" }],
      [6, { rules: null, reason: "docs sample" }],
    ]);
  });
});

describe("evaluate with a failing rule", () => {
  const ctx = contextFor({ manifest: { path: "SECRETOWNERS", text: "OKTA_* @jdoe\n" }, refs: [actionsRef("NPM_TOKEN", 9)] });
  const broken = defineRule({
    meta: { id: "broken-rule", description: "x", defaultSeverity: "error", controls: ["NHI1"], messages: { m: "m" }, help: "" },
    check() {
      throw new TypeError("boom");
    },
  });

  it("keeps every other rule's findings and names the rule that failed", () => {
    const failed: string[] = [];
    const findings = evaluate(ctx, { rules: [broken, ...RULES], onRuleError: (id) => failed.push(id) });
    expect(failed).toEqual(["broken-rule"]);
    expect(findings.map((f) => f.ruleId)).toContain("unowned-secret");
  });

  it("lets the error through when nobody asked to collect it", () => {
    expect(() => evaluate(ctx, { rules: [broken] })).toThrow(TypeError);
  });
});

describe("evaluateOrg", () => {
  it("scrubs credentials from what an org rule fills into its message, as evaluate does", () => {
    const token = `ghp_${fake(ALNUM, 36, 7)}`;
    const leaky = defineRule({
      meta: { id: "leaky-org", description: "test", defaultSeverity: "warning", controls: ["NHI1"], messages: { m: "Saw {{value}}." }, help: "test" },
      check: () => [],
      checkOrg: () => [{ messageId: "m", data: { value: token }, location: { file: "a.yml", line: 1, column: 1 }, secret: null, fingerprintKey: "k", repo: "acme/a" }],
    });
    const [finding] = evaluateOrg(orgContext([], []), { rules: [leaky] });
    expect(finding?.message).toMatch(/^Saw ghp_…/);
    expect(finding?.message).not.toContain(token.slice(4, 14));
  });
});

describe("stableThrough", () => {
  const manifest = (fields: string) => ({ path: "secretowners.yml", text: `version: 1\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n${fields}` });
  const through = (fields: string, now: string | undefined, severities?: Record<string, "off">) => {
    const day = stableThrough(contextFor({ manifest: manifest(fields), ...(now ? { now } : {}) }), severities ? { severities } : {});
    return day === null ? null : formatIsoDate(day);
  };
  const plus = (date: string, days: number) => formatIsoDate((parseIsoDate(date) as number) + days);

  it("is the day before a rotation starts to be announced, then each day while a finding counts days", () => {
    // Rotated 2026-09-14 every 30 days: due 2026-10-14, announced from 2026-09-30 (14 days ahead).
    const rotation = "    rotation: 30d\n    rotated: 2026-09-14\n";
    expect(through(rotation, "2026-09-20")).toBe("2026-09-29");
    expect(through(rotation, "2026-09-29")).toBe("2026-09-29");
    expect(through(rotation, "2026-10-03")).toBe("2026-10-03");
    expect(through(rotation, "2026-10-20")).toBe("2026-10-20");
  });

  it("sees a review falling due and a recorded date that is still to come", () => {
    expect(through("    review: 90d\n    reviewed: 2026-09-01\n", "2026-11-20")).toBe("2026-11-30");
    expect(through("    rotation: 30d\n    rotated: 2026-12-10\n", "2026-12-01")).toBe("2026-12-09");
  });

  it("looks a month ahead at most, and not at all without a date", () => {
    expect(through("", "2026-12-01")).toBe(plus("2026-12-01", STABLE_HORIZON_DAYS));
    expect(through("    rotation: 30d\n    rotated: 2026-09-14\n", undefined)).toBeNull();
  });

  it("ignores a dated rule the user turned off", () => {
    const rotation = "    rotation: 30d\n    rotated: 2026-09-14\n";
    expect(through(rotation, "2026-10-20", { "rotation-overdue": "off" })).toBe(plus("2026-10-20", STABLE_HORIZON_DAYS));
  });
});
