import { detectCredentials } from "./detect/scan.js";
import { lineStarts } from "./lines.js";
import { redact } from "./redact.js";

/**
 * The model boundary: whatever leaves the core (a scan result, a parsed manifest) is passed through
 * here, so no string in it holds a value any detector would flag — a token pasted into a
 * manifest's `purpose:`, an inline-ignore reason, a parser message quoting a line. Renderers and
 * shells then cannot leak one by printing a field nobody thought to redact.
 */

/** Where the text is "found", for the detectors: plain text, no source-code quoting rules. */
const SCRUB_PATH = "secretowners-report.txt";

const QUOTING = /[`"'()[\]{}<>]/g;

/** Replaces every credential a detector finds in `text` by its redacted preview. */
export function scrubCredentials(text: string): string {
  if (text.length < 8) return text;
  // Messages wrap what they quote in backticks, quotes or brackets, which end a value for the
  // detectors; blanking them (same length, so offsets hold) lets a quoted credential be seen too.
  const found = detectCredentials({ path: SCRUB_PATH, text: text.replace(QUOTING, " ") });
  if (found.length === 0) return text;
  const starts = lineStarts(text);
  const offset = (line: number, column: number): number => (starts[line - 1] ?? 0) + column - 1;
  let out = text;
  // Right to left, so earlier offsets stay valid.
  for (const credential of [...found].reverse()) {
    const { line, column, endLine, endColumn } = credential.location;
    const from = offset(line, column);
    const to = endLine !== undefined && endColumn !== undefined ? offset(endLine, endColumn) : text.length;
    out = `${out.slice(0, from)}${redact(text.slice(from, to), credential.detector)}${out.slice(to)}`;
  }
  return out;
}

/** Fields that are identifiers the scanner made, never text from a repository. */
const OWN_FIELDS: ReadonlySet<string> = new Set(["fingerprint", "ruleId", "detector", "controls", "severity", "system", "kind", "url", "preview", "context"]);
/** A finding's fields as well: its message was assembled from scrubbed values (see evaluate). */
export const FINDING_FIELDS: ReadonlySet<string> = new Set([...OWN_FIELDS, "message"]);

/**
 * A copy of `value` with every string scrubbed (objects and arrays deeply; numbers and booleans as
 * they are). `skip` names fields left as they are: a finding's message is our template filled with
 * values `evaluate` already scrubbed, and prose of our own can read like an assignment to the
 * generic detector ("credential: High-entropy literal").
 */
export function scrubDeep<T>(value: T, skip: ReadonlySet<string> = OWN_FIELDS): T {
  const cache = new Map<string, string>();
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") {
      let clean = cache.get(node);
      if (clean === undefined) {
        clean = scrubCredentials(node);
        cache.set(node, clean);
      }
      return clean;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === "object") {
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(node)) copy[key] = skip.has(key) ? field : visit(field);
      return copy;
    }
    return node;
  };
  return visit(value) as T;
}
