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
 *   shared by every anchor holding it; the two characters beside the pivot pick the few anchors
 *   worth a `startsWith`, so a `-` in `client-id` costs two table loads.
 * - Key-anchored detectors need a key holding a credential word *in an assignment*, so they are
 *   driven by the assignment: every `:`/`=`, walking back over the key. One table load per key
 *   character both finds the key's start and tells whether it holds a keyword (an automaton over
 *   the reversed keywords), so the ~97% of operators whose key holds none cost that walk only.
 *
 * The tables are built on the first scan, not when the module loads: commands that never scan
 * text do not pay for them.
 */

const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Detectors driven by the key in front of an assignment (see `anchor: "key"` in rules.ts). */
export const KEY_ANCHORED: readonly number[] = DETECTORS.flatMap((d, i) => (d.anchor === "key" && d.keywords.length > 0 ? [i] : []));

/** Detectors that declare no keywords run on every file. */
export const KEYWORDLESS_DETECTORS: readonly number[] = DETECTORS.flatMap((d, i) => (d.keywords.length === 0 ? [i] : []));

/**
 * Per-mille frequency of printable ASCII in the text a scan reads (measured on five public
 * repositories — Helm charts, a Go/TypeScript app, Kubernetes examples, Terraform, Ansible — plus
 * awx and the bench's synthetic tree, each weighted alike). Only used to pick pivots.
 */
const FREQUENCY: Readonly<Record<string, number>> = {
  " ": 223, e: 72, t: 52, r: 43, a: 42, o: 41, s: 40, n: 39, i: 38, l: 25, c: 23, "\n": 23, d: 21, u: 21,
  p: 19, m: 17, ".": 14, h: 13, f: 12, g: 12, ":": 11, _: 11, '"': 10, "-": 9.3, b: 9.1, y: 8.7, v: 7.4,
  "/": 6.4, "#": 6.3, ",": 6.1, "=": 5.9, w: 5.7, ")": 5.6, "(": 5.6, k: 4.8, "1": 4, "0": 3.8, "\t": 3.8,
  x: 3.5, "{": 3.5, "}": 3.5, "2": 3.4, S: 3.1, T: 3, "'": 2.8, A: 2.8, E: 2.7, R: 2.7, "`": 2.3, "3": 2.2,
  C: 2.2, I: 2.2, N: 2.1, P: 2, "4": 1.9, O: 1.9, "[": 1.9, "]": 1.9, D: 1.8, "5": 1.7, "6": 1.7, "|": 1.7,
  "\\": 1.7, "8": 1.6, q: 1.6, j: 1.6, ">": 1.5, ";": 1.5, M: 1.5, L: 1.4, "<": 1.4, "9": 1.3, "7": 1.3,
  V: 1.1, G: 0.97, "&": 0.96, F: 0.96, z: 0.95, U: 0.93, B: 0.81, "*": 0.79, H: 0.69, W: 0.61, $: 0.59,
  "?": 0.59, K: 0.54, Y: 0.43, "!": 0.4, "+": 0.34, Z: 0.34, J: 0.28, Q: 0.28, "%": 0.26, X: 0.24, "@": 0.17,
  "~": 0.1, "^": 0.07, "\r": 0.03,
};
/** One `indexOf` pass over a rare character costs about as much as 4‰ of hits. */
const PASS_COST = 4;
const frequency = (ch: string): number => FREQUENCY[ch] ?? 0.05;
const passCost = (ch: string): number => PASS_COST + frequency(ch);

const ASCII = 128;

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

/**
 * Anchors that share the character next to the pivot: those this one character decides (two-
 * character anchors), and the rest by the ASCII code of the character one further out.
 */
interface Neighbours {
  readonly decided: readonly Anchor[];
  readonly further: readonly (readonly Anchor[] | undefined)[];
}

interface PivotPass {
  readonly char: string;
  /** Anchors whose pivot is not their first character, by the ASCII code just before the pivot. */
  readonly before: readonly (Neighbours | undefined)[];
  /** Anchors that start with their pivot, by the ASCII code just after it. */
  readonly after: readonly (Neighbours | undefined)[];
  /** One-character anchors. */
  readonly alone: readonly Anchor[];
}

/**
 * Greedy weighted set cover: few passes, each on a character as rare as the anchors allow. Any
 * cover finds the same hits (an anchor is found wherever it occurs, whichever of its characters
 * is searched); the plan only decides how many passes there are and how often they stop.
 */
function planPivots(literals: readonly string[]): Map<string, string[]> {
  // Character codes throughout: this runs once per process, before anything is optimized.
  const codes = literals.map((literal) => [...new Set(literal)].map((ch) => ch.charCodeAt(0)));
  const holds = (literal: number, code: number): boolean => codes[literal]?.includes(code) === true;
  const cost = (code: number): number => passCost(String.fromCharCode(code));
  /** Pivot code → indices of the literals its pass finds, in the order passes were opened. */
  const chosen = new Map<number, number[]>();
  const covered = new Uint8Array(literals.length);
  for (let remaining = literals.length; remaining > 0; ) {
    const count = new Uint16Array(ASCII);
    codes.forEach((held, i) => {
      if (covered[i] === 0) for (const code of held) count[code] = (count[code] ?? 0) + 1;
    });
    let best = 0;
    let bestScore = Infinity;
    count.forEach((n, code) => {
      if (n > 0 && cost(code) / n < bestScore) {
        best = code;
        bestScore = cost(code) / n;
      }
    });
    const found: number[] = [];
    codes.forEach((held, i) => {
      if (covered[i] === 0 && held.includes(best)) found.push(i);
    });
    for (const i of found) covered[i] = 1;
    remaining -= found.length;
    chosen.set(best, found);
  }
  // Greedy picks can end up redundant (`v` for `hvs.`, then `.` for `dp.` covers `hvs.` too):
  // drop the costliest pass whose anchors all hold another chosen character, and move them there.
  for (const code of [...chosen.keys()].sort((a, b) => cost(b) - cost(a))) {
    const moved = chosen.get(code) ?? [];
    const homes = moved.map((i) => [...chosen.keys()].find((other) => other !== code && holds(i, other)));
    if (homes.some((home) => home === undefined)) continue;
    chosen.delete(code);
    moved.forEach((i, k) => chosen.get(homes[k] ?? -1)?.push(i));
  }
  // Greedy choice is myopic: four passes over `v`, `k`, `0`, `p` can cost more than one over `.`
  // that holds all their anchors. Open a pass wherever that empties dearer ones, until none does.
  const allCodes = [...new Set(codes.flat())].sort((a, b) => a - b);
  for (let improved = true; improved; ) {
    improved = false;
    for (const code of allCodes) {
      if (chosen.has(code)) continue;
      let emptiedCost = 0;
      for (const [other, held] of chosen) if (held.every((i) => holds(i, code))) emptiedCost += cost(other);
      if (cost(code) >= emptiedCost) continue;
      const moved: number[] = [];
      for (const [other, held] of [...chosen]) {
        const kept = held.filter((i) => !holds(i, code));
        for (const i of held) if (holds(i, code)) moved.push(i);
        if (kept.length === 0) chosen.delete(other);
        else chosen.set(other, kept);
      }
      chosen.set(code, moved);
      improved = true;
    }
  }
  return new Map([...chosen].map(([code, held]) => [String.fromCharCode(code), held.map((i) => literals[i] ?? "")]));
}

const asciiTable = <T>(): (T | undefined)[] => new Array<T | undefined>(ASCII).fill(undefined);

/** Files the anchors of one pass by the one or two characters beside their pivot. */
function pivotPass(char: string, literals: readonly string[], targets: ReadonlyMap<string, readonly number[]>): PivotPass {
  const before = asciiTable<{ decided: Anchor[]; further: (Anchor[] | undefined)[] }>();
  const after = asciiTable<{ decided: Anchor[]; further: (Anchor[] | undefined)[] }>();
  const alone: Anchor[] = [];
  const file = (table: typeof before, near: number, far: number, anchor: Anchor): void => {
    const slot = (table[near] ??= { decided: [], further: asciiTable() });
    if (Number.isNaN(far)) slot.decided.push(anchor);
    else (slot.further[far] ??= []).push(anchor);
  };
  for (const literal of literals) {
    if (/[^\x20-\x7e]/.test(literal)) throw new Error(`anchor ${JSON.stringify(literal)} is not printable ASCII`);
    const pivot = literal.indexOf(char);
    const anchor: Anchor = { literal, pivot, targets: targets.get(literal) ?? [] };
    if (literal.length === 1) alone.push(anchor);
    else if (pivot > 0) file(before, literal.charCodeAt(pivot - 1), literal.charCodeAt(pivot - 2), anchor);
    else file(after, literal.charCodeAt(1), literal.charCodeAt(2), anchor);
  }
  return { char, before, after, alone };
}

/**
 * Keywords inside a key, read in the same backward walk that finds the key's start: an Aho–
 * Corasick automaton over the reversed keywords. Matching is ASCII case-insensitive, on letters,
 * digits and `_` (`dd_api`, `kc_`), the characters keywords are written in.
 */
export interface KeyWordAutomaton {
  /**
   * Per UTF-16 code unit: 0 ends a key, 1 is a key character in no keyword, 2… a keyword
   * character. Sized for every code unit, so the walk needs no range check.
   */
  readonly classes: Uint8Array;
  readonly width: number;
  /** Next state at `state * width + class`; FOUND once a keyword has been read, and it stays. */
  readonly next: Uint16Array;
}
const ROOT = 0;
const FOUND = 1;

/** Key characters: letters, digits, `_`, `.`, `-` (`[\w.-]`, what a key regex accepts). */
const isKeyChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

export function keyWordAutomaton(words: readonly string[]): KeyWordAutomaton {
  // Every keyword is searched: one dropped here would silently turn its detector off for the keys
  // only it names (`PD_API_KEY` for PagerDuty's `pd_api`, as once happened to every `_` keyword).
  const unsearchable = words.filter((word) => !/^[a-z0-9_]+$/.test(word));
  if (unsearchable.length > 0) throw new Error(`key keywords must be lowercase letters, digits and _: ${unsearchable.join(", ")}`);
  const searched = words;
  const letters = [...new Set(searched.join(""))].sort();
  const classes = new Uint8Array(65_536);
  for (let c = 0; c < ASCII; c += 1) {
    if (!isKeyChar(c)) continue;
    const folded = String.fromCharCode(c >= 65 && c <= 90 ? c | 32 : c);
    const letter = letters.indexOf(folded);
    classes[c] = letter === -1 ? 1 : 2 + letter;
  }
  const width = 2 + letters.length;
  // The trie of reversed keywords; state numbers after ROOT and FOUND.
  const children: Map<number, number>[] = [new Map(), new Map()];
  const complete: boolean[] = [false, true];
  for (const word of searched) {
    let state = ROOT;
    for (const ch of [...word].reverse()) {
      const cls = 2 + letters.indexOf(ch);
      let child = children[state]?.get(cls);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        complete.push(false);
        children[state]?.set(cls, child);
      }
      state = child;
    }
    complete[state] = true;
  }
  const next = new Uint16Array(children.length * width);
  for (let cls = 1; cls < width; cls += 1) next[FOUND * width + cls] = FOUND;
  // Breadth first, so a state's failure state has its row filled before the state itself.
  const failure = new Array<number>(children.length).fill(ROOT);
  const queue: number[] = [];
  for (let cls = 1; cls < width; cls += 1) {
    const child = children[ROOT]?.get(cls);
    next[ROOT * width + cls] = child === undefined ? ROOT : complete[child] === true ? FOUND : child;
    if (child !== undefined) queue.push(child);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head] ?? ROOT;
    if (complete[state] === true) continue;
    for (let cls = 1; cls < width; cls += 1) {
      const child = children[state]?.get(cls);
      const fallback = next[(failure[state] ?? ROOT) * width + cls] ?? ROOT;
      if (child === undefined) {
        next[state * width + cls] = fallback;
        continue;
      }
      failure[child] = fallback;
      next[state * width + cls] = complete[child] === true || fallback === FOUND ? FOUND : child;
      queue.push(child);
    }
  }
  return { classes, width, next };
}

/**
 * A key longer than this cannot match: every key-anchored pattern bounds its key at 101
 * characters, plus two leading dashes. Longer runs (minified code, base64) are not keys.
 */
export const MAX_KEY = 104;

interface Prefilter {
  readonly passes: readonly PivotPass[];
  readonly keyWords: KeyWordAutomaton;
  /** Format detectors without `anchors`: a case-insensitive keyword scan (none in the table today). */
  readonly unanchored: readonly number[];
  readonly unanchoredRe: RegExp | undefined;
}

let built: Prefilter | undefined;

function prefilter(): Prefilter {
  if (built !== undefined) return built;
  const targets = new Map<string, number[]>();
  const addAnchor = (literal: string, target: number): void => {
    const list = targets.get(literal) ?? [];
    if (!list.includes(target)) list.push(target);
    targets.set(literal, list);
  };
  const unanchored: number[] = [];
  DETECTORS.forEach((detector, index) => {
    // Detectors restricted to named files (`.npmrc`) skip the prefilter: they read the whole file.
    if (detector.keywords.length === 0 || KEY_ANCHORED.includes(index) || detector.paths !== undefined) return;
    if (detector.anchors === undefined || detector.anchors.length === 0) unanchored.push(index);
    else for (const literal of detector.anchors) addAnchor(literal, index);
  });
  // generic-credential's space-separated forms: `--password value`, Dockerfile `ENV TOKEN value`.
  addAnchor("--", DASHES);
  addAnchor("ENV", ENV_OR_ARG);
  addAnchor("ARG", ENV_OR_ARG);
  const passes = [...planPivots([...targets.keys()])].map(([char, literals]) => pivotPass(char, literals, targets));
  const keywords = [...new Set(unanchored.flatMap((i) => DETECTORS[i]?.keywords ?? []))].sort((a, b) => b.length - a.length);
  built = {
    passes,
    keyWords: keyWordAutomaton([...new Set(KEY_ANCHORED.flatMap((i) => DETECTORS[i]?.keywords ?? []))]),
    unanchored,
    unanchoredRe: keywords.length === 0 ? undefined : new RegExp(keywords.map(escape).join("|"), "gi"),
  };
  warmUp(passes);
  return built;
}

/**
 * Runs the scan over text that takes every branch: anchors filed each way in every pass, each
 * assignment form, keys too long to be keys, reads at both ends of the text. The optimizing
 * compiler then has type feedback for all of them when the first real files make the scan hot, and
 * compiles each function once; a branch it has never seen taken throws optimized code away when a
 * file first takes it, and each recompilation costs more than the scan of a large file.
 */
function warmUp(passes: readonly PivotPass[]): void {
  const filed = (table: readonly (Neighbours | undefined)[]): Anchor[] =>
    table.flatMap((slot) => (slot === undefined ? [] : [...slot.decided, ...slot.further.flatMap((list) => list ?? [])])).slice(0, 2);
  const anchors = passes.flatMap((pass) => [...filed(pass.before), ...filed(pass.after), ...pass.alone]).map((anchor) => anchor.literal);
  const long = "x".repeat(MAX_KEY + 1);
  const sample = [
    ...anchors.map((anchor) => `q ${anchor}0 ${anchor}`),
    "a_token: v\n\"auth\" = 'v'\n- name: DB_PASSWORD\n  value: v\nname: 'x'\n--api-key v\n--x=\nENV\tSECRET v\nARG PASS=v\n",
    `${long}_token=v ${long}--token v\nname: ${long}\nENV ${long}\n----- | --- |\n`,
  ].join("\n");
  // Feedback is only recorded once a function has run a while (lazy feedback allocation): the
  // first rounds pay for that, the last ones record.
  for (let round = 0; round < 4; round += 1) for (const text of [sample, `é${sample}`]) findHits(`:${text}=`);
}

/** The pivot passes, for benchmarks and diagnostics: each character searched and its anchors. */
export function pivotPlan(): { char: string; anchors: string[] }[] {
  const anchors = (table: readonly (Neighbours | undefined)[]): Anchor[] =>
    table.flatMap((slot) => (slot === undefined ? [] : [...slot.decided, ...slot.further.flatMap((list) => list ?? [])]));
  return prefilter().passes.map((p) => ({ char: p.char, anchors: [...anchors(p.before), ...anchors(p.after), ...p.alone].map((a) => a.literal) }));
}

export interface Hits {
  /** Per detector (indexed like DETECTORS): ascending offsets of its anchors, or undefined. */
  readonly detectors: (number[] | undefined)[];
  /** The detectors that have offsets, ascending. */
  readonly found: number[];
  /** Ascending, distinct starts of keys (in an assignment) holding a key-anchored keyword. */
  readonly keys: number[];
}

/** Where the run of key characters holding `--` ends, once looked at (see `dashedKey`). */
let dashedRunEnd = -1;

/**
 * Where each format detector's anchors occur, and which keys sit in an assignment: the places
 * key-anchored patterns can match (`KEY = v`, `KEY: v`, `"KEY": v`, `--KEY v`, `ENV KEY v`, and
 * `name: KEY` followed by a `value:` line).
 */
export function findHits(text: string): Hits {
  const { passes, keyWords, unanchoredRe } = prefilter();
  const detectors = new Array<number[] | undefined>(DETECTORS.length);
  const spaced: number[] = [];
  dashedRunEnd = -1;
  for (const pass of passes) scanPivot(text, pass, detectors, spaced, keyWords);
  if (unanchoredRe !== undefined) scanUnanchored(text, detectors);
  for (const d of KEYWORDLESS_DETECTORS) detectors[d] = [0];
  const colons: number[] = [];
  const equals: number[] = [];
  scanAssignments(text, ":", colons, keyWords);
  scanAssignments(text, "=", equals, keyWords);
  // Passes each return ascending offsets; several anchors of one detector interleave.
  const found: number[] = [];
  for (let d = 0; d < detectors.length; d += 1) {
    const list = detectors[d];
    if (list === undefined) continue;
    found.push(d);
    if (list.length > 1) list.sort((a, b) => a - b);
  }
  // The space-separated forms are rare and come from several passes; the operator lists are each
  // ascending (name/value keys sit after their colon, before the next one), so merge, not sort.
  spaced.sort((a, b) => a - b);
  let keys = mergeDistinct(mergeDistinct(colons, equals), spaced);
  // Cheap insurance: the order decides which of two overlapping matches is kept.
  if (!isStrictlyAscending(keys)) keys = mergeDistinct([...new Set(keys)].sort((a, b) => a - b), []);
  return { detectors, found, keys };
}

/** Merges two non-decreasing lists into one strictly ascending list. */
function mergeDistinct(a: number[], b: readonly number[]): number[] {
  if (b.length === 0 && isStrictlyAscending(a)) return a;
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

function scanPivot(text: string, pass: PivotPass, detectors: (number[] | undefined)[], keys: number[], keyWords: KeyWordAutomaton): void {
  const { char, before, after, alone } = pass;
  const last = text.length - 1;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) {
    // Most pivot hits are ordinary text: a load on each side rejects them. Reads stay inside the
    // text: one past either end would throw optimized code back to the interpreter.
    if (i > 0) {
      const b = text.charCodeAt(i - 1);
      const previous = b < ASCII ? before[b] : undefined;
      if (previous !== undefined) confirmNear(text, i, previous, i > 1 ? text.charCodeAt(i - 2) : NONE, detectors, keys, keyWords);
    }
    if (i < last) {
      const a = text.charCodeAt(i + 1);
      const following = a < ASCII ? after[a] : undefined;
      if (following !== undefined) confirmNear(text, i, following, i + 1 < last ? text.charCodeAt(i + 2) : NONE, detectors, keys, keyWords);
    }
    if (alone.length > 0) confirm(text, i, alone, detectors, keys, keyWords);
  }
}

/** No character there (before the start or past the end of the text). */
const NONE = ASCII;

function confirmNear(
  text: string,
  at: number,
  near: Neighbours,
  far: number,
  detectors: (number[] | undefined)[],
  keys: number[],
  keyWords: KeyWordAutomaton,
): void {
  if (near.decided.length > 0) confirm(text, at, near.decided, detectors, keys, keyWords);
  const further = far < ASCII ? near.further[far] : undefined;
  if (further !== undefined) confirm(text, at, further, detectors, keys, keyWords);
}

function confirm(text: string, at: number, anchors: readonly Anchor[], detectors: (number[] | undefined)[], keys: number[], keyWords: KeyWordAutomaton): void {
  for (const anchor of anchors) {
    const start = at - anchor.pivot;
    if (start < 0 || !text.startsWith(anchor.literal, start)) continue;
    for (const target of anchor.targets) {
      if (target === DASHES) dashedKey(text, start, keys, keyWords);
      else if (target === ENV_OR_ARG) wordKey(text, start + anchor.literal.length, keys, keyWords);
      else {
        const list = detectors[target];
        if (list === undefined) detectors[target] = [start];
        else list.push(start);
      }
    }
  }
}

/** `[start, end)` (key characters) holds a keyword. */
export function holdsKeyWord(text: string, start: number, end: number, { classes, width, next }: KeyWordAutomaton): boolean {
  let state = ROOT;
  for (let i = end - 1; i >= start && state !== FOUND; i -= 1) state = next[state * width + (classes[text.charCodeAt(i)] ?? 0)] ?? ROOT;
  return state === FOUND;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * `--KEY value` (at: the dashes): a key followed by a blank instead of an operator. Every `--` in
 * one run of key characters (`----` rules in Markdown tables) names the same key, so each run is
 * looked at once. The pattern's own lookbehind decides the rest.
 */
function dashedKey(text: string, at: number, keys: number[], keyWords: KeyWordAutomaton): void {
  if (at < dashedRunEnd) return;
  let start = at;
  const limit = Math.max(0, at - MAX_KEY - 1);
  while (start > limit && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
  let end = at + 2;
  const endLimit = Math.min(text.length, start + MAX_KEY + 1);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  dashedRunEnd = end;
  // Longer than any key a pattern accepts: not a key.
  if (end - start > MAX_KEY || (start > 0 && isKeyChar(text.charCodeAt(start - 1)))) return;
  if (end < text.length && isBlank(text.charCodeAt(end)) && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}

/** `ENV KEY value`, `ARG KEY value` (at: just after the word): the key after the blanks. */
function wordKey(text: string, at: number, keys: number[], keyWords: KeyWordAutomaton): void {
  const { length } = text;
  let start = at;
  while (start < length && isSpace(text.charCodeAt(start))) start += 1;
  if (start === at) return;
  const end = keyEnd(text, start);
  if (end > start && end < length && isBlank(text.charCodeAt(end)) && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}

/** `\s` in ASCII: blanks, line breaks, form and vertical tabs. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Where the key starting at `start` ends, or -1 when it is longer than any key a pattern accepts. */
function keyEnd(text: string, start: number): number {
  let end = start;
  const endLimit = Math.min(text.length, start + MAX_KEY + 1);
  while (end < endLimit && isKeyChar(text.charCodeAt(end))) end += 1;
  return end - start > MAX_KEY ? -1 : end;
}

/**
 * Every `op` (`:` or `=`): the run of key characters before it (past blanks and one quote) is a
 * candidate when it holds a keyword. After `name:`, the key of a name/value pair follows instead.
 */
function scanAssignments(text: string, op: ":" | "=", keys: number[], keyWords: KeyWordAutomaton): void {
  const { classes, width, next } = keyWords;
  const colon = op === ":";
  for (let i = text.indexOf(op); i !== -1; i = text.indexOf(op, i + 1)) {
    let j = i - 1;
    while (j >= 0 && isBlank(text.charCodeAt(j))) j -= 1;
    if (j >= 0 && isQuote(text.charCodeAt(j))) j -= 1;
    const end = j + 1;
    const limit = end - MAX_KEY - 1 > -1 ? end - MAX_KEY - 1 : -1;
    // One backward walk finds the key's start and whether a keyword lies inside it.
    let state = ROOT;
    for (let cls = 0; j > limit && (cls = classes[text.charCodeAt(j)] ?? 0) !== 0; j -= 1) state = next[state * width + cls] ?? ROOT;
    // Longer than any key a pattern accepts (minified code, base64): not a key.
    if (j === limit && j >= 0 && classes[text.charCodeAt(j)] !== 0) continue;
    const start = j + 1;
    if (state === FOUND) keys.push(start);
    // `name: KEY`: the key of a name/value pair follows the colon.
    if (colon && end - start >= 4 && text.charCodeAt(end - 1) === 101 && text.startsWith("name", end - 4)) nameValueKey(text, i + 1, keys, keyWords);
  }
}

const isQuote = (c: number): boolean => c === 34 || c === 39;

/** `name: KEY` (at: after the colon): the key whose value is on the next line's `value:`. */
function nameValueKey(text: string, at: number, keys: number[], keyWords: KeyWordAutomaton): void {
  const { length } = text;
  let start = at;
  while (start < length && isBlank(text.charCodeAt(start))) start += 1;
  if (start < length && isQuote(text.charCodeAt(start))) start += 1;
  const end = keyEnd(text, start);
  if (end > start && holdsKeyWord(text, start, end, keyWords)) keys.push(start);
}

/** The keyword gate for format detectors that declare no anchors (none in the table today). */
function scanUnanchored(text: string, detectors: (number[] | undefined)[]): void {
  const { unanchored, unanchoredRe: re } = prefilter();
  if (re === undefined) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    re.lastIndex = at + 1;
    const found = m[0].toLowerCase();
    for (const d of unanchored) {
      // The longest keyword at a place wins the alternation; shorter ones there are its prefixes.
      if (!(DETECTORS[d]?.keywords ?? []).some((k) => found.startsWith(k))) continue;
      const list = detectors[d];
      if (list === undefined) detectors[d] = [at];
      else if (list[list.length - 1] !== at) list.push(at);
    }
  }
}

let anyKeyword: RegExp | undefined;

/** Cheap pre-check for callers: can any detector possibly fire on this text? */
export function mightContainCredentials(text: string): boolean {
  anyKeyword ??= new RegExp(
    [...new Set(DETECTORS.flatMap((d) => d.keywords))]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join("|"),
  );
  return KEYWORDLESS_DETECTORS.length > 0 || anyKeyword.test(text.toLowerCase());
}
