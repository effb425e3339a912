import type { Diagnostic, Extractor, SecretRef, SourceFile } from "../model.js";
import { baseName, byPosition, joinRoute, locationAt, positioner, ref } from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * Jenkins pipelines (`Jenkinsfile`, shared-library `*.groovy`). Jenkins keeps secrets in its
 * credentials store and a pipeline names them by id:
 * `credentials('id')` (declarative `environment {}`), `withCredentials([string(credentialsId: 'id', …)])`
 * and every other binding, `sshagent(['id'])`, `git credentialsId: 'id'`,
 * `docker.withRegistry(url, 'id')`.
 *
 * Not a Groovy parser: a tokenizer that knows comments and every string form is enough to tell a
 * literal id from a computed one (`credentials(params.ID)`, `"${env.ID}"`), which is reported as an
 * over-broad use because no manifest rule can know what it resolves to.
 */

type TokenType = "ident" | "string" | "punct" | "other";

interface Token {
  readonly type: TokenType;
  readonly value: string;
  readonly start: number;
  /** For strings: offset of the first character inside the quotes. */
  readonly contentStart: number;
  /** A GString that interpolates (`"${x}"`, `"$x"`): its value is not known statically. */
  readonly dynamic: boolean;
}

interface Lexed {
  readonly tokens: Token[];
  readonly problems: { offset: number; message: string }[];
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;

/** After one of these a `/` is division; anywhere else it opens a slashy string (a regex). */
function slashIsDivision(prev: Token | undefined): boolean {
  if (prev === undefined) return false;
  if (prev.type === "ident" || prev.type === "string" || prev.type === "other") return true;
  return prev.value === ")" || prev.value === "]" || prev.value === "}";
}

export function lexGroovy(text: string): Lexed {
  const tokens: Token[] = [];
  const problems: Lexed["problems"] = [];
  let i = 0;
  if (text.startsWith("#!")) i = text.indexOf("\n") === -1 ? text.length : text.indexOf("\n");
  const push = (type: TokenType, value: string, start: number, contentStart = start, dynamic = false) =>
    tokens.push({ type, value, start, contentStart, dynamic });
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) {
        problems.push({ offset: i, message: "Unterminated /* comment: everything after it was skipped. Close it with */." });
        break;
      }
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      let value = "";
      let closed = false;
      while (j < text.length) {
        if (text[j] === "\\") {
          value += text[j + 1] ?? "";
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) {
          closed = true;
          break;
        }
        if (!triple && text[j] === "\n") break;
        value += text[j];
        j++;
      }
      if (!closed) {
        problems.push({ offset: i, message: `Unterminated string starting with ${quote}: the rest of the line was skipped. Close the string.` });
        i = j;
        continue;
      }
      const raw = text.slice(contentStart, j);
      const dynamic = c === '"' && /(^|[^\\])\$[{A-Za-z_]/.test(raw);
      push("string", value, i, contentStart, dynamic);
      i = j + quote.length;
      continue;
    }
    if (c === "$" && text[i + 1] === "/") {
      // Dollar-slashy string `$/ … /$`: interpolating, never a credentials id we can read.
      const end = text.indexOf("/$", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      push("string", text.slice(i + 2, end === -1 ? text.length : end), i, i + 2, true);
      i = stop;
      continue;
    }
    if (c === "/" && !slashIsDivision(tokens[tokens.length - 1])) {
      let j = i + 1;
      while (j < text.length && text[j] !== "/" && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (text[j] === "/") {
        push("string", text.slice(i + 1, j), i, i + 1, true);
        i = j + 1;
        continue;
      }
      push("punct", c, i);
      i++;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j] as string)) j++;
      push("ident", text.slice(i, j), i);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j] as string)) j++;
      push("other", text.slice(i, j), i);
      i = j;
      continue;
    }
    push("punct", c, i);
    i++;
  }
  return { tokens, problems };
}

/** Named arguments whose value is a credentials id (or a list of them). */
const ID_KEYS = new Set(["credentialsId", "credentials", "credentialId", "sshCredentialsId", "tokenCredentialId", "registryCredentialsId"]);

interface Frame {
  readonly open: string;
  readonly label: string | null;
}

export const jenkins: Extractor = {
  id: "jenkins",
  description: "Jenkins pipelines: credentials ids in credentials(), withCredentials bindings, sshagent, git and docker.withRegistry",
  matches(path) {
    if (!/jenkinsfile|\.groovy$/i.test(path)) return false;
    const base = baseName(path).toLowerCase();
    return base === "jenkinsfile" || base.startsWith("jenkinsfile.") || base.endsWith(".jenkinsfile") || base.endsWith(".groovy");
  },
  extract(file: SourceFile) {
    const pos = positioner(file.text);
    const { tokens, problems } = lexGroovy(file.text);
    const diagnostics: Diagnostic[] = problems.map((p) => ({ source: "jenkins", location: locationAt(file.path, pos, p.offset), message: p.message }));
    const refs: SecretRef[] = [];
    const stack: Frame[] = [];
    let lastClosed: string | null = null;
    const route = (leaf: string) => joinRoute(stack.map((f) => f.label).filter((l): l is string => l !== null).join("."), leaf);

    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (t.type === "punct" && (t.value === "(" || t.value === "{" || t.value === "[")) {
        let label: string | null = null;
        if (t.value === "(" && prev?.type === "ident") label = callLabel(prev.value, next);
        else if (t.value === "{" && prev?.type === "ident") label = prev.value;
        else if (t.value === "{" && isPunct(prev, ")")) label = lastClosed;
        // `[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: …]`: the binding's class.
        else if (t.value === "[" && next?.value === "$class" && isPunct(tokens[i + 2], ":") && tokens[i + 3]?.type === "string") label = (tokens[i + 3] as Token).value;
        stack.push({ open: t.value, label });
        continue;
      }
      if (t.type === "punct" && (t.value === ")" || t.value === "}" || t.value === "]")) {
        const frame = stack.pop();
        lastClosed = frame?.label ?? null;
        continue;
      }
      if (t.type !== "ident") continue;

      // credentials('id') — the declarative `environment { X = credentials('id') }` helper.
      if (t.value === "credentials" && isPunct(next, "(") && !isPunct(prev, ".")) {
        const leaf = isPunct(prev, "=") && tokens[i - 2]?.type === "ident" ? (tokens[i - 2] as Token).value : "credentials";
        idArgument(file, pos, tokens, i + 2, route(leaf), refs, [")", ","]);
        continue;
      }
      // credentialsId: 'id' / credentials: ['a', 'b'] as a named argument.
      if (ID_KEYS.has(t.value) && isPunct(next, ":") && (isPunct(prev, "(") || isPunct(prev, ",") || isPunct(prev, "[") || prev?.type === "ident")) {
        const valueAt = i + 2;
        const leaf = joinRoute(commandName(file.text, tokens, i, stack) ?? "", t.value);
        if (isPunct(tokens[valueAt], "[")) listArgument(file, pos, tokens, valueAt, route(leaf), refs);
        else idArgument(file, pos, tokens, valueAt, route(leaf), refs, [")", ",", "]", "}"]);
        continue;
      }
      // sshagent(['id', …]) — positional list.
      if (t.value === "sshagent" && isPunct(next, "(") && isPunct(tokens[i + 2], "[")) {
        listArgument(file, pos, tokens, i + 2, route("sshagent"), refs);
        continue;
      }
      // docker.withRegistry('https://registry', 'id') — the second argument is the id.
      if (t.value === "withRegistry" && isPunct(prev, ".") && isPunct(next, "(")) {
        const comma = topLevelComma(tokens, i + 2);
        if (comma !== -1) idArgument(file, pos, tokens, comma + 1, route("withRegistry"), refs, [")", ","]);
      }
    }
    return { refs: byPosition(refs), diagnostics };
  },
};

/**
 * The step of a paren-less call (`git url: '…', credentialsId: 'x'`): the first word of the line,
 * when the named argument is not inside a `(…)` or `[…]` whose label already says which step it is.
 */
function commandName(text: string, tokens: Token[], at: number, stack: Frame[]): string | null {
  const top = stack[stack.length - 1];
  if (top !== undefined && top.open !== "{") return null;
  const lineStart = text.lastIndexOf("\n", (tokens[at] as Token).start) + 1;
  let k = at - 1;
  while (k > 0 && (tokens[k - 1] as Token).start >= lineStart) k--;
  const first = tokens[k];
  return first !== undefined && k < at && first.type === "ident" && first.start >= lineStart ? first.value : null;
}

function callLabel(name: string, next: Token | undefined): string {
  return name === "stage" && next?.type === "string" && !next.dynamic ? `stage(${next.value})` : name;
}

/** A single id at `at`: a literal string ending at one of `ends` is a reference, anything else is computed. */
function idArgument(file: SourceFile, pos: Positioner, tokens: Token[], at: number, route: string, refs: SecretRef[], ends: string[]): void {
  const t = tokens[at];
  if (t === undefined) return;
  const after = tokens[at + 1];
  if (t.type === "string" && !t.dynamic && (after === undefined || (after.type === "punct" && ends.includes(after.value)))) {
    refs.push(ref("jenkins", "reference", t.value, locationAt(file.path, pos, t.contentStart), route));
    return;
  }
  refs.push(ref("jenkins", "overbroad", null, locationAt(file.path, pos, t.start), route, { overbroad: "dynamic-index" }));
}

/** `[ 'a', "b", expr ]` starting at the `[`. */
function listArgument(file: SourceFile, pos: Positioner, tokens: Token[], open: number, route: string, refs: SecretRef[]): void {
  let index = 0;
  let at = open + 1;
  while (at < tokens.length && !isPunct(tokens[at], "]")) {
    idArgument(file, pos, tokens, at, joinRoute(route, index), refs, ["]", ","]);
    index++;
    // Skip to the next element of this list.
    let depth = 0;
    while (at < tokens.length) {
      const v = punctValue(tokens[at]);
      if (v === "(" || v === "[" || v === "{") depth++;
      else if (v === ")" || v === "]" || v === "}") {
        if (depth === 0) break;
        depth--;
      } else if (v === "," && depth === 0) {
        at++;
        break;
      }
      at++;
    }
  }
}

/** Index of the first comma at the call's own nesting level, or -1. */
function topLevelComma(tokens: Token[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const v = punctValue(tokens[k]);
    if (v === "(" || v === "[" || v === "{") depth++;
    else if (v === ")" || v === "]" || v === "}") {
      if (depth === 0) return -1;
      depth--;
    } else if (v === "," && depth === 0) return k;
  }
  return -1;
}

function punctValue(t: Token | undefined): string | null {
  return t?.type === "punct" ? t.value : null;
}

function isPunct(t: Token | undefined, v: string): boolean {
  return punctValue(t) === v;
}
