import { httpStatus, type GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";

/**
 * What a pull request changed and what a file held at a commit, read through the API: for when
 * the base commit cannot be fetched with git (a checkout with `persist-credentials: false`, a
 * shell without a clone).
 */

export interface ChangedFile {
  readonly path: string;
  readonly status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** For `renamed`: the path at the base. */
  readonly previousPath?: string;
}

/** GitHub lists at most 3,000 files of a pull request; past that the list is cut short. */
export const PULL_REQUEST_FILES_LIMIT = 3000;

export async function listPullRequestFiles(client: GitHubClient, repository: RepositoryName, pullNumber: number): Promise<{ files: ChangedFile[]; complete: boolean }> {
  const items = await client.paginate(client.rest.pulls.listFiles, { ...repository, pull_number: pullNumber, per_page: 100 });
  const files = items.map((item) => ({
    path: item.filename,
    status: item.status,
    ...(item.previous_filename ? { previousPath: item.previous_filename } : {}),
  }));
  return { files, complete: files.length < PULL_REQUEST_FILES_LIMIT };
}

export type FileAtRef = { readonly kind: "file"; readonly bytes: Buffer } | { readonly kind: "absent" } | { readonly kind: "too-large"; readonly size: number };

/** A file's bytes at a commit; `absent` when it does not exist there or is not a file. */
export async function readFileAtRef(client: GitHubClient, repository: RepositoryName, path: string, ref: string): Promise<FileAtRef> {
  try {
    const { data } = await client.rest.repos.getContent({ ...repository, path, ref });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return { kind: "absent" };
    // Files of 1-100 MB come without content (`encoding: none`).
    if (data.encoding !== "base64") return { kind: "too-large", size: data.size };
    return { kind: "file", bytes: Buffer.from(data.content, "base64") };
  } catch (error) {
    if (httpStatus(error) === 404) return { kind: "absent" };
    throw error;
  }
}

export interface Changes {
  /** The merge base: what the pull request is really compared against (not the base branch tip). */
  readonly mergeBase: string;
  readonly files: readonly ChangedFile[];
}

/** GitHub's compare API lists at most this many changed files, on its first page only. */
export const COMPARE_FILE_LIMIT = 300;

/**
 * A pull request's changed files and merge base through the compare API (the App); when the
 * comparison has more files than that API lists, the pull request's own file list is read instead.
 */
export async function changedFiles(client: GitHubClient, repository: RepositoryName, pull: { base: string; head: string; number: number }): Promise<Changes> {
  const compared = await compareCommits(client, repository, pull.base, pull.head);
  if (compared.complete) return { mergeBase: compared.mergeBase, files: compared.files };
  return { mergeBase: compared.mergeBase, files: (await listPullRequestFiles(client, repository, pull.number)).files };
}

/**
 * What changed from the merge base of `base` and `head` to `head` (the compare API, one request);
 * `complete` is false when there are more files than that API lists.
 */
export async function compareCommits(client: GitHubClient, repository: RepositoryName, base: string, head: string): Promise<{ mergeBase: string; files: ChangedFile[]; complete: boolean }> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...repository, basehead: `${base}...${head}` });
  const listed = data.files ?? [];
  return {
    mergeBase: data.merge_base_commit.sha,
    files: listed.map((file) => ({ path: file.filename, status: file.status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) })),
    complete: listed.length < COMPARE_FILE_LIMIT,
  };
}
