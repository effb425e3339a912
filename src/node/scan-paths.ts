import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CODEOWNERS_CANDIDATES } from "../core/manifest/codeowners.js";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ManifestDiagnostic } from "../core/manifest/types.js";
import type { Diagnostic, ScanResult, Severity, SourceFile, StoredSecret } from "../core/model.js";
import { Scanner } from "../core/scan.js";
import { UsageError } from "./usage-error.js";
import { IgnoreRules } from "./ignore-rules.js";
import { readAndScan, type ThreadReport } from "./parallel-scan.js";
import { DEFAULT_MAX_FILE_BYTES } from "./max-file-size.js";
import { walk } from "./walk.js";

export interface PathScanOptions {
  /** Paths on the command line are resolved against this folder (default: the process's). */
  readonly cwd?: string;
  /** An explicit manifest (absolute, or relative to `cwd`). */
  readonly manifestPath?: string;
  readonly baseline?: ReadonlySet<string>;
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly maxFileBytes?: number;
  /** gitignore-syntax patterns relative to the repository root. */
  readonly exclude?: readonly string[];
  /** Leave out what `.gitignore` files leave out (default true). */
  readonly gitignore?: boolean;
  /** The repository root, when the caller knows it; otherwise the enclosing git work tree. */
  readonly root?: string;
  /** Scan the whole repository holding the paths, not just the paths (`init`). */
  readonly wholeRepository?: boolean;
  /** The secrets GitHub holds for the repository (the Action and App list them). */
  readonly storedSecrets?: readonly StoredSecret[];
  /** "Today" for rotation and review dates (the CLI's --now, else the clock). */
  readonly now?: Date;
}

export interface PathScan {
  readonly result: ScanResult;
  /** The repository root every path in `result` is relative to (absolute). */
  readonly root: string;
  /** Things the user should know that are not findings: an exclude that matched nothing. */
  readonly warnings: readonly string[];
  /** How the files were shared out among threads (see parallel-scan.ts). */
  readonly threads: ThreadReport;
}

/**
 * The shell behind `secretowners scan PATH...`: finds the repository holding the paths (the
 * enclosing git work tree, else the folder given), reads the manifest from its root, and scans only
 * the paths given, naming every file relative to the root so a subfolder scan reports what a full
 * scan reports about the same files.
 */
export function scanPaths(paths: readonly string[], options: PathScanOptions = {}): PathScan {
  const cwd = options.cwd ?? process.cwd();
  const targets = paths.map((path) => ({ shown: path, absolute: resolve(cwd, path), isDirectory: requireReadable(resolve(cwd, path), path) }));
  const first = targets[0];
  if (first === undefined) throw new UsageError("no path to scan");
  const root = options.root !== undefined ? resolve(cwd, options.root) : repositoryRoot(first.absolute, first.isDirectory);
  const starts: { path: string; isDirectory: boolean; shown: string }[] = [];
  for (const target of options.wholeRepository ? [{ ...first, absolute: root, isDirectory: true }] : targets) {
    const rel = relative(root, target.absolute);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new UsageError(`${target.shown} is outside the repository at ${root} (where ${first.shown} is); scan each repository separately`);
    }
    starts.push({ path: rel.split(sep).join("/"), isDirectory: target.isDirectory, shown: target.shown });
  }
  const complete = starts.some((start) => start.path === "");
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const ignore = new IgnoreRules(root, { gitignore: options.gitignore ?? true, exclude: options.exclude ?? [] });
  const { manifest, diagnostics } = loadManifest(root, cwd, options.manifestPath);
  const scanner = new Scanner({
    manifest,
    manifestDiagnostics: diagnostics,
    complete,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.severities ? { severities: options.severities } : {}),
    ...(options.storedSecrets ? { storedSecrets: options.storedSecrets } : {}),
    now: options.now ?? new Date(),
    codeowners: loadCodeowners(root),
  });
  const warnings: string[] = [];
  const misplaced: Diagnostic[] = [];
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (path: string, absolute: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push(path);
    const workflow = misplacedWorkflow(path, absolute);
    if (workflow !== null) misplaced.push(workflow);
  };
  for (const start of dedupeStarts(starts)) {
    if (start.path !== "" && ignore.isLeftOut(start.path, start.isDirectory)) {
      warnings.push(`${start.shown} is left out by .gitignore, .secretownersignore or --exclude and was not scanned (--no-gitignore scans ignored files)`);
      continue;
    }
    if (!start.isDirectory) {
      add(start.path, join(root, start.path));
      continue;
    }
    for (const entry of walk(root, { maxFileBytes, ignore, ...(start.path !== "" ? { start: start.path } : {}) })) {
      if (entry.kind === "skipped") scanner.skip(entry.skipped);
      else add(entry.path, entry.absolute);
    }
  }
  const threads = readAndScan(scanner, root, files, { maxFileBytes });
  for (const pattern of ignore.unusedExcludes()) {
    warnings.push(`--exclude ${JSON.stringify(pattern)} matched nothing under ${root} (patterns use gitignore syntax relative to the repository root, e.g. "testdata/" or "**/*_test.go")`);
  }
  const result = scanner.finish();
  return { result: misplaced.length > 0 ? { ...result, diagnostics: [...result.diagnostics, ...misplaced] } : result, root, warnings, threads };
}

/**
 * The repository holding a path: the nearest folder, from the path upwards, that is a git work
 * tree (`.git` folder, or `.git` file in a linked worktree or submodule) or that GitHub would read
 * as one (a `.github/` manifest or `.github/workflows/`, as in a checkout without `.git` or a
 * sample repository kept inside another); else the folder given (a file's folder).
 */
export function repositoryRoot(absolute: string, isDirectory: boolean): string {
  const start = isDirectory ? absolute : dirname(absolute);
  for (let dir = start; ; dir = dirname(dir)) {
    if (ROOT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

const ROOT_MARKERS: readonly string[] = [".git", ".github/workflows", ...MANIFEST_CANDIDATES.filter((candidate) => candidate.startsWith(".github/"))];

function requireReadable(absolute: string, shown: string): boolean {
  try {
    const stats = statSync(absolute);
    if (!stats.isDirectory() && !stats.isFile()) throw new UsageError(`cannot scan ${shown}: not a file or folder`);
    return stats.isDirectory();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${shown}: no such file or folder`);
  }
}

/** A folder given twice, or a file inside a folder also given, is scanned once. */
function dedupeStarts<T extends { path: string; isDirectory: boolean }>(starts: readonly T[]): T[] {
  const folders = starts.filter((start) => start.isDirectory).map((start) => start.path);
  const covered = (path: string, self: T): boolean =>
    folders.some((folder) => (folder === "" || path === folder || path.startsWith(`${folder}/`)) && !(self.isDirectory && folder === path));
  const kept: T[] = [];
  for (const start of starts) {
    if (covered(start.path, start)) continue;
    if (kept.some((other) => other.path === start.path)) continue;
    kept.push(start);
  }
  return kept;
}

/**
 * A workflow is read only at `.github/workflows/` of the root. Outside a git work tree the root is
 * the folder given, so `scan .github/workflows` would read none of them: say so, never "No problems".
 * A `.github/workflows/` folder below the root (an example's or a vendored project's) is not the
 * repository's either, and GitHub does not run it: nothing to say about it.
 */
function misplacedWorkflow(path: string, absolute: string): Diagnostic | null {
  if (!/\.ya?ml$/.test(path) || path.startsWith(".github/workflows/") || path.includes("/.github/workflows/")) return null;
  const normalized = absolute.split(sep).join("/");
  if (!/\/\.github\/workflows\/[^/]+$/.test(normalized)) return null;
  return {
    source: "secretowners",
    location: { file: path, line: 1, column: 1 },
    message: "this GitHub Actions workflow was not read as one: workflows are read under .github/workflows/ of the repository root, and the scan's root is below that; scan the repository root (or run inside its git work tree)",
  };
}

/** The CODEOWNERS file GitHub uses: the first of `.github/`, the root, `docs/` that has one. */
export function loadCodeowners(root: string): SourceFile | null {
  for (const path of CODEOWNERS_CANDIDATES) {
    try {
      return { path, text: readFileSync(join(root, path), "utf8") };
    } catch {
      // Absent (or unreadable, which GitHub would not read either): try the next place.
    }
  }
  return null;
}

export function loadManifest(root: string, cwd: string, explicit: string | undefined): { manifest: SourceFile | null; diagnostics: ManifestDiagnostic[] } {
  if (explicit !== undefined) {
    const absolute = resolve(cwd, explicit);
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch {
      throw new UsageError(`cannot read manifest ${explicit}: no such file or not readable`);
    }
    return { manifest: { path: displayPath(root, absolute), text }, diagnostics: [] };
  }
  const present = MANIFEST_CANDIDATES.filter((candidate) => existsSync(join(root, candidate)));
  const located = locateManifest(present);
  if (located.path === null) return { manifest: null, diagnostics: located.diagnostics };
  return {
    manifest: { path: located.path, text: readFileSync(join(root, located.path), "utf8") },
    diagnostics: located.diagnostics,
  };
}

/** Findings name files relative to the root; a manifest outside it keeps its absolute path. */
function displayPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel.startsWith("..") || isAbsolute(rel) ? absolute.split(sep).join("/") : rel.split(sep).join("/");
}
