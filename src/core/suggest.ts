/**
 * "Did you mean" for every message that rejects a name: manifest keys, rule ids, CLI commands and
 * options. No imports, so that the CLI can suggest a command without loading the scanner.
 */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The closest known key, if close enough to be a typo. `emergency_only` / `emergencyOnly` are
 * compared with separators removed so that style slips are always caught.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const squash = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = squash(word) === squash(candidate) ? 0 : editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const budget = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= budget ? best : null;
}

/**
 * Up to `limit` candidates that look like `word`, closest first: a small edit distance (typos), or
 * containing it / contained in it (a partial name). Case-insensitive.
 */
export function nearestNames(word: string, candidates: readonly string[], limit: number): string[] {
  const lower = word.toLowerCase();
  if (lower === "") return [];
  const budget = Math.max(2, Math.floor(lower.length / 3));
  return candidates
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const contained = lower.length >= 3 && (other.includes(lower) || lower.includes(other));
      const distance = editDistance(lower, other);
      return { candidate, distance, near: distance <= budget || contained };
    })
    .filter((scored) => scored.near)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0))
    .slice(0, limit)
    .map((scored) => scored.candidate);
}
