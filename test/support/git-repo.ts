import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Tree, writeTree } from "./temp-tree.js";

/**
 * Git repositories for tests of the Action: a bare `origin` (a local path, so `git fetch` works
 * offline) holding a base commit and a head commit, and clones of it the way actions/checkout makes
 * them.
 */

export type { Tree } from "./temp-tree.js";

export interface PullRequestRepo {
  readonly dir: string;
  readonly origin: string;
  readonly base: string;
  readonly head: string;
  /** A clone with only the head (`actions/checkout`'s default `fetch-depth: 1`). */
  shallowClone(): string;
  /** A clone with every commit (`fetch-depth: 0`). */
  fullClone(): string;
  remove(): void;
}

const IDENTITY = ["-c", "user.name=secretowners test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", [...IDENTITY, ...args], { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } }).trim();
}

/** `base` and `head` are whole trees: a file missing from `head` is deleted by the head commit. */
export function pullRequestRepo(base: Tree, head: Tree): PullRequestRepo {
  const dir = mkdtempSync(join(tmpdir(), "secretowners-action-"));
  const origin = join(dir, "origin.git");
  const work = join(dir, "work");
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", origin]);
  execFileSync("git", ["init", "-q", "-b", "main", work]);
  writeTree(work, base);
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", "base");
  const baseSha = git(work, "rev-parse", "HEAD");
  git(work, "push", "-q", origin, "main");
  git(work, "checkout", "-q", "-b", "feature");
  for (const path of Object.keys(base)) if (!(path in head)) git(work, "rm", "-q", path);
  writeTree(work, head);
  git(work, "add", "-A");
  git(work, "commit", "-q", "--allow-empty", "-m", "head");
  const headSha = git(work, "rev-parse", "HEAD");
  git(work, "push", "-q", origin, "feature");
  let clones = 0;
  const clone = (depth: string[]) => {
    const target = join(dir, `workspace-${++clones}`);
    execFileSync("git", ["clone", "-q", ...depth, "--branch", "feature", `file://${origin}`, target]);
    return target;
  };
  return {
    dir,
    origin,
    base: baseSha,
    head: headSha,
    shallowClone: () => clone(["--depth=1"]),
    fullClone: () => clone([]),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
