import { relative, resolve } from "node:path";
import { compareResults, type Comparison } from "../core/compare.js";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ScanResult, SourceFile } from "../core/model.js";
import { Scanner, type ScanOptions } from "../core/scan.js";
import { IgnoreRules } from "../node/ignore-rules.js";
import { changedPaths, fetchCommit, GitError, hasCommit, headCommit, listTree, pathPrefix, readAtCommit, topLevel, type CommitFile } from "./git.js";

/**
 * A pull request's check: scan base and head the same way and keep what is new. Only what the
 * change can affect is read — its changed files (plus the other Terraform files of a changed
 * module, whose variables they use) — unless the manifest changed, which can change the verdict on
 * any secret: then both commits are scanned in full.
 */

export interface PullRequestScanOptions {
  /** The scan root (the `path` input), inside a git work tree. */
  readonly root: string;
  readonly base: string;
  /** The commit to judge; null for the checked-out HEAD. */
  readonly head: string | null;
  /** An explicit manifest (the `manifest` input), relative to the workspace; else it is located. */
  readonly manifestPath?: string;
  readonly workspace: string;
  readonly maxFileBytes: number;
  /** gitignore-syntax patterns relative to the repository root, as the CLI's --exclude. */
  readonly exclude: readonly string[];
  readonly scan: Pick<ScanOptions, "baseline" | "severities" | "storedSecrets">;
  readonly log: (message: string) => void;
}

export interface PullRequestScan {
  readonly head: ScanResult;
  /** Null when the base commit could not be had: then every finding is new. */
  readonly base: ScanResult | null;
  readonly comparison: Comparison;
  /** For the summary: what was scanned and why. */
  readonly scope: string;
}

/**
 * Paths are the repository's, from its top, as a CLI scan names them; `path` narrows what is read
 * to one folder, and the manifest is the one at the repository's top.
 */
export function scanPullRequest(options: PullRequestScanOptions): PullRequestScan {
  const { log } = options;
  const root = topLevel(options.root);
  const prefix = pathPrefix(options.root);
  const ignore = new IgnoreRules(root, { gitignore: true, exclude: options.exclude });
  const inScope = (path: string) => path.startsWith(prefix) && !ignore.isLeftOut(path, false);
  const head = options.head ?? headCommit(root);
  if (options.head !== null) ensureCommit(root, head, "head", log);
  const baseAvailable = ensureCommit(root, options.base, "base", log);
  const manifestRepoPath = options.manifestPath === undefined ? null : repoPath(root, resolve(options.workspace, options.manifestPath));
  const side = { root, inScope, manifestRepoPath };

  if (!baseAvailable) {
    const result = scanCommit(options, side, head, null, prefix === "");
    const scope = `Scanned all ${result.stats.files} files at ${short(head)}: the base commit ${short(options.base)} could not be fetched, so every finding counts as new.`;
    log(scope);
    return { head: result, base: null, comparison: compareResults(null, result.findings), scope };
  }

  const changed = changedPaths(root, options.base, head);
  const manifestCandidates = new Set(manifestRepoPath !== null ? [manifestRepoPath] : MANIFEST_CANDIDATES);
  const manifestChanged = changed.filter((path) => manifestCandidates.has(path));
  const inRoot = changed.filter(inScope);
  let scope: string;
  let baseResult: ScanResult;
  let headResult: ScanResult;
  if (manifestChanged.length > 0) {
    baseResult = scanCommit(options, side, options.base, null, prefix === "");
    headResult = scanCommit(options, side, head, null, prefix === "");
    scope = `The manifest changed (${manifestChanged.join(", ")}), which can change the verdict on any secret: scanned all ${headResult.stats.files} files at base ${short(options.base)} and head ${short(head)}.`;
  } else {
    baseResult = scanCommit(options, side, options.base, inRoot, false);
    headResult = scanCommit(options, side, head, inRoot, false);
    scope = `Scanned the ${inRoot.length} changed file${inRoot.length === 1 ? "" : "s"} at base ${short(options.base)} and head ${short(head)}; the manifest did not change, so nothing else can have changed its verdict.`;
  }
  log(scope);
  return { head: headResult, base: baseResult, comparison: compareResults(baseResult.findings, headResult.findings), scope };
}

/** True when the commit is (now) in the clone; fetches just that commit when it is not. */
function ensureCommit(root: string, sha: string, which: string, log: (message: string) => void): boolean {
  if (hasCommit(root, sha)) {
    log(`The ${which} commit ${short(sha)} is in the clone.`);
    return true;
  }
  log(`The ${which} commit ${short(sha)} is not in the clone (a depth-1 checkout has only the head): fetching just that commit with \`git fetch --depth=1 origin ${sha}\`.`);
  try {
    fetchCommit(root, sha);
  } catch (error) {
    log(`Could not fetch the ${which} commit: ${error instanceof GitError ? error.message : String(error)}`);
    return false;
  }
  return hasCommit(root, sha);
}

/**
 * One side of the comparison. `paths` are the files to read (repository paths), or null for every
 * file of the commit; the manifest is always read from the same commit, so a base scan judges the
 * base with the base's manifest.
 */
interface Side {
  readonly root: string;
  readonly inScope: (path: string) => boolean;
  readonly manifestRepoPath: string | null;
}

function scanCommit(options: PullRequestScanOptions, side: Side, sha: string, paths: readonly string[] | null, complete: boolean): ScanResult {
  const { root } = side;
  const tree = paths === null || paths.some((path) => path.endsWith(".tf")) ? listTree(root, sha).map((entry) => entry.path).filter(side.inScope) : [];
  const wanted = paths === null ? tree : withTerraformModules(paths, tree);
  const manifest = readManifest(root, sha, side.manifestRepoPath, options.maxFileBytes);
  const scanner = new Scanner({ ...options.scan, manifest: manifest.file, manifestDiagnostics: manifest.diagnostics, complete });
  for (const entry of readAtCommit(root, sha, wanted, { maxFileBytes: options.maxFileBytes })) {
    if (entry.kind === "file") scanner.add(entry.file);
    else if (entry.kind === "skipped") scanner.skip(entry.skipped);
  }
  return scanner.finish();
}

/** A changed `.tf` file may use `var.x` declared sensitive in another file of its folder. */
function withTerraformModules(paths: readonly string[], tree: readonly string[]): string[] {
  const folders = new Set(paths.filter((path) => path.endsWith(".tf")).map(folderOf));
  if (folders.size === 0) return [...paths];
  const extra = tree.filter((path) => path.endsWith(".tf") && folders.has(folderOf(path)));
  return [...new Set([...paths, ...extra])];
}

function folderOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf("/")));
}

function readManifest(root: string, sha: string, explicit: string | null, maxFileBytes: number): { file: SourceFile | null; diagnostics: ReturnType<typeof locateManifest>["diagnostics"] } {
  if (explicit !== null) {
    const [entry] = readAtCommit(root, sha, [explicit], { maxFileBytes });
    return { file: fileOf(entry), diagnostics: [] };
  }
  const present = readAtCommit(root, sha, MANIFEST_CANDIDATES, { maxFileBytes }).filter((entry) => entry.kind === "file");
  const located = locateManifest(present.map((entry) => (entry.kind === "file" ? entry.file.path : "")));
  const chosen = present.find((entry) => entry.kind === "file" && entry.file.path === located.path);
  return { file: fileOf(chosen), diagnostics: located.diagnostics };
}

function fileOf(entry: CommitFile | undefined): SourceFile | null {
  return entry?.kind === "file" ? entry.file : null;
}

/** A path on disk as a repository path (`sub/.github/secretowners.yml`). */
function repoPath(root: string, absolute: string): string {
  return relative(root, absolute).split("\\").join("/");
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
