import { Lexer, Parser } from "@actions/expressions";
import { lineStarts } from "../../lines.js";
import type { Expr } from "@actions/expressions";
import { ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Binary, Star, Unary } from "@actions/expressions/ast";
import type { FunctionInfo } from "@actions/expressions/funcs/info";
import { TokenType } from "@actions/expressions/lexer";
import type { Token } from "@actions/expressions/lexer";
import type { OverbroadKind } from "../../model.js";

/** One `${{ … }}` inside a string: offsets are into that string. */
export interface ExpressionSpan {
  /** Offset of `$`. */
  readonly start: number;
  /** Offset just past `}}` (or the end of the string when unclosed). */
  readonly end: number;
  readonly bodyStart: number;
  readonly body: string;
  readonly closed: boolean;
}

/**
 * Finds `${{ … }}` the way the Actions runner does: the first `}}` that is not inside a
 * single-quoted expression string closes it, so `'}}'` in a literal does not end the expression.
 */
export function findExpressions(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf("${{", from);
    if (start < 0) return spans;
    const bodyStart = start + 3;
    let i = bodyStart;
    let inString = false;
    let close = -1;
    while (i < text.length) {
      const c = text[i];
      if (inString) {
        if (c === "'") {
          if (text[i + 1] === "'") i += 1;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (c === "}" && text[i + 1] === "}") {
        close = i;
        break;
      }
      i += 1;
    }
    if (close < 0) {
      spans.push({ start, end: text.length, bodyStart, body: text.slice(bodyStart), closed: false });
      return spans;
    }
    spans.push({ start, end: close + 2, bodyStart, body: text.slice(bodyStart, close), closed: true });
    from = close + 2;
  }
}

export type SecretUse =
  | { readonly kind: "reference" | "platform"; readonly name: string; readonly offset: number; readonly word: ContextWord }
  | { readonly kind: "overbroad"; readonly overbroad: OverbroadKind; readonly offset: number; readonly word: ContextWord };

/** The context identifier a use is anchored on: locations point at this word. */
export type ContextWord = "secrets" | "github";

export interface ExpressionAnalysis {
  readonly uses: SecretUse[];
  /** Set when GitHub's parser rejected the expression; `uses` then come from the token stream. */
  readonly error?: string;
}

const PLATFORM_TOKEN = "GITHUB_TOKEN";

/** Cheap gate: only expressions that mention one of the two contexts are lexed and parsed. */
export function mayUseSecrets(text: string): boolean {
  return /secrets|github/i.test(text);
}

/**
 * Finds every use of the `secrets` context (and `github.token`) in one expression body.
 *
 * GitHub's own lexer and parser are used so that what counts as `secrets[…]` with a literal index
 * versus a computed one is decided exactly as the runner decides it. The parser rejects unknown
 * context and function names, which are common in templates and analyser test inputs, so every
 * identifier in the expression is declared to it; when it still fails (bad arity, syntax), the
 * token stream is classified directly so a broken expression never hides a secret.
 */
export function analyzeExpression(body: string): ExpressionAnalysis {
  let tokens: Token[];
  try {
    tokens = new Lexer(body).lex().tokens;
  } catch (error) {
    return { uses: scanWithoutLexer(body), error: messageOf(error) };
  }
  const bodyLineStarts = lineStarts(body);
  const offsetOf = (token: Token): number =>
    (bodyLineStarts[token.range.start.line] ?? 0) + token.range.start.column;

  const contexts = new Set<string>();
  const functions = new Map<string, FunctionInfo>();
  tokens.forEach((token, i) => {
    if (token.type !== TokenType.IDENTIFIER) return;
    if (tokens[i - 1]?.type === TokenType.DOT) return;
    if (tokens[i + 1]?.type === TokenType.LEFT_PAREN) {
      functions.set(token.lexeme.toLowerCase(), { name: token.lexeme, minArgs: 0, maxArgs: Number.MAX_SAFE_INTEGER });
    } else {
      contexts.add(token.lexeme);
    }
  });

  try {
    const expr = new Parser(tokens, [...contexts], [...functions.values()]).parse() as Expr | undefined;
    const uses: SecretUse[] = [];
    if (expr !== undefined) collect(expr, uses, offsetOf);
    return { uses: uses.sort((a, b) => a.offset - b.offset) };
  } catch (error) {
    return { uses: classifyTokens(tokens, offsetOf), error: messageOf(error) };
  }
}

function collect(expr: Expr, out: SecretUse[], offsetOf: (token: Token) => number): void {
  if (expr instanceof IndexAccess) {
    const target = expr.expr;
    if (target instanceof ContextAccess) {
      const context = target.name.lexeme.toLowerCase();
      const offset = offsetOf(target.name);
      const literal = literalName(expr.index);
      if (context === "secrets") {
        if (literal !== null) {
          out.push(
            literal.toUpperCase() === PLATFORM_TOKEN
              ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" }
              : { kind: "reference", name: literal, offset, word: "secrets" },
          );
        } else if (expr.index instanceof Star) {
          // `secrets.*` evaluates to every secret value: as broad as `toJSON(secrets)`.
          out.push({ kind: "overbroad", overbroad: "tojson", offset, word: "secrets" });
        } else {
          out.push({ kind: "overbroad", overbroad: "dynamic-index", offset, word: "secrets" });
          collect(expr.index, out, offsetOf);
        }
        return;
      }
      if (context === "github" && literal !== null && literal.toLowerCase() === "token") {
        out.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
        return;
      }
    }
    collect(target, out, offsetOf);
    if (!(expr.index instanceof Star)) collect(expr.index, out, offsetOf);
    return;
  }
  if (expr instanceof ContextAccess) {
    // `secrets` on its own (a function argument, an operand): the whole map leaves the expression.
    if (expr.name.lexeme.toLowerCase() === "secrets") {
      out.push({ kind: "overbroad", overbroad: "tojson", offset: offsetOf(expr.name), word: "secrets" });
    }
    return;
  }
  if (expr instanceof FunctionCall || expr instanceof Logical) {
    for (const arg of expr.args) collect(arg, out, offsetOf);
    return;
  }
  if (expr instanceof Binary) {
    collect(expr.left, out, offsetOf);
    collect(expr.right, out, offsetOf);
    return;
  }
  if (expr instanceof Unary) {
    collect(expr.expr, out, offsetOf);
    return;
  }
  if (expr instanceof Grouping) collect(expr.group, out, offsetOf);
}

function literalName(index: Expr): string | null {
  if (!(index instanceof Literal)) return null;
  // `.NAME` arrives as an identifier token, `['NAME']` as a string token; numbers and booleans
  // are not secret names GitHub would resolve, so they count as computed.
  if (index.token.type === TokenType.IDENTIFIER) return index.token.lexeme;
  if (index.token.type === TokenType.STRING && typeof index.token.value === "string") return index.token.value;
  return null;
}

/** Fallback for expressions GitHub's parser rejects: the same classification on the token stream. */
function classifyTokens(tokens: Token[], offsetOf: (token: Token) => number): SecretUse[] {
  const uses: SecretUse[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== TokenType.IDENTIFIER || tokens[i - 1]?.type === TokenType.DOT) return;
    const context = token.lexeme.toLowerCase();
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    const offset = offsetOf(token);
    const name =
      next?.type === TokenType.DOT && after?.type === TokenType.IDENTIFIER
        ? after.lexeme
        : next?.type === TokenType.LEFT_BRACKET && after?.type === TokenType.STRING && tokens[i + 3]?.type === TokenType.RIGHT_BRACKET
          ? String(after.value)
          : null;
    if (context === "secrets") {
      if (next?.type === TokenType.LEFT_PAREN) return;
      if (name !== null) {
        uses.push(
          name.toUpperCase() === PLATFORM_TOKEN
            ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" }
            : { kind: "reference", name, offset, word: "secrets" },
        );
      } else if (next?.type === TokenType.LEFT_BRACKET && after?.type !== TokenType.STAR) {
        uses.push({ kind: "overbroad", overbroad: "dynamic-index", offset, word: "secrets" });
      } else {
        uses.push({ kind: "overbroad", overbroad: "tojson", offset, word: "secrets" });
      }
    } else if (context === "github" && name !== null && name.toLowerCase() === "token") {
      uses.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
    }
  });
  return uses;
}

/**
 * Last resort when even GitHub's lexer gives up (an unterminated string): a pattern scan, so a
 * typo elsewhere in the expression does not hide the secret it names.
 */
function scanWithoutLexer(body: string): SecretUse[] {
  const uses: SecretUse[] = [];
  // `secrets["X"]` lands here too: GitHub's lexer has no double-quoted strings, but the intent
  // (and the secret a reader expects to see inventoried) is unambiguous.
  const pattern = /(?<![\w.-])(secrets|github)(?![\w-])\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'((?:[^']|'')*)'\s*\]|\[\s*"([^"]*)"\s*\]|(\[))?/gi;
  const strings = quotedRanges(body);
  for (const match of body.matchAll(pattern)) {
    if (strings.some(([from, to]) => from <= match.index && match.index < to)) continue;
    const context = (match[1] ?? "").toLowerCase();
    const name = match[2] ?? match[3]?.replaceAll("''", "'") ?? match[4] ?? null;
    const offset = match.index;
    if (context === "github") {
      if (name?.toLowerCase() === "token") uses.push({ kind: "platform", name: PLATFORM_TOKEN, offset, word: "github" });
    } else if (name !== null) {
      uses.push(
        name.toUpperCase() === PLATFORM_TOKEN
          ? { kind: "platform", name: PLATFORM_TOKEN, offset, word: "secrets" }
          : { kind: "reference", name, offset, word: "secrets" },
      );
    } else {
      uses.push({ kind: "overbroad", overbroad: match[5] === undefined ? "tojson" : "dynamic-index", offset, word: "secrets" });
    }
  }
  return uses;
}

/** Single-quoted expression strings (with `''` escapes); a closing quote may be missing. */
function quotedRanges(body: string): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (let i = body.indexOf("'"); i >= 0; ) {
    let j = i + 1;
    while (j < body.length && (body[j] !== "'" || body[j + 1] === "'")) j += body[j] === "'" ? 2 : 1;
    ranges.push([i, j + 1]);
    i = body.indexOf("'", j + 1);
  }
  return ranges;
}

/**
 * Only the kind of error: GitHub's messages quote the offending token, which may be a literal
 * credential written into the expression.
 */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : "unreadable expression";
  return (message.split(":")[0] ?? message).trim();
}
