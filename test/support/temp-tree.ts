import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files by path relative to a root, `/`-separated. */
export type Tree = Readonly<Record<string, string>>;

/** Writes every file of `tree` under `root`, creating the folders on the way. */
export function writeTree(root: string, tree: Tree): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const made: string[] = [];

/** A fresh temporary folder holding `tree`; `removeTempTrees` (in an afterAll) removes them all. */
export function tempTree(prefix: string, tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), `secretowners-${prefix}-`));
  made.push(root);
  writeTree(root, tree);
  return root;
}

export function removeTempTrees(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}
