import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_REPO, REPO_ROOT } from "./paths.js";
import { ALNUM, fake } from "../src/core/detect/fake.js";

/**
 * Every command of the README's quick start and baseline recipe, run as written, with the exit code
 * it must give. A command added to those blocks without an entry here fails the test, so the README
 * cannot promise a command nobody ran.
 */

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The commands of every ```sh block in `text`, comments and blank lines dropped. */
function shellCommands(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    (block[1] ?? "")
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
}

function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const next = README.indexOf("\n## ", start + heading.length + 2);
  return README.slice(start, next < 0 ? undefined : next);
}

const QUICK_START = shellCommands(section("## Quick start"));
const BASELINE = shellCommands(README.slice(README.indexOf("A PR gate can tell new findings from accepted ones with a baseline")).split("\n\n").slice(0, 3).join("\n\n"));

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "secretowners-readme-"));
  temps.push(dir);
  return dir;
};

describe("the README's commands", () => {
  it("are the ones this test knows", () => {
    expect(QUICK_START).toEqual([
      "npm ci && npm run demo",
      "npm test",
      "npm pack",
      `npm install -g ./secretowners-${VERSION}.tgz`,
      "secretowners scan",
    ]);
    expect(BASELINE).toEqual([
      "secretowners scan --format json --output .secretowners-baseline.json --fail-on never",
      "secretowners scan --baseline .secretowners-baseline.json",
    ]);
  });

  it("npm ci is what CI runs first on its clean clone, and npm test is what runs this test", () => {
    // Not run again here: `npm ci` would replace the node_modules this test runs from, and
    // `npm test` would run this test inside itself. .ci/run runs both, exactly as written.
    const ci = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it("npm run demo exits 0 and scans the sample repository", () => {
    const demo = spawnSync("npm", ["run", "demo", "--silent"], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("manifest .github/secretowners.yml");
  });

  it("installs from npm pack, then scans and keeps a baseline exactly as written", () => {
    const work = tempDir();
    const prefix = join(work, "global");
    const bin = process.platform === "win32" ? prefix : join(prefix, "bin");
    const env = { ...process.env, NO_COLOR: "1", npm_config_prefix: prefix, npm_config_audit: "false", npm_config_fund: "false", npm_config_prefer_offline: "true", PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
    const sh = (command: string, cwd: string) => spawnSync("sh", ["-c", command], { cwd, encoding: "utf8", env });

    // `npm pack` in the clone writes the tarball there; the install line names it relative to the clone.
    const pack = sh(`npm pack --pack-destination ${JSON.stringify(work)} --loglevel=error`, REPO_ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const install = sh(QUICK_START[3] ?? "", work);
    expect(install.status, install.stderr).toBe(0);

    const repo = join(work, "acme");
    cpSync(EXAMPLE_REPO, repo, { recursive: true });
    execFileSync("git", ["init", "-q"], { cwd: repo });
    // The sample has deliberate gaps: findings at error, exit 1.
    const scan = sh(QUICK_START[4] ?? "", repo);
    expect(scan.status, scan.stderr).toBe(1);
    expect(scan.stdout).toContain("Failing:");

    // A committed generic password too: its finding's message, stored in the baseline file the
    // next scans read, must not read as a credential itself (it did: "credential: High-entropy").
    writeFileSync(join(repo, "scripts/db.sh"), `DB_PASSWORD=${fake(ALNUM, 24, 11)}\n`);
    const [accept, gate] = BASELINE;
    const accepted = sh(accept ?? "", repo);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(/^secretowners: .*; not failing \(--fail-on never\); report written to \.secretowners-baseline\.json\n$/);
    const gated = sh(gate ?? "", repo);
    expect(gated.status, gated.stdout).toBe(0);
    // A new unowned secret is not in the baseline: the gate fails.
    writeFileSync(join(repo, ".github/workflows/new.yml"), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./x\n        env:\n          T: ${{ secrets.BRAND_NEW_TOKEN }}\n");
    const failed = sh(gate ?? "", repo);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain("BRAND_NEW_TOKEN");
  });
});
