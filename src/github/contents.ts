import { httpStatus, type GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";

/**
 * Reading one commit through the API, for the App: its tree (paths, blob ids, sizes) and the blobs
 * it needs — one request per file, and a blob shared by two commits is read once by the caller.
 * Text only: a file that is not UTF-8 is reported as skipped by the caller.
 */

export async function readBlob(client: GitHubClient, repository: RepositoryName, sha: string): Promise<FileRead> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repository, file_sha: sha });
  return decode(Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8"));
}

export type FileRead = { readonly kind: "text"; readonly text: string } | { readonly kind: "binary" };

export interface TreeFile {
  readonly path: string;
  readonly sha: string;
  readonly size: number;
}

/** Every regular file of a commit; `truncated` when GitHub cut the listing (over 100,000 entries). */
export async function listTree(client: GitHubClient, repository: RepositoryName, commit: string): Promise<{ files: TreeFile[]; truncated: boolean }> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repository, tree_sha: commit, recursive: "1" });
  const files = data.tree
    .filter((entry) => entry.type === "blob" && entry.mode !== "120000" && entry.path !== undefined && entry.sha !== undefined)
    .map((entry) => ({ path: entry.path as string, sha: entry.sha as string, size: entry.size ?? 0 }));
  return { files, truncated: data.truncated };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function decode(bytes: Buffer): FileRead {
  if (bytes.includes(0)) return { kind: "binary" };
  try {
    return { kind: "text", text: UTF8.decode(bytes) };
  } catch {
    return { kind: "binary" };
  }
}

/** The repository's default branch name, or null when the repository does not exist (or is hidden). */
export async function defaultBranch(client: GitHubClient, repository: RepositoryName): Promise<string | null> {
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}", { ...repository });
    return data.default_branch;
  } catch (error) {
    if (httpStatus(error) === 404 || httpStatus(error) === 403) return null;
    throw error;
  }
}

/** The default branch and its head commit, or null for an empty repository. */
export async function defaultBranchHead(client: GitHubClient, repository: RepositoryName): Promise<{ branch: string; sha: string } | null> {
  const { data: repo } = await client.request("GET /repos/{owner}/{repo}", { ...repository });
  try {
    const { data: branch } = await client.request("GET /repos/{owner}/{repo}/branches/{branch}", { ...repository, branch: repo.default_branch });
    return { branch: repo.default_branch, sha: branch.commit.sha };
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

/** The repositories an installation can see (for the scheduled sweep). */
export async function listInstallationRepositories(client: GitHubClient): Promise<RepositoryName[]> {
  const repositories = await client.paginate("GET /installation/repositories", { per_page: 100 });
  return repositories.filter((repo) => !repo.archived && !repo.disabled).map((repo) => ({ owner: repo.owner.login, repo: repo.name }));
}

/** Every installation of the App, with its account's type (only organizations have teams). */
export async function listInstallations(client: GitHubClient): Promise<{ id: number; account: string; organization: boolean }[]> {
  const installations = await client.paginate("GET /app/installations", { per_page: 100 });
  return installations
    .filter((installation) => installation.suspended_at === null || installation.suspended_at === undefined)
    .map((installation) => {
      const account = installation.account as { login?: string; slug?: string; type?: string } | null;
      return { id: installation.id, account: account?.login ?? account?.slug ?? "", organization: account?.type === "Organization" };
    });
}
