import { Parser, type ReadEntry } from "tar";
import { CODEOWNERS_CANDIDATES } from "../core/manifest/codeowners.js";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ScanResult, SkippedFile, SourceFile } from "../core/model.js";
import { Scanner, type ScanOptions } from "../core/scan.js";
import type { GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import { SKIPPED_DIRS, looksBinary } from "../node/walk.js";

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
      else visit({ kind: "file", file: { path: contents, text: bytes.toString("utf8") } });
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

export interface TarballScanOptions extends Omit<ScanOptions, "manifest" | "manifestDiagnostics">, TarballReadOptions {}

export interface TarballScan {
  readonly result: ScanResult;
  readonly commit: string | null;
}

/** What `scanner.finish()` needs once a tarball has been fed to it. */
export interface FedTarball extends Required<Pick<ScanOptions, "manifest" | "manifestDiagnostics" | "codeowners">> {
  readonly commit: string | null;
}

/**
 * Streams a repository tarball into `scanner`. The manifest is found the way the CLI finds it on
 * disk (`.github/`, root, `docs/`); since it may come after the files it governs, the candidates
 * are kept aside (they are small) and returned for `scanner.finish()`.
 */
export async function feedTarball(source: AsyncIterable<Uint8Array>, scanner: Scanner, options: TarballReadOptions = {}): Promise<FedTarball> {
  const candidates = new Map<string, SourceFile>();
  // The manifest and CODEOWNERS files: small, and needed only at the end.
  const keptPaths = new Set([...MANIFEST_CANDIDATES, ...CODEOWNERS_CANDIDATES]);
  const info = await readTarball(
    source,
    (entry) => {
      if (entry.kind === "skipped") {
        scanner.skip(entry.skipped);
        return;
      }
      if (keptPaths.has(entry.file.path)) candidates.set(entry.file.path, entry.file);
      scanner.add(entry.file);
    },
    options,
  );
  const located = locateManifest([...candidates.keys()].filter((path) => MANIFEST_CANDIDATES.includes(path)));
  const manifest = located.path === null ? null : (candidates.get(located.path) ?? null);
  // GitHub uses the first CODEOWNERS of `.github/`, the root, `docs/`.
  const codeowners = CODEOWNERS_CANDIDATES.map((path) => candidates.get(path)).find((file) => file !== undefined) ?? null;
  return { manifest, manifestDiagnostics: located.diagnostics, codeowners, commit: info.commit };
}

/** Scans a repository tarball through the core `Scanner` as it streams. */
export async function scanTarball(source: AsyncIterable<Uint8Array>, options: TarballScanOptions = {}): Promise<TarballScan> {
  // The date rules (rotation, review) judge against today; the core never reads the clock.
  const scanner = new Scanner({ now: new Date(), ...options });
  const fed = await feedTarball(source, scanner, options);
  return { result: scanner.finish(fed), commit: fed.commit };
}
