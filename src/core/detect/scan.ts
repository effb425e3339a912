import type { Credential, SourceFile } from "../model.js";
import { hashValue, redact } from "../redact.js";
import { COMPILED_GLOBAL_ALLOWLIST, compileAllowlist, isAllowedPath, isAllowedValue } from "./allowlist.js";
import type { CompiledAllowlist } from "./allowlist.js";
import { shannonEntropy } from "./entropy.js";
import { keywordHits } from "./prefilter.js";
import { DETECTORS, IDENTITY_KEY_PATTERN } from "./rules.js";
import type { Detector } from "./rules.js";

export { DETECTORS } from "./rules.js";
export type { Detector, DetectorAllowlist } from "./rules.js";
export { mightContainCredentials } from "./prefilter.js";

interface CompiledDetector {
  readonly detector: Detector;
  readonly re: RegExp;
  readonly keyPattern: RegExp | undefined;
  readonly requires: RegExp | undefined;
  readonly allowlist: CompiledAllowlist;
  readonly windowLines: number;
  readonly wholeFile: boolean;
}

// `d` gives capture offsets, so locations point at the secret, not at the start of the match.
const COMPILED: readonly CompiledDetector[] = DETECTORS.map((detector) => ({
  detector,
  re: new RegExp(detector.pattern, `gd${detector.flags ?? ""}`),
  keyPattern: detector.keyPattern === undefined ? undefined : new RegExp(detector.keyPattern),
  requires: detector.requires === undefined ? undefined : new RegExp(detector.requires, "i"),
  allowlist: compileAllowlist(detector.allowlist),
  windowLines: Math.max(1, detector.windowLines ?? 1),
  wholeFile: detector.scope === "file" || detector.keywords.length === 0,
}));

const IDENTITY_KEY_RE = new RegExp(IDENTITY_KEY_PATTERN);

/** Minified bundles put megabytes on one line; past this, a window is cut around the keyword. */
const MAX_WINDOW = 16_384;
const HALF_WINDOW = 4_096;
/** Git's heuristic: a NUL in the first 8000 bytes means binary. */
const BINARY_PROBE = 8_000;

/** `clientSecret` / `CLIENT-SECRET` / `client.secret` → `client_secret`. */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

// Left context of a value: `KEY = "`, `"key": "`, `KEY: Bearer `, `--flag `, `ENV KEY `.
const ASSIGNED_KEY_RE =
  /(?:^|[^\w.$@-])(?:--)?(["']?)([A-Za-z_][\w.-]{0,100})\1(?:\s*(?::=|=>|[:=])\s*|(?<=(?:^\s*(?:ENV|ARG)\s+|--)[\w.-]{1,101})[ \t]+)(?:(?:Bearer|Basic|Token|SSWS)[ \t]+)?["'`]?$/;

function inferKey(text: string, lineStart: number, valueStart: number): string | undefined {
  const from = Math.max(lineStart, valueStart - 300);
  const m = ASSIGNED_KEY_RE.exec(text.slice(from, valueStart));
  return m?.[2];
}

interface Candidate {
  readonly order: number;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  readonly key: string | undefined;
  readonly identity: boolean;
}

export function detectCredentials(file: SourceFile): Credential[] {
  const { path, text } = file;
  if (text.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path)) return [];
  if (text.slice(0, BINARY_PROBE).includes("\0")) return [];

  const lower = text.toLowerCase();
  const hits = keywordHits(text, lower);
  const accepted: Candidate[] = [];

  for (let order = 0; order < COMPILED.length; order += 1) {
    const compiled = COMPILED[order];
    const positions = hits[order];
    if (compiled === undefined || positions === undefined) continue;
    if (compiled.requires !== undefined && !compiled.requires.test(text)) continue;
    if (isAllowedPath(compiled.allowlist, path)) continue;
    if (compiled.wholeFile) {
      collect(compiled, order, text, 0, text.length, accepted);
      continue;
    }
    let covered = -1;
    for (const at of positions) {
      if (at < covered) continue;
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      let lineEnd = text.indexOf("\n", at);
      for (let extra = 1; extra < compiled.windowLines && lineEnd !== -1; extra += 1) lineEnd = text.indexOf("\n", lineEnd + 1);
      if (lineEnd === -1) lineEnd = text.length;
      let from = lineStart;
      let to = lineEnd;
      // Later keywords on this same line add nothing; a keyword on the next line starts its own
      // window even when a multi-line window already reached it (name/value pairs chain).
      let ownLineEnd = compiled.windowLines === 1 ? lineEnd : text.indexOf("\n", at);
      if (ownLineEnd === -1) ownLineEnd = text.length;
      if (to - from > MAX_WINDOW) {
        from = Math.max(from, covered, at - HALF_WINDOW);
        to = Math.min(to, at + HALF_WINDOW);
        ownLineEnd = Math.min(ownLineEnd, to);
      }
      collect(compiled, order, text, from, to, accepted);
      covered = ownLineEnd;
    }
  }

  if (accepted.length === 0) return [];
  accepted.sort((a, b) => a.start - b.start || a.order - b.order);
  const lineStarts = indexLines(text);
  return accepted.map((c) => toCredential(c, path, lineStarts));
}

function collect(compiled: CompiledDetector, order: number, text: string, from: number, to: number, accepted: Candidate[]): void {
  const { detector, re } = compiled;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const group = detector.secretGroup ?? 0;
  re.lastIndex = 0;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (m[0].length === 0) re.lastIndex += 1;
    const secret = m[group];
    const span = m.indices?.[group];
    if (secret === undefined || span === undefined || secret.length === 0) continue;
    const start = from + span[0];
    const end = from + span[1];
    if (overlaps(accepted, start, end)) continue;

    if (detector.minLength !== undefined && secret.length < detector.minLength) continue;
    if (detector.entropy !== undefined && shannonEntropy(secret) < detector.entropy) continue;

    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const key = detector.keyGroup !== undefined ? m[detector.keyGroup] : inferKey(text, lineStart, start);
    const normalizedKey = key === undefined ? undefined : normalizeKey(key);
    if (compiled.keyPattern !== undefined && (normalizedKey === undefined || !compiled.keyPattern.test(normalizedKey))) continue;
    if (isAllowedValue(compiled.allowlist, secret, m[0], normalizedKey)) continue;
    if (isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, secret, m[0], undefined)) continue;

    const identity = detector.identity || (normalizedKey !== undefined && IDENTITY_KEY_RE.test(normalizedKey));
    insertSorted(accepted, { order, start, end, secret, key, identity });
  }
}

/**
 * Detectors run in precedence order, so anything already accepted over this span came from a more
 * specific detector (a `ghp_` token also matched by `generic-credential` stays a GitHub token).
 */
function overlaps(accepted: readonly Candidate[], start: number, end: number): boolean {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((accepted[mid]?.start ?? 0) < end) lo = mid + 1;
    else hi = mid;
  }
  // Spans are disjoint, so only the last one starting before `end` can reach into [start, end).
  const previous = accepted[lo - 1];
  return previous !== undefined && previous.end > start;
}

function insertSorted(accepted: Candidate[], candidate: Candidate): void {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((accepted[mid]?.start ?? 0) < candidate.start) lo = mid + 1;
    else hi = mid;
  }
  accepted.splice(lo, 0, candidate);
}

function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

function toCredential(c: Candidate, path: string, lineStarts: readonly number[]): Credential {
  const detector = DETECTORS[c.order];
  const start = position(lineStarts, c.start);
  // endColumn is exclusive (one past the last character), as in SARIF regions.
  const end = position(lineStarts, c.end);
  return {
    detector: detector?.id ?? "unknown",
    description: detector?.description ?? "",
    location: { file: path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
    preview: redact(c.secret),
    valueHash: hashValue(c.secret),
    length: [...c.secret].length,
    identity: c.identity,
    ...(c.key === undefined ? {} : { key: c.key }),
  };
}
