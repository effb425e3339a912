import { matchCodeownersPath } from "../manifest/codeowners.js";

/** Where GitHub looks for CODEOWNERS, in its order: the first one found is the only one used. */
export const CODEOWNERS_PATHS: readonly string[] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export interface CodeownersEntry {
  readonly pattern: string;
  readonly owners: readonly string[];
}

/**
 * A CODEOWNERS file's entries. Only what assignment needs: lines that GitHub would reject (a bad
 * pattern) simply match nothing here, and GitHub itself reports them on the file.
 */
export function parseCodeowners(text: string): CodeownersEntry[] {
  const entries: CodeownersEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (line === "") continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern === undefined) continue;
    entries.push({ pattern, owners });
  }
  return entries;
}

/** The owners of `path`: the last matching entry wins, as on GitHub. An entry without owners un-owns. */
export function codeownersOf(entries: readonly CodeownersEntry[], path: string): readonly string[] {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as CodeownersEntry;
    if (matchCodeownersPath(entry.pattern, path)) return entry.owners;
  }
  return [];
}

/** `@login` owners that can be issue assignees; teams (`@org/team`) and emails cannot. */
export function assignableUsers(owners: readonly string[]): string[] {
  return owners.filter((owner) => /^@[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner)).map((owner) => owner.slice(1));
}

/** `#` starts a comment unless escaped (`\#` is a literal in a pattern). */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "#") return line.slice(0, i);
  }
  return line;
}
