import { DETECTORS } from "./rules.js";

/**
 * Keyword gate, built once at module load (gitleaks builds an Aho-Corasick trie for the same job).
 * One regex of every keyword runs over the lowercased text: V8 compiles it to a single native
 * scan, several times faster than one `indexOf` pass per keyword. At each hit the regex reports
 * the longest keyword starting there; every shorter keyword starting at the same place is a
 * prefix of it, so `PREFIX_DETECTORS` recovers them without re-scanning.
 */

const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const KEYWORDS: readonly string[] = [...new Set(DETECTORS.flatMap((d) => d.keywords))].sort(
  (a, b) => b.length - a.length || (a < b ? -1 : 1),
);

/**
 * Detectors with the same keyword set share one hit list (the generic detectors all wake on the
 * same words), so a hit is recorded once per group and scan.ts can reuse per-list work.
 */
const GROUP_OF_DETECTOR: readonly number[] = (() => {
  const bySignature = new Map<string, number>();
  return DETECTORS.map((detector) => {
    const signature = [...new Set(detector.keywords)].sort().join("\u0000");
    let group = bySignature.get(signature);
    if (group === undefined) {
      group = bySignature.size;
      bySignature.set(signature, group);
    }
    return group;
  });
})();
const GROUP_COUNT = new Set(GROUP_OF_DETECTOR).size;

/** For each keyword, the groups of every keyword that is a prefix of it (itself included). */
const PREFIX_GROUPS = new Map<string, readonly number[]>(
  KEYWORDS.map((keyword) => {
    const groups = new Set<number>();
    DETECTORS.forEach((detector, index) => {
      if (detector.keywords.some((other) => keyword.startsWith(other))) groups.add(GROUP_OF_DETECTOR[index] ?? 0);
    });
    return [keyword, [...groups].sort((a, b) => a - b)];
  }),
);

/** Detectors that declare no keywords run on every file. */
export const KEYWORDLESS_DETECTORS: readonly number[] = DETECTORS.flatMap((d, i) => (d.keywords.length === 0 ? [i] : []));

/**
 * The keywords as a trie-shaped regex (`s(?:ecret|k(?:_live_|[0-9a-f]))|…`): irregexp then picks
 * one branch per first character instead of trying every alternative at every position, which
 * measured ~25% faster than the flat alternation on config-heavy text.
 */
function trieSource(keywords: readonly string[]): string {
  interface Node { end: boolean; children: Map<string, Node> }
  const root: Node = { end: false, children: new Map() };
  for (const keyword of keywords) {
    let node = root;
    for (const ch of keyword) {
      let next = node.children.get(ch);
      if (next === undefined) {
        next = { end: false, children: new Map() };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    const branches = [...node.children.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ch, child]) => escape(ch) + emit(child));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? (branches[0] ?? "") : `(?:${branches.join("|")})`;
    // Greedy optional: the longest keyword at a position wins, shorter ones are its prefixes.
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

const SOURCE = trieSource(KEYWORDS);
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
  const groupHits: (number[] | undefined)[] = new Array<number[] | undefined>(GROUP_COUNT);
  const sameLength = lower.length === text.length;
  const re = sameLength ? LOWER_RE : ANYCASE_RE;
  const haystack = sameLength ? lower : text;
  re.lastIndex = 0;
  for (let m = re.exec(haystack); m !== null; m = re.exec(haystack)) {
    const at = m.index;
    // Step one character, not the match length: keywords overlap (`key` inside `accountkey=`).
    re.lastIndex = at + 1;
    const groups = PREFIX_GROUPS.get(sameLength ? m[0] : m[0].toLowerCase());
    if (groups === undefined) continue;
    for (const g of groups) {
      const list = groupHits[g];
      if (list === undefined) groupHits[g] = [at];
      else list.push(at);
    }
  }
  const hits = GROUP_OF_DETECTOR.map((g) => groupHits[g]);
  for (const d of KEYWORDLESS_DETECTORS) hits[d] = [0];
  return hits;
}
