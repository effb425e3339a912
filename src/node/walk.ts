import { isAscii } from "node:buffer";
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import type { Dirent } from "node:fs";
import { relative, sep } from "node:path";
import type { SkippedFile, SourceFile } from "../core/model.js";
import { IgnoreRules } from "./ignore-rules.js";

export interface WalkOptions {
  /** Files larger than this are skipped and reported. */
  readonly maxFileBytes: number;
  /** Patterns (gitignore syntax, relative to the root) to leave out; ignored when `ignore` is given. */
  readonly exclude?: readonly string[];
  /** What to leave out: `.gitignore`, `.secretownersignore`, `--exclude`. Default: `exclude` only. */
  readonly ignore?: IgnoreRules;
  /** Walk only this folder (relative to the root, `/`-separated); paths stay relative to the root. */
  readonly start?: string;
}

/**
 * Folders that hold other people's code or tool state. Their secrets are not this repository's to
 * own, and they dwarf it: scanning them would bury the findings and the time budget.
 */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([".git", ".hg", ".svn", "node_modules", "vendor", "third_party", "bower_components", ".terraform", ".venv", "__pycache__"]);

/** Whether a folder of this name is left out of every scan (see SKIPPED_DIRS). */
export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRS.has(name);
}

/** Sniffing the first 8000 bytes for a NUL is what git itself does to call a file binary. */
const SNIFF_BYTES = 8000;

export type WalkEntry = { readonly kind: "file"; readonly path: string; readonly absolute: string } | { readonly kind: "skipped"; readonly skipped: SkippedFile };

/**
 * Lists the files under `root` in a stable order. Symlinks are followed only when they resolve to a
 * file inside the root; a link to a directory is left alone, since what it points at inside the
 * root is walked anyway and outside it is none of ours.
 */
export function* walk(root: string, options: WalkOptions): Generator<WalkEntry> {
  const realRoot = realpathSync(root);
  const ignore = options.ignore ?? new IgnoreRules(root, { gitignore: false, exclude: options.exclude ?? [] });
  const stack: string[] = [options.start ?? ""];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      // File types come with the listing (d_type), so only symlinks need a stat of their own.
      entries = readdirSync(dir === "" ? root : underRoot(root, dir), { withFileTypes: true });
    } catch (error) {
      yield { kind: "skipped", skipped: { file: dir || ".", reason: "unreadable", detail: describe(error) } };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    ignore.listed(dir, entries);
    const subdirs: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const path = dir ? `${dir}/${name}` : name;
      const absolute = underRoot(root, path);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !ignore.ignores(path, true)) subdirs.push(path);
        continue;
      }
      if (ignore.ignores(path, false)) continue;
      if (entry.isSymbolicLink()) {
        const target = resolveLink(absolute);
        if (target === null || !isInside(realRoot, target)) {
          yield { kind: "skipped", skipped: { file: path, reason: "symlink-outside-root" } };
          continue;
        }
        try {
          if (!statSync(target).isFile()) continue;
        } catch (error) {
          yield { kind: "skipped", skipped: { file: path, reason: "unreadable", detail: describe(error) } };
          continue;
        }
      } else if (!entry.isFile()) {
        continue;
      }
      yield { kind: "file", path, absolute };
    }
    // Reverse so that popping visits subfolders in sorted order.
    for (const sub of subdirs.reverse()) stack.push(sub);
  }
}

/**
 * `path` (relative, `/`-separated, as the walk makes it) under `root`, by concatenation: the walk's
 * paths need no normalising, and `path.join` per file is measurable on a cold start.
 */
export function underRoot(root: string, path: string): string {
  return root.endsWith("/") || root.endsWith(sep) ? `${root}${path}` : `${root}${sep}${path}`;
}

export type ReadOutcome = { readonly kind: "file"; readonly file: SourceFile } | { readonly kind: "skipped"; readonly skipped: SkippedFile };

/**
 * One buffer for every read: files are decoded to a string straight away, so the bytes need not
 * outlive the call, and allocating (and collecting) a fresh Buffer per file is measurable on a
 * 30k-file tree. Grown on demand, never beyond the size limit plus one byte.
 */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

export function readSourceFile(path: string, absolute: string, maxFileBytes: number): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, "r");
    const length = readAll(fd, maxFileBytes);
    if (length < 0) return { kind: "skipped", skipped: { file: path, reason: "binary" } };
    if (length > maxFileBytes) {
      // Only a file over the limit is asked its size: an fstat per file costs more than it saves.
      return { kind: "skipped", skipped: { file: path, reason: "too-large", detail: `${fstatSync(fd).size} bytes > ${maxFileBytes}` } };
    }
    return { kind: "file", file: { path, text: decodeText(readBuffer.subarray(0, length)) } };
  } catch (error) {
    return { kind: "skipped", skipped: { file: path, reason: "unreadable", detail: describe(error) } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads the file into `readBuffer` until its end or until more than `max` bytes have come (then the
 * file is too large, whatever its size) and returns the length read, or -1 for a binary file: the
 * sniffed head is read first, so the rest of an image or archive (half the bytes of a typical
 * application repository) is never read at all.
 */
function readAll(fd: number, max: number): number {
  let length = 0;
  let sniffed = false;
  for (;;) {
    if (length === readBuffer.length) {
      if (length > max) return length;
      const grown = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, max + 1));
      readBuffer.copy(grown, 0, 0, length);
      readBuffer = grown;
    }
    // The first read stops at the sniffed head; later ones fill the buffer.
    const end = sniffed ? readBuffer.length : Math.min(readBuffer.length, SNIFF_BYTES);
    const n = readSync(fd, readBuffer, length, end - length, null);
    length += n;
    if (!sniffed && (length >= SNIFF_BYTES || n === 0)) {
      sniffed = true;
      if (looksBinary(readBuffer.subarray(0, length))) return -1;
    }
    if (n === 0) return length;
  }
}

export function looksBinary(bytes: Uint8Array): boolean {
  // indexOf is native (memchr): a loop here would run in the interpreter on a cold start.
  return bytes.subarray(0, SNIFF_BYTES).indexOf(0) !== -1;
}

/**
 * A file's text, as every reader (walk, tarball, git objects) decodes it: UTF-8, except that text
 * that is all ASCII (nearly every file a scan reads) is copied as Latin-1, the same string made
 * without decoding UTF-8 byte by byte: 5–10× faster on small files, a fifth faster on a CRD of a
 * megabyte (a cold scan of a Helm repository spent a sixth of its time decoding).
 */
export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return isAscii(buffer) ? buffer.toString("latin1") : buffer.toString("utf8");
}

function resolveLink(absolute: string): string | null {
  try {
    return realpathSync(absolute);
  } catch {
    return null;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep);
}

/** Error messages from fs carry the code and path only; never file contents. */
function describe(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) return String((error as { code: unknown }).code);
  return "unreadable";
}
