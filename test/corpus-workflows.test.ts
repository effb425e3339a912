import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExtractResult, SecretRef } from "../src/core/model.js";
import { githubActions } from "../src/core/extract/github-actions.js";
import { sharedAvailable } from "./paths.js";
import { WORKFLOW_CORPUS as CORPUS, yamlFiles } from "./support/corpus.js";

const present = sharedAvailable("the GitHub Actions corpus tests", CORPUS);

/*
 * The shared corpus: zizmor's and actionlint's test inputs (many deliberately broken) and GitHub's
 * starter workflows, with a ground truth per file × secret name.
 */

/**
 * Ground-truth rows whose regex count is not the true count. Each one is explained; none is
 * skipped silently.
 */
const EXCEPTIONS = new Map<string, { count: number; why: string }>([
  [
    "starter-workflows/deployments/openshift.yml\tIMAGE_REGISTRY_PASSWORD",
    {
      count: 1,
      // Documented in shared/README.md: line 103 is `secrets["IMAGE_REGISTRY_PASSWORD"] = ...`
      // inside a github-script `script:` string, outside `${{ }}`: JavaScript, not an expression.
      why: "regex false positive in a JavaScript script: string",
    },
  ],
]);

interface GroundTruthRow {
  readonly file: string;
  readonly name: string;
  readonly regexCount: number;
  readonly parserCount: number;
}

function groundTruth(): GroundTruthRow[] {
  return readFileSync(join(CORPUS, "GROUND_TRUTH.tsv"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [file = "", name = "", regexCount = "", , , parserCount = ""] = line.split("\t");
      return { file, name, regexCount: Number(regexCount), parserCount: Number(parserCount) };
    });
}

/** The text a ref's location points at. */
function textAt(text: string, found: SecretRef, length: number): string {
  const line = text.split("\n")[found.location.line - 1] ?? "";
  return line.slice(found.location.column - 1, found.location.column - 1 + length);
}

/**
 * What the ground truth's regex counts: `secrets.NAME` / `secrets['NAME']` written in the file.
 * Declarations (YAML keys) and `github.token` (no `secrets` word) are not such uses.
 */
function isTextualSecretsUse(text: string, found: SecretRef): boolean {
  return (found.kind === "reference" || found.kind === "platform") && textAt(text, found, 7).toLowerCase() === "secrets";
}

describe.skipIf(!present)("GitHub Actions corpus", () => {
  const files = present ? yamlFiles(CORPUS) : [];
  const results = new Map<string, { text: string; result: ExtractResult }>();
  const started = performance.now();
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    const file = relative(CORPUS, path).split("\\").join("/");
    results.set(file, { text, result: githubActions.extract({ path: file, text }) });
  }
  const elapsed = performance.now() - started;
  // Reported, never asserted: timings depend on the machine.
  console.log(`github-actions corpus: ${files.length} files in ${elapsed.toFixed(0)} ms (${(files.length / (elapsed / 1000)).toFixed(0)} files/s)`);

  it("reads every workflow and action file in the corpus", () => {
    expect(files.length).toBeGreaterThan(800);
    expect(results.size).toBe(files.length);
  });

  it("points every ref at the secrets word, github.token at github, declarations at the name", () => {
    const wrong: string[] = [];
    for (const [file, { text, result }] of results) {
      for (const found of result.refs) {
        const ok =
          found.kind === "declaration"
            ? textAt(text, found, found.name?.length ?? 0) === found.name
            : textAt(text, found, 7).toLowerCase() === "secrets" || (found.kind === "platform" && textAt(text, found, 6).toLowerCase() === "github");
        if (!ok) wrong.push(`${file}:${found.location.line}:${found.location.column} ${found.kind} ${found.name}`);
        expect(found.location.file).toBe(file);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reports each place once", () => {
    for (const [file, { result }] of results) {
      const places = result.refs.map((found) => `${found.location.line}:${found.location.column}`);
      expect(new Set(places).size, file).toBe(places.length);
    }
  });

  it("counts the same textual uses per file and name as the ground truth, and no others", () => {
    const expected = new Map<string, number>();
    for (const row of groundTruth()) {
      const key = `${row.file}\t${row.name}`;
      expected.set(key, EXCEPTIONS.get(key)?.count ?? row.regexCount);
    }
    const actual = new Map<string, number>();
    for (const [file, { text, result }] of results) {
      for (const found of result.refs) {
        if (!isTextualSecretsUse(text, found) || found.name === null) continue;
        const key = `${file}\t${found.name.toUpperCase()}`;
        actual.set(key, (actual.get(key) ?? 0) + 1);
      }
    }
    // Rows with a zero count (names seen only on comment lines) must stay at zero.
    for (const [key, count] of expected) expect(actual.get(key) ?? 0, key).toBe(count);
    for (const [key, count] of actual) expect(expected.get(key), key).toBe(count);
  });

  it("finds every secret name that GitHub's own workflow parser found", () => {
    // The parser (column 6) drops invalid subtrees and repeats aliases, so only presence is
    // comparable: whatever it saw, we must have seen.
    const missed = groundTruth()
      .filter((row) => row.parserCount > 0)
      .filter((row) => {
        const entry = results.get(row.file);
        return !entry?.result.refs.some((found) => found.name?.toUpperCase() === row.name);
      });
    expect(missed).toEqual([]);
  });

  it("gives broken YAML a diagnostic with a place and never a crash", () => {
    const broken = [...results].filter(([, { result }]) => result.diagnostics.length > 0);
    expect(broken.map(([file]) => file)).toEqual(
      expect.arrayContaining(["actionlint/testdata/examples/broken_yaml.yaml", "zizmor/crates/zizmor/tests/integration/test-data/invalid/bad-yaml-2.yml"]),
    );
    for (const [file, { result }] of broken) {
      for (const diagnostic of result.diagnostics) {
        expect(diagnostic.location.file).toBe(file);
        expect(diagnostic.location.line).toBeGreaterThanOrEqual(1);
        expect(diagnostic.message.length).toBeGreaterThan(20);
      }
    }
  });
});
