import { DETECTORS } from "./rules.js";

/**
 * Where the detectors should look, found without a keyword regex. On identity-heavy repositories
 * `token`, `auth`, `key` and `secret` are on most lines, so a keyword gate lets nearly everything
 * through, and an alternation of ~60 keywords runs at ~200 MB/s in irregexp whatever it finds,
 * since no character can be skipped. `String.prototype.indexOf` of one character runs at several
 * GB/s, so both kinds of detector are driven by single-character searches instead:
 *
 * - Format detectors declare case-sensitive `anchors` (`ghp_`, `AKIA`, `eyJ`). Each anchor is
 *   found through one of its rarer characters (a pivot): one `indexOf` pass per pivot character,
 *   shared by every anchor holding it, then a neighbour-character table and `startsWith` confirm.
 * - Key-anchored detectors need a key holding a credential word *in an assignment*, so they are
 *   driven by the assignment: every `:`/`=`, walking back over the key. Only keys that hold a
 *   keyword become candidates; the rest (~97% of operators) cost a short walk over char codes.
 */

const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Detectors driven by the key in front of an assignment (see `anchor: "key"` in rules.ts). */
export const KEY_ANCHORED: readonly number[] = DETECTORS.flatMap((d, i) => (d.anchor === "key" && d.keywords.length > 0 ? [i] : []));

/** Detectors that declare no keywords run on every file. */
export const KEYWORDLESS_DETECTORS: readonly number[] = DETECTORS.flatMap((d, i) => (d.keywords.length === 0 ? [i] : []));

/**
 * Approximate per-mille frequency of printable ASCII in source and configuration text (measured on
 * a mixed TS/Python/Go/YAML/Markdown tree). Only used to pick pivots, so it need not be exact.
 */
const FREQUENCY: Readonly<Record<string, number>> = {
  " ": 112, e: 82, r: 63, t: 59, o: 50, n: 45, i: 39, s: 39, a: 37, c: 31, u: 28, l: 24, ".": 20, d: 20, '"': 17,
  p: 16, m: 15, g: 14, f: 13, y: 11, "(": 11, ")": 11, h: 11, ":": 10, "1": 9, "2": 9, v: 9, k: 8, "=": 8, _: 8,
  b: 8, ",": 7, ";": 7, "3": 6, w: 6, "0": 6, x: 6, "-": 6, E: 5, "5": 5, "4": 5, R: 5, "{": 5, "}": 5, q: 4,
  "&": 4, "6": 4, "7": 4, "8": 4, "9": 4, T: 3, "?": 3, O: 3, S: 2.5, N: 2.4, I: 2.3, C: 2.1, P: 2, "[": 1.6,
  "]": 1.6, A: 1.6, D: 1.5, G: 1.5, j: 1.4, Z: 1.4, U: 1.4, z: 1.3, B: 1.2, "/": 1.1, M: 1, L: 1, F: 0.8,
  "!": 0.8, V: 0.7, K: 0.6, "<": 0.6, W: 0.6, H: 0.5, "#": 0.5, "*": 0.5, "`": 0.4, "%": 0.4, ">": 0.3, Y: 0.3,
  $: 0.2, Q: 0.1, "|": 0.1, "'": 0.1, "@": 0.1, J: 0.1, X: 0.05, "\n": 25, "\r": 5, "\t": 5,
};
/** One `indexOf` pass over a rare character costs about as much as 4‰ of hits. */
const PASS_COST = 4;
const frequency = (ch: string): number => FREQUENCY[ch] ?? 0.05;

/** Consumers of an anchor hit besides detectors: the space-separated `--flag value` / `ENV K v`. */
const DASHES = -1;
const ENV_OR_ARG = -2;

interface Anchor {
  readonly literal: string;
  /** Index of the pivot character inside `literal`. */
  readonly pivot: number;
  /** Detector indices, or DASHES / ENV_OR_ARG. */
  readonly targets: readonly number[];
}

interface PivotPass {
  readonly char: string;
  /** Anchors whose pivot is not their first character, by the char code just before the pivot. */
  readonly before: readonly (readonly Anchor[] | undefined)[];
  /** Anchors that start with their pivot, by the char code just after it. */
  readonly after: readonly (readonly Anchor[] | undefined)[];
  /** One-character anchors. */
  readonly alone: readonly Anchor[];
  /** Per UTF-16 code unit: 1 = some anchor has it before the pivot, 2 = after a leading pivot. */
  readonly neighbours: Uint8Array;
}

/** Greedy weighted set cover: few passes, each on a character as rare as the anchors allow. */
function planPivots(anchors: ReadonlyMap<string, readonly number[]>): PivotPass[] {
  const uncovered = new Set(anchors.keys());
  const chosen = new Map<string, string[]>();
  while (uncovered.size > 0) {
    let best: { ch: string; score: number; covers: string[] } | undefined;
    const candidates = new Set([...uncovered].flatMap((literal) => [...literal]));
    for (const ch of candidates) {
      const covers = [...uncovered].filter((literal) => literal.includes(ch));
      const score = (PASS_COST + frequency(ch)) / covers.length;
      if (best === undefined || score < best.score || (score === best.score && ch < best.ch)) best = { ch, score, covers };
    }
    if (best === undefined) break;
    chosen.set(best.ch, best.covers);
    for (const literal of best.covers) uncovered.delete(literal);
  }
  // Greedy picks can end up redundant (`v` for `hvs.`, then `.` for `dp.` covers `hvs.` too):
  // drop the costliest pass whose anchors all hold another chosen character, and move them there.
  for (const ch of [...chosen.keys()].sort((a, b) => frequency(b) - frequency(a))) {
    const literals = chosen.get(ch) ?? [];
    const others = [...chosen.keys()].filter((other) => other !== ch);
    const homes = literals.map((literal) => others.find((other) => literal.includes(other)));
    if (homes.some((home) => home === undefined)) continue;
    chosen.delete(ch);
    literals.forEach((literal, i) => chosen.get(homes[i] ?? "")?.push(literal));
  }
  // Greedy choice is myopic: four passes over `v`, `k`, `0`, `p` can cost more than one over `.`
  // that holds all their anchors. Open a pass wherever that empties dearer ones, until none does.
  const passCost = (ch: string): number => PASS_COST + frequency(ch);
  const allChars = [...new Set([...anchors.keys()].flatMap((literal) => [...literal]))].sort();
  for (let improved = true; improved; ) {
    improved = false;
    for (const ch of allChars) {
      if (chosen.has(ch)) continue;
      const emptied = [...chosen.entries()].filter(([, literals]) => literals.every((literal) => literal.includes(ch)));
      if (passCost(ch) >= emptied.reduce((sum, [other]) => sum + passCost(other), 0)) continue;
      const moved: string[] = [];
      for (const [other, literals] of [...chosen.entries()]) {
        const kept = literals.filter((literal) => !literal.includes(ch));
        moved.push(...literals.filter((literal) => literal.includes(ch)));
        if (kept.length === 0) chosen.delete(other);
        else chosen.set(other, kept);
      }
      chosen.set(ch, moved);
      improved = true;
    }
  }
  return [...chosen.entries()].map(([char, literals]) => {
    const before: Anchor[][] = [];
    const after: Anchor[][] = [];
    const alone: Anchor[] = [];
    for (const literal of literals) {
      const pivot = literal.indexOf(char);
      const anchor: Anchor = { literal, pivot, targets: anchors.get(literal) ?? [] };
      if (literal.length === 1) alone.push(anchor);
      else if (pivot > 0) (before[literal.charCodeAt(pivot - 1)] ??= []).push(anchor);
      else (after[literal.charCodeAt(1)] ??= []).push(anchor);
    }
    const neighbours = new Uint8Array(65_536);
    before.forEach((list, code) => {
      if (list !== undefined) neighbours[code] = (neighbours[code] ?? 0) | 1;
    });
    after.forEach((list, code) => {
      if (list !== undefined) neighbours[code] = (neighbours[code] ?? 0) | 2;
    });
    return { char, before, after, alone, neighbours };
  });
}

const ANCHORS = new Map<string, number[]>();
const addAnchor = (literal: string, target: number): void => {
  const targets = ANCHORS.get(literal) ?? [];
  if (!targets.includes(target)) targets.push(target);
  ANCHORS.set(literal, targets);
};
/** Format detectors without `anchors` fall back to a case-insensitive keyword scan. */
const UNANCHORED: number[] = [];
DETECTORS.forEach((detector, index) => {
  // Detectors restricted to named files (`.npmrc`) skip the prefilter: they read the whole file.
  if (detector.keywords.length === 0 || KEY_ANCHORED.includes(index) || detector.paths !== undefined) return;
  if (detector.anchors === undefined || detector.anchors.length === 0) UNANCHORED.push(index);
  else for (const literal of detector.anchors) addAnchor(literal, index);
});
// generic-credential's space-separated forms: `--password value`, Dockerfile `ENV TOKEN value`.
addAnchor("--", DASHES);
addAnchor("ENV", ENV_OR_ARG);
addAnchor("ARG", ENV_OR_ARG);
const PASSES = planPivots(ANCHORS);

/** The pivot passes, for benchmarks and diagnostics: each character searched and its anchors. */
export function pivotPlan(): { char: string; anchors: string[] }[] {
  return PASSES.map((p) => ({
    char: p.char,
    anchors: [...p.before.flatMap((a) => a ?? []), ...p.after.flatMap((a) => a ?? []), ...p.alone].map((a) => a.literal),
  }));
}

const UNANCHORED_KEYWORDS = [...new Set(UNANCHORED.flatMap((i) => DETECTORS[i]?.keywords ?? []))].sort((a, b) => b.length - a.length);
const UNANCHORED_RE =
  UNANCHORED_KEYWORDS.length === 0 ? undefined : new RegExp(UNANCHORED_KEYWORDS.map(escape).join("|"), "gi");

/**
 * Keywords of the key-anchored detectors that a key must contain to be worth a regex attempt;
 * a keyword containing another one (`auth0` ⊃ `auth`) is implied by it.
 */
const KEY_WORDS: readonly string[] = (() => {
  const all = [...new Set(KEY_ANCHORED.flatMap((i) => DETECTORS[i]?.keywords ?? []))];
  return all.filter((word) => !all.some((other) => other !== word && word.includes(other)));
})();
/**
 * Each KEY_WORDS entry is tried only where its rarest letter is (`k` for `token`/`key`/`okta`,
 * `w` for `pwd`/`twilio`): the walk over a key then stops at ~1 character in 10, not at every
 * `t`/`n`/`s` a last-letter test would stop at.
 */
interface KeyWord {
  readonly word: string;
  /** Index of the trigger letter inside `word`. */
  readonly at: number;
}
const KEY_WORDS_BY_TRIGGER: readonly (readonly KeyWord[] | undefined)[] = (() => {
  const table: KeyWord[][] = [];
  for (const word of KEY_WORDS) {
    let at = 0;
    for (let i = 1; i < word.length; i += 1) if (frequency(word[i] ?? "") < frequency(word[at] ?? "")) at = i;
    (table[word.charCodeAt(at)] ??= []).push({ word, at });
  }
  return table;
})();
const TRIGGERS = new Uint8Array(128);
KEY_WORDS_BY_TRIGGER.forEach((words, code) => {
  if (words !== undefined) TRIGGERS[code] = 1;
});

/** Key characters: letters, digits, `_`, `.`, `-` (`[\w.\-]`, what a key regex accepts). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  KEY_CHAR[c] = /[\w.-]/.test(String.fromCharCode(c)) ? 1 : 0;
}
const isKeyChar = (c: number): boolean => c < 128 && KEY_CHAR[c] === 1;

/** Per UTF-16 code unit: 1 = key character, 2 = trigger letter (either case); one load per step. */
const KEY_CLASS = new Uint8Array(65_536);
for (let c = 0; c < 128; c += 1) {
  const lowered = c | 32;
  KEY_CLASS[c] = (KEY_CHAR[c] ?? 0) | (/[A-Za-z]/.test(String.fromCharCode(c)) && lowered < 128 && TRIGGERS[lowered] === 1 ? 2 : 0);
}

/**
 * A key longer than this cannot match: every key-anchored pattern bounds its key at 101
 * characters, plus two leading dashes. Longer runs (minified code, base64) are not walked.
 */
export const MAX_KEY = 104;

/**
 * A KEY_WORDS entry with its trigger letter at `i`, ASCII case-insensitively (`| 32` lowercases
 * letters and maps no other key character onto one). Words are letters and digits, so a hit lies
 * inside the key run around `i`.
 */
function keyWordAt(text: string, i: number, lowered: number): boolean {
  const words = KEY_WORDS_BY_TRIGGER[lowered];
  if (words === undefined) return false;
  for (const { word, at } of words) {
    const from = i - at;
    let k = word.length - 1;
    while (k >= 0 && (text.charCodeAt(from + k) | 32) === word.charCodeAt(k)) k -= 1;
    if (k < 0) return true;
  }
  return false;
}

/** `[start, end)` holds a KEY_WORDS entry. */
function holdsKeyWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const lowered = text.charCodeAt(i) | 32;
    if (lowered < 128 && TRIGGERS[lowered] === 1 && keyWordAt(text, i, lowered)) return true;
  }
  return false;
}
const MIN_KEY_WORD = Math.min(...KEY_WORDS.map((w) => w.length));

export interface Hits {
  /** Per detector (indexed like DETECTORS): ascending offsets of its anchors, or undefined. */
  readonly detectors: (number[] | undefined)[];
  /** Ascending, distinct starts of keys (in an assignment) holding a key-anchored keyword. */
  readonly keys: number[];
}

/**
 * Where each format detector's anchors occur, and which keys sit in an assignment: the places
 * key-anchored patterns can match (`KEY = v`, `KEY: v`, `"KEY": v`, `--KEY v`, `ENV KEY v`, and
 * `name: KEY` followed by a `value:` line).
 */
export function findHits(text: string): Hits {
  const detectors = new Array<number[] | undefined>(DETECTORS.length);
  const spaced: number[] = [];
  for (const pass of PASSES) scanPivot(text, pass, detectors, spaced);
  if (UNANCHORED_RE !== undefined) scanUnanchored(text, detectors);
  for (const d of KEYWORDLESS_DETECTORS) detectors[d] = [0];
  const colons: number[] = [];
  const equals: number[] = [];
  scanAssignments(text, 58 /* : */, colons);
  scanAssignments(text, 61 /* = */, equals);
  // Passes each return ascending offsets; several anchors of one detector interleave.
  for (const list of detectors) if (list !== undefined && list.length > 1) list.sort((a, b) => a - b);
  // The space-separated forms are rare and come from several passes; the operator lists are each
  // ascending (name/value keys sit after their colon, before the next one), so merge, not sort.
  spaced.sort((a, b) => a - b);
  let keys = mergeDistinct(mergeDistinct(colons, equals), spaced);
  // Cheap insurance: the order decides which of two overlapping matches is kept.
  if (!isStrictlyAscending(keys)) keys = mergeDistinct([...new Set(keys)].sort((a, b) => a - b), []);
  return { detectors, keys };
}

/** Merges two non-decreasing lists into one strictly ascending list. */
function mergeDistinct(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0 && isStrictlyAscending(a)) return [...a];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i] ?? Infinity;
    const y = b[j] ?? Infinity;
    const next = x <= y ? x : y;
    if (x <= y) i += 1;
    else j += 1;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

function isStrictlyAscending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i += 1) if ((list[i] ?? 0) <= (list[i - 1] ?? 0)) return false;
  return true;
}

function scanPivot(text: string, pass: PivotPass, detectors: (number[] | undefined)[], keys: number[]): void {
  const { before, after, alone, neighbours } = pass;
  const last = text.length - 1;
  for (let i = text.indexOf(pass.char); i !== -1; i = text.indexOf(pass.char, i + 1)) {
    // Most pivot hits are ordinary text: one typed-array load on each side rejects them.
    if (i > 0 && ((neighbours[text.charCodeAt(i - 1)] ?? 0) & 1) !== 0) confirm(text, i, before[text.charCodeAt(i - 1)] ?? [], detectors, keys);
    if (i < last && ((neighbours[text.charCodeAt(i + 1)] ?? 0) & 2) !== 0) confirm(text, i, after[text.charCodeAt(i + 1)] ?? [], detectors, keys);
    if (alone.length > 0) confirm(text, i, alone, detectors, keys);
  }
}

function confirm(text: string, at: number, anchors: readonly Anchor[], detectors: (number[] | undefined)[], keys: number[]): void {
  for (const anchor of anchors) {
    const start = at - anchor.pivot;
    if (start < 0 || !text.startsWith(anchor.literal, start)) continue;
    for (const target of anchor.targets) {
      if (target === DASHES) spaceFormKey(text, start, false, keys);
      else if (target === ENV_OR_ARG) spaceFormKey(text, start + anchor.literal.length, true, keys);
      else {
        const list = detectors[target];
        if (list === undefined) detectors[target] = [start];
        else list.push(start);
      }
    }
  }
}

/**
 * `--KEY value` (at: the dashes, inside the key's run) and `ENV KEY value` (at: just after
 * `ENV`): a key followed by a blank instead of an operator. The pattern's own lookbehind decides.
 */
function spaceFormKey(text: string, at: number, afterWord: boolean, keys: number[]): void {
  let start = at;
  if (afterWord) {
    let c = text.charCodeAt(start);
    if (!(c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11)) return;
    while (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) c = text.charCodeAt(++start);
  } else {
    const limit = Math.max(0, at - MAX_KEY);
    while (start > limit && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
  }
  let end = afterWord ? start : at;
  const endLimit = Math.min(text.length, start + MAX_KEY);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  const next = text.charCodeAt(end);
  if ((next === 32 || next === 9) && end > start && holdsKeyWord(text, start, end)) keys.push(start);
}

/**
 * Every `op` (`:` or `=`): the run of key characters before it (past blanks and one quote) is a
 * candidate when it holds a keyword. After `name:`, the key of a name/value pair follows instead.
 */
function scanAssignments(text: string, op: number, keys: number[]): void {
  const opChar = String.fromCharCode(op);
  for (let i = text.indexOf(opChar); i !== -1; i = text.indexOf(opChar, i + 1)) {
    let j = i - 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 9) c = text.charCodeAt(--j);
    if (c === 34 || c === 39) c = text.charCodeAt(--j);
    const end = j + 1;
    // j never goes below -1, so KEY_CLASS is never indexed with charCodeAt(-1) (NaN).
    const limit = end - MAX_KEY - 1 > -1 ? end - MAX_KEY - 1 : -1;
    // One backward walk finds the key's start and whether a keyword lies inside it.
    let holds = false;
    let cls = 0;
    while (j > limit && ((cls = KEY_CLASS[c] ?? 0) & 1) !== 0) {
      if ((cls & 2) !== 0 && !holds) holds = keyWordAt(text, j, c | 32);
      c = text.charCodeAt(--j);
    }
    // Longer than any key a pattern accepts (minified code, base64): not a key.
    if (j === limit && j >= 0 && ((KEY_CLASS[c] ?? 0) & 1) !== 0) continue;
    const start = j + 1;
    if (holds && end - start >= MIN_KEY_WORD) keys.push(start);
    // `name: KEY`: the key of a name/value pair follows the colon.
    if (op === 58 && end - start >= 4 && text.charCodeAt(end - 1) === 101 && text.startsWith("name", end - 4)) nameValueKey(text, i + 1, keys);
  }
}

/** `name: KEY` (at: after the colon): the key whose value is on the next line's `value:`. */
function nameValueKey(text: string, at: number, keys: number[]): void {
  let start = at;
  let c = text.charCodeAt(start);
  while (c === 32 || c === 9) c = text.charCodeAt(++start);
  if (c === 34 || c === 39) start += 1;
  let end = start;
  const endLimit = Math.min(text.length, start + MAX_KEY);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  if (end > start && holdsKeyWord(text, start, end)) keys.push(start);
}

/** The keyword gate for format detectors that declare no anchors (none in the table today). */
function scanUnanchored(text: string, detectors: (number[] | undefined)[]): void {
  const re = UNANCHORED_RE;
  if (re === undefined) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    re.lastIndex = at + 1;
    const found = m[0].toLowerCase();
    for (const d of UNANCHORED) {
      // The longest keyword at a place wins the alternation; shorter ones there are its prefixes.
      if (!(DETECTORS[d]?.keywords ?? []).some((k) => found.startsWith(k))) continue;
      const list = detectors[d];
      if (list === undefined) detectors[d] = [at];
      else if (list[list.length - 1] !== at) list.push(at);
    }
  }
}

const ANY_KEYWORD_RE = new RegExp(
  [...new Set(DETECTORS.flatMap((d) => d.keywords))]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join("|"),
);

/** Cheap pre-check for callers: can any detector possibly fire on this text? */
export function mightContainCredentials(text: string): boolean {
  return KEYWORDLESS_DETECTORS.length > 0 || ANY_KEYWORD_RE.test(text.toLowerCase());
}
