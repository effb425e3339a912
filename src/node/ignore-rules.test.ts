import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempTrees, tempTree } from "../../test/support/temp-tree.js";
import { IgnoreRules } from "./ignore-rules.js";
import { walk } from "./walk.js";

afterAll(removeTempTrees);

const tree = (files: Record<string, string>): string => tempTree("ignore", files);

function walked(root: string, rules: IgnoreRules): string[] {
  return [...walk(root, { maxFileBytes: 1000, ignore: rules })].flatMap((entry) => (entry.kind === "file" ? [entry.path] : []));
}

describe("IgnoreRules", () => {
  const root = tree({
    ".gitignore": "*.log\nbuild/\n",
    "app.log": "x",
    "keep.txt": "x",
    "build/out.js": "x",
    "svc/.gitignore": "!important.log\nlocal/\n",
    "svc/important.log": "x",
    "svc/debug.log": "x",
    "svc/local/a.env": "x",
    "svc/deep/er/.secretownersignore": "fixtures/\n",
    "svc/deep/er/fixtures/key.pem": "x",
    "svc/deep/er/main.tf": "x",
    "svc/deep/er/trace.log": "x",
    "other/local/b.env": "x",
  });

  it("applies every pattern file above a path, deeper files last, as git does", () => {
    expect(walked(root, new IgnoreRules(root, { gitignore: true }))).toEqual([
      ".gitignore",
      "keep.txt",
      "other/local/b.env",
      "svc/.gitignore",
      "svc/important.log",
      "svc/deep/er/.secretownersignore",
      "svc/deep/er/main.tf",
    ]);
  });

  it("reads the pattern files a walked folder lists: linked ones too, never a folder of that name", () => {
    const listed = tree({
      ".gitignore": "*.tmp\n",
      "keep.tmp": "x",
      "app/.secretownersignore": "fixtures/\n",
      "app/fixtures/key.pem": "x",
      "app/main.ts": "x",
      "linked/rules.txt": "*.log\n",
      "linked/debug.log": "x",
      "odd/.gitignore/inside.txt": "x",
      "odd/kept.log": "x",
    });
    symlinkSync(join(listed, "linked", "rules.txt"), join(listed, "linked", ".gitignore"));
    mkdirSync(join(listed, "odd", ".gitignore"), { recursive: true });
    expect(walked(listed, new IgnoreRules(listed, { gitignore: true }))).toEqual([
      ".gitignore",
      "app/.secretownersignore",
      "app/main.ts",
      "linked/.gitignore",
      "linked/rules.txt",
      "odd/kept.log",
      "odd/.gitignore/inside.txt",
    ]);
  });

  it("reads only .secretownersignore when .gitignore is turned off", () => {
    const files = walked(root, new IgnoreRules(root, { gitignore: false }));
    expect(files).toContain("app.log");
    expect(files).toContain("svc/local/a.env");
    expect(files).not.toContain("svc/deep/er/fixtures/key.pem");
  });

  it("answers for a path named on the command line by looking at every folder above it", () => {
    const rules = new IgnoreRules(root, { gitignore: true });
    expect(rules.isLeftOut("build/out.js", false)).toBe(true);
    expect(rules.isLeftOut("svc/local/a.env", false)).toBe(true);
    expect(rules.isLeftOut("svc/important.log", false)).toBe(false);
    expect(rules.isLeftOut("svc/deep/er/trace.log", false)).toBe(true);
    expect(rules.isLeftOut("svc/deep/er/fixtures", true)).toBe(true);
  });

  it("counts --exclude patterns that left out nothing", () => {
    const rules = new IgnoreRules(root, { gitignore: false, exclude: ["other/", "nothing-here/"] });
    expect(walked(root, rules)).not.toContain("other/local/b.env");
    expect(rules.unusedExcludes()).toEqual(["nothing-here/"]);
  });

  it("never hides a file git tracks, though a .gitignore pattern matches it", () => {
    const repo = tree({ ".gitignore": "charts/\n*.env\n", "charts/vendored/values.yaml": "x", "charts/untracked.yaml": "x", "committed.env": "x", "scratch.env": "x" });
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { stdio: "ignore" });
    git("init", "-q");
    git("add", "-f", "charts/vendored/values.yaml", "committed.env");
    expect(walked(repo, new IgnoreRules(repo, { gitignore: true }))).toEqual([".gitignore", "committed.env", "charts/vendored/values.yaml"]);
  });
});
