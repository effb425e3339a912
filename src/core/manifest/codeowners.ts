import { escapeRegExp } from "../regexp.js";

/**
 * GitHub CODEOWNERS path semantics, used for `scope.paths` and `scope.workflows`.
 *
 * GitHub documents CODEOWNERS patterns as "gitignore, with exceptions": no `!` negation, no `[ ]`
 * character ranges (brackets match literally), `\` escapes a character (`\#`, `\*`). The behaviour
 * below is checked case by case against hmarr/codeowners' test table
 * (../shared/corpora/codeowners-cases.tsv), which mirrors what github.com does:
 * - a leading `/` anchors the pattern to the root; a pattern with a `/` in the middle is anchored too;
 *   a pattern with no `/` (or only a trailing one) matches at any depth;
 * - a trailing `/` matches only the directory's contents, never a file of that name;
 * - otherwise a pattern matching a directory also matches everything below it — except when its last
 *   segment is a lone `*` (`docs/*` owns `docs/a.md` but not `docs/sub/b.md`, as GitHub's docs say);
 * - `*` and `?` never cross `/`; `**` does.
 */

/** A literal character of the pattern, or one of the wildcards. */
type Token = { kind: "literal"; ch: string } | { kind: "star" } | { kind: "question" };


/** Split on unescaped `/`, resolving `\x` escapes into literals. */
function tokenize(pattern: string): Token[][] {
  const segments: Token[][] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const current = segments[segments.length - 1] as Token[];
    if (ch === "\\" && i + 1 < pattern.length) {
      current.push({ kind: "literal", ch: pattern[i + 1] as string });
      i++;
    } else if (ch === "/") {
      segments.push([]);
    } else if (ch === "*") {
      current.push({ kind: "star" });
    } else if (ch === "?") {
      current.push({ kind: "question" });
    } else {
      current.push({ kind: "literal", ch });
    }
  }
  return segments;
}

const isDoubleStar = (seg: readonly Token[]): boolean =>
  seg.length === 2 && seg[0]?.kind === "star" && seg[1]?.kind === "star";
const isLoneStar = (seg: readonly Token[]): boolean => seg.length === 1 && seg[0]?.kind === "star";

function segmentToRegExp(seg: readonly Token[]): string {
  if (isLoneStar(seg)) return "[^/]+";
  let out = "";
  for (const token of seg) {
    if (token.kind === "star") out += "[^/]*";
    else if (token.kind === "question") out += "[^/]";
    else out += escapeRegExp(token.ch);
  }
  return out;
}

export function compileCodeownersPattern(pattern: string): RegExp {
  const segments = tokenize(pattern);
  const anchored = segments.length > 1 && (segments[0] as Token[]).length === 0;
  if (anchored) segments.shift();
  const directoryOnly = segments.length > 1 && (segments[segments.length - 1] as Token[]).length === 0;
  if (directoryOnly) segments.pop();
  // "foo" and "foo/" float to any depth; "foo/bar" is anchored like "/foo/bar".
  const floating = !anchored && segments.length === 1;

  let re = floating ? "^(?:.*/)?" : "^";
  segments.forEach((seg, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    const previousWasDoubleStar = i > 0 && isDoubleStar(segments[i - 1] as Token[]);
    if (isDoubleStar(seg)) {
      if (first && last) re += ".*";
      else if (first) re += "(?:.*/)?";
      else if (last) re += "/.+";
      else re += "/(?:.*/)?";
      return;
    }
    if (!first && !previousWasDoubleStar) re += "/";
    re += segmentToRegExp(seg);
  });

  const lastSegment = segments[segments.length - 1] as Token[];
  if (isDoubleStar(lastSegment)) {
    // `/**` already requires (and takes) everything below.
  } else if (directoryOnly) {
    re += "/.+";
  } else if (!(isLoneStar(lastSegment) && !floating)) {
    re += "(?:/.*)?";
  }
  return new RegExp(`${re}$`);
}

/** Patterns are compiled once: scope checks run for every reference of every scoped secret. */
const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 10_000;

export function matchCodeownersPath(pattern: string, path: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = compileCodeownersPattern(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, re);
  }
  const normalized = path.replace(/^\.?\/+/, "");
  return re.test(normalized);
}

export interface PathPatternProblem {
  /** 0-based offset of the offending character within the pattern. */
  readonly offset: number;
  readonly kind: "unsupported-path-pattern";
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly suggestion: string;
}

/**
 * The constructs GitHub rejects or treats differently from gitignore. `!` is an error (GitHub marks
 * the line invalid); `[` is a warning because it *works*, just literally, which is rarely what a
 * gitignore-trained author expects.
 */
export function checkCodeownersPattern(pattern: string): PathPatternProblem[] {
  const problems: PathPatternProblem[] = [];
  if (pattern.trim() === "") {
    problems.push({
      offset: 0,
      kind: "unsupported-path-pattern",
      severity: "error",
      message: "empty path pattern",
      suggestion: "write a path such as `infra/identity/**`, or remove the entry",
    });
    return problems;
  }
  if (pattern.startsWith("!")) {
    problems.push({
      offset: 0,
      kind: "unsupported-path-pattern",
      severity: "error",
      message: "negation (`!`) is not supported in CODEOWNERS path patterns",
      suggestion: "list the paths that are allowed instead of excluding some; write `\\!` for a literal `!`",
    });
  }
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "[") {
      problems.push({
        offset: i,
        kind: "unsupported-path-pattern",
        severity: "warning",
        message: "character ranges (`[ ]`) are not supported in CODEOWNERS path patterns; the brackets match literally",
        suggestion: "use `*` or `?`, or list each path; leave as is if the path really contains brackets",
      });
      break;
    }
    if (/\s/.test(ch as string)) {
      problems.push({
        offset: i,
        kind: "unsupported-path-pattern",
        severity: "error",
        message: "unescaped whitespace in a path pattern",
        suggestion: "escape it as `\\ ` (CODEOWNERS would split the pattern here)",
      });
      break;
    }
  }
  return problems;
}

/** Where GitHub looks for CODEOWNERS, in order; the first one present is the one GitHub uses. */
export const CODEOWNERS_CANDIDATES: readonly string[] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export interface CodeownersEntry {
  readonly pattern: string;
  /** As written: `@org/team`, `@user` or an email; empty when the line un-owns the paths. */
  readonly owners: readonly string[];
  readonly line: number;
}

export interface Codeowners {
  readonly path: string;
  readonly entries: readonly CodeownersEntry[];
}

/**
 * Reads a CODEOWNERS file the way GitHub does: one `pattern owner…` per line, `#` comments, last
 * match wins. Lines GitHub would reject (a `!` pattern, an unsupported character) are skipped:
 * GitHub reports them in its own UI, and they own nothing there either.
 */
export function parseCodeowners(file: { readonly path: string; readonly text: string }): Codeowners {
  const entries: CodeownersEntry[] = [];
  file.text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const tokens = tokenizeLine(raw);
    const [pattern, ...owners] = tokens;
    if (pattern === undefined) return;
    if (checkCodeownersPattern(pattern).some((problem) => problem.severity === "error")) return;
    entries.push({ pattern, owners, line: index + 1 });
  });
  return { path: file.path, entries };
}

/** Whitespace-separated tokens up to an unescaped `#` that starts a token; `\ ` keeps a space in a pattern. */
function tokenizeLine(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "\\" && i + 1 < line.length) {
      current += ch + (line[i + 1] as string);
      i++;
    } else if (/\s/.test(ch)) {
      if (current !== "") tokens.push(current);
      current = "";
    } else if (ch === "#" && current === "") {
      break;
    } else {
      current += ch;
    }
  }
  if (current !== "") tokens.push(current);
  return tokens;
}

/** The CODEOWNERS entry that owns `path` (the last one matching), or null. */
export function codeownersOf(codeowners: Codeowners, path: string): CodeownersEntry | null {
  for (let i = codeowners.entries.length - 1; i >= 0; i--) {
    const entry = codeowners.entries[i] as CodeownersEntry;
    if (matchCodeownersPath(entry.pattern, path)) return entry;
  }
  return null;
}
