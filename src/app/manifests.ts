import { CODEOWNERS_CANDIDATES } from "../core/manifest/codeowners.js";
import { principalsToLookUp, type OwnerDirectory } from "../core/manifest/directory.js";
import { locateManifest, MANIFEST_CANDIDATES } from "../core/manifest/locate.js";
import { combineManifests } from "../core/manifest/organization.js";
import { parseManifest } from "../core/manifest/parse.js";
import type { ManifestDiagnostic } from "../core/manifest/types.js";
import type { SourceFile } from "../core/model.js";
import { defaultBranch } from "../github/contents.js";
import { lookUpPrincipals } from "../github/directory.js";
import { httpStatus, type GitHubClient } from "../github/client.js";
import type { RepositoryName } from "../github/secrets.js";
import { CommitFiles, isSkipped, type CommitTree } from "./commit-files.js";

/** The organization-wide manifest lives in the `.github` repository of the account. */
export const ORGANIZATION_REPOSITORY = ".github";

export interface RepositoryManifest {
  readonly manifest: SourceFile | null;
  readonly diagnostics: readonly ManifestDiagnostic[];
}

/** The manifest of one commit, located among its files exactly as the CLI does on disk. */
export async function manifestAt(files: CommitFiles, tree: CommitTree): Promise<RepositoryManifest> {
  const located = locateManifest([...tree.files.keys()].filter((path) => MANIFEST_CANDIDATES.includes(path)));
  const entry = located.path === null ? undefined : tree.files.get(located.path);
  if (!entry) return { manifest: null, diagnostics: located.diagnostics };
  const read = await files.read(entry);
  if (isSkipped(read)) {
    return {
      manifest: null,
      diagnostics: [
        ...located.diagnostics,
        { location: { file: entry.path, line: 1, column: 1 }, kind: "unreadable", message: `the manifest could not be read (${read.reason})`, suggestion: "save it as UTF-8 text under 2 MB" },
      ],
    };
  }
  return { manifest: read, diagnostics: located.diagnostics };
}

/** The CODEOWNERS file GitHub uses for a commit (the first present), or null. */
export async function codeownersAt(files: CommitFiles, tree: CommitTree): Promise<SourceFile | null> {
  const path = CODEOWNERS_CANDIDATES.find((candidate) => tree.files.has(candidate));
  const entry = path === undefined ? undefined : tree.files.get(path);
  if (!entry) return null;
  const read = await files.read(entry);
  return isSkipped(read) ? null : read;
}

/**
 * The organization's manifest from the default branch of its `.github` repository, or null when
 * there is none or the App cannot read it (not installed there). Three requests at most: the
 * repository, its tree, the manifest. Findings in it name `OWNER/.github:PATH`, so they are never
 * mistaken for a file of the repository being scanned.
 */
export async function organizationManifest(client: GitHubClient, repository: RepositoryName): Promise<SourceFile | null> {
  if (repository.repo.toLowerCase() === ORGANIZATION_REPOSITORY) return null;
  const organization = { owner: repository.owner, repo: ORGANIZATION_REPOSITORY };
  const branch = await defaultBranch(client, organization);
  if (branch === null) return null;
  const files = new CommitFiles(client, organization);
  let tree: CommitTree;
  try {
    tree = await files.tree(branch);
  } catch (error) {
    // An empty .github repository has no tree (409). Other failures propagate: scanning without
    // the organization's rules would report (and open issues for) secrets they own.
    if (httpStatus(error) === 409 || httpStatus(error) === 404) return null;
    throw error;
  }
  const found = await manifestAt(files, tree);
  return found.manifest === null ? null : { path: `${repository.owner}/${ORGANIZATION_REPOSITORY}:${found.manifest.path}`, text: found.manifest.text };
}

/**
 * Whether the teams and users the manifests name still exist. One instance per installation and
 * run: each handle is asked of GitHub at most once, however many repositories name it.
 */
export class DirectoryCache {
  readonly #known = new Map<string, boolean>();
  readonly #asked = new Set<string>();

  constructor(
    private readonly client: GitHubClient,
    readonly organization: string,
  ) {}

  async directoryFor(manifests: readonly (SourceFile | null)[]): Promise<OwnerDirectory> {
    const parsed = manifests.filter((file): file is SourceFile => file !== null).map((file) => parseManifest(file));
    const [first, ...rest] = parsed;
    const combined = first ? rest.reduce((acc, next) => combineManifests(acc, next), first).manifest : null;
    const handles = combined ? principalsToLookUp(combined, this.organization).filter((handle) => !this.#asked.has(handle)) : [];
    if (handles.length > 0) {
      const found = await lookUpPrincipals(this.client, this.organization, handles);
      for (const handle of handles) this.#asked.add(handle);
      for (const [handle, exists] of found.exists) this.#known.set(handle, exists);
    }
    return { organization: this.organization, exists: new Map(this.#known) };
  }
}
