/**
 * The hidden HTML comment that ties a GitHub issue to what secretowners found. GitHub renders
 * nothing for it, and it survives edits of the visible text, so an issue is found again by its
 * marker, never by its title (which people rename).
 *
 * `key` names the problem (a secret, a hard-coded value, or the whole repository in one-issue mode);
 * `fingerprints` lists the findings it covers today.
 */
const MARKER = /<!--\s*secretowners:issue\s+key=([0-9a-z:-]{1,80})(?:\s+fingerprints=([0-9a-f,]*))?\s*-->/;

export interface IssueMarker {
  readonly key: string;
  readonly fingerprints: readonly string[];
}

export function renderMarker(marker: IssueMarker): string {
  return `<!-- secretowners:issue key=${marker.key} fingerprints=${marker.fingerprints.join(",")} -->`;
}

/** The marker in an issue body, or null for an issue secretowners did not write. */
export function parseMarker(body: string | null | undefined): IssueMarker | null {
  if (!body) return null;
  const match = MARKER.exec(body);
  if (!match) return null;
  const fingerprints = (match[2] ?? "").split(",").filter((print) => print.length > 0);
  return { key: match[1] as string, fingerprints };
}
