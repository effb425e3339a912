import { spawnSync } from "node:child_process";
import type { SkippedFile, SourceFile } from "../core/model.js";
import { decodeText, isSkippedDirectory, looksBinary } from "../node/walk.js";

/**
 * The git plumbing a pull-request scan needs: make sure a commit is present (a depth-1 checkout has
 * only the head), list what changed between two commits, and read files at a commit without
 * touching the work tree. Everything goes through `git` itself, so it works on any clone.
 */

export class GitError extends Error {
  override name = "GitError";
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const result = spawnSync("git", args, {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
  });
  if (result.error) throw new GitError(`git ${args[0]} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const stderr = result.stderr.toString("utf8").trim().split("\n").slice(-3).join(" / ");
    throw new GitError(`git ${args.join(" ")} failed (exit ${result.status}): ${stderr}`);
  }
  return result.stdout;
}

export function hasCommit(cwd: string, sha: string): boolean {
  try {
    git(cwd, ["cat-file", "-e", `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** `git fetch --depth=1 origin <sha>`: just that commit, no history, no tags. */
export function fetchCommit(cwd: string, sha: string, remote = "origin"): void {
  git(cwd, ["-c", "protocol.version=2", "fetch", "--no-tags", "--no-recurse-submodules", "--depth=1", remote, sha]);
}

export function headCommit(cwd: string): string {
  return git(cwd, ["rev-parse", "HEAD"]).toString("utf8").trim();
}

/** The work tree's top folder (absolute). */
export function topLevel(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-toplevel"]).toString("utf8").trim();
}

/** The scan root's path inside the repository (`sub/dir/`), empty at the top. */
export function pathPrefix(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-prefix"]).toString("utf8").trim();
}

/** Paths (from the repository top) whose content differs between two commits; renames count as delete + add. */
export function changedPaths(cwd: string, base: string, head: string): string[] {
  const out = git(cwd, ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", base, head, "--"]).toString("utf8");
  return out.split("\0").filter((path) => path !== "");
}

export interface TreeEntry {
  readonly path: string;
  readonly size: number;
}

/** Every regular file of a commit (no symlinks, no submodules), paths from the repository top. */
export function listTree(cwd: string, sha: string): TreeEntry[] {
  const out = git(cwd, ["ls-tree", "-r", "-z", "-l", "--full-tree", sha]).toString("utf8");
  const entries: TreeEntry[] = [];
  for (const record of out.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, , size] = record.slice(0, tab).split(/\s+/);
    if (type !== "blob" || mode === "120000") continue;
    entries.push({ path: record.slice(tab + 1), size: Number(size) });
  }
  return entries;
}

export type CommitFile = { readonly kind: "file"; readonly file: SourceFile } | { readonly kind: "skipped"; readonly skipped: SkippedFile } | { readonly kind: "absent"; readonly path: string };

export interface ReadOptions {
  readonly maxFileBytes: number;
}

/**
 * Reads files at a commit with one `git cat-file --batch`, applying the rules of the directory walk:
 * skipped folders, a size limit, binary sniffing. Paths are the repository's (from its top); those
 * that do not exist at that commit are `absent`.
 */
export function readAtCommit(cwd: string, sha: string, paths: readonly string[], options: ReadOptions): CommitFile[] {
  const results: CommitFile[] = [];
  const wanted: string[] = [];
  for (const path of paths) {
    if (path.split("/").slice(0, -1).some(isSkippedDirectory)) continue;
    if (/[\n\r]/.test(path)) {
      results.push({ kind: "skipped", skipped: { file: path, reason: "unreadable", detail: "a line break in the file name" } });
      continue;
    }
    wanted.push(path);
  }
  if (wanted.length === 0) return results;
  const out = git(cwd, ["cat-file", "--batch"], wanted.map((path) => `${sha}:${path}\n`).join(""));
  let offset = 0;
  for (const path of wanted) {
    const newline = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
      results.push({ kind: "absent", path });
      continue;
    }
    const [, type, sizeText] = header.split(" ");
    const size = Number(sizeText);
    const bytes = out.subarray(offset, offset + size);
    offset += size + 1;
    results.push(type === "blob" ? commitFile(path, bytes, options.maxFileBytes) : { kind: "absent", path });
  }
  return results;
}

/** A file's bytes as the scanner gets them, by the directory walk's rules (size limit, binary sniffing). */
export function commitFile(path: string, bytes: Uint8Array, maxFileBytes: number): CommitFile {
  if (bytes.length > maxFileBytes) return { kind: "skipped", skipped: { file: path, reason: "too-large", detail: `${bytes.length} bytes > ${maxFileBytes}` } };
  if (looksBinary(bytes)) return { kind: "skipped", skipped: { file: path, reason: "binary" } };
  return { kind: "file", file: { path, text: decodeText(bytes) } };
}
