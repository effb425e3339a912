import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { githubActions } from "../src/core/extract/github-actions.js";
import { sharedAvailable } from "./paths.js";
import { WORKFLOW_CORPUS as CORPUS, yamlFiles } from "./support/corpus.js";

const present = sharedAvailable("the workflow-parser oracle tests", CORPUS);
import type { SecretRef } from "../src/core/model.js";
import { loadWorkflowParser } from "./support/workflow-parser-oracle.js";
import type { OracleRef, OracleResult } from "./support/workflow-parser-oracle.js";

/*
 * GitHub's workflow parser is the reference for what a workflow means, but it is not in the scan
 * path (see the top of src/core/extract/github-actions.ts). Here it is the oracle: every secret
 * it finds in the shared corpus, the extractor must find too, on the same lines. The extractor
 * may find more: the parser drops subtrees that fail its schema and whole files it cannot read.
 */

/**
 * Extractor refs comparable with the oracle's: named uses anchored on the word `secrets`.
 * `github.token` (also reported as GITHUB_TOKEN) and `on.workflow_call.secrets` declarations are
 * not `secrets.X` accesses, so they must not stand in for one.
 */
function secretsAccesses(text: string, refs: readonly SecretRef[]): SecretRef[] {
  const lines = text.split("\n");
  return refs.filter((found) => {
    if (found.name === null || (found.kind !== "reference" && found.kind !== "platform")) return false;
    const line = lines[found.location.line - 1] ?? "";
    return line.slice(found.location.column - 1, found.location.column + 6).toLowerCase() === "secrets";
  });
}

/** GitHub resolves secret names case-insensitively; the extractor keeps them as written. */
const sameName = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

function onItsLines(oracle: OracleRef, found: SecretRef): boolean {
  if (!sameName(oracle.name, found.name ?? "")) return false;
  // The parser's positions inside multi-line scalars drift, so only the scalar's lines are compared.
  return oracle.lines === undefined || (oracle.lines.first <= found.location.line && found.location.line <= oracle.lines.last);
}

/**
 * Gives every oracle ref its own extractor ref of the same name on its lines (Kuhn's augmenting
 * paths): one extractor ref must not vouch for two oracle refs. Returns what is left on each side.
 */
function match(oracle: readonly OracleRef[], extracted: readonly SecretRef[]): { oracle: OracleRef[]; extracted: SecretRef[] } {
  const owner = new Array<number>(extracted.length).fill(-1);
  const tryAssign = (o: number, visited: Set<number>): boolean => {
    const ref = oracle[o];
    if (ref === undefined) return false;
    for (let e = 0; e < extracted.length; e += 1) {
      const candidate = extracted[e];
      if (candidate === undefined || visited.has(e) || !onItsLines(ref, candidate)) continue;
      visited.add(e);
      const previous = owner[e] ?? -1;
      if (previous < 0 || tryAssign(previous, visited)) {
        owner[e] = o;
        return true;
      }
    }
    return false;
  };
  const oracleLeft = oracle.filter((_, o) => !tryAssign(o, new Set()));
  return { oracle: oracleLeft, extracted: extracted.filter((_, e) => (owner[e] ?? -1) < 0) };
}

interface FileRun {
  readonly file: string;
  readonly oracle: OracleResult;
  readonly extracted: SecretRef[];
}

describe.skipIf(!present)("GitHub's workflow parser as an oracle for the github-actions extractor", () => {
  let runs: FileRun[] = [];
  let elapsed = 0;
  beforeAll(async () => {
    const started = performance.now();
    const readWithWorkflowParser = await loadWorkflowParser();
    runs = yamlFiles(CORPUS).map((path) => {
      const text = readFileSync(path, "utf8");
      const file = relative(CORPUS, path).split("\\").join("/");
      return {
        file,
        oracle: readWithWorkflowParser(file, text),
        extracted: secretsAccesses(text, githubActions.extract({ path: file, text }).refs),
      };
    });
    elapsed = performance.now() - started;
  });

  it("reads the whole corpus with the parser, and the parser finds secrets in it", () => {
    // Guards against a vacuous pass: a broken import or walk would find nothing and match nothing.
    expect(runs.length).toBeGreaterThan(800);
    const parsed = runs.filter((run) => !run.oracle.gaveUp);
    expect(parsed.length).toBeGreaterThan(runs.length / 2);
    expect(parsed.filter((run) => run.oracle.refs.length > 0).length).toBeGreaterThan(100);
  });

  it("counts a place reached through YAML aliases once", () => {
    // The parser resolves `*alias` by yielding the anchored node again, so one `secrets.X` is
    // seen once per alias; the extractor reports the place where the text is. Counting distinct
    // places keeps the comparison fair; this pins that aliases really do repeat in the corpus.
    const repeated = runs.filter((run) => run.oracle.occurrences.length > run.oracle.refs.length);
    expect(repeated.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(new Set(run.oracle.refs.map((ref) => ref.place)).size).toBe(run.oracle.refs.length);
    }
  });

  it("finds every secret the parser finds, at least as often per name", () => {
    const short: string[] = [];
    for (const { file, oracle, extracted } of runs) {
      const names = new Set(oracle.refs.map((ref) => ref.name.toUpperCase()));
      for (const name of names) {
        const expected = oracle.refs.filter((ref) => sameName(ref.name, name)).length;
        const actual = extracted.filter((found) => sameName(found.name ?? "", name)).length;
        if (actual < expected) short.push(`${file} ${name}: parser ${expected}, extractor ${actual}`);
      }
    }
    expect(short).toEqual([]);
  });

  it("reports each of the parser's secrets on a line of the scalar the parser read it from", () => {
    const missed: string[] = [];
    for (const { file, oracle, extracted } of runs) {
      for (const ref of match(oracle.refs, extracted).oracle) {
        missed.push(`${file} ${ref.name} lines ${ref.lines?.first ?? "?"}-${ref.lines?.last ?? "?"}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it("finds more than the parser only where the parser gave up or reported an error on that line", () => {
    // A surplus is explained by the parser itself: it gave up on the file, or it reported an error
    // on the line (an expression using `secrets` where the context is not allowed stays a plain
    // string; a schema violation drops the value).
    const unexplained: string[] = [];
    const surplusFiles = { gaveUp: 0, rejected: 0 };
    let oracleRefs = 0;
    let oracleOccurrences = 0;
    let extractorRefs = 0;
    for (const { file, oracle, extracted } of runs) {
      oracleRefs += oracle.refs.length;
      oracleOccurrences += oracle.occurrences.length;
      extractorRefs += extracted.length;
      const surplus = match(oracle.refs, extracted).extracted;
      if (surplus.length === 0) continue;
      if (oracle.gaveUp) {
        surplusFiles.gaveUp += 1;
        continue;
      }
      surplusFiles.rejected += 1;
      for (const found of surplus) {
        const line = found.location.line;
        const flagged = oracle.errors.some(({ range }) => range !== undefined && range.start.line <= line && line <= range.end.line);
        if (!flagged) unexplained.push(`${file}:${line}:${found.location.column} ${found.name ?? ""}`);
      }
    }
    const gaveUp = runs.filter((run) => run.oracle.gaveUp).length;
    // Reported, never asserted: counts for the record, timings depend on the machine.
    console.log(
      `workflow-parser oracle: ${runs.length} files, parsed ${runs.length - gaveUp}, parser gave up on ${gaveUp}; ` +
        `refs: parser ${oracleRefs} distinct places (${oracleOccurrences} with alias repeats), extractor ${extractorRefs}; ` +
        `extractor found more in ${surplusFiles.gaveUp + surplusFiles.rejected} files ` +
        `(parser gave up: ${surplusFiles.gaveUp}, parser rejected: ${surplusFiles.rejected}); ${elapsed.toFixed(0)} ms`,
    );
    expect(unexplained).toEqual([]);
  });
});
