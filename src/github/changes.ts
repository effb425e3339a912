import type { GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";

export interface ChangedFile {
  readonly path: string;
  readonly status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** For renames. */
  readonly previousPath?: string;
}

export interface Changes {
  /** The merge base: what the pull request is really compared against (not the base branch tip). */
  readonly mergeBase: string;
  readonly files: readonly ChangedFile[];
}

/** GitHub's compare API lists at most this many changed files, on its first page only. */
export const COMPARE_FILE_LIMIT = 300;

/**
 * A pull request's changed files and merge base through the compare API; when the comparison has
 * more files than that API lists, the pull request's own file list (up to 3,000) is read instead.
 */
export async function changedFiles(client: GitHubClient, repository: RepositoryName, pull: { base: string; head: string; number: number }): Promise<Changes> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...repository, basehead: `${pull.base}...${pull.head}` });
  const mergeBase = data.merge_base_commit.sha;
  const listed = data.files ?? [];
  if (listed.length < COMPARE_FILE_LIMIT) return { mergeBase, files: listed.map(toChangedFile) };
  const all = await client.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...repository, pull_number: pull.number, per_page: 100 });
  return { mergeBase, files: all.map(toChangedFile) };
}

function toChangedFile(file: { filename: string; status: ChangedFile["status"]; previous_filename?: string }): ChangedFile {
  return { path: file.filename, status: file.status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) };
}
