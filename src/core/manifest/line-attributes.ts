import type { Governance } from "./types.js";
import { didYouMean } from "../suggest.js";
import { DATE_SUGGESTION, DURATION_SUGGESTION, PRINCIPAL_SUGGESTION, explainPrincipal, isPrincipal, parseDuration, parseIsoDate, show } from "./text.js";

/**
 * The one-line SECRETOWNERS form's lifecycle attributes, `key=value` after the owners:
 *
 *     OKTA_*  @acme/iam  @acme/secops  rotation=30d revoker=@acme/secops custodian=@acme/idm purpose="JML sync"
 *     defaults  rotation=90d revoker=@acme/secops backup=@acme/secops
 *
 * so that a one-line manifest can satisfy missing-lifecycle like the YAML form. Values are checked
 * with the YAML form's own helpers and reported at their exact column.
 */

/** A whitespace-separated token; `"…"` quotes keep spaces (and `#`) inside one token. */
export interface LineToken {
  readonly text: string;
  /** 1-based column of the token's first character. */
  readonly column: number;
  /** 1-based column one past the token's last character, quotes included. */
  readonly endColumn: number;
  /** Set when a quote was opened and never closed. */
  readonly unclosedQuote?: boolean;
}

/**
 * Splits a line into tokens, dropping a comment: `#` at the start of a token outside quotes
 * (`\#` is a literal `#`, as in CODEOWNERS). Quotes are removed from the token's text.
 */
export function tokenizeLine(line: string): LineToken[] {
  const tokens: LineToken[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length || line[i] === "#") break;
    const column = i + 1;
    let text = "";
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i] as string))) {
      const ch = line[i] as string;
      if (ch === "\\" && i + 1 < line.length && !quoted) {
        // Keep the escape for the pattern checker, which resolves `\#` and `\ ` itself.
        text += ch + (line[i + 1] as string);
        i += 2;
        continue;
      }
      if (ch === '"') quoted = !quoted;
      else text += ch;
      i++;
    }
    tokens.push(quoted ? { text, column, endColumn: i + 1, unclosedQuote: true } : { text, column, endColumn: i + 1 });
  }
  return tokens;
}

type AttributeKind = "principal" | "principals" | "text" | "duration" | "boolean" | "date" | "agents";

/** Attribute key → governance field and how its value is read. `owner=` is the first positional token. */
export const LINE_ATTRIBUTES: Readonly<Record<string, { readonly field: keyof Governance; readonly kind: AttributeKind }>> = {
  custodian: { field: "custodian", kind: "principal" },
  backup: { field: "backup", kind: "principals" },
  purpose: { field: "purpose", kind: "text" },
  rotation: { field: "rotation", kind: "duration" },
  revoker: { field: "revoker", kind: "principal" },
  vendor: { field: "vendor", kind: "text" },
  "emergency-only": { field: "emergencyOnly", kind: "boolean" },
  rotated: { field: "rotated", kind: "date" },
  reviewed: { field: "reviewed", kind: "date" },
  review: { field: "review", kind: "duration" },
  agents: { field: "agents", kind: "agents" },
};

export interface AttributeProblem {
  /** 1-based column in the line. */
  readonly column: number;
  readonly kind: string;
  readonly message: string;
  readonly suggestion: string;
}

/** Whether a token is an attribute (`key=value`) rather than an owner or backup. */
export function isAttribute(token: LineToken): boolean {
  return /^[A-Za-z][\w-]*=/.test(token.text);
}

/**
 * Reads one `key=value` token into `out` (a partial Governance); returns the problems found, each
 * at its column. An invalid value is dropped, as in the YAML form.
 */
export function readAttribute(token: LineToken, out: Record<string, unknown>, allowed: readonly string[]): AttributeProblem[] {
  const eq = token.text.indexOf("=");
  const key = token.text.slice(0, eq);
  const value = token.text.slice(eq + 1);
  const valueColumn = token.column + eq + 1;
  if (token.unclosedQuote) {
    return [{ column: token.column, kind: "unclosed-quote", message: `the quote in \`${key}=\` is never closed`, suggestion: 'close it on the same line, e.g. purpose="deploys the API"' }];
  }
  const spec = LINE_ATTRIBUTES[key];
  if (spec === undefined || !allowed.includes(key)) {
    const guess = didYouMean(key, allowed);
    return [
      {
        column: token.column,
        kind: "unknown-key",
        message: `unknown attribute ${show(key)}`,
        suggestion: guess === null ? `use one of: ${allowed.join(", ")}` : `did you mean \`${guess}\`?`,
      },
    ];
  }
  if (value === "") return [{ column: valueColumn, kind: "wrong-type", message: `\`${key}=\` has no value`, suggestion: `write ${key}=… or remove it` }];
  switch (spec.kind) {
    case "principal":
      if (!isPrincipal(value)) return [{ column: valueColumn, kind: "invalid-principal", message: `${key} ${show(value)} ${explainPrincipal(value)}`, suggestion: PRINCIPAL_SUGGESTION }];
      out[spec.field] = value;
      return [];
    case "principals": {
      const problems: AttributeProblem[] = [];
      const principals: string[] = [];
      let offset = 0;
      for (const part of value.split(",")) {
        if (!isPrincipal(part)) problems.push({ column: valueColumn + offset, kind: "invalid-principal", message: `${key} ${show(part)} ${explainPrincipal(part)}`, suggestion: `${PRINCIPAL_SUGGESTION}; separate several with commas` });
        else principals.push(part);
        offset += part.length + 1;
      }
      if (principals.length > 0) out[spec.field] = [...((out[spec.field] as string[] | undefined) ?? []), ...principals];
      return problems;
    }
    case "text":
      out[spec.field] = value;
      return [];
    case "duration":
      if (parseDuration(value) === null) return [{ column: valueColumn, kind: "bad-duration", message: `${key} ${show(value)} is not a duration`, suggestion: DURATION_SUGGESTION }];
      out[spec.field] = value;
      return [];
    case "date":
      if (parseIsoDate(value) === null) return [{ column: valueColumn, kind: "bad-date", message: `${key} ${show(value)} is not a date (YYYY-MM-DD) that exists`, suggestion: DATE_SUGGESTION }];
      out[spec.field] = value;
      return [];
    case "agents":
      if (value !== "allowed" && value !== "denied") {
        const guess = didYouMean(value, ["allowed", "denied"]);
        return [{ column: valueColumn, kind: "unknown-value", message: `\`agents\` must be allowed or denied, got ${show(value)}`, suggestion: guess === null ? "write agents=allowed or agents=denied" : `did you mean \`${guess}\`?` }];
      }
      out[spec.field] = value;
      return [];
    case "boolean":
      if (value !== "true" && value !== "false") return [{ column: valueColumn, kind: "wrong-type", message: `\`${key}\` must be true or false, got ${show(value)}`, suggestion: `write ${key}=true or ${key}=false` }];
      out[spec.field] = value === "true";
      return [];
  }
}
