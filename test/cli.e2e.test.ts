import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, EXAMPLE_REPO, REPO_ROOT } from "./paths.js";

const temps: string[] = [];

// The tests run the real bundled binary; build it first so they never test a stale one.
beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "secretowners-e2e-"));
  temps.push(dir);
  return dir;
}

/** CI runs this file a second time under Node 24, the GitHub Actions runtime. */
const NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;

function run(args: string[], cwd?: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The fake Okta token pasted into the sample's access-review.sh. */
// secretowners:ignore[hardcoded-secret] fake token the sample repository plants on purpose
const SAMPLE_TOKEN = "00Qm3vX7pL2kR9tY4wZ8nB6cF1hJ5dG0sA3eU7iO2x";

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  secret: string | null;
  fingerprint: string;
  controls: string[];
}

describe(`secretowners CLI (built binary, ${NODE === process.execPath ? "this Node" : NODE})`, () => {
  it("runs on the Node version under test", () => {
    const version = spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(version).toMatch(/^v(20|2[2-9])\./);
  });

  it("prints its version and help", () => {
    const version = run(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(CLI, "../../../package.json"), "utf8")).version);
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("secretowners <command>");
    expect(help.stdout).toContain("scan [PATH...]");
    expect(run(["-V"]).stdout.trim()).toBe(version.stdout.trim());
  });

  it("prints each command's help with its options, examples and (for scan) the rule list", () => {
    for (const args of [["scan", "--help"], ["help", "scan"], ["scan", "-h"]]) {
      const help = run(args);
      expect(help.status, args.join(" ")).toBe(0);
      expect(help.stdout).toContain("Usage: secretowners scan [PATH...]");
      expect(help.stdout).toContain("--fail-on LEVEL");
      expect(help.stdout).toContain("Examples:");
      expect(help.stdout).toMatch(/^ {2}hardcoded-secret +error/m);
    }
    const init = run(["init", "--help"]);
    expect(init.stdout).toContain("--format FORMAT");
    expect(init.stdout).toContain("secretowners init --format secretowners");
  });

  it.each([
    [["scan", "--format", "yaml"], /unknown --format "yaml"/],
    [["scan", "--fail-on", "sometimes"], /unknown --fail-on "sometimes"/],
    [["scan", "--bogus"], /scan has no option --bogus; see secretowners scan --help/],
    [["scan", "--formt", "json"], /scan has no option --formt \(did you mean --format\?\)/],
    [["scan", "--output"], /--output needs a value: --output FILE/],
    [["scan", "--output", "--fail-on", "never"], /--output needs a value/],
    [["scan", "--force=yes"], /scan has no option --force/],
    [["init", "--force=yes"], /--force takes no value/],
    [["init", "a", "b"], /init takes at most 1 \[PATH\], got 2: a b/],
    [["init", "--format", "json"], /init --format "json": use yaml or secretowners/],
    [["--format", "json"], /--format must come after a command, e.g. secretowners scan --format/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [[], /missing command/],
    [["scan", "/definitely/not/here"], /cannot read \/definitely\/not\/here: no such file or folder/],
    [["scan", "--severity", "nope=error"], /names "nope", which is not a secretowners rule or context/],
    [["scan", "--severity", "test=off"], /findings in a test context are never hidden/],
    [["scan", "--severity", "stale-rule@docs=error"], /stale-rule is about the manifest itself/],
    [["scan", "--baseline", "/definitely/not/here.json"], /cannot read baseline/],
  ])("exits 2 with a one-line reason for %j", (args, reason) => {
    const result = run(args, EXAMPLE_REPO);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });

  it("loads a command's code only when that command runs", () => {
    // Each chunk of the CLI bundle names its original sources in its source map; follow the static
    // imports (not `import()`) from an entry chunk to see everything loading it costs.
    const loadedSources = (chunk: string): string[] => {
      const seen = new Set<string>();
      const sources = new Set<string>();
      const queue = [chunk];
      for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
        if (seen.has(file)) continue;
        seen.add(file);
        for (const match of readFileSync(file, "utf8").matchAll(/(?:\bfrom|\bimport)\s*"(\.\/[^"]+\.js)"/g)) queue.push(join(dirname(file), match[1] as string));
        for (const source of (JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] }).sources) sources.add(source.replace(/^(\.\.\/)+/, ""));
      }
      return [...sources];
    };
    // -V, --help, every command's help text and "did you mean": no scanner, no command body.
    const entry = loadedSources(CLI);
    expect(entry.filter((source) => /^src\/(cli\/run|core\/detect|core\/extract|github\/client|app)\/?/.test(source) || source.includes("node_modules/"))).toEqual([]);
    // scan: the scanner, but not the GitHub client, BullMQ, the tarball reader or the App.
    const loadedLater = [...readFileSync(CLI, "utf8").matchAll(/\bimport\("(\.\/[^"]+\.js)"\)/g)].map((match) => loadedSources(join(CLI, "..", match[1] as string)));
    const scan = loadedLater.find((sources) => sources.includes("src/cli/run/scan.ts"));
    expect(scan?.some((source) => source.startsWith("src/core/detect/"))).toBe(true);
    expect(scan?.filter((source) => /^src\/(github|app)\/|node_modules\/(bullmq|ioredis|@octokit|tar|probot)\//.test(source))).toEqual([]);
  });

  it("reports the same on worker threads as on one thread", () => {
    // The worker is its own bundle beside the CLI; without it the scan silently stays on one thread.
    expect(existsSync(join(CLI, "..", "scan-worker.js"))).toBe(true);
    const root = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      files[`svc-${i}/deploy.yaml`] = `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  imagePullSecrets: [{name: pull-${i % 7}}]\n`;
      files[`svc-${i}/main.tf`] = `resource "x" "y" {\n  password = var.db_password\n}\n`;
    }
    files["svc-3/variables.tf"] = 'variable "db_password" {\n  sensitive = true\n}\n';
    writeTree(root, files);
    const one = run(["scan", root, "--format", "json"], undefined, { SECRETOWNERS_WORKERS: "0" });
    const two = run(["scan", root, "--format", "json"], undefined, { SECRETOWNERS_WORKERS: "2" });
    expect(one.stderr).toBe(two.stderr);
    expect(two.status).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(two.stdout) as { stats: { files: number } }).stats.files).toBe(81);
  });

  it("scans the sample repository and reports its deliberate gaps", () => {
    const result = run(["scan", EXAMPLE_REPO, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { version: number; findings: JsonFinding[]; secrets: { name: string; owner: string | null }[]; summary: Record<string, number> };
    expect(report.version).toBe(1);
    const brief = report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.secret ?? "-"}`);
    expect(brief).toContain("unowned-secret .github/workflows/access-review.yml:21:31 JIRA_API_TOKEN");
    expect(brief).toContain("scope-violation .github/workflows/access-review.yml:20:38 AWS_SECRET_ACCESS_KEY");
    expect(brief).toContain("overbroad-secrets .github/workflows/deploy.yml:33:5 -");
    expect(brief).toContain("owner-not-team .github/secretowners.yml:30:5 -");
    expect(brief).toContain("hardcoded-secret scripts/access-review.sh:5:35 -");
    // A platform token is tracked, never demanded an owner.
    expect(brief.some((line) => line.includes("GITHUB_TOKEN"))).toBe(false);
    expect(report.secrets.find((s) => s.name === "GITHUB_TOKEN")).toMatchObject({ owner: null, kind: "platform" });
    expect(report.secrets.find((s) => s.name === "OKTA_API_TOKEN")).toMatchObject({ owner: "@acme/iam-platform" });
    for (const finding of report.findings) expect(finding.controls.length).toBeGreaterThan(0);
    expect(report.summary["error"]).toBe(report.findings.filter((f) => f.severity === "error").length);
    expect(result.stdout).not.toContain(SAMPLE_TOKEN);
  });

  it("never prints the sample's hard-coded token in any format", () => {
    for (const format of ["text", "json", "sarif", "markdown"]) {
      const result = run(["scan", EXAMPLE_REPO, "--format", format, "--color"]);
      expect(result.status, format).toBe(1);
      expect(result.stdout.length, format).toBeGreaterThan(100);
      expect(result.stdout + result.stderr, format).not.toContain(SAMPLE_TOKEN);
      expect(result.stdout + result.stderr, format).not.toContain(SAMPLE_TOKEN.slice(4));
    }
  });

  it("honours --fail-on", () => {
    expect(run(["scan", EXAMPLE_REPO, "--fail-on", "never", "--format", "json"]).status).toBe(0);
    const clean = tempDir();
    writeTree(clean, {
      ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.NPM_TOKEN }}\n",
      "SECRETOWNERS": "NPM_TOKEN @acme/release-eng\n",
    });
    // Owned, but the one-line form has no lifecycle fields: warnings only.
    expect(run(["scan", clean]).status).toBe(0);
    expect(run(["scan", clean, "--fail-on", "warning"]).status).toBe(1);
  });

  it("writes to --output and accepts its own JSON report as a baseline", () => {
    const dir = tempDir();
    const baseline = join(dir, "baseline.json");
    const first = run(["scan", EXAMPLE_REPO, "--format", "json", "--output", baseline]);
    expect(first.status).toBe(1);
    expect(first.stdout).toBe("");
    const again = run(["scan", EXAMPLE_REPO, "--format", "json", "--baseline", baseline]);
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout) as { findings: (JsonFinding & { suppressed?: { kind: string } })[]; summary: Record<string, number> };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.suppressed?.kind === "baseline")).toBe(true);
    expect(report.summary["error"]).toBe(0);
  });

  it("keeps fingerprints when lines move", () => {
    const dir = tempDir();
    cpSync(EXAMPLE_REPO, dir, { recursive: true });
    const before = JSON.parse(run(["scan", dir, "--format", "json"]).stdout) as { findings: JsonFinding[] };
    const workflow = join(dir, ".github/workflows/access-review.yml");
    writeFileSync(workflow, `# a new comment line\n\n${readFileSync(workflow, "utf8")}`);
    const after = JSON.parse(run(["scan", dir, "--format", "json"]).stdout) as { findings: JsonFinding[] };
    const jira = (report: { findings: JsonFinding[] }) => report.findings.find((f) => f.secret === "JIRA_API_TOKEN");
    expect(jira(after)?.line).toBe((jira(before)?.line ?? 0) + 2);
    expect(jira(after)?.fingerprint).toBe(jira(before)?.fingerprint);
  });

  it("blocks on a broken manifest with a finding at the broken line", () => {
    const dir = tempDir();
    writeTree(dir, {
      ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.NPM_TOKEN }}\n",
      ".github/secretowners.yml": 'version: 1\nrules:\n  - secrets: ["NPM_*"]\n    owner: "@acme/release"\n    rotation: 30 days\n',
    });
    const result = run(["scan", dir, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    const invalid = report.findings.filter((f) => f.ruleId === "invalid-manifest");
    expect(invalid.map((f) => [f.file, f.line])).toEqual([[".github/secretowners.yml", 5]]);
  });

  it("init writes a starter manifest that lists every secret and parses", () => {
    const dir = tempDir();
    cpSync(EXAMPLE_REPO, dir, { recursive: true });
    rmSync(join(dir, ".github/secretowners.yml"));
    const init = run(["init", dir]);
    expect(init.status).toBe(0);
    expect(init.stderr).toMatch(/Wrote .*secretowners\.yml with \d+ secrets/);
    const manifest = readFileSync(join(dir, ".github/secretowners.yml"), "utf8");
    expect(manifest).toContain('"AWS_*"');
    expect(manifest).toContain("JIRA_API_TOKEN");
    expect(manifest).toContain("TODO");
    // Refuses to overwrite without --force.
    expect(run(["init", dir]).status).toBe(2);
    const scan = JSON.parse(run(["scan", dir, "--format", "json"]).stdout) as { findings: JsonFinding[] };
    expect(scan.findings.filter((f) => f.ruleId === "invalid-manifest")).toEqual([]);
    // Every secret now matches a rule, which still names no owner: the TODO list is the findings.
    expect(scan.findings.filter((f) => f.ruleId === "unowned-secret").length).toBeGreaterThan(0);
  });
});
