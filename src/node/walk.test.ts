import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeText, looksBinary, readSourceFile, walk, type WalkEntry } from "./walk.js";

const outside = mkdtempSync(join(tmpdir(), "secretowners-outside-"));
const root = mkdtempSync(join(tmpdir(), "secretowners-walk-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function write(path: string, content: string | Buffer): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), content);
}

write("b.txt", "b");
write("a/z.sh", "z");
write("a/b/c.tf", "c");
write(".github/workflows/ci.yml", "on: push");
write("node_modules/pkg/index.js", "x");
write(".git/config", "x");
write("vendor/lib/x.go", "x");
write("img.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
write("big.log", "x".repeat(2000));
writeFileSync(join(outside, "secret.env"), "TOKEN=x");
symlinkSync(join(outside, "secret.env"), join(root, "escape.env"));
symlinkSync(join(root, "b.txt"), join(root, "inside-link.txt"));
symlinkSync(outside, join(root, "dir-link"));

function summarize(entries: WalkEntry[]): string[] {
  return entries.map((entry) => (entry.kind === "file" ? entry.path : `skipped ${entry.skipped.file} (${entry.skipped.reason})`));
}

describe("walk", () => {
  it("lists files in a stable order, skips tool folders and never leaves the root", () => {
    expect(summarize([...walk(root, { maxFileBytes: 1000 })])).toEqual([
      "b.txt",
      "big.log",
      "skipped dir-link (symlink-outside-root)",
      "skipped escape.env (symlink-outside-root)",
      "img.png",
      "inside-link.txt",
      ".github/workflows/ci.yml",
      "a/z.sh",
      "a/b/c.tf",
    ]);
  });

  it("honours --exclude globs", () => {
    const paths = summarize([...walk(root, { maxFileBytes: 1000, exclude: ["a/**", "*.log"] })]);
    expect(paths).not.toContain("a/z.sh");
    expect(paths).not.toContain("big.log");
    expect(paths).toContain("b.txt");
  });
});

describe("readSourceFile", () => {
  it("reads text, and reports binary and oversized files as skipped", () => {
    expect(readSourceFile("b.txt", join(root, "b.txt"), 1000)).toEqual({ kind: "file", file: { path: "b.txt", text: "b" } });
    expect(readSourceFile("img.png", join(root, "img.png"), 1000)).toEqual({ kind: "skipped", skipped: { file: "img.png", reason: "binary" } });
    expect(readSourceFile("big.log", join(root, "big.log"), 1000)).toEqual({
      kind: "skipped",
      skipped: { file: "big.log", reason: "too-large", detail: "2000 bytes > 1000" },
    });
  });

  it("tells a file over the limit by what it read, whether it fits the reused buffer or not", () => {
    const huge = "y".repeat(300_000);
    writeFileSync(join(outside, "huge.txt"), huge);
    expect(readSourceFile("huge.txt", join(outside, "huge.txt"), 100_000)).toEqual({
      kind: "skipped",
      skipped: { file: "huge.txt", reason: "too-large", detail: "300000 bytes > 100000" },
    });
    expect(readSourceFile("huge.txt", join(outside, "huge.txt"), 300_000)).toEqual({ kind: "file", file: { path: "huge.txt", text: huge } });
    expect(readSourceFile("huge.txt", join(outside, "huge.txt"), 299_999).kind).toBe("skipped");
    // A large binary file is binary: its head says so before its size is known.
    writeFileSync(join(outside, "image.bin"), Buffer.concat([Buffer.from([0x89, 0x00]), Buffer.alloc(5000, 1)]));
    expect(readSourceFile("image.bin", join(outside, "image.bin"), 1000)).toEqual({ kind: "skipped", skipped: { file: "image.bin", reason: "binary" } });
  });

  it("reads files larger than its reused buffer in full, and a later small file without leftovers", () => {
    // 200 kB of varied text (larger than the first buffer) with a multi-byte character at the end.
    const large = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join("") + "é";
    writeFileSync(join(outside, "large.txt"), large);
    const max = 1024 * 1024;
    expect(readSourceFile("large.txt", join(outside, "large.txt"), max)).toEqual({ kind: "file", file: { path: "large.txt", text: large } });
    expect(readSourceFile("b.txt", join(root, "b.txt"), max)).toEqual({ kind: "file", file: { path: "b.txt", text: "b" } });
    expect(readSourceFile("empty.txt", join(root, "a"), max)).toEqual({ kind: "skipped", skipped: { file: "empty.txt", reason: "unreadable", detail: "EISDIR" } });
  });

  it("calls a file binary by a NUL in its first 8000 bytes only, as git does, however large it is", () => {
    const max = 1024 * 1024;
    // A NUL at byte 7999 makes it binary; at byte 8000 it is text.
    const binary = Buffer.concat([Buffer.alloc(7999, 0x61), Buffer.from([0]), Buffer.alloc(300_000, 0x62)]);
    writeFileSync(join(outside, "archive.bin"), binary);
    expect(readSourceFile("archive.bin", join(outside, "archive.bin"), max)).toEqual({ kind: "skipped", skipped: { file: "archive.bin", reason: "binary" } });
    const text = Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0]), Buffer.alloc(300_000, 0x62)]);
    writeFileSync(join(outside, "late-nul.txt"), text);
    expect(readSourceFile("late-nul.txt", join(outside, "late-nul.txt"), max)).toEqual({ kind: "file", file: { path: "late-nul.txt", text: text.toString("utf8") } });
    // A text file shorter than the sniffed head, read after the large one, keeps none of its bytes.
    expect(readSourceFile("b.txt", join(root, "b.txt"), max)).toEqual({ kind: "file", file: { path: "b.txt", text: "b" } });
  });
});

describe("decodeText", () => {
  it("decodes UTF-8 whether or not the text is all ASCII, from a Buffer or a view of a larger array", () => {
    expect(decodeText(Buffer.from("TOKEN=abc\n"))).toBe("TOKEN=abc\n");
    expect(decodeText(Buffer.from("motdepasse: «é» ✓ 🔑"))).toBe("motdepasse: «é» ✓ 🔑");
    const whole = new Uint8Array([0x78, ...Buffer.from("é=1"), 0x78]);
    expect(decodeText(whole.subarray(1, whole.length - 1))).toBe("é=1");
  });

  it("reads a lone high byte as UTF-8 does (a replacement character), never as Latin-1", () => {
    expect(decodeText(Buffer.from([0x61, 0xe9, 0x62]))).toBe("a\ufffdb");
  });

  it("keeps a byte-order mark, as the UTF-8 decoding before it did", () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe("\ufeffa");
  });
});

describe("looksBinary", () => {
  it("looks for a NUL in the first 8000 bytes only, as git does", () => {
    expect(looksBinary(Buffer.from([0x61, 0x00]))).toBe(true);
    const late = Buffer.alloc(9000, 0x61);
    late[8500] = 0;
    expect(looksBinary(late)).toBe(false);
    late[7999] = 0;
    expect(looksBinary(late)).toBe(true);
  });
});
