import { DETECTORS } from "./rules.js";

/**
 * Keyword gate, built once at module load (gitleaks builds an Aho-Corasick trie for the same job).
 * One alternation of every keyword, longest first, runs over the lowercased text: V8 compiles it to
 * a single native scan, several times faster than one `indexOf` pass per keyword. At each hit the
 * alternation reports the longest keyword starting there; every shorter keyword starting at the
 * same place is a prefix of it, so `PREFIXES` recovers them without re-scanning.
 */

const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const KEYWORDS: readonly string[] = [...new Set(DETECTORS.flatMap((d) => d.keywords))].sort(
  (a, b) => b.length - a.length || (a < b ? -1 : 1),
);

/** Detector indices per keyword. */
const DETECTORS_BY_KEYWORD = new Map<string, number[]>();
DETECTORS.forEach((detector, index) => {
  for (const keyword of new Set(detector.keywords)) {
    const list = DETECTORS_BY_KEYWORD.get(keyword) ?? [];
    list.push(index);
    DETECTORS_BY_KEYWORD.set(keyword, list);
  }
});

/** For each keyword, the detectors of every keyword that is a prefix of it (itself included). */
const PREFIX_DETECTORS = new Map<string, readonly number[]>(
  KEYWORDS.map((keyword) => {
    const indices = new Set<number>();
    for (const other of KEYWORDS) {
      if (keyword.startsWith(other)) for (const i of DETECTORS_BY_KEYWORD.get(other) ?? []) indices.add(i);
    }
    return [keyword, [...indices].sort((a, b) => a - b)];
  }),
);

/** Detectors that declare no keywords run on every file. */
export const KEYWORDLESS_DETECTORS: readonly number[] = DETECTORS.flatMap((d, i) => (d.keywords.length === 0 ? [i] : []));

const SOURCE = KEYWORDS.map(escape).join("|");
const LOWER_RE = new RegExp(SOURCE, "g");
// For text whose lowercase form has a different length (a few non-ASCII letters expand), offsets
// in the lowered copy would not map back; the case-insensitive scan over the original is used then.
const ANYCASE_RE = new RegExp(SOURCE, "gi");
const ANY_LOWER_RE = new RegExp(SOURCE);

/** Cheap pre-check for callers: can any detector possibly fire on this text? */
export function mightContainCredentials(text: string): boolean {
  return KEYWORDLESS_DETECTORS.length > 0 || ANY_LOWER_RE.test(text.toLowerCase());
}

/**
 * Offsets where each detector's keywords occur, indexed like DETECTORS (undefined: no keyword).
 * `lower` must be `text.toLowerCase()`; offsets refer to `text`.
 */
export function keywordHits(text: string, lower: string): (number[] | undefined)[] {
  const hits: (number[] | undefined)[] = new Array<number[] | undefined>(DETECTORS.length);
  const sameLength = lower.length === text.length;
  const re = sameLength ? LOWER_RE : ANYCASE_RE;
  const haystack = sameLength ? lower : text;
  re.lastIndex = 0;
  for (let m = re.exec(haystack); m !== null; m = re.exec(haystack)) {
    const at = m.index;
    // Step one character, not the match length: keywords may overlap (`sk` inside `sk_live_`
    // is found as a prefix, but `ghs_` inside `xghs_` must still be seen after `x…`).
    re.lastIndex = at + 1;
    const detectors = PREFIX_DETECTORS.get(sameLength ? m[0] : m[0].toLowerCase());
    if (detectors === undefined) continue;
    for (const d of detectors) {
      const list = hits[d];
      if (list === undefined) hits[d] = [at];
      else if (list[list.length - 1] !== at) list.push(at);
    }
  }
  for (const d of KEYWORDLESS_DETECTORS) hits[d] = [0];
  return hits;
}
