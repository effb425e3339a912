import { Parser, type ReadEntry } from "tar";
import { CODEOWNERS_CANDIDATES } from "../core/manifest/codeowners.js";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ScanResult, SkippedFile, SourceFile } from "../core/model.js";
import { Scanner, type ScanOptions } from "../core/scan.js";
import type { GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import { SKIPPED_DIRS, decodeText, looksBinary } from "../node/walk.js";

/**
 * Repository tarballs (`GET /repos/{owner}/{repo}/tarball/{ref}`) read in memory, one entry at a
 * time: nothing is written to disk and memory is bounded by the largest file kept.
 *
 * Parsing is node-tar's `Parser` (the one npm itself unpacks packages with): it handles the pax
 * headers `git archive` writes for long paths and the commit id, GNU long names, base-256 sizes,
 * gzip detection and a decompression-ratio guard against gzip bombs. What it does not do for a
 * parser — decide which entries are safe to look at — is done here.
 */

/**
 * Starts the download of a repository's tarball at `ref`: one API request, which GitHub answers
 * with a redirect to codeload that the client follows. The body is streamed, never buffered.
 * Rejects like any request (a 404 for an empty repository).
 */
export async function downloadTarball(client: GitHubClient, repository: RepositoryName, ref: string): Promise<AsyncIterable<Uint8Array>> {
  const response = await client.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    owner: repository.owner,
    repo: repository.repo,
    ref,
    request: { parseSuccessResponseBody: false, fetch: fetchKeepingResponse },
  });
  return response.data as unknown as AsyncIterable<Uint8Array>;
}

/**
 * Node's fetch cancels the body of a Response that is garbage-collected while the body is unread,
 * which leaves an empty stream, and octokit hands on only the body, through its plugins' queues:
 * a collection on the way made a good tarball read as corrupt. Here each body holds its Response
 * (a WeakMap entry lives as long as its key) until the body itself is let go.
 */
const RESPONSE_OF_BODY = new WeakMap<object, Response>();
async function fetchKeepingResponse(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (response.body !== null) RESPONSE_OF_BODY.set(response.body, response);
  return response;
}

export type TarballEntry = { readonly kind: "file"; readonly file: SourceFile } | { readonly kind: "skipped"; readonly skipped: SkippedFile };

export interface TarballReadOptions {
  /** Files larger than this are skipped and reported, their bytes never buffered. */
  readonly maxFileBytes?: number;
}

export interface TarballInfo {
  /** The commit `git archive` recorded in the pax global header; null when absent. */
  readonly commit: string | null;
}

/** A tarball that could not be read to its end: the repository's scan is incomplete. */
export class TarballError extends Error {
  override name = "TarballError";
}

/** Warnings that mean the archive is corrupt or cut short rather than one odd entry. */
const FATAL_WARNINGS = new Set(["TAR_BAD_ARCHIVE", "TAR_ABORT", "TAR_ENTRY_INVALID", "TAR_ENTRY_ERROR"]);

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
const LINK_TYPES = new Set(["SymbolicLink", "Link"]);
/** Headers and folders carry no content of their own. */
const IGNORED_TYPES = new Set(["Directory", "GNUDumpDir", "ExtendedHeader", "GlobalExtendedHeader", "NextFileHasLongPath", "NextFileHasLongLinkpath", "OldExtendedHeader"]);

/**
 * Streams `source` (a gzip-compressed or plain tar) and calls `visit` for every file in archive
 * order, with paths relative to the archive's single top folder (`owner-repo-sha/` on GitHub).
 * Rejects with a `TarballError` when the archive is corrupt or truncated.
 */
export async function readTarball(source: AsyncIterable<Uint8Array>, visit: (entry: TarballEntry) => void, options: TarballReadOptions = {}): Promise<TarballInfo> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let top: string | null = null;
  let commit: string | null = null;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };

  const onEntry = (entry: ReadEntry) => {
    // A bare Parser waits for each entry to be read; one this function does not read is drained.
    const contents = inspect(entry);
    if (contents === null) {
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    entry.on("end", () => {
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (looksBinary(bytes)) visit({ kind: "skipped", skipped: { file: contents, reason: "binary" } });
      else visit({ kind: "file", file: { path: contents, text: decodeText(bytes) } });
    });
  };

  /** Reports what is skipped; returns the repository path of a file worth reading, else null. */
  const inspect = (entry: ReadEntry): string | null => {
    if (commit === null && typeof entry.globalExtended?.comment === "string" && /^[0-9a-f]{40,64}$/.test(entry.globalExtended.comment)) {
      commit = entry.globalExtended.comment;
    }
    if (IGNORED_TYPES.has(entry.type)) return null;
    const place = placeOf(entry.path, top);
    if (place.kind === "outside") {
      visit({ kind: "skipped", skipped: { file: entry.path, reason: "outside-root" } });
      return null;
    }
    top ??= place.top;
    const path = place.path;
    if (path === "" || place.dirs.some((dir) => SKIPPED_DIRS.has(dir))) return null;
    if (LINK_TYPES.has(entry.type)) {
      visit({ kind: "skipped", skipped: { file: path, reason: "link", detail: entry.type === "Link" ? "hard link" : "symbolic link" } });
      return null;
    }
    if (!FILE_TYPES.has(entry.type)) {
      visit({ kind: "skipped", skipped: { file: path, reason: "unreadable", detail: `${entry.type} entry` } });
      return null;
    }
    if (entry.size > maxFileBytes) {
      visit({ kind: "skipped", skipped: { file: path, reason: "too-large", detail: `${entry.size} bytes > ${maxFileBytes}` } });
      return null;
    }
    return path;
  };

  const parser = new Parser({
    strict: false,
    onReadEntry: onEntry,
    onwarn: (code: string) => {
      // tar's messages can quote header bytes; ours names only the kind of damage.
      if (FATAL_WARNINGS.has(code)) fail(new TarballError(`corrupt or truncated tarball (${code})`));
    },
  });
  const done = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("close", resolve);
    parser.on("error", (error: Error & { code?: string }) => {
      fail(new TarballError(`corrupt or truncated tarball (${error.code ?? "unreadable"})`));
      resolve();
    });
  });

  try {
    for await (const chunk of source) {
      if (failure) break;
      // No waiting on write()'s return value: node-tar inflates synchronously (minizlib) and every
      // entry is consumed as it is emitted, so nothing queues up; the loop's own await is the
      // back-pressure on the download.
      parser.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  } catch (error) {
    fail(new TarballError(`tarball download failed: ${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}`));
  }
  if (!failure) {
    parser.end();
    await done;
  }
  if (failure) throw failure;
  return { commit };
}

type Place = { readonly kind: "inside"; readonly top: string; readonly path: string; readonly dirs: readonly string[] } | { readonly kind: "outside" };

/**
 * An entry is inside when it sits under the archive's one top folder with no `.`, `..` or empty
 * component: the paths GitHub writes, and nothing a crafted archive could use to climb out.
 */
function placeOf(raw: string, top: string | null): Place {
  const parts = raw.replace(/\/+$/, "").split("/");
  const [first, ...rest] = parts;
  if (first === undefined || first === "" || first === "." || first === "..") return { kind: "outside" };
  if (top !== null && first !== top) return { kind: "outside" };
  if (rest.some((part) => part === "" || part === "." || part === "..")) return { kind: "outside" };
  return { kind: "inside", top: first, path: rest.join("/"), dirs: rest.slice(0, -1) };
}

/** What a repository's scan takes besides its manifest, which the tarball itself holds. */
export interface RepositoryTarballOptions extends Omit<ScanOptions, "manifest" | "manifestDiagnostics" | "codeowners">, TarballReadOptions {}

/** What `scanner.finish()` needs once a tarball has been fed to it. */
export interface FedTarball extends Required<Pick<ScanOptions, "manifest" | "manifestDiagnostics" | "codeowners">> {
  readonly commit: string | null;
}

export interface ScannedTarball {
  /** Has seen every file; `scanner.finish({ ...fed, ...late })` judges them (again, with other `late`). */
  readonly scanner: Scanner;
  readonly fed: FedTarball;
  /** Tarball reads it took: 2 when the manifest's own detection settings came too late in the archive. */
  readonly reads: number;
}

/**
 * Opens the repository's tarball: with `commit` null for the first read; a second read asks for the
 * commit the first one found (a branch may have moved in between).
 */
export type OpenTarball = (commit: string | null) => Promise<AsyncIterable<Uint8Array>> | AsyncIterable<Uint8Array>;

/**
 * Bytes of files held back, unscanned, until the manifest arrives. `git archive` writes entries in
 * path order, so `.github/secretowners.yml` comes after only a few dotfiles and the `.github/` files
 * that sort before it; a small repository fits whole, wherever its manifest is.
 */
export const MANIFEST_HOLD_BACK_BYTES = 1 << 20;

/**
 * Scans a repository tarball as it streams, with the repository's own manifest applied the way a
 * local scan applies it: its `detectors:` and `allowlist:` run on every file, including those the
 * archive holds before the manifest. Files are held back (up to MANIFEST_HOLD_BACK_BYTES) until the
 * first manifest candidate arrives; a manifest that arrives later than that, or that turns out not
 * to be the one used, costs a second read only when its detection settings change what is found.
 * A repository without detection settings in its manifest is always read once.
 */
export async function scanRepositoryTarball(open: OpenTarball, options: RepositoryTarballOptions = {}): Promise<ScannedTarball> {
  const { maxFileBytes, ...scanOptions } = options;
  const read = maxFileBytes === undefined ? {} : { maxFileBytes };
  const first = await feedTarball(await open(null), (manifest) => new Scanner({ ...scanOptions, manifest }), read, MANIFEST_HOLD_BACK_BYTES);
  if (!needsSecondRead(first.applied, first.fed.manifest)) return { scanner: first.scanner, fed: first.fed, reads: 1 };
  const manifest = first.fed.manifest;
  const second = await feedTarball(await open(first.fed.commit), () => new Scanner({ ...scanOptions, manifest }), read, 0);
  return { scanner: second.scanner, fed: second.fed, reads: 2 };
}

/** Scans a repository tarball through the core `Scanner` as it streams (see `scanRepositoryTarball`). */
export async function scanTarball(open: OpenTarball, options: RepositoryTarballOptions = {}): Promise<TarballScan> {
  const { scanner, fed } = await scanRepositoryTarball(open, options);
  return { result: scanner.finish(fed), commit: fed.commit };
}

export interface TarballScan {
  readonly result: ScanResult;
  readonly commit: string | null;
}

/**
 * Whether the files must be read again: the scanner ran with `applied` but the manifest used is
 * `used`. Detectors and allowlist regexes act only as each file is scanned; allowlisted paths and
 * values are applied at the end too, unless another manifest's were applied as the files went by.
 */
function needsSecondRead(applied: SourceFile | null, used: SourceFile | null): boolean {
  if (applied?.path === used?.path && applied?.text === used?.text) return false;
  if (applied !== null && new Scanner({ manifest: applied }).detectionSpec !== undefined) return true;
  const spec = used === null ? undefined : new Scanner({ manifest: used }).detectionSpec;
  return spec !== undefined && (spec.detectors.length > 0 || (spec.allowlist?.regexes.length ?? 0) > 0);
}

/**
 * Streams a tarball into the scanner `start` builds once the manifest is known: when the first
 * manifest candidate arrives, when more than `holdBackBytes` of files wait for it (then without
 * one), or at the end. Manifest and CODEOWNERS candidates are kept aside (they are small) and the
 * manifest is located among them the way the CLI locates it on disk (`.github/`, root, `docs/`).
 */
async function feedTarball(
  source: AsyncIterable<Uint8Array>,
  start: (manifest: SourceFile | null) => Scanner,
  options: TarballReadOptions,
  holdBackBytes: number,
): Promise<{ scanner: Scanner; fed: FedTarball; applied: SourceFile | null }> {
  const candidates = new Map<string, SourceFile>();
  // The manifest and CODEOWNERS files: small, and needed only at the end.
  const keptPaths = new Set([...MANIFEST_CANDIDATES, ...CODEOWNERS_CANDIDATES]);
  const state: { scanner: Scanner | null; applied: SourceFile | null; held: TarballEntry[]; heldBytes: number } = { scanner: null, applied: null, held: [], heldBytes: 0 };
  const begin = (manifest: SourceFile | null): Scanner => {
    const scanner = start(manifest);
    for (const entry of state.held) give(scanner, entry);
    Object.assign(state, { scanner, applied: manifest, held: [], heldBytes: 0 });
    return scanner;
  };
  const info = await readTarball(
    source,
    (entry) => {
      if (entry.kind === "file" && keptPaths.has(entry.file.path)) candidates.set(entry.file.path, entry.file);
      if (state.scanner !== null) return give(state.scanner, entry);
      state.held.push(entry);
      if (entry.kind === "file" && MANIFEST_CANDIDATES.includes(entry.file.path)) return void begin(entry.file);
      if (entry.kind === "file") state.heldBytes += entry.file.text.length;
      if (state.heldBytes > holdBackBytes) begin(null);
    },
    options,
  );
  const located = locateManifest([...candidates.keys()].filter((path) => MANIFEST_CANDIDATES.includes(path)));
  const manifest = located.path === null ? null : (candidates.get(located.path) ?? null);
  const scanner = state.scanner ?? begin(manifest);
  // GitHub uses the first CODEOWNERS of `.github/`, the root, `docs/`.
  const codeowners = CODEOWNERS_CANDIDATES.map((path) => candidates.get(path)).find((file) => file !== undefined) ?? null;
  return { scanner, fed: { manifest, manifestDiagnostics: located.diagnostics, codeowners, commit: info.commit }, applied: state.applied };
}

function give(scanner: Scanner, entry: TarballEntry): void {
  if (entry.kind === "skipped") scanner.skip(entry.skipped);
  else scanner.add(entry.file);
}
