import type { Credential, Literal, SourceFile } from "../model.js";
import { lineStarts, positionAt } from "../lines.js";
import { hashValue, redact } from "../redact.js";
import { COMPILED_GLOBAL_ALLOWLIST, compileAllowlist, isAllowedPath, isAllowedValue } from "./allowlist.js";
import type { CompiledAllowlist } from "./allowlist.js";
import { detectWithManifest, isAllowedByManifest } from "./custom.js";
import type { ManifestDetection } from "./custom.js";
import { configCommentMarkers, embeddedDocs, isCommentLine } from "./embedded-docs.js";
import { shannonEntropy } from "./entropy.js";
import { KEY_ANCHORED, MAX_KEY, findHits } from "./prefilter.js";
import { validChecksum } from "./providers.js";
import { DETECTORS, FILE_NAME_DETECTORS, IDENTITY_KEY_PATTERN, STRUCTURAL_DETECTORS } from "./rules.js";
import { isCredentialName, normalizeKey } from "./vocabulary.js";
import type { Detector } from "./rules.js";

export { DETECTORS, FILE_NAME_DETECTORS, STRUCTURAL_DETECTORS } from "./rules.js";
export type { Detector, DetectorAllowlist, FileNameDetector, StructuralDetector } from "./rules.js";
export { mightContainCredentials } from "./prefilter.js";
export { normalizeKey } from "./vocabulary.js";
export { compileManifestDetection, isAllowedByManifest } from "./custom.js";
export type { ManifestDetection } from "./custom.js";

interface CompiledDetector {
  readonly detector: Detector;
  /** Scans (`g`) or probes (`y`, key-anchored); no `d` flag, which costs on every attempt. */
  readonly re: RegExp;
  /** Sticky with `d`: re-run at a surviving match only, to get the secret's exact offsets. */
  readonly indexed: RegExp;
  readonly keyPattern: RegExp | undefined;
  /** `requires`, case-insensitive: the source is lowercase and is tested on the text as written. */
  readonly requires: RegExp | undefined;
  readonly allowlist: CompiledAllowlist;
  readonly windowLines: number;
  readonly wholeFile: boolean;
  readonly anchored: boolean;
  /** Key-anchored detectors: this detector's bit in a key's mask (0 otherwise). */
  readonly keyBit: number;
  readonly quotedIn: { readonly paths: readonly RegExp[]; readonly quoteGroup: number } | undefined;
  /** `paths`: the only files this detector runs on (undefined: every file). */
  readonly paths: readonly RegExp[] | undefined;
}

const COMPILED: readonly CompiledDetector[] = DETECTORS.map((detector) => {
  const anchored = detector.anchor === "key" && detector.keywords.length > 0;
  const flags = detector.flags ?? "";
  return {
    detector,
    // Key-anchored patterns run sticky on the whole text (`m` so `^` still means a line start).
    re: new RegExp(detector.pattern, `${anchored ? "ym" : "g"}${flags}`),
    indexed: new RegExp(detector.pattern, `yd${anchored ? "m" : ""}${flags}`),
    keyPattern: detector.keyPattern === undefined ? undefined : new RegExp(detector.keyPattern),
    requires: detector.requires === undefined ? undefined : new RegExp(detector.requires, "i"),
    allowlist: compileAllowlist(detector.allowlist),
    windowLines: Math.max(1, detector.windowLines ?? 1),
    wholeFile: detector.scope === "file" || detector.keywords.length === 0,
    anchored,
    keyBit: KEY_ANCHORED.includes(DETECTORS.indexOf(detector)) ? 1 << KEY_ANCHORED.indexOf(DETECTORS.indexOf(detector)) : 0,
    paths: detector.paths?.map((source) => new RegExp(source)),
    quotedIn:
      detector.quotedIn === undefined
        ? undefined
        : { paths: detector.quotedIn.paths.map((source) => new RegExp(source)), quoteGroup: detector.quotedIn.quoteGroup },
  };
});

const IDENTITY_KEY_RE = new RegExp(IDENTITY_KEY_PATTERN);

const STRUCTURAL = new Map(STRUCTURAL_DETECTORS.map((detector) => [detector.id, { detector, allowlist: compileAllowlist(detector.allowlist) }]));
const FILE_NAMES = FILE_NAME_DETECTORS.map((detector) => ({ detector, paths: detector.paths.map((source) => new RegExp(source)) }));

/**
 * Files that are credentials by name (a `.p12` keystore): reported from the path alone, so they
 * are found whether the file was read or skipped as binary. The fingerprint hashes the path.
 */
export function fileNameCredentials(path: string, detection?: ManifestDetection): Credential[] {
  if (isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  return FILE_NAMES.filter(({ paths }) => paths.some((re) => re.test(path))).map(({ detector }) => ({
    detector: detector.id,
    description: detector.description,
    location: { file: path, line: 1, column: 1 },
    preview: `(${path.slice(path.lastIndexOf(".") + 1).toLowerCase()} file)`,
    valueHash: hashValue(`file:${path}`),
    length: 0,
    identity: detector.identity,
  }));
}

/** A generated-looking value is at least this long (see StructuralDetector.entropy). */
const GENERATED_MIN_LENGTH = 20;

/**
 * Vets the literals extractors read out of a file's structure the way `consider` vets a pattern's
 * match: the global allowlist, the detector's own, and its key rule. Survivors keep only a hash
 * and a redacted preview, like every other credential.
 */
export function vetLiterals(path: string, literals: readonly Literal[], detection?: ManifestDetection): Credential[] {
  if (literals.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  const out: Credential[] = [];
  for (const literal of literals) {
    const entry = STRUCTURAL.get(literal.detector);
    // An id missing from the table is a programming error; the table test names every extractor's.
    if (entry === undefined) continue;
    const { detector, allowlist } = entry;
    const { value, key } = literal;
    // The `private-key` detector reads the same text and reports the PEM block itself.
    if (literal.raw?.includes("-----BEGIN") === true) continue;
    if (isAllowedPath(allowlist, path)) continue;
    const normalized = normalizeKey(key);
    if (value.trim() === "" || isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, value.trim(), value, undefined)) continue;
    if (isAllowedValue(allowlist, value, value, normalized)) continue;
    // A generated token has no whitespace: a value that spans words or lines is text (a config
    // file kept in a Secret, whose credential lines the line detectors judge on their own).
    const generated = value.length >= GENERATED_MIN_LENGTH && !/\s/.test(value) && shannonEntropy(value) >= (detector.entropy ?? 0);
    if (detector.entropy !== undefined && !isCredentialName(key) && !generated) continue;
    if (isAllowedByManifest(detection, path, value)) continue;
    out.push({
      detector: detector.id,
      description: literal.description ?? detector.description,
      location: literal.location,
      preview: redact(value, detector.id),
      valueHash: hashValue(value),
      length: [...value].length,
      identity: literal.identity ?? (detector.identity || IDENTITY_KEY_RE.test(normalized)),
      key,
    });
  }
  return out;
}

/** A secret name or key that points at an identity system (`OKTA_API_TOKEN`, `scimBearer`). */
export function isIdentityKey(key: string): boolean {
  return IDENTITY_KEY_RE.test(normalizeKey(key));
}

/** Minified bundles put megabytes on one line; past this, a window is cut around the keyword. */
const MAX_WINDOW = 16_384;
const HALF_WINDOW = 4_096;
/** Git's heuristic: a NUL in the first 8000 bytes means binary. */
const BINARY_PROBE = 8_000;

// Left context of a value: `KEY = "`, `"key": "`, `KEY: Bearer `, `--flag `, `ENV KEY `.
const ASSIGNED_KEY_RE =
  /(?:^|[^\w.$@-])(?:--)?(["']?)([A-Za-z_][\w.-]{0,100})\1(?:[ \t]*(?::=|=>|[:=])[ \t]*|(?<=(?:^\s*(?:ENV|ARG)\s+|--)[\w.-]{1,101})[ \t]+)(?:(?:Bearer|Basic|Token|SSWS)[ \t]+)?["'`]?$/;

function inferKey(text: string, lineStart: number, valueStart: number): string | undefined {
  const from = Math.max(lineStart, valueStart - 300);
  const m = ASSIGNED_KEY_RE.exec(text.slice(from, valueStart));
  return m?.[2];
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The text a base64 value encodes, when it is printable ASCII (else undefined: a key, a hash, binary). */
export function decodedText(value: string): string | undefined {
  if (value.length < 8 || value.length > 8192 || !BASE64_RE.test(value)) return undefined;
  const text = Buffer.from(value, "base64").toString("latin1");
  return /^[\x20-\x7E\t\r\n]+$/.test(text) ? text : undefined;
}

interface Candidate {
  readonly order: number;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  readonly key: string | undefined;
  readonly identity: boolean;
}

/**
 * Every credential the detector table finds in one file, plus the manifest's own detectors; the
 * manifest's allowlist (`detection`) drops what the repository says is not a credential.
 */
export function detectCredentials(file: SourceFile, detection?: ManifestDetection): Credential[] {
  const { path, text } = file;
  if (text.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || isAllowedByManifest(detection, path)) return [];
  if (text.slice(0, BINARY_PROBE).includes("\0")) return [];

  const hits = findHits(text);
  const spans = hits.keys.length === 0 ? NO_SPANS : keySpans(text, hits.keys);
  let keyMask = 0;
  for (const span of spans) keyMask |= span.mask;
  const accepted: Candidate[] = [];

  for (const order of runOrder(hits.found, keyMask)) {
    const compiled = COMPILED[order];
    if (compiled === undefined) continue;
    const positions = compiled.anchored ? undefined : hits.detectors[order];
    // `requires` is settled lazily, by the first candidate that passes every other check: a whole-
    // file regex per `token` key file is costly, and almost no candidate gets that far.
    requirement = compiled.requires === undefined ? true : undefined;
    if (isAllowedPath(compiled.allowlist, path)) continue;
    quoteGroup = compiled.quotedIn?.paths.some((re) => re.test(path)) ? compiled.quotedIn.quoteGroup : undefined;
    if (compiled.paths !== undefined) {
      // Credential files (`.npmrc`, `.netrc`) are small and named: read whole, no prefilter.
      if (compiled.paths.some((re) => re.test(path))) collect(compiled, order, text, 0, text.length, accepted);
      continue;
    }
    if (positions === undefined) {
      collectAnchored(compiled, order, text, spans, accepted);
      continue;
    }
    if (compiled.wholeFile) {
      collect(compiled, order, text, 0, text.length, accepted);
      continue;
    }
    let covered = -1;
    // The line holding the current hit, [lineStart, lineEnd): found once per line, not per hit,
    // since a megabyte-long minified line can hold thousands of hits.
    let lineStart = 0;
    let lineEnd = -1;
    for (const at of positions) {
      if (at < covered) continue;
      if (at > lineEnd) {
        lineStart = text.lastIndexOf("\n", at - 1) + 1;
        lineEnd = text.indexOf("\n", at);
        if (lineEnd === -1) lineEnd = text.length;
      }
      let to = lineEnd;
      for (let extra = 1; extra < compiled.windowLines && to < text.length; extra += 1) {
        to = text.indexOf("\n", to + 1);
        if (to === -1) to = text.length;
      }
      let from = lineStart;
      // Later keywords on this same line add nothing; a keyword on the next line starts its own
      // window even when a multi-line window already reached it (name/value pairs chain).
      let ownLineEnd = lineEnd;
      if (to - from > MAX_WINDOW) {
        from = Math.max(from, covered, at - HALF_WINDOW);
        to = Math.min(to, at + HALF_WINDOW);
        ownLineEnd = Math.min(ownLineEnd, to);
      }
      collect(compiled, order, text, from, to, accepted);
      covered = ownLineEnd;
    }
  }

  const kept = detection === undefined ? accepted : accepted.filter((c) => !isAllowedByManifest(detection, path, c.secret));
  const own = detectWithManifest(file, detection);
  if (kept.length === 0) return inEmbeddedDocs(path, text, own, undefined);
  kept.sort((a, b) => a.start - b.start || a.order - b.order);
  const starts = lineStarts(text);
  return inEmbeddedDocs(path, text, [...kept.map((c) => toCredential(c, path, starts)), ...own], starts);
}

/** Key-anchored detectors, and detectors restricted to named files, in table order. */
const KEYED: readonly number[] = COMPILED.flatMap((c, order) => (c.keyBit === 0 ? [] : [order]));
const NAMED_FILES: readonly number[] = COMPILED.flatMap((c, order) => (c.paths === undefined ? [] : [order]));

/**
 * The detectors worth running on a file, in table order (the order decides which of two detectors
 * keeps a value both report): those whose anchors occur, the key-anchored ones some key in the
 * file may match, and those restricted to named files, which check the path themselves.
 */
function runOrder(found: readonly number[], keyMask: number): number[] {
  const orders = [...found, ...NAMED_FILES];
  if (keyMask !== 0) for (const order of KEYED) if ((keyMask & (COMPILED[order]?.keyBit ?? 0)) !== 0) orders.push(order);
  orders.sort((a, b) => a - b);
  // Each detector once, should one ever be both anchored and restricted to named files.
  return orders.filter((order, i) => order !== orders[i - 1]);
}

/**
 * Credentials inside documentation embedded in a file carry that context (embedded-docs.ts):
 * an Ansible module's docs strings, and a configuration file's commented-out settings (`docs`).
 */
function inEmbeddedDocs(path: string, text: string, credentials: Credential[], knownStarts: readonly number[] | undefined): Credential[] {
  if (credentials.length === 0) return credentials;
  const blocks = embeddedDocs(path, text);
  const markers = configCommentMarkers(path);
  if (blocks.length === 0 && markers === undefined) return credentials;
  let starts = knownStarts;
  return credentials.map((credential) => {
    const { line } = credential.location;
    const block = blocks.find((b) => b.startLine <= line && line <= b.endLine);
    if (block !== undefined) return { ...credential, context: block.context };
    if (markers === undefined) return credential;
    starts ??= lineStarts(text);
    const start = starts[line - 1];
    return start !== undefined && isCommentLine(text, start, markers) ? { ...credential, context: "docs" } : credential;
  });
}

/** The current detector's `requires` for the current file: unknown until a candidate needs it. */
let requirement: boolean | undefined;

/** The current detector's `quotedIn.quoteGroup` when the current file is source code, else undefined. */
let quoteGroup: number | undefined;

function collect(compiled: CompiledDetector, order: number, text: string, from: number, to: number, accepted: Candidate[]): void {
  const { re } = compiled;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  re.lastIndex = 0;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    // An empty match leaves lastIndex where it was: step past it.
    if (re.lastIndex === m.index) re.lastIndex += 1;
    consider(compiled, order, text, m, window, from, accepted);
  }
}

/** Characters of a key: walking over them from a key's start finds where it ends. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

interface KeySpan {
  readonly start: number;
  /** Which key-anchored detectors may match at this key (bits as in `keyBit`). */
  readonly mask: number;
}

const NO_SPANS: readonly KeySpan[] = [];

/**
 * Per raw identifier, the key-anchored detectors that it holds a keyword of and whose key rules
 * (keyPattern, key allowlist) accept it. Keys repeat across a tree (`password`, `secretName`,
 * `tokenTTL`), so most candidates are settled by one lookup before any regex runs.
 */
const KEY_MASKS = new Map<string, number>();

function keyMask(identifier: string): number {
  return KEY_MASKS.get(identifier) ?? newKeyMask(identifier);
}

/** Kept apart from keyMask: a few hundred distinct keys in a tree, against thousands of lookups. */
function newKeyMask(identifier: string): number {
  const lower = identifier.toLowerCase();
  let mask = 0;
  for (const order of KEYED) {
    const compiled = COMPILED[order];
    if (compiled === undefined || !compiled.detector.keywords.some((k) => lower.includes(k))) continue;
    if (keyAccepted(compiled, identifier)) mask |= compiled.keyBit;
  }
  // Bounded for adversarial input.
  if (KEY_MASKS.size >= 16_384) KEY_MASKS.clear();
  KEY_MASKS.set(identifier, mask);
  return mask;
}

function keyAccepted(compiled: CompiledDetector, identifier: string): boolean {
  if (compiled.keyPattern === undefined && compiled.allowlist.keys.length === 0) return true;
  const normalized = normalizeKeyCached(identifier);
  return (compiled.keyPattern === undefined || compiled.keyPattern.test(normalized)) && !compiled.allowlist.keys.some((re) => re.test(normalized));
}

/** The keys at the candidate starts (ascending, distinct) that some detector may match at. */
function keySpans(text: string, starts: readonly number[]): KeySpan[] {
  const spans: KeySpan[] = [];
  for (const start of starts) {
    let end = start;
    const endLimit = Math.min(text.length, start + MAX_KEY + 1);
    while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
    const mask = keyMask(text.slice(start, end));
    if (mask !== 0) spans.push({ start, mask });
  }
  return spans;
}

/** One sticky attempt per key this detector accepts (see `keyMask`), or at the quote before it. */
function collectAnchored(compiled: CompiledDetector, order: number, text: string, spans: readonly KeySpan[], accepted: Candidate[]): void {
  const { re } = compiled;
  for (const { start, mask } of spans) {
    if ((mask & compiled.keyBit) === 0) continue;
    re.lastIndex = start;
    let m = re.exec(text);
    const before = start > 0 ? text.charCodeAt(start - 1) : 0;
    if (m === null && (before === 34 || before === 39)) {
      re.lastIndex = start - 1;
      m = re.exec(text);
    }
    if (m !== null) consider(compiled, order, text, m, text, 0, accepted);
  }
}

const KEY_CACHE = new Map<string, string>();

function normalizeKeyCached(key: string): string {
  let normalized = KEY_CACHE.get(key);
  if (normalized === undefined) {
    normalized = normalizeKey(key);
    if (KEY_CACHE.size >= 4096) KEY_CACHE.clear();
    KEY_CACHE.set(key, normalized);
  }
  return normalized;
}

/** Filters a raw match, cheapest checks first; survivors are located and recorded. */
function consider(
  compiled: CompiledDetector,
  order: number,
  text: string,
  m: RegExpExecArray,
  haystack: string,
  offset: number,
  accepted: Candidate[],
): void {
  const { detector } = compiled;
  const group = detector.secretGroup ?? 0;
  const secret = m[group];
  if (secret === undefined || secret.length === 0) return;
  if (detector.minLength !== undefined && secret.length < detector.minLength) return;
  if (quoteGroup !== undefined && !m[quoteGroup]) return;

  let key = detector.keyGroup === undefined ? undefined : m[detector.keyGroup];
  let normalizedKey = key === undefined ? undefined : normalizeKeyCached(key);
  if (compiled.keyPattern !== undefined && detector.keyGroup !== undefined) {
    if (normalizedKey === undefined || !compiled.keyPattern.test(normalizedKey)) return;
  }
  // A verified checksum outweighs every placeholder rule: the provider issued this token.
  const verified = detector.checksum !== undefined && validChecksum(detector.checksum, secret);
  if (!verified) {
    if (detector.entropy !== undefined && shannonEntropy(secret) < detector.entropy) return;
    if (isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, secret, m[0], undefined)) return;
    // A Kubernetes Secret's `data` and many configs hold values base64-encoded: `dGVzdC1wYXNzd29yZA==`
    // is `test-password`, and a base64 PEM certificate is still public.
    const decoded = decodedText(secret);
    if (decoded !== undefined && isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, decoded, decoded, undefined)) return;
  }

  compiled.indexed.lastIndex = m.index;
  const span = compiled.indexed.exec(haystack)?.indices?.[group];
  if (span === undefined) return;
  const start = offset + span[0];
  const end = offset + span[1];
  if (overlaps(accepted, start, end)) return;

  if (detector.keyGroup === undefined) {
    key = inferKey(text, text.lastIndexOf("\n", start - 1) + 1, start);
    normalizedKey = key === undefined ? undefined : normalizeKeyCached(key);
    if (compiled.keyPattern !== undefined && (normalizedKey === undefined || !compiled.keyPattern.test(normalizedKey))) return;
  }
  if (!verified && isAllowedValue(compiled.allowlist, secret, m[0], normalizedKey)) return;
  requirement ??= compiled.requires?.test(text) ?? true;
  if (!requirement) return;

  const identity = detector.identity || (normalizedKey !== undefined && IDENTITY_KEY_RE.test(normalizedKey));
  insertSorted(accepted, { order, start, end, secret, key, identity });
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

function toCredential(c: Candidate, path: string, lineStarts: readonly number[]): Credential {
  const detector = DETECTORS[c.order];
  const start = positionAt(lineStarts, c.start);
  // endColumn is exclusive (one past the last character), as in SARIF regions.
  const end = positionAt(lineStarts, c.end);
  return {
    detector: detector?.id ?? "unknown",
    description: detector?.description ?? "",
    location: { file: path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
    preview: redact(c.secret, detector?.id),
    valueHash: hashValue(c.secret),
    length: [...c.secret].length,
    identity: c.identity,
    ...(c.key === undefined ? {} : { key: c.key }),
    ...(detector?.severity === undefined ? {} : { severity: detector.severity }),
  };
}
