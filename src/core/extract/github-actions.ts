import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, Node, Scalar } from "yaml";
import type { Diagnostic, Extractor, ExtractResult, Location, SecretRef, SourceFile } from "../model.js";
import { analyzeExpression, findExpressions, mayUseSecrets } from "./github-actions/expression.js";
import { lineStarts, positionAt } from "../lines.js";
import type { ContextWord, SecretUse } from "./github-actions/expression.js";
import { placementOf, readDocumentFacts, type DocumentFacts } from "./github-actions/placement.js";
import { formatRoute, isConditionRoute } from "./github-actions/route.js";
import type { Segment } from "./github-actions/route.js";
import { commentRanges, guessRoute, inRanges } from "./github-actions/text-scan.js";
import { fastParseAll } from "./fast-yaml.js";
import { looksLikeCleanYaml, textGate } from "./shared.js";

/*
 * Design, decided after running both of GitHub's parsers over the shared corpus:
 *
 * - The YAML pass (the `yaml` package, which keeps source ranges) is primary. `@actions/workflow-
 *   parser` drops any subtree that fails its schema (unknown keys, `secrets` where the context is
 *   not allowed) and sometimes the whole file, repeats a reference once per alias, and its token
 *   positions drift inside multi-line scalars. Walking the YAML ourselves sees every scalar once,
 *   at its real place, with the route and the job's `environment:` at hand. The workflow-parser is
 *   therefore not in the extraction path: over the 830-file corpus it took ~900 ms against ~200 ms
 *   for this whole extractor, added nothing the YAML pass lacks, and its JSON schema import breaks
 *   unbundled Node 20. What it finds is recorded in the corpus ground truth, and
 *   test/corpus-workflows.test.ts checks that every name it found is found here too.
 * - `@actions/expressions` (lexer + parser) reads every `${{ }}` and every bare `if:`, so
 *   `secrets.X`, `secrets['X']`, `secrets[expr]` and a bare `secrets` are told apart exactly as the
 *   runner tells them apart.
 * - A scalar's parsed value differs from its source (block indentation, folding, quote escapes).
 *   None of those transformations creates or splits the word `secrets`, so the k-th occurrence of
 *   the word in the value is the k-th occurrence in the scalar's source text: that gives exact
 *   positions without re-implementing YAML scalar folding.
 * - Where the YAML is broken the composer gives up on the rest of the document, so a text pass
 *   picks up every `${{ }}` outside YAML comments and outside scalars already read, and the file
 *   gets a diagnostic saying the YAML is invalid.
 */

const WORKFLOW_PATH = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION_PATH = /(?:^|\/)action\.ya?ml$/;

/**
 * Every ref needs the `secrets` context (references, `secrets: inherit`, `on.workflow_call.secrets`
 * declarations, `toJSON(secrets)`) or `github` with `token` (`github.token`); expression contexts
 * are case-insensitive (`SECRETS.X` works), so the gate is too. 177 of the 830 corpus files pass.
 */
const SECRETS_CONTEXT: ContextWord = "secrets";
const GITHUB_CONTEXT: ContextWord = "github";
const SECRETS_GATE = textGate([SECRETS_CONTEXT], { ignoreCase: true });
const GITHUB_GATE = textGate([GITHUB_CONTEXT], { ignoreCase: true });
const TOKEN_GATE = textGate(["token"], { ignoreCase: true });

export function mayReferenceSecrets(text: string): boolean {
  return SECRETS_GATE(text) || (GITHUB_GATE(text) && TOKEN_GATE(text));
}

/**
 * A file that cannot reference a secret is not parsed. Parsing is also what finds broken YAML and
 * unclosed `${{`, and those diagnostics are worth keeping even without secrets, so a file is only
 * skipped when it also looks plainly well-formed (`looksLikeCleanYaml`, a heuristic: a broken file
 * it misses just goes without the diagnostic) and every `${{` closes on its own line.
 */
function skippable(text: string): boolean {
  if (mayReferenceSecrets(text) || !looksLikeCleanYaml(text)) return false;
  for (let at = text.indexOf("${{"); at >= 0; at = text.indexOf("${{", at + 3)) {
    const end = text.indexOf("\n", at);
    if (findExpressions(text.slice(at, end < 0 ? text.length : end)).some((span) => !span.closed)) return false;
  }
  return true;
}

export const githubActions: Extractor = {
  id: "github-actions",
  description:
    "GitHub Actions workflows and action metadata: secrets.X / secrets['X'] in any expression, github.token, " +
    "secrets: inherit, toJSON(secrets), secrets[expr] and on.workflow_call secret declarations",
  matches(path: string): boolean {
    return WORKFLOW_PATH.test(path) || ACTION_PATH.test(path);
  },
  extract(file: SourceFile): ExtractResult {
    if (skippable(file.text)) return { refs: [], diagnostics: [] };
    const collector = new Collector(file);
    try {
      collector.run();
    } catch (error) {
      // Never throw: whatever was collected before the failure is still returned.
      collector.diagnose(0, `Internal error while reading this file as GitHub Actions YAML (${error instanceof Error ? error.message : String(error)}); references after this point may be missing. Please report this file to the secretowners maintainers.`);
    }
    return collector.result();
  },
};

type TextRange = readonly [number, number];

class Collector {
  private readonly refs: SecretRef[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** Found on the first location asked for. */
  private lineStarts: number[] | undefined;
  /** Source ranges of the scalars the YAML pass read; the text pass leaves them alone. */
  private readonly scanned: TextRange[] = [];
  /** The document being walked; its facts are read on the first reference found in it. */
  private doc: Document | null = null;
  private facts: DocumentFacts | null = null;
  private readonly isAction: boolean;

  constructor(private readonly file: SourceFile) {
    this.isAction = !WORKFLOW_PATH.test(file.path);
  }

  run(): void {
    const text = this.file.text;
    // The fast reader declines anything outside plain block YAML, so broken files still get `yaml`'s errors.
    const documents = fastParseAll(text) ?? parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    let broken = false;
    for (const doc of documents) {
      const first = doc.errors[0];
      if (first !== undefined) {
        broken = true;
        const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML errors)` : "";
        this.diagnose(
          first.pos[0],
          `Invalid YAML: ${first.message.split("\n")[0] ?? first.code}${more}. GitHub cannot run this file; fix the YAML syntax. ` +
            "Secrets after the error were found by a text scan, so their routes are approximate.",
        );
      }
      this.doc = doc;
      this.facts = null;
      this.walk(doc.contents, []);
    }
    if (broken) this.recoverFromText();
  }

  result(): ExtractResult {
    const byPlace = (a: SecretRef, b: SecretRef): number =>
      a.location.line - b.location.line || a.location.column - b.location.column;
    return { refs: [...this.refs].sort(byPlace), diagnostics: this.diagnostics };
  }

  diagnose(offset: number, message: string): void {
    this.diagnostics.push({ source: "github-actions", location: this.locate(offset), message });
  }

  private walk(node: Node | null | undefined, route: Segment[]): void {
    // Aliases are skipped: the anchored node is reported once, where its text is.
    if (node === null || node === undefined || isAlias(node)) return;
    if (isScalar(node)) {
      this.scanScalar(node, route);
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => this.walk(item as Node, [...route, index]));
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!isScalar(key)) {
        this.walk(value, route);
        continue;
      }
      const name = String(key.value);
      const here = [...route, name];
      if (isDeclarationRoute(route)) {
        this.add({ kind: "declaration", name, offset: keyNameOffset(key), route: here });
      } else if (name === "secrets" && isJobRoute(route) && isScalar(value) && value.value === "inherit") {
        this.add({ kind: "overbroad", name: null, overbroad: "inherit", offset: keyNameOffset(key), route: here });
        continue;
      }
      this.walk(value, name === "<<" ? route : here);
    }
  }

  private scanScalar(node: Scalar, route: Segment[]): void {
    const value = node.value;
    const range = node.range;
    if (typeof value !== "string" || range === undefined || range === null) return;
    this.scanned.push([range[0], range[1]]);
    if (!mayUseSecrets(value)) return;
    const bare = isConditionRoute(route) && !value.includes("${{");
    const spans = bare
      ? [{ bodyStart: 0, body: value, closed: true, start: 0 }]
      : findExpressions(value);
    let raw: { start: number; text: string } | undefined;
    for (const span of spans) {
      if (!span.closed) {
        raw ??= scalarSource(this.file.text, node.type, range);
        const at = mapOffset(value, span.start, "${{", raw) ?? range[0];
        this.diagnose(at, "Unclosed `${{` expression: GitHub rejects this value. Add the missing `}}`.");
      }
      if (!mayUseSecrets(span.body)) continue;
      const analysis = analyzeExpression(span.body);
      if (analysis.error !== undefined && analysis.uses.length > 0) {
        // The expression text itself is not echoed: it may hold a literal credential.
        raw ??= scalarSource(this.file.text, node.type, range);
        const at = mapOffset(value, span.start, "${{", raw) ?? range[0];
        this.diagnose(at, `GitHub cannot parse this expression (${firstLine(analysis.error)}); the secrets in it were read from its tokens. Fix the expression.`);
      }
      raw ??= scalarSource(this.file.text, node.type, range);
      for (const use of analysis.uses) {
        const exact = mapOffset(value, span.bodyStart + use.offset, use.word, raw);
        // An escape that rewrote the word (`\x73ecrets`) defeats the mapping: fall back to the
        // scalar's start, keyed apart so two such uses in one scalar are both kept.
        this.addUse(use, exact ?? range[0], route, exact === undefined ? `~${span.bodyStart + use.offset}` : "");
      }
    }
  }

  private addUse(use: SecretUse, offset: number, route: Segment[], discriminator = ""): void {
    if (use.kind === "overbroad") this.add({ kind: "overbroad", name: null, overbroad: use.overbroad, offset, route, discriminator });
    else this.add({ kind: use.kind, name: use.name, offset, route, discriminator });
  }

  private add(found: {
    kind: SecretRef["kind"];
    name: string | null;
    overbroad?: SecretRef["overbroad"];
    offset: number;
    route: readonly Segment[];
    discriminator?: string;
  }): void {
    // One textual place, one ref: the same `secrets` word is never reported twice.
    const key = `${found.offset}${found.discriminator ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const facts = (this.facts ??= this.doc === null ? { jobs: new Map(), actionSteps: [] } : readDocumentFacts(this.doc, this.isAction));
    const jobId = found.route[0] === "jobs" && typeof found.route[1] === "string" ? found.route[1] : undefined;
    const environment = jobId === undefined ? undefined : facts.jobs.get(jobId)?.environmentName;
    const workflow = placementOf(facts, found.route, (offset) => this.locate(offset));
    this.refs.push({
      system: "github-actions",
      kind: found.kind,
      name: found.name,
      ...(found.overbroad === undefined ? {} : { overbroad: found.overbroad }),
      location: this.locate(found.offset),
      route: formatRoute(found.route),
      ...(environment === undefined ? {} : { environment }),
      ...(workflow === undefined ? {} : { workflow }),
    });
  }

  /**
   * The text pass for broken YAML: every `${{ }}` the YAML pass did not read, outside YAML
   * comments, plus bare `if:` lines. Positions are exact (this is the source itself); routes are
   * reconstructed from indentation.
   */
  private recoverFromText(): void {
    const text = this.file.text;
    const comments = commentRanges(text);
    const lines = text.split("\n");
    const covered = (start: number, end: number): boolean =>
      this.scanned.some(([from, to]) => from <= start && end <= to);
    const routeAt = (offset: number): Segment[] => {
      const { line, column } = this.lineColumn(offset);
      return guessRoute(lines, line - 1, column - 1);
    };
    for (const span of findExpressions(text)) {
      if (!mayUseSecrets(span.body) || inRanges(comments, span.start) || covered(span.start, span.end)) continue;
      for (const use of analyzeExpression(span.body).uses) {
        const offset = span.bodyStart + use.offset;
        this.addUse(use, offset, routeAt(offset));
      }
    }
    const condition = /^([ \t]*(?:-[ \t]+)?)if[ \t]*:[ \t]*(.*)$/gm;
    for (const match of text.matchAll(condition)) {
      const body = (match[2] ?? "").replace(/\s+#.*$/, "");
      const start = match.index + (match[0].length - (match[2] ?? "").length);
      if (body.includes("${{") || !mayUseSecrets(body) || inRanges(comments, match.index + (match[1] ?? "").length)) continue;
      if (covered(start, start + body.length)) continue;
      const route = routeAt(start);
      if (!isConditionRoute(route)) continue;
      for (const use of analyzeExpression(body).uses) this.addUse(use, start + use.offset, route);
    }
  }

  private lineColumn(offset: number): { line: number; column: number } {
    return positionAt((this.lineStarts ??= lineStarts(this.file.text)), offset);
  }

  private locate(offset: number): Location {
    return { file: this.file.path, ...this.lineColumn(offset) };
  }
}

/** `jobs.<id>` */
function isJobRoute(route: readonly Segment[]): boolean {
  return route.length === 2 && route[0] === "jobs" && typeof route[1] === "string";
}

/** `on.workflow_call.secrets`: its keys are the secrets a reusable workflow declares. */
function isDeclarationRoute(route: readonly Segment[]): boolean {
  return route.length === 3 && route[0] === "on" && route[1] === "workflow_call" && route[2] === "secrets";
}

/** A quoted key's name starts after the quote; locations point at the name itself. */
function keyNameOffset(key: Scalar): number {
  const start = key.range?.[0] ?? 0;
  return key.type === "QUOTE_DOUBLE" || key.type === "QUOTE_SINGLE" ? start + 1 : start;
}

/**
 * The scalar's text in the file. A block scalar's header line (`|  # note`) may carry a YAML
 * comment, which is not part of the value, so its source starts on the next line.
 */
function scalarSource(text: string, type: Scalar["type"], range: readonly [number, number, number]): { start: number; text: string } {
  let start = range[0];
  if (type === "BLOCK_LITERAL" || type === "BLOCK_FOLDED") {
    const newline = text.indexOf("\n", start);
    start = newline < 0 || newline >= range[1] ? range[1] : newline + 1;
  }
  return { start, text: text.slice(start, range[1]) };
}

/** Maps an offset in a scalar's value to the file via the k-th occurrence of `word` (see top). */
function mapOffset(value: string, valueOffset: number, word: ContextWord | "${{", raw: { start: number; text: string }): number | undefined {
  const inValue = occurrences(value, word);
  const inSource = occurrences(raw.text, word);
  const k = inValue.indexOf(valueOffset);
  const found = inSource[k];
  if (k < 0 || inValue.length !== inSource.length || found === undefined) return undefined;
  return raw.start + found;
}

function occurrences(text: string, word: string): number[] {
  const lower = text.toLowerCase();
  const found: number[] = [];
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + word.length)) found.push(i);
  return found;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
