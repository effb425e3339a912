import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { lineStarts, positionAt } from "../lines.js";
import { escapeRegExp } from "../regexp.js";
import type { Document, Node, Pair, Scalar } from "yaml";
import type { Diagnostic, Location, SecretRef, SecretRefKind, SecretSystem, SourceFile } from "../model.js";
import { fastParseAll } from "./fast-yaml.js";
import { isCredentialName } from "../detect/vocabulary.js";

/**
 * Helpers shared by the non-Actions extractors: the credential-like name test, YAML parsing with
 * positions, a route-keeping YAML walker, shell-variable scanning and offset → line/column.
 */

// ---------------------------------------------------------------------------------------------
// Credential-like names

// One list for detectors and extractors: see detect/vocabulary.ts.
export { isCredentialName };

/** Splits `apiKey`, `API_KEY`, `api-key`, `Api.Key` into upper-cased words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Positions

export interface Positioner {
  (offset: number): { line: number; column: number };
}

/**
 * Most parsed files report nothing, and the rest a few positions, asked for in the order of the
 * text: lines are counted from the last position forward, and a table of line starts is built
 * only if a position before it is asked for.
 */
export function positioner(text: string): Positioner {
  let starts: number[] | undefined;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    if (starts === undefined && offset < lineStart) starts = lineStarts(text);
    if (starts !== undefined) return positionAt(starts, offset);
    for (let nl = text.indexOf("\n", lineStart); nl >= 0 && nl < offset; nl = text.indexOf("\n", lineStart)) {
      lineStart = nl + 1;
      line++;
    }
    return { line, column: offset - lineStart + 1 };
  };
}

export function locationAt(file: string, pos: Positioner, offset: number): Location {
  const { line, column } = pos(offset);
  return { file, line, column };
}

// ---------------------------------------------------------------------------------------------
// Text gates

/**
 * A cheap test an extractor runs before parsing: the words it could possibly report on, built from
 * the same constants its matching uses so the two cannot drift apart. Parsing YAML runs at a few
 * MB/s, `includes` at GB/s; most YAML in a repository names no secret at all.
 *
 * The gate looks at the raw text, where a double-quoted YAML scalar could still spell a word with
 * an escape (`"\x73ecretName"`) or split it over an escaped line break (`"secret\` + newline +
 * `Name"`); such files are let through, so a gate never hides what the parser would have found.
 */
export interface TextGate {
  (text: string): boolean;
  readonly tokens: readonly string[];
}

export function textGate(tokens: Iterable<string>, options: { ignoreCase?: boolean } = {}): TextGate {
  const all = [...new Set([...tokens].map((t) => (options.ignoreCase === true ? t.toLowerCase() : t)))];
  // A token that contains another is implied by it: `secretName` by `secret`.
  const minimal = all.filter((t) => !all.some((o) => o !== t && t.includes(o)));
  const hit = options.ignoreCase === true
    ? ((re: RegExp) => (text: string) => re.test(text))(new RegExp(minimal.map(escapeRegExp).join("|"), "i"))
    : (text: string) => minimal.some((t) => text.includes(t));
  const gate = (text: string): boolean => hit(text) || (text.includes("\\") && escapedMayMention(text, hit));
  return Object.assign(gate, { tokens: minimal });
}

function escapedMayMention(text: string, hit: (text: string) => boolean): boolean {
  if (/\\[xuU]/.test(text)) return true;
  return /\\\r?\n/.test(text) && hit(text.replace(/\\\r?\n[ \t]*/g, ""));
}


/**
 * A line-by-line look at whether a YAML file is plainly well-formed block YAML: `key: value`
 * lines, `- item` lines, comments, one-line quoted or flow values and `|`/`>` block scalars, with
 * consistent indentation. It answers false on anything else (a plain value running over lines, a
 * value ending in `:`, a `: ` inside a plain value, tabs, aliases, directives, unbalanced brackets).
 *
 * It is a heuristic, not a parser: extractors use it only to keep the "Invalid YAML" diagnostic for
 * files their gate would otherwise skip unread. A file it wrongly calls clean loses nothing but
 * that diagnostic; one it wrongly calls suspicious is parsed as before.
 */
export function looksLikeCleanYaml(text: string): boolean {
  if (text.includes("\t") || text.includes("\r")) return false;
  // Open block collections: indentation and whether they are a sequence (`- `) or a mapping.
  const indents: number[] = [];
  const isSeq: boolean[] = [];
  let opened = false; // the previous line may have children (`key:` or `-` with no value)
  let rooted = false; // the document's top collection has started
  let blockIndent = -1; // inside a block scalar whose parent line has this indentation
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    const rest = line.slice(indent);
    if (rest.startsWith("#")) continue;
    if (indent === 0 && (rest === "---" || rest === "...")) {
      indents.length = 0;
      isSeq.length = 0;
      opened = false;
      rooted = false;
      continue;
    }
    // A document marker with content after it (`--- !tag`, `--- |`): not for a line scan.
    if (indent === 0 && /^(?:---|\.\.\.)(?:\s|$)/.test(rest)) return false;
    const item = /^-(?: +|$)/.exec(rest)?.[0] ?? "";
    while (indents.length > 0 && (indents[indents.length - 1] as number) > indent) {
      indents.pop();
      isSeq.pop();
    }
    const top = indents[indents.length - 1];
    if (top === indent) {
      // A sibling must be of the same kind: a collection cannot be both a mapping and a sequence.
      if (isSeq[isSeq.length - 1] !== (item !== "")) return false;
    } else if ((top === undefined && !rooted) || (top !== undefined && opened)) {
      rooted = true;
      indents.push(indent);
      isSeq.push(item !== "");
    } else {
      return false;
    }
    const body = rest.slice(item.length);
    if (body === "") {
      opened = true;
      continue;
    }
    const pair = /^(?:"[^"\\]*"|'[^']*'|[^\s"'#&*!|>%@`?:\-[\]{},][^#]*?|-[^\s#:][^#]*?)[ ]*:(?: +|$)/.exec(body);
    const value = pair === null ? (item === "" ? null : body) : body.slice(pair[0].length);
    if (value === null) return false;
    if (pair !== null && /: /.test(pair[0].slice(0, -1).trimEnd().slice(0, -1))) return false;
    if (item !== "" && pair !== null) {
      // `- key: value` opens a mapping at the key's column.
      indents.push(indent + item.length);
      isSeq.push(false);
    }
    const quoted = value.startsWith('"') || value.startsWith("'");
    const v = quoted ? value : value.replace(/(?:^| +)#.*$/, "");
    if (v === "") {
      opened = true;
      continue;
    }
    opened = false;
    // No explicit indentation indicator: it changes where the content starts.
    if (/^[|>][-+]?$/.test(v)) {
      blockIndent = item !== "" && pair !== null ? indent + item.length : indent;
      continue;
    }
    if (!cleanScalar(v)) return false;
  }
  return true;
}

const DOUBLE_QUOTED = /^"(?:[^"\\]|\\[0abtnvfre "/\\N_LP])*"(?: +#.*| *)$/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'(?: +#.*| *)$/;

function cleanScalar(v: string): boolean {
  const c = v[0];
  if (c === '"') return DOUBLE_QUOTED.test(v);
  if (c === "'") return SINGLE_QUOTED.test(v);
  if (c === "[" || c === "{") return cleanFlow(v);
  if ("&*!%@`|>,]}#".includes(c as string)) return false;
  if ((c === "-" || c === "?" || c === ":") && (v.length === 1 || v[1] === " ")) return false;
  // Brackets and braces are plain text in a block scalar (`${{ x }}`), only not at its start.
  return !/: |:$/.test(v) && !v.endsWith(" ");
}

/** One-line flow collections with plain words or simple quoted strings only. */
function cleanFlow(v: string): boolean {
  const open = v[0] as string;
  const close = open === "[" ? "]" : "}";
  if (!v.endsWith(close)) return false;
  const inner = v.slice(1, -1).trim();
  if (inner === "") return true;
  const parts = inner.split(",");
  for (const [i, part] of parts.entries()) {
    const item = part.trim();
    // Only a trailing comma may leave an entry empty (`[a, b,]`); `[,]` and `[a,,b]` are errors.
    if (item === "") {
      if (i === parts.length - 1 && i > 0) continue;
      return false;
    }
    const words = open === "{" ? item.split(/: +/) : [item];
    if (words.length > 2) return false;
    // In flow context `{ } [ ] ,` are indicators even inside a plain word.
    for (const w of words) if (!/^(?:"[^"\\]*"|'[^']*'|(?:[A-Za-z0-9_./$()~]|-[A-Za-z0-9_./$()~-])[A-Za-z0-9_./$() ~-]*)$/.test(w)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// YAML

const MAX_YAML_DIAGNOSTICS = 10;

export interface ParsedYaml {
  readonly docs: Document.Parsed[];
  readonly pos: Positioner;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses every document of a YAML stream with positions. Syntax errors become diagnostics; the
 * documents are still returned because `yaml` recovers most of the tree around an error.
 */
export function parseYaml(file: SourceFile, source: SecretSystem): ParsedYaml {
  // Plain block YAML (most files) is read by the fast reader into the same nodes; it declines
  // anything it is not sure of, including every invalid file, and `yaml` reads those.
  const fast = fastParseAll(file.text);
  if (fast !== null) return { docs: fast, pos: positioner(file.text), diagnostics: [] };
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  let docs: Document.Parsed[] = [];
  try {
    // prettyErrors off: its message carries a snippet of the source line, which may hold a value.
    const parsed = parseAllDocuments(file.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  } catch (err) {
    diagnostics.push({
      source,
      location: { file: file.path, line: 1, column: 1 },
      message: `Could not parse ${file.path} as YAML (${err instanceof Error ? err.name : "error"}); nothing was extracted from it. Check that the file is valid YAML.`,
    });
    return { docs, pos: positioner(file.text), diagnostics };
  }
  const pos: Positioner = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const seen = new Set<string>();
  let dropped = 0;
  for (const doc of docs) {
    for (const err of doc.errors) {
      const { line, column } = pos(err.pos[0]);
      const text = yamlErrorText(err.message);
      // One broken construct cascades into many errors; a few, once each, say where to look.
      const id = `${line}:${column}:${text}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (diagnostics.length >= MAX_YAML_DIAGNOSTICS) {
        dropped++;
        continue;
      }
      diagnostics.push({
        source,
        location: { file: file.path, line, column },
        message: `Invalid YAML: ${text} (${err.code}). Fix the syntax here; only the parts of the file that could be read were scanned.`,
      });
    }
  }
  if (dropped > 0) {
    const last = diagnostics[diagnostics.length - 1] as Diagnostic;
    diagnostics.push({ source, location: last.location, message: `${dropped} more YAML errors follow in this file; fix the ones above first.` });
  }
  return { docs, pos, diagnostics };
}

function yamlErrorText(message: string): string {
  const first = message.split("\n")[0] ?? "";
  return first.replace(/ at line \d+, column \d+:?$/, "").slice(0, 200);
}

export type YamlVisitor = (node: Node, route: string, key: Scalar | null) => void;

/** Appends a key or index to a symbolic route: `a` + `b` → `a.b`, `a` + 0 → `a[0]`. */
export function joinRoute(route: string, part: string | number): string {
  if (typeof part === "number") return `${route}[${part}]`;
  return route === "" ? part : `${route}.${part}`;
}

/**
 * Visits every node with its route and (for mapping values) its key. Aliases are not followed, so
 * a use written once is reported once, where it is written.
 */
export function walkYaml(node: unknown, route: string, visit: YamlVisitor, key: Scalar | null = null): void {
  if (node === null || node === undefined || isAlias(node)) return;
  if (isScalar(node)) {
    visit(node, route, key);
    return;
  }
  if (isMap(node)) {
    visit(node, route, key);
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key : null;
      const name = k !== null ? String(k.value) : "?";
      if (pair.key !== null && !isScalar(pair.key)) walkYaml(pair.key, joinRoute(route, "?"), visit);
      walkYaml(pair.value, joinRoute(route, name), visit, k);
    }
    return;
  }
  if (isSeq(node)) {
    visit(node, route, key);
    node.items.forEach((item, i) => walkYaml(item, joinRoute(route, i), visit));
  }
}

/** The string value of a scalar (numbers and booleans as written), else null. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  if (node.source !== undefined && typeof node.value !== "string") return node.source;
  const v = node.value;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** The value node under `key` in a mapping (case-sensitive), else undefined. */
export function mapGet(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.value;
  }
  return undefined;
}

export function mapPairs(node: unknown): Pair[] {
  return isMap(node) ? node.items.filter((p) => isPair(p)) : [];
}

/** Offset of the first character of a scalar's text (after the quote of a quoted scalar). */
export function scalarStart(node: Scalar): number {
  const start = node.range?.[0] ?? 0;
  return node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? start + 1 : start;
}

/** The raw source text of a scalar as written (quotes, block indentation and all). */
export function scalarSource(text: string, node: Scalar): { raw: string; offset: number } {
  const [start, end] = node.range ?? [0, 0];
  return { raw: text.slice(start, end), offset: start };
}

export function scalarLocation(file: string, pos: Positioner, node: Scalar): Location {
  return locationAt(file, pos, scalarStart(node));
}

// ---------------------------------------------------------------------------------------------
// Shell variables

/** Every shell-variable use starts with it: a CI file without one has no `$VAR` to report. */
export const SHELL_VAR_SIGIL = "$";

export interface VarUse {
  readonly name: string;
  /** Offset of the name's first character in the scanned text. */
  readonly offset: number;
}

/**
 * `$VAR`, `${VAR}`, `${VAR:-default}` and PowerShell `$env:VAR`. `$$VAR` (GitLab's escape) and
 * `\$VAR` (shell escape) are literal text, not uses.
 */
export function findShellVarUses(raw: string): VarUse[] {
  const uses: VarUse[] = [];
  const re = /\$(?:env:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    const prev = raw[m.index - 1];
    if (prev === "$") continue;
    if (prev === "\\") continue;
    const name = (m[1] ?? m[2] ?? m[3]) as string;
    const prefix = m[1] !== undefined ? 5 : m[2] !== undefined ? 2 : 1;
    uses.push({ name, offset: m.index + prefix });
  }
  return uses;
}

/**
 * Names a script assigns itself (`X=…` at the start of a command, `export X=…`, `read X`,
 * `for X in`). A bare `X=` after other words (`docker run -e X=$X`) is an argument, not a
 * definition, so it does not count.
 */
export function findShellAssignments(raw: string): string[] {
  const names: string[] = [];
  const patterns = [
    /(?:^|[\n;&|({]|\bthen\b|\bdo\b|\belse\b)\s*(?:(?:local|readonly|declare(?:\s+-\w+)*)\s+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g,
    /\bexport\s+([A-Za-z_][A-Za-z0-9_]*)=/g,
    /\bread\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g,
    /\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g,
  ];
  for (const re of patterns) {
    for (let m = re.exec(raw); m !== null; m = re.exec(raw)) names.push(m[1] as string);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Results

export function ref(
  system: SecretSystem,
  kind: SecretRefKind,
  name: string | null,
  location: Location,
  route: string,
  extra: Partial<Pick<SecretRef, "overbroad" | "environment">> = {},
): SecretRef {
  return { system, kind, name, location, route, ...extra };
}

// One list of placeholders for detectors and extractors: see detect/vocabulary.ts.
export { isPlaceholderValue } from "../detect/allowlist.js";

/** Sort refs by position so output does not depend on the walk order. */
export function byPosition<T extends { location: Location }>(items: T[]): T[] {
  return items.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? path : path.slice(i + 1);
}

/**
 * Whether the path ends in `.yaml` or `.yml`, in any case: most extractors read only YAML, and
 * this check lets them turn away every other file before building any string from its path.
 */
export function isYamlPath(path: string): boolean {
  const n = path.length;
  // `| 0x20` lower-cases an ASCII letter (and maps no other character onto one).
  if ((path.charCodeAt(n - 1) | 0x20) !== 108 /* l */ || (path.charCodeAt(n - 2) | 0x20) !== 109 /* m */) return false;
  const c = path.charCodeAt(n - 3) | 0x20;
  if (c === 121 /* y */) return path.charCodeAt(n - 4) === 46 /* . */;
  return c === 97 /* a */ && (path.charCodeAt(n - 4) | 0x20) === 121 && path.charCodeAt(n - 5) === 46;
}

/** Path as `/`-prefixed so `includes("/roles/")` also matches at the start. */
export function slashed(path: string): string {
  return `/${path.replace(/\\/g, "/")}`;
}

// ---------------------------------------------------------------------------------------------
// CI variables used as `$VAR` in YAML pipelines (GitLab, CircleCI, Bitbucket)

export interface EnvVarScan {
  readonly system: SecretSystem;
  /** Is the mapping at this route, under this key, one whose keys define variables? */
  readonly definesVariables: (key: string, route: string) => boolean;
  /** Extra definitions found some other way (Bitbucket's `variables: - name: X`). */
  readonly collectDefinitions?: (node: Node, route: string, key: Scalar | null, defined: Set<string>) => void;
  /** What a name the file does not define is: a platform token, not a secret, or a secret. */
  readonly classify: (name: string) => "platform" | "ignore" | "secret";
}

/**
 * Reports `$VAR` uses of credential-like variables that the file does not define itself: those come
 * from the CI system's settings, which is where a secret lives.
 */
export function scanEnvVarRefs(file: SourceFile, docs: Document.Parsed[], pos: Positioner, scan: EnvVarScan): SecretRef[] {
  const defined = new Set<string>();
  const scalars: { node: Scalar; route: string }[] = [];
  for (const doc of docs) {
    walkYaml(doc.contents, "", (node, route, key) => {
      if (isScalar(node)) {
        scalars.push({ node, route });
        const text = scalarText(node);
        if (text !== null && text.includes("=")) for (const n of findShellAssignments(text)) defined.add(n);
        return;
      }
      if (isMap(node) && scan.definesVariables(key === null ? "" : String(key.value), route)) {
        for (const pair of node.items) if (isScalar(pair.key)) defined.add(String(pair.key.value));
      }
      scan.collectDefinitions?.(node, route, key, defined);
    });
  }
  const refs: SecretRef[] = [];
  for (const { node, route } of scalars) {
    const { raw, offset } = scalarSource(file.text, node);
    if (!raw.includes(SHELL_VAR_SIGIL)) continue;
    for (const use of findShellVarUses(raw)) {
      if (onShellCommentLine(raw, use.offset)) continue;
      const verdict = scan.classify(use.name);
      if (verdict === "ignore") continue;
      if (verdict === "secret" && (defined.has(use.name) || !isCredentialName(use.name))) continue;
      const kind = verdict === "platform" ? "platform" : "reference";
      refs.push(ref(scan.system, kind, use.name, locationAt(file.path, pos, offset + use.offset), route));
    }
  }
  return refs;
}

function onShellCommentLine(raw: string, offset: number): boolean {
  const lineStart = raw.lastIndexOf("\n", offset - 1) + 1;
  return /^\s*#/.test(raw.slice(lineStart, offset)) && lineStart > 0;
}
