import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { git, pullRequestRepo } from "../../test/support/git-repo.js";
import { changedPaths, fetchCommit, hasCommit, listTree, readAtCommit } from "./git.js";

const pr = pullRequestRepo(
  { "a.txt": "base\n", "gone.txt": "bye\n", "node_modules/x/index.js": "x\n" },
  { "a.txt": "head\n", "bin.dat": "\u0000binary", "big.txt": "x".repeat(2000), "dir/new file.yml": "k: v\n", "node_modules/x/index.js": "y\n" },
);
afterAll(() => rmSync(pr.dir, { recursive: true, force: true }));

describe("git plumbing for pull requests", () => {
  it("fetches a missing base commit into a depth-1 clone, and lists what changed", () => {
    const clone = pr.shallowClone();
    expect(hasCommit(clone, pr.base)).toBe(false);
    fetchCommit(clone, pr.base);
    expect(hasCommit(clone, pr.base)).toBe(true);
    expect(changedPaths(clone, pr.base, pr.head).sort()).toEqual(["a.txt", "big.txt", "bin.dat", "dir/new file.yml", "gone.txt", "node_modules/x/index.js"]);
    expect(git(clone, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("reads files at a commit by the walk's rules, without touching the work tree", () => {
    const clone = pr.fullClone();
    expect(listTree(clone, pr.head).map((entry) => entry.path).sort()).toEqual(["a.txt", "big.txt", "bin.dat", "dir/new file.yml", "node_modules/x/index.js"]);
    const read = readAtCommit(clone, pr.base, ["a.txt", "gone.txt", "bin.dat", "node_modules/x/index.js"], { maxFileBytes: 1000 });
    expect(read).toEqual([
      { kind: "file", file: { path: "a.txt", text: "base\n" } },
      { kind: "file", file: { path: "gone.txt", text: "bye\n" } },
      { kind: "absent", path: "bin.dat" },
    ]);
    const head = readAtCommit(clone, pr.head, ["bin.dat", "big.txt", "dir/new file.yml", "gone.txt"], { maxFileBytes: 1000 });
    expect(head).toEqual([
      { kind: "skipped", skipped: { file: "bin.dat", reason: "binary" } },
      { kind: "skipped", skipped: { file: "big.txt", reason: "too-large", detail: "2000 bytes > 1000" } },
      { kind: "file", file: { path: "dir/new file.yml", text: "k: v\n" } },
      { kind: "absent", path: "gone.txt" },
    ]);
  });
});
