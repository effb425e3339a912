import type { Finding } from "./model.js";

/**
 * A pull request's findings against its base: what it brings in, what was there already and what
 * it fixes. Findings are matched by fingerprint (rule + file + secret name or value hash, never the
 * line), so lines that merely moved stay `existing`, while a manifest change that leaves an old
 * secret unowned produces a finding the base did not have and is `new`.
 *
 * Pure and shared by the Action and the App: both scan base and head the same way and hand the two
 * finding lists here.
 */
export interface Comparison {
  /** Head findings whose fingerprint the base lacks: what the change brings in. */
  readonly new: readonly Finding[];
  /** Head findings the base had too: listed, never blocking. */
  readonly existing: readonly Finding[];
  /** Base findings the head no longer has, one per fingerprint. */
  readonly fixed: readonly Finding[];
}

/**
 * `base` is null when there is nothing to compare with (a first commit, or a base that could not
 * be read): then every head finding is new. Order follows the inputs, which `evaluate` sorts.
 * Suppressed findings are partitioned like the others; callers count only unsuppressed ones.
 */
export function compareResults(base: readonly Finding[] | null, head: readonly Finding[]): Comparison {
  if (base === null) return { new: [...head], existing: [], fixed: [] };
  const basePrints = new Set(base.map((finding) => finding.fingerprint));
  const headPrints = new Set(head.map((finding) => finding.fingerprint));
  const fixedPrints = new Set<string>();
  const fixed: Finding[] = [];
  for (const finding of base) {
    if (headPrints.has(finding.fingerprint) || fixedPrints.has(finding.fingerprint)) continue;
    fixedPrints.add(finding.fingerprint);
    fixed.push(finding);
  }
  return {
    new: head.filter((finding) => !basePrints.has(finding.fingerprint)),
    existing: head.filter((finding) => basePrints.has(finding.fingerprint)),
    fixed,
  };
}
