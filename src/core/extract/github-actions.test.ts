import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExtractResult, SecretRef } from "../model.js";
import { githubActions } from "./github-actions.js";
import { analyzeExpression, findExpressions } from "./github-actions/expression.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/extract/github-actions/", import.meta.url));

function load(name: string): { text: string; result: ExtractResult } {
  const text = readFileSync(FIXTURES + name, "utf8");
  return { text, result: githubActions.extract({ path: `fixtures/${name}`, text }) };
}

/** The shape every case asserts on: what was found and exactly where. */
function places(refs: readonly SecretRef[]): Array<Pick<SecretRef, "kind" | "name"> & { line: number; column: number }> {
  return refs.map((ref) => ({ kind: ref.kind, name: ref.name, line: ref.location.line, column: ref.location.column }));
}

const ref = (name: string, line: number, column: number) => ({ kind: "reference" as const, name, line, column });

describe("githubActions.matches", () => {
  it.each([
    [".github/workflows/ci.yml", true],
    [".github/workflows/release.yaml", true],
    ["services/api/.github/workflows/ci.yml", true],
    [".github/workflows/nested/ci.yml", false],
    [".github/workflows/README.md", false],
    ["action.yml", true],
    ["actions/publish/action.yaml", true],
    ["actions/publish/my-action.yml", false],
    [".gitlab-ci.yml", false],
  ])("%s → %s", (path, expected) => {
    expect(githubActions.matches(path)).toBe(expected);
  });
});

describe("githubActions.extract", () => {
  it("finds env at workflow, job and step level, and several expressions in one value", () => {
    const { result } = load("env-levels.yml");
    expect(places(result.refs)).toEqual([
      ref("REGISTRY_TOKEN", 8, 23),
      ref("NPM_TOKEN", 14, 22),
      ref("SLACK_WEBHOOK", 19, 30),
      ref("FIRST", 20, 30),
      ref("SECOND", 20, 51),
    ]);
    expect(result.refs.map((r) => r.route)).toEqual([
      "env.REGISTRY_TOKEN",
      "jobs.build.env.NPM_TOKEN",
      "jobs.build.steps[1].env.SLACK_WEBHOOK",
      "jobs.build.steps[1].env.MIXED",
      "jobs.build.steps[1].env.MIXED",
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it("finds secrets in run and with, with or without spaces inside the braces", () => {
    const { result } = load("run-and-with.yml");
    expect(places(result.refs)).toEqual([
      ref("DOCKER_PASSWORD", 10, 24),
      ref("DOCKER_USER", 10, 74),
      ref("RELEASE_TOKEN", 14, 22),
      ref("API_KEY", 15, 23),
    ]);
  });

  it("reads bare and fenced job/step if: as expressions, but not strings inside them", () => {
    const { result } = load("conditions.yml");
    expect(places(result.refs)).toEqual([ref("SLACK_TOKEN", 7, 9), ref("DEPLOY_KEY", 11, 44), ref("FENCED", 14, 17)]);
    expect(result.refs.map((r) => r.route)).toEqual(["jobs.notify.if", "jobs.notify.steps[0].if", "jobs.notify.steps[1].if"]);
  });

  it("finds container and service credentials", () => {
    const { result } = load("containers.yml");
    expect(places(result.refs)).toEqual([
      ref("GHCR_PASSWORD", 12, 23),
      ref("REGISTRY_USER", 17, 25),
      ref("REGISTRY_PASSWORD", 18, 25),
      ref("DB_PASSWORD", 20, 34),
    ]);
    expect(result.refs[1]?.route).toBe("jobs.test.services.db.credentials.username");
  });

  it("finds secrets in job outputs", () => {
    const { result } = load("outputs.yml");
    expect(places(result.refs)).toEqual([ref("SIGNING_KEY", 14, 19)]);
    expect(result.refs[0]?.route).toBe("jobs.sign.outputs.leaked");
  });

  it("reads dot, single-quoted and double-quoted index forms; GITHUB_TOKEN and github.token are platform", () => {
    const { result } = load("index-forms.yml");
    expect(places(result.refs)).toEqual([
      ref("DOT_FORM", 10, 20),
      ref("SINGLE_FORM", 11, 23),
      ref("DOUBLE_FORM", 12, 23),
      ref("upper_context", 13, 22),
      { kind: "platform", name: "GITHUB_TOKEN", line: 14, column: 24 },
      { kind: "platform", name: "GITHUB_TOKEN", line: 15, column: 26 },
      ref("PRIMARY", 16, 26),
      ref("FALLBACK", 16, 45),
    ]);
    // GitHub's lexer has no double-quoted strings: the file gets a diagnostic at the `${{`.
    expect(result.diagnostics.map((d) => [d.location.line, d.location.column])).toEqual([[12, 19]]);
    expect(result.diagnostics[0]?.message).toMatch(/cannot parse this expression/);
  });

  it("marks whole-map and computed-index uses as overbroad with no name", () => {
    const { result } = load("overbroad.yml");
    expect(result.refs.map((r) => ({ kind: r.kind, name: r.name, overbroad: r.overbroad, line: r.location.line, column: r.location.column }))).toEqual([
      { kind: "overbroad", name: null, overbroad: "tojson", line: 13, column: 27 },
      { kind: "overbroad", name: null, overbroad: "tojson", line: 14, column: 43 },
      { kind: "overbroad", name: null, overbroad: "tojson", line: 15, column: 28 },
      { kind: "overbroad", name: null, overbroad: "dynamic-index", line: 16, column: 26 },
      { kind: "overbroad", name: null, overbroad: "dynamic-index", line: 17, column: 26 },
      { kind: "overbroad", name: null, overbroad: "tojson", line: 18, column: 28 },
    ]);
  });

  it("reads a reusable-workflow call's secrets map, secrets: inherit and literal environments", () => {
    const { result } = load("reusable-caller.yml");
    expect(places(result.refs)).toEqual([
      ref("DEPLOY_TOKEN", 10, 18),
      ref("NPM_TOKEN", 11, 16),
      { kind: "overbroad", name: null, line: 14, column: 5 },
      ref("STAGING_KEY", 21, 30),
      ref("TARGET_KEY", 26, 30),
    ]);
    expect(result.refs.map((r) => [r.route, r.environment, r.overbroad])).toEqual([
      ["jobs.deploy.secrets.token", "production", undefined],
      ["jobs.deploy.secrets.npm", "production", undefined],
      ["jobs.everything.secrets", undefined, "inherit"],
      ["jobs.staged.steps[0].run", "staging", undefined],
      // `environment: ${{ inputs.target }}` is decided at run time: no environment is claimed.
      ["jobs.dynamic-env.steps[0].run", undefined, undefined],
    ]);
  });

  it("records on.workflow_call secret declarations at their keys, quoted or not", () => {
    const { result } = load("reusable-callee.yml");
    expect(places(result.refs)).toEqual([
      { kind: "declaration", name: "DEPLOY_TOKEN", line: 9, column: 7 },
      { kind: "declaration", name: "QUOTED_NAME", line: 12, column: 8 },
      { kind: "declaration", name: "OPTIONAL_KEY", line: 14, column: 7 },
      ref("DEPLOY_TOKEN", 22, 22),
    ]);
    expect(result.refs[1]?.route).toBe("on.workflow_call.secrets.QUOTED_NAME");
  });

  it("reports an anchored value once, however many aliases and merge keys repeat it", () => {
    const { result } = load("aliases.yml");
    expect(places(result.refs)).toEqual([ref("API_TOKEN", 6, 18), ref("EXTRA", 19, 18), ref("UPLOAD_KEY", 22, 31)]);
  });

  it("keeps exact positions inside literal, folded, plain and quoted multi-line scalars", () => {
    const { result } = load("multiline.yml");
    expect(places(result.refs)).toEqual([
      ref("LITERAL_ONE", 12, 46),
      ref("LITERAL_TWO", 13, 41),
      ref("FOLDED_KEY", 17, 23),
      ref("FOLDED_REGION", 18, 24),
      ref("PLAIN_TOKEN", 21, 23),
      ref("PLAIN_CHANNEL", 22, 25),
      ref("QUOTED_KEY", 24, 28),
      ref("QUOTED_PASS", 25, 22),
      ref("SINGLE_KEY", 27, 26),
      ref("SPANNING", 31, 13),
    ]);
  });

  it("reads flow mappings, flow steps and quoted keys", () => {
    const { result } = load("flow.yml");
    expect(places(result.refs)).toEqual([
      ref("FLOW_TOKEN", 8, 26),
      ref("FLOW_OTHER", 8, 64),
      ref("INLINE_STEP", 10, 45),
      ref("CACHE_TOKEN", 12, 54),
      ref("QUOTED_KEY_VALUE", 13, 30),
    ]);
    expect(result.refs.map((r) => r.route)).toEqual([
      "jobs.flow.env.TOKEN",
      "jobs.flow.env.OTHER",
      "jobs.flow.steps[0].run",
      "jobs.flow.steps[1].with.token",
      "jobs.flow.steps[2].run",
    ]);
  });

  it("ignores YAML comments but not shell comments, and not script text outside ${{ }}", () => {
    const { result } = load("comments.yml");
    expect(places(result.refs)).toEqual([ref("SHELL_COMMENT", 12, 44), ref("REAL_KEY", 15, 20), ref("SCRIPT_VALUE", 20, 49)]);
  });

  it("recovers secrets after a YAML error, outside comments, and says the file is broken", () => {
    const { result } = load("broken.yml");
    expect(places(result.refs)).toEqual([
      ref("BEFORE_BREAK", 9, 19),
      ref("FLOW_UNQUOTED", 12, 26),
      ref("AFTER_BREAK", 14, 29),
      ref("AFTER_CONDITION", 15, 13),
    ]);
    expect(result.refs.map((r) => r.route)).toEqual([
      "jobs.build.env.BEFORE",
      "jobs.build.steps[0].with",
      "jobs.build.steps[1].run",
      "jobs.build.steps[1].if",
    ]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.location).toEqual({ file: "fixtures/broken.yml", line: 12, column: 23 });
    expect(result.diagnostics[0]?.message).toMatch(/^Invalid YAML: .*fix the YAML syntax/);
  });

  it("gets through starter-workflow placeholders", () => {
    const { result } = load("starter-placeholders.yml");
    expect(places(result.refs)).toEqual([ref("PLATFORM_TOKEN", 14, 22)]);
    expect(result.diagnostics).toEqual([]);
  });

  it("reads composite action metadata, including a bare step if:", () => {
    const { result } = load("composite/action.yml");
    expect(places(result.refs)).toEqual([
      ref("REGISTRY_TOKEN", 6, 18),
      ref("COMPOSITE_FALLBACK", 14, 23),
      ref("COMPOSITE_CONDITION", 15, 11),
    ]);
    expect(result.refs.map((r) => r.route)).toEqual(["inputs.token.default", "runs.steps[0].env.FALLBACK", "runs.steps[1].if"]);
  });

  it("reports an unclosed expression without losing the secret in it", () => {
    const result = githubActions.extract({ path: "w.yml", text: "env:\n  A: x ${{ secrets.OPEN\n" });
    expect(places(result.refs)).toEqual([ref("OPEN", 2, 12)]);
    expect(result.diagnostics.map((d) => [d.location.line, d.location.column, /Unclosed/.test(d.message)])).toEqual([[2, 8, true]]);
  });

  it("never echoes expression text (which may hold a literal credential) in a diagnostic", () => {
    const result = githubActions.extract({ path: "w.yml", text: 'env:\n  A: ${{ secrets["X"] || "hunter2-literal" }}\n' });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message).not.toContain("hunter2");
  });

  it("reads any input without an internal error, and every reference points at a `secrets` word in the text", () => {
    // extract() catches its own exceptions and turns them into an "Internal error" diagnostic, so
    // "does not throw" would hold whatever the code did; what must hold is that the catch is never
    // needed and that each reference is really where it says.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "\n", ":", "-", "{", "}", "$", "'", '"', "#", "|", "&", "*", "[", "]", "secrets", ".", "${{ ", " }}", "env", "X") }), (text) => {
        const result = githubActions.extract({ path: ".github/workflows/x.yml", text });
        expect(result.diagnostics.filter((d) => /Internal error/.test(d.message))).toEqual([]);
        const lines = text.split("\n");
        for (const found of result.refs) {
          const line = lines[found.location.line - 1];
          expect(line, JSON.stringify(found)).toBeDefined();
          const at = (line ?? "").slice(found.location.column - 1);
          expect(at.startsWith("secrets") || at.startsWith("github") || (found.name !== null && at.startsWith(found.name)), `${JSON.stringify(found)} in ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("expression helpers", () => {
  it("does not close an expression on }} inside a string literal", () => {
    const spans = findExpressions("a ${{ format('}}', secrets.X) }} b");
    expect(spans.map((s) => [s.start, s.end, s.body])).toEqual([[2, 32, " format('}}', secrets.X) "]]);
  });

  it("finds secrets used as an index of another expression and inside function arguments", () => {
    const uses = analyzeExpression("contains(fromJSON(inputs.list), secrets.A) && env[secrets.B]").uses;
    expect(uses.map((u) => [u.kind, "name" in u ? u.name : u.overbroad, u.offset])).toEqual([
      ["reference", "A", 32],
      ["reference", "B", 50],
    ]);
  });

  it("does not mistake a property named secrets for the context", () => {
    expect(analyzeExpression("github.event.secrets.X").uses).toEqual([]);
  });
});
