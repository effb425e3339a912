import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_REPO, REPO_ROOT } from "./paths.js";

const dir = mkdtempSync(join(tmpdir(), "secretowners-package-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, encoding: "utf8" });

/** What a user gets from `npm i -D secretowners`: the packed tarball, installed into a fresh project. */
describe("the published package", () => {
  it("installs and runs as `npx secretowners`", () => {
    npm(["pack", "--pack-destination", dir], REPO_ROOT);
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    npm(["install", `./${tarball}`], dir);
    const out = execFileSync("npx", ["--no-install", "secretowners", "scan", EXAMPLE_REPO, "--format", "json", "--fail-on", "never"], {
      cwd: dir,
      encoding: "utf8",
    });
    const report = JSON.parse(out) as { version: number; findings: unknown[] };
    expect(report.version).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});
