import { relative, resolve } from "node:path";
import { compareResults, type Comparison } from "../core/compare.js";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ScanResult, SourceFile } from "../core/model.js";
import { Scanner, type ScanOptions } from "../core/scan.js";
import type { ChangedFile } from "../github/changes.js";
import { IgnoreRules } from "../node/ignore-rules.js";
import { changedPaths, fetchCommit, GitError, hasCommit, headCommit, listTree, pathPrefix, readAtCommit, topLevel, type CommitFile } from "./git.js";

/**
 * A pull request's check: scan base and head the same way and keep what is new. Only what the
 * change can affect is read — its changed files (plus the other Terraform files of a changed
 * module, whose variables they use) — unless the manifest changed, which can change the verdict on
 * any secret: then both commits are scanned in full.
 *
 * Paths are the repository's, from its top, as a CLI scan names them; `path` narrows what is read
 * to one folder, and the manifest is the one at the repository's top.
 */

/** The base as the API shows it, for when git cannot fetch the base commit. */
export interface BaseThroughApi {
  /** What the pull request changed; null when the API cannot list it in full. */
  readonly changed: readonly ChangedFile[] | null;
  /** Reads the base versions of these paths (absent when they do not exist at the base). */
  read(paths: readonly string[]): Promise<ReadonlyMap<string, CommitFile>>;
  /** For the log: which requests were made. */
  readonly description: string;
}

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
  /** Asked only when `git fetch` cannot get the base commit; `head` is the commit judged. */
  readonly baseThroughApi?: (head: string) => Promise<BaseThroughApi | null>;
}

export interface PullRequestScan {
  readonly head: ScanResult;
  /** Null when the base could not be had: then every finding is new. */
  readonly base: ScanResult | null;
  readonly comparison: Comparison;
  /** For the summary: what was scanned and why. */
  readonly scope: string;
}

/** One side of the comparison: which files a commit has and what they hold. */
interface Reader {
  readonly sha: string;
  list(): string[];
  read(paths: readonly string[]): CommitFile[];
}

export async function scanPullRequest(options: PullRequestScanOptions): Promise<PullRequestScan> {
  const { log } = options;
  const root = topLevel(options.root);
  const prefix = pathPrefix(options.root);
  const ignore = new IgnoreRules(root, { gitignore: true, exclude: options.exclude });
  const inScope = (path: string) => path.startsWith(prefix) && !ignore.isLeftOut(path, false);
  const head = options.head ?? headCommit(root);
  if (options.head !== null) ensureCommit(root, head, "head", log);
  const manifestRepoPath = options.manifestPath === undefined ? null : relative(root, resolve(options.workspace, options.manifestPath)).split("\\").join("/");
  const manifestCandidates = new Set(manifestRepoPath !== null ? [manifestRepoPath] : MANIFEST_CANDIDATES);
  const context: Context = { options, inScope, manifestRepoPath };
  const headReader = gitReader(root, head, options.maxFileBytes);

  let baseReader: Reader;
  let changed: string[];
  if (ensureCommit(root, options.base, "base", log)) {
    baseReader = gitReader(root, options.base, options.maxFileBytes);
    changed = changedPaths(root, options.base, head);
  } else {
    const api = options.baseThroughApi ? await options.baseThroughApi(head) : null;
    if (api === null || api.changed === null) {
      const result = scanSide(context, headReader, null, prefix === "");
      const why = api === null ? "and no token could read it through the API" : "and the API could not list every changed file";
      const scope = `Scanned all ${result.stats.files} files at ${short(head)}: the base commit ${short(options.base)} could not be fetched, ${why}, so every finding counts as new.`;
      log(scope);
      return { head: result, base: null, comparison: compareResults(null, result.findings), scope };
    }
    log(`Reading the base through the API instead: ${api.description}.`);
    baseReader = await apiBaseReader(api, api.changed, headReader, options.base);
    changed = [...new Set(api.changed.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]))];
  }

  const manifestChanged = changed.filter((path) => manifestCandidates.has(path));
  const inRoot = changed.filter(inScope);
  let scope: string;
  let baseResult: ScanResult;
  let headResult: ScanResult;
  if (manifestChanged.length > 0) {
    baseResult = scanSide(context, baseReader, null, prefix === "");
    headResult = scanSide(context, headReader, null, prefix === "");
    scope = `The manifest changed (${manifestChanged.join(", ")}), which can change the verdict on any secret: scanned all ${headResult.stats.files} files at base ${short(options.base)} and head ${short(head)}.`;
  } else {
    baseResult = scanSide(context, baseReader, inRoot, false);
    headResult = scanSide(context, headReader, inRoot, false);
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

function gitReader(root: string, sha: string, maxFileBytes: number): Reader {
  return {
    sha,
    list: () => listTree(root, sha).map((entry) => entry.path),
    read: (paths) => readAtCommit(root, sha, paths, { maxFileBytes }),
  };
}

/**
 * The base as the head with the pull request's changes undone: unchanged files are read from the
 * head commit, changed ones at the base through the API, files the pull request added are absent.
 */
async function apiBaseReader(api: BaseThroughApi, changed: readonly ChangedFile[], head: Reader, base: string): Promise<Reader> {
  const headOnly = new Set(changed.filter((file) => file.status === "added" || file.status === "copied" || file.status === "renamed").map((file) => file.path));
  const baseOnly = changed.flatMap((file) => (file.status === "removed" ? [file.path] : file.status === "renamed" && file.previousPath ? [file.previousPath] : []));
  const atBase = changed.flatMap((file) => (file.status === "modified" || file.status === "changed" ? [file.path] : [])).concat(baseOnly);
  const fetched = await api.read([...new Set([...atBase, ...MANIFEST_CANDIDATES.filter((path) => !headOnly.has(path))])]);
  return {
    sha: base,
    list: () => [...head.list().filter((path) => !headOnly.has(path)), ...baseOnly.filter((path) => !headOnly.has(path))],
    read: (paths) => {
      const fromHead = paths.filter((path) => !headOnly.has(path) && !fetched.has(path));
      const read = new Map(head.read(fromHead).map((entry) => [entry.kind === "skipped" ? entry.skipped.file : entry.kind === "file" ? entry.file.path : entry.path, entry]));
      return paths.map((path): CommitFile => (headOnly.has(path) ? { kind: "absent", path } : (fetched.get(path) ?? read.get(path) ?? { kind: "absent", path })));
    },
  };
}

interface Context {
  readonly options: PullRequestScanOptions;
  readonly inScope: (path: string) => boolean;
  readonly manifestRepoPath: string | null;
}

/**
 * One side of the comparison. `paths` are the files to read (repository paths), or null for every
 * file in scope; the manifest is always read from the same side, so a base scan judges the base
 * with the base's manifest.
 */
function scanSide(context: Context, reader: Reader, paths: readonly string[] | null, complete: boolean): ScanResult {
  const needsTree = paths === null || paths.some((path) => path.endsWith(".tf"));
  const tree = needsTree ? reader.list().filter(context.inScope) : [];
  const wanted = paths === null ? tree : withTerraformModules(paths, tree);
  const manifest = readManifest(reader, context.manifestRepoPath);
  const scanner = new Scanner({ ...context.options.scan, manifest: manifest.file, manifestDiagnostics: manifest.diagnostics, complete });
  for (const entry of reader.read(wanted)) {
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

function readManifest(reader: Reader, explicit: string | null): { file: SourceFile | null; diagnostics: ReturnType<typeof locateManifest>["diagnostics"] } {
  if (explicit !== null) return { file: fileOf(reader.read([explicit])[0]), diagnostics: [] };
  const present = reader.read(MANIFEST_CANDIDATES).flatMap((entry) => (entry.kind === "file" ? [entry.file] : []));
  const located = locateManifest(present.map((file) => file.path));
  return { file: present.find((file) => file.path === located.path) ?? null, diagnostics: located.diagnostics };
}

function fileOf(entry: CommitFile | undefined): SourceFile | null {
  return entry?.kind === "file" ? entry.file : null;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
