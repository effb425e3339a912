import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { ExtractResult } from "../model.js";
import { fastParseAll, setFastYamlEnabled } from "./fast-yaml.js";
import { EXTRACTORS } from "./index.js";
import { SHARED, sharedAvailable } from "../../../test/paths.js";

/**
 * The fast reader must be invisible: where it accepts a file, `yaml` finds no error and builds the
 * same tree, and every extractor reports exactly what it reports with the fast reader off.
 *
 * Compared per node: kind, flow style, and per scalar the value, type, source, format and
 * `range[0..1]`; per collection `range[0]`. Not compared: comments, `spaceBefore` and the node
 * *ends* (`range[2]`, a collection's `range[1..2]`), which `yaml` stretches over trailing comment
 * lines; no extractor reads them (they read a scalar's start/end and a collection's start).
 */

const REPO = join(import.meta.dirname, "../../..");
const SHARED_CORPORA = join(SHARED, "corpora");
const sharedPresent = sharedAvailable("comparing the fast YAML path with yaml over the shared corpora", SHARED_CORPORA);
const ROOTS = [join(REPO, "fixtures"), ...(sharedPresent ? [SHARED_CORPORA] : [])];

function norm(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isScalar(node)) {
    return { value: node.value, type: node.type, source: node.source, range: node.range?.slice(0, 2), format: node.format, mfd: node.minFractionDigits };
  }
  if (isMap(node)) return { map: node.items.map((p) => [norm(p.key), norm(p.value)]), start: node.range?.[0], flow: node.flow === true };
  if (isSeq(node)) return { seq: node.items.map(norm), start: node.range?.[0], flow: node.flow === true };
  return { other: String(node) };
}

/** Null when the fast reader declines; otherwise both trees and whether `yaml` saw an error. */
function compareTrees(text: string): { fast: unknown; slow: unknown; errors: string[] } | null {
  const fast = fastParseAll(text);
  if (fast === null) return null;
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  const slow = Array.isArray(docs) ? docs : [];
  return {
    fast: fast.map((d) => norm(d.contents)),
    slow: slow.map((d) => norm(d.contents)),
    errors: slow.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.code)),
  };
}

function extractAll(path: string, text: string): Record<string, ExtractResult> {
  const out: Record<string, ExtractResult> = {};
  for (const extractor of EXTRACTORS) if (extractor.matches(path)) out[extractor.id] = extractor.extract({ path, text });
  return out;
}

function differential(path: string, text: string): { fast: unknown; slow: unknown } {
  setFastYamlEnabled(true);
  const fast = extractAll(path, text);
  setFastYamlEnabled(false);
  const slow = extractAll(path, text);
  setFastYamlEnabled(true);
  return { fast, slow };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/i.test(entry)) out.push(p);
  }
  return out;
}

afterEach(() => setFastYamlEnabled(true));

describe("fastParseAll on its own", () => {
  it("reads the subset into yaml's nodes", () => {
    const text = [
      "apiVersion: v1 # c",
      "kind: Secret",
      "data:",
      "  a  : 0x1F",
      "  'b''c': \"x\\ty\\u00e9\"",
      "  f: 1.50",
      "list:",
      "- k: v",
      "  n:",
      "-",
      "- ~",
      "- [a, \"b\", {c: d}]",
      "run: |",
      "  echo $TOKEN",
      "",
      "   more",
      "fold: >-",
      "  p",
      "  q",
      "---",
      "x: true",
    ].join("\n");
    const result = compareTrees(text);
    expect(result).not.toBeNull();
    expect(result?.errors).toEqual([]);
    expect(result?.fast).toEqual(result?.slow);
    expect((result?.fast as unknown[]).length).toBe(2);
  });

  it.each([
    ["an anchor", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !secret x\n"],
    ["a tab", "a:\n\tb: 1\n"],
    ["CRLF", "a: 1\r\nb: 2\r\n"],
    ["a plain continuation holding `: `", "a: one\n  two: three\n"],
    ["a multi-line quoted scalar", "a: \"one\n  two\"\n"],
    ["an explicit key", "? a\n: b\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["an empty document", "a: 1\n---\n"],
    ["a lone marker", "---\n# just a comment\n"],
    ["a bad indentation", "a:\n  b: 1\n c: 2\n"],
    ["a value with `: `", "a: b: c\n"],
    ["an unclosed flow sequence", "a: [1, 2\n"],
    ["an indentation indicator", "a: |2\n   x\n"],
    ["a bad escape", "a: \"\\q\"\n"],
  ])("declines %s", (_what, text) => {
    expect(fastParseAll(text)).toBeNull();
  });

  it.each([
    ["a map value", "a: one\n  two\n   three  \nb: 1\n"],
    ["a map value under a sequence item", "- k: one\n   two\n- x\n"],
    ["a sequence item", "a:\n- one\n two\n-  three\n   four\n"],
    ["blank lines inside", "a: one\n\n  two\n\n\n  three\nb: 1\n"],
    ["a number that is a string once folded", "a: 1\n  2\n"],
    ["URLs and brackets inside the text", "a: see http://x:80/y\n  and [docs] {here}\n"],
    ["continuations that start with indicators", "a: one\n  - two\n  [x]\n  &y\n  ? z\n  'q'\nb: 1\n"],
    ["kubectl's wrapped shell command", "args:\n- /bin/cp /usr/local/bin/argocd /var/run/argocd/argocd && /bin/ln -sf /var/run/argocd/argocd\n  /var/run/argocd/argocd-cmp-server\ncommand:\n- sh\n"],
  ])("reads a multi-line plain scalar as %s", (_what, text) => {
    const result = compareTrees(text);
    expect(result).not.toBeNull();
    expect(result?.errors).toEqual([]);
    expect(result?.fast).toEqual(result?.slow);
  });

  it.each([
    ["an empty flow mapping", "resources:\n  {}\nb: 1\n"],
    ["a flow sequence after a comment", "rules: # none yet\n  # really\n  []\n"],
    ["a plain scalar over two lines", "a:\n  one\n two\nb: 1\n"],
    ["quoted scalars, one under a list item", "a:\n  'q'\nb:\n-\n  \"r\" # c\n"],
    ["block scalars as list items", "args:\n- |\n  set -e\n\n  make\n- >- # folded\n   a\n   b\n- run: 1\n"],
  ])("reads a value that is not a mapping where a list item or a key's value starts: %s", (_what, text) => {
    const result = compareTrees(text);
    expect(result).not.toBeNull();
    expect(result?.errors).toEqual([]);
    expect(result?.fast).toEqual(result?.slow);
  });

  it.each([
    ["a comment line", "a: one\n  # c\n  two\n"],
    ["a continuation no deeper than its mapping", "a:\n  b: one\n  two\n"],
    ["a continuation after a comment on the first line", "a: one # c\n  two\n"],
    ["a key under a flow value on its own line", "a:\n  {}\n  x: 1\n"],
  ])("declines a plain scalar broken by %s, as yaml reports it", (_what, text) => {
    expect(parseAllDocuments(text).some((doc) => doc.errors.length > 0)).toBe(true);
    expect(fastParseAll(text)).toBeNull();
  });

  it("builds nodes that yaml's own helpers and methods read as it reads constructed ones", () => {
    const text = "a: 1\nb:\n- x\n- {k: v}\nc: |\n  t\n";
    const fast = fastParseAll(text)?.[0];
    const slow = parseAllDocuments(text)[0];
    expect(fast?.toJS()).toEqual(slow?.toJS());
    const root = fast?.contents as YAMLMap<Scalar, unknown>;
    expect(root).toBeInstanceOf(YAMLMap);
    expect(isMap(root) && isPair(root.items[0]) && isScalar(root.get("a", true)) && isSeq(root.get("b"))).toBe(true);
    expect(root.get("b")).toBeInstanceOf(YAMLSeq);
    expect(root.schema?.name).toBe("core");
    expect(root.schema?.name).toBe((slow?.contents as YAMLMap).schema?.name);
    const copy = root.clone();
    expect(isMap(copy) && isNode(copy.get("c", true)) && copy.toJSON()).toEqual(root.toJSON());
    expect(String(root.get("a", true))).toBe("1");
  });

  it("can be switched off", () => {
    setFastYamlEnabled(false);
    expect(fastParseAll("a: 1\n")).toBeNull();
    setFastYamlEnabled(true);
    expect(fastParseAll("a: 1\n")).not.toBeNull();
  });
});

describe("fast path equals yaml over the fixtures and shared corpora", () => {
  const files = ROOTS.flatMap((root) => yamlFiles(root));

  it.skipIf(!sharedPresent)("finds the corpus", () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it("builds the same tree wherever it accepts, and accepts only valid files", () => {
    let accepted = 0;
    for (const file of files) {
      const result = compareTrees(readFileSync(file, "utf8"));
      if (result === null) continue;
      accepted++;
      expect({ file, errors: result.errors }).toEqual({ file, errors: [] });
      expect({ file, tree: result.fast }).toEqual({ file, tree: result.slow });
    }
    // The fast path must actually be taken, or this test proves nothing.
    expect(accepted).toBeGreaterThan(files.length / 2);
  });

  it("gives every extractor the same refs, diagnostics and credentials", () => {
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const rel = relative(REPO, file).replace(/\\/g, "/");
      // Each file also under the paths that route it to the YAML extractors.
      for (const path of [rel, "k8s/app.yaml", "docker-compose.yml", ".gitlab-ci.yml", ".github/workflows/ci.yml", "azure-pipelines.yml", ".circleci/config.yml"]) {
        const { fast, slow } = differential(path, text);
        expect({ file, path, out: fast }).toEqual({ file, path, out: slow });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated documents

const WORDS = ["name", "key", "secretKeyRef", "secretRef", "secretName", "secrets", "data", "stringData", "kind", "metadata", "env", "value", "services", "source", "run", "on", "jobs", "steps", "variables", "a.b", "x-y", "1", "true", "null", "~", "on"];
const PLAIN_VALUES = [
  "Secret", "db-password", "$API_TOKEN", "${DB_PASSWORD}", "${{ secrets.NPM_TOKEN }}", "http://x:80/y", "a:b", "a#b", "0x1F", "0o17", "1.50", "-3", "1e3",
  ".inf", ".NaN", "yes", "True", "NULL", "~", "c2VjcmV0", "-x", "?y", ":z", "echo \"$GITHUB_TOKEN\"", "100%", "é ü",
];
const QUOTED_VALUES = ["'it''s'", "''", "\"\"", "\"a\\tb\\n\"", "\"\\x41\\u00e9\\\"\"", "\"$SECRET_KEY\"", "'${{ secrets.X }}'", "\"a: b # c\""];

type Tree = string | { map: Array<[string, Tree]> } | { seq: Tree[] } | { block: string[]; header: string } | { flow: string } | { folded: string[] };

const scalarArb = fc.oneof(fc.constantFrom(...PLAIN_VALUES), fc.constantFrom(...QUOTED_VALUES));
const keyArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom("\"quoted key\"", "'q'", "\"secrets\"") });
const blockArb = fc.record({
  header: fc.constantFrom("|", "|-", "|+", ">", ">-", ">+", "| # c"),
  block: fc.array(fc.constantFrom("echo $TOKEN", "", "  indented ${{ secrets.A }}", "# not a comment", "x: y"), { minLength: 1, maxLength: 5 }),
});
/** A plain scalar continued over more lines (blank ones included), and continuations `yaml` may read otherwise. */
const foldedArb = fc.tuple(
  fc.constantFrom("one", "http://x:80/y", "1", "a b"),
  fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom("two", "", "3 4", "[x] {y}", "x:y", "- z", "'q'", "&a *b") },
      { weight: 1, arbitrary: fc.constantFrom("x: y", ": y", "# c", "a #b", "c:") },
    ),
    { minLength: 1, maxLength: 4 },
  ),
).map(([first, rest]) => ({ folded: [first, ...rest] }));
const flowArb = fc.constantFrom("[]", "{}", "[a, b]", "[ \"x\" , 'y', 1 ]", "{k: v, \"q\": [1, 2]}", "[main, 'release/*']", "{a: {b: c}}");

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: scalarArb },
    { weight: 1, arbitrary: blockArb },
    { weight: 1, arbitrary: flowArb.map((flow) => ({ flow })) },
    { weight: 1, arbitrary: foldedArb },
    { weight: 2, arbitrary: fc.array(fc.tuple(keyArb, tie("tree")), { minLength: 1, maxLength: 4 }).map((map) => ({ map })) },
    { weight: 2, arbitrary: fc.array(tie("tree"), { minLength: 1, maxLength: 4 }).map((seq) => ({ seq })) },
  ),
})).tree;

interface Style {
  step: number;
  comments: boolean;
  blank: boolean;
  seqIndented: boolean;
  /** Scalars and flow collections on the line below their key or `-`. */
  below: boolean;
}

/** Renders a tree as block YAML; `at` is the column where the node's block lines start. */
function render(tree: Tree, at: number, style: Style, lines: string[], lead: string): void {
  const pad = " ".repeat(at);
  const comment = style.comments ? " # note" : "";
  if (typeof tree === "string" || "flow" in tree) {
    lines.push(`${lead}${typeof tree === "string" ? tree : tree.flow}${comment}`);
    return;
  }
  if ("block" in tree) {
    lines.push(`${lead}${tree.header}`);
    for (const l of tree.block) lines.push(l === "" ? "" : `${pad}${" ".repeat(style.step)}${l}`);
    return;
  }
  if ("folded" in tree) {
    const [first, ...rest] = tree.folded;
    lines.push(`${lead}${first}`);
    for (const l of rest) lines.push(l === "" ? "" : `${pad}${" ".repeat(style.step)}${l}`);
    return;
  }
  const items = "map" in tree ? tree.map : tree.seq.map((v) => [null, v] as const);
  let first = lead;
  for (const [key, value] of items) {
    if (style.blank && lines.length > 0) lines.push("");
    if (style.comments) lines.push(`${pad}# about ${key ?? "item"}`);
    const prefix = key === null ? `${first}- ` : `${first}${key}:`;
    first = pad;
    if (style.below && (typeof value === "string" || "flow" in value || "folded" in value)) {
      lines.push(prefix.trimEnd());
      render(value, at + style.step, style, lines, " ".repeat(at + style.step));
    } else if (typeof value === "string" || "flow" in value || "block" in value || "folded" in value) {
      render(value, at + (key === null ? 2 : 0), style, lines, key === null ? prefix : `${prefix} `);
    } else if (key === null && "map" in value) {
      render(value, at + 2, style, lines, prefix); // `- key: value`
    } else {
      lines.push(key === null ? prefix.trimEnd() : prefix);
      const inner = key !== null && "seq" in value && !style.seqIndented ? at : at + style.step;
      render(value, inner, style, lines, " ".repeat(inner));
    }
  }
}

const styleArb = fc.record({ step: fc.integer({ min: 2, max: 4 }), comments: fc.boolean(), blank: fc.boolean(), seqIndented: fc.boolean(), below: fc.boolean() });

const docArb = fc.tuple(fc.array(fc.tuple(treeArb, styleArb), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([docs, leadingMarker]) => {
  const parts = docs.map(([tree, style]) => {
    const lines: string[] = [];
    render(typeof tree === "string" || "flow" in tree || "block" in tree || "folded" in tree ? { map: [["value", tree]] } : tree, 0, style, lines, "");
    return lines.join("\n");
  });
  return `${leadingMarker ? "---\n" : ""}${parts.join("\n---\n")}\n`;
});

const MUTATIONS = ["\t", "&a ", "*a", "!t ", "? ", "|2", "\r", " ", "  ", ":", ": ", "- ", " #", "'", "\"", "[", "{", "}", "]", ",", "\n", "...", "---", "%", ">", "|", "\\", "<<: ", "\u00a0", "\ufeff"];
const nearMissArb = fc.tuple(docArb, fc.nat(), fc.constantFrom(...MUTATIONS), fc.boolean()).map(([text, at, insert, remove]) => {
  const i = at % (text.length + 1);
  return remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
});

function checkText(text: string): boolean {
  const result = compareTrees(text);
  if (result !== null) {
    expect(result.errors).toEqual([]);
    expect(result.fast).toEqual(result.slow);
  }
  for (const path of ["k8s/app.yaml", "docker-compose.yml", ".gitlab-ci.yml", ".github/workflows/ci.yml"]) {
    const { fast, slow } = differential(path, text);
    expect(fast).toEqual(slow);
  }
  return result !== null;
}

describe("fast path equals yaml over generated documents", () => {
  it("on documents in the subset", () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(docArb, (text) => {
        total++;
        if (checkText(text)) accepted++;
      }),
      { numRuns: 1500 },
    );
    // Most of the generated subset must take the fast path, or the comparison proves little.
    expect(accepted).toBeGreaterThan(total * 0.6);
  });

  it("on near misses, which it must decline or read exactly as yaml does", () => {
    fc.assert(
      fc.property(nearMissArb, (text) => {
        checkText(text);
      }),
      { numRuns: 2500 },
    );
  });
});
