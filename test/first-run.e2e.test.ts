import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALNUM, fake } from "../src/core/detect/fake.js";
import { CLI, REPO_ROOT } from "./paths.js";

/**
 * A stranger's first run (issue 7): the built CLI on a temporary git repository, scanned from its
 * root, a subfolder and single files, with .gitignore, .secretownersignore, --exclude and a
 * manifest from outside the tree.
 */

const NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;
const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "secretowners-first-run-"));
  temps.push(dir);
  return dir;
};

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  // FORCE_COLOR is removed, not emptied: Node 24 warns on stderr when it is set beside NO_COLOR.
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete base["FORCE_COLOR"];
  const merged = { ...base, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === "") delete merged[key];
  const result = spawnSync(NODE, [CLI, ...args], { cwd, encoding: "utf8", env: merged });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function gitRepo(files: Record<string, string>): string {
  const root = tempDir();
  execFileSync("git", ["init", "-q"], { cwd: root });
  writeTree(root, files);
  return root;
}

interface Report {
  manifest: string | null;
  findings: { ruleId: string; file: string; line: number; secret: string | null; fingerprint: string; preview: string | null; suppressed?: unknown }[];
  secrets: { name: string; purpose: string | null; references: { file: string }[] }[];
  diagnostics: { file: string; message: string }[];
}
const json = (result: Run): Report => JSON.parse(result.stdout) as Report;
const brief = (report: Report): string[] => report.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.file}${f.secret ? ` ${f.secret}` : ""}`);

// Fake credentials, assembled so none sits in this file as a literal.
const GITHUB_TOKEN_VALUE = `ghp_${fake(ALNUM, 36, 701)}`;
const PASSWORD = `7${fake(ALNUM, 23, 702)}`;

const WORKFLOW = [
  "on: push",
  "jobs:",
  "  deploy:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - run: ./deploy.sh",
  "        env:",
  "          OKTA_API_TOKEN: ${{ secrets.OKTA_API_TOKEN }}",
  "          JIRA_API_TOKEN: ${{ secrets.JIRA_API_TOKEN }}",
  "",
].join("\n");

const MANIFEST = [
  "version: 1",
  "defaults:",
  "  rotation: 90d",
  '  revoker: "@acme/secops"',
  '  backup: ["@acme/secops"]',
  '  custodian: "@acme/idm"',
  "rules:",
  '  - secrets: ["OKTA_*"]',
  '    owner: "@acme/iam"',
  `    purpose: "JML sync; deploy key ${GITHUB_TOKEN_VALUE}"`,
  "",
].join("\n");

const REPOSITORY = {
  ".github/workflows/deploy.yml": WORKFLOW,
  ".github/secretowners.yml": MANIFEST,
  "README.md": "# demo\n",
  "deploy/app.env": `DB_PASSWORD=${PASSWORD}\n`,
  "local.env": `LOCAL_PASSWORD=${PASSWORD}\n`,
  ".gitignore": "local.env\nbuild/\n",
  "build/out.env": `BUILD_PASSWORD=${PASSWORD}\n`,
  "testdata/fixture.env": `FIXTURE_PASSWORD=${PASSWORD}\n`,
  "scrape/testdata/x.env": `SCRAPE_PASSWORD=${PASSWORD}\n`,
  "pkg/a_test.go": `package a\nconst password = "${PASSWORD}"\n`,
};

describe(`first run on a real repository (built binary, ${NODE === process.execPath ? "this Node" : NODE})`, () => {
  const root = gitRepo(REPOSITORY);
  const full = json(run(["scan", "--format", "json"], root));

  it("scans the whole repository from its root", () => {
    expect(full.manifest).toBe(".github/secretowners.yml");
    expect(brief(full)).toEqual(expect.arrayContaining([
      "unowned-secret .github/workflows/deploy.yml JIRA_API_TOKEN",
      "hardcoded-secret deploy/app.env",
      "hardcoded-secret testdata/fixture.env",
    ]));
  });

  it("scans a subfolder, from the root or from inside it, with paths and manifest from the repository root", () => {
    for (const [args, cwd] of [[["scan", ".github/workflows"], root], [["scan", ".github"], root], [["scan", "."], join(root, ".github")], [["scan", "workflows"], join(root, ".github")]] as const) {
      const result = run([...args, "--format", "json"], cwd);
      expect(result.status, `${args.join(" ")} in ${cwd}`).toBe(1);
      const report = json(result);
      expect(report.manifest).toBe(".github/secretowners.yml");
      // `.github` holds the manifest, whose pasted token is a hard-coded credential like any other.
      expect(brief(report).filter((line) => !line.startsWith("hardcoded-secret .github/secretowners.yml"))).toEqual(["unowned-secret .github/workflows/deploy.yml JIRA_API_TOKEN"]);
      expect(report.secrets.map((s) => s.name).sort()).toEqual(["JIRA_API_TOKEN", "OKTA_API_TOKEN"]);
    }
    // A subfolder scan reports the same findings as the full scan does about those files.
    const sub = json(run(["scan", ".github/workflows", "--format", "json"], root));
    expect(sub.findings.map((f) => f.fingerprint)).toEqual(full.findings.filter((f) => f.file.startsWith(".github/workflows/")).map((f) => f.fingerprint));
  });

  it("takes several paths, folders and files, and scans a single file", () => {
    const both = run(["scan", ".github/workflows/deploy.yml", "deploy", "--format", "json"], root);
    expect(brief(json(both)).sort()).toEqual(["hardcoded-secret deploy/app.env", "unowned-secret .github/workflows/deploy.yml JIRA_API_TOKEN"]);
    const readme = run(["scan", "README.md"], root);
    expect(readme.status).toBe(0);
    expect(readme.stdout).toContain("No problems found");
    expect(readme.stdout).toContain("manifest .github/secretowners.yml");
  });

  it("refuses paths in two repositories, and a path that does not exist", () => {
    const other = gitRepo({ "x.txt": "x" });
    const result = run(["scan", ".", other], root);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/is outside the repository at .*; scan each repository separately/);
    expect(run(["scan", "nope"], root).stderr).toMatch(/cannot read nope: no such file or folder/);
  });

  it("leaves out what .gitignore leaves out, unless --no-gitignore", () => {
    const files = (report: Report) => report.findings.map((f) => f.file);
    expect(files(full)).not.toContain("local.env");
    expect(files(full)).not.toContain("build/out.env");
    const all = json(run(["scan", "--format", "json", "--no-gitignore"], root));
    expect(files(all)).toEqual(expect.arrayContaining(["local.env", "build/out.env"]));
    // A path given on the command line that .gitignore leaves out is not scanned, and it says so.
    const named = run(["scan", "local.env"], root);
    expect(named.stderr).toMatch(/local\.env is left out by \.gitignore/);
  });

  it("takes the root from --root: an unpacked tree inside another repository's ignored folder", () => {
    const outer = gitRepo({ ".gitignore": "downloads/\n" });
    writeTree(outer, { "downloads/tool/.gitignore": "*.log\n", "downloads/tool/deploy/app.env": `DB_PASSWORD=${PASSWORD}\n`, "downloads/tool/debug.log": `LOG_PASSWORD=${PASSWORD}\n` });
    const worked = run(["scan", "downloads/tool"], outer);
    expect(worked.stderr).toMatch(/downloads\/tool is left out by \.gitignore/);
    const rooted = json(run(["scan", "downloads/tool", "--root", "downloads/tool", "--format", "json"], outer));
    // Paths are relative to the given root, and that root's own .gitignore applies.
    expect(rooted.findings.map((f) => f.file)).toEqual(["deploy/app.env"]);
    const outside = run(["scan", ".", "--root", "downloads/tool"], outer);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/is outside the repository at/);
  });

  it("scans committed files that a .gitignore pattern matches, as every checkout has them", () => {
    const repo = gitRepo({
      ".gitignore": "/charts/*/charts\nlocal.env\n",
      "charts/app/charts/vendored/values.env": `VENDORED_PASSWORD=${PASSWORD}\n`,
      "charts/app/charts/untracked.env": `UNTRACKED_PASSWORD=${PASSWORD}\n`,
      "local.env": `LOCAL_PASSWORD=${PASSWORD}\n`,
    });
    execFileSync("git", ["add", "-f", ".gitignore", "charts/app/charts/vendored/values.env"], { cwd: repo });
    const files = json(run(["scan", "--format", "json"], repo)).findings.map((f) => f.file);
    expect(files).toContain("charts/app/charts/vendored/values.env");
    expect(files).not.toContain("charts/app/charts/untracked.env");
    expect(files).not.toContain("local.env");
  });

  it("excludes with gitignore semantics, and warns about an exclude that matches nothing", () => {
    const result = run(["scan", "--format", "json", "--exclude", "testdata", "--exclude", "*_test.go", "--exclude", "scrape/testdata/", "--exclude", "nothing/here/"], root);
    const files = json(result).findings.map((f) => f.file);
    expect(files).not.toContain("testdata/fixture.env");
    expect(files).not.toContain("scrape/testdata/x.env");
    expect(files).not.toContain("pkg/a_test.go");
    expect(files).toContain("deploy/app.env");
    expect(result.stderr).toContain('warning: --exclude "nothing/here/" matched nothing');
    expect(result.stderr).not.toContain('"testdata"');
    for (const pattern of ["testdata/**", "testdata/"]) {
      expect(json(run(["scan", "--format", "json", "--exclude", pattern], root)).findings.map((f) => f.file), pattern).not.toContain("testdata/fixture.env");
    }
  });

  it("reads .secretownersignore for permanent excludes", () => {
    // Anchored with a leading `/`, as in .gitignore: scrape/testdata/ is still scanned.
    const repo = gitRepo({ ...REPOSITORY, ".secretownersignore": "# test data is not ours\n/testdata/\n" });
    const files = json(run(["scan", "--format", "json"], repo)).findings.map((f) => f.file);
    expect(files).not.toContain("testdata/fixture.env");
    expect(files).toContain("scrape/testdata/x.env");
  });

  it("never puts a credential from the manifest into any format", () => {
    for (const format of ["json", "sarif", "markdown", "text"]) {
      const result = run(["scan", "--format", format], root);
      expect(result.stdout, format).not.toContain(GITHUB_TOKEN_VALUE.slice(4, 20));
      expect(result.stdout, format).not.toContain(PASSWORD.slice(0, 10));
    }
    expect(full.secrets.find((s) => s.name === "OKTA_API_TOKEN")?.purpose).toBe("JML sync; deploy key ghp_…(32-63 chars)");
    const hardcoded = full.findings.find((f) => f.file === "deploy/app.env");
    expect(hardcoded?.preview).toBe("…(16-31 chars)");
  });

  it("gives hard-coded credentials fingerprints that survive moved lines and do not depend on the value", () => {
    const repo = gitRepo(REPOSITORY);
    const before = json(run(["scan", "--format", "json"], repo)).findings.find((f) => f.file === "deploy/app.env");
    writeFileSync(join(repo, "deploy/app.env"), `# moved down\nLOG_LEVEL=debug\nDB_PASSWORD=${PASSWORD}\n`);
    const moved = json(run(["scan", "--format", "json"], repo)).findings.find((f) => f.file === "deploy/app.env");
    expect(moved?.line).toBe(3);
    expect(moved?.fingerprint).toBe(before?.fingerprint);
  });

  it("writes SARIF from a subfolder with paths and originalUriBaseIds at the repository root", () => {
    const result = run(["scan", ".", "--format", "sarif"], join(root, "deploy"));
    const log = JSON.parse(result.stdout);
    expect(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toBe(`file://${root.split("/").map(encodeURIComponent).join("/")}/`);
    expect(log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(["deploy/app.env"]);
  });

  it("uses a manifest from outside the tree, inline ignores included", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "SECRETOWNERS"), "JIRA_* @alice  # secretowners:ignore[owner-not-team] until the team exists\n");
    const result = run(["scan", ".github", "--manifest", join(outside, "SECRETOWNERS"), "--format", "json", "--fail-on", "never"], root);
    expect(result.status).toBe(0);
    const report = json(result);
    expect(report.manifest).toBe(`${outside}/SECRETOWNERS`);
    expect(brief(report)).not.toContain("unowned-secret .github/workflows/deploy.yml JIRA_API_TOKEN");
    expect(report.findings.find((f) => f.ruleId === "owner-not-team")?.suppressed).toEqual({ kind: "inline", reason: "until the team exists" });
  });

  it("prints a one-line summary on stderr when the report goes to a file", () => {
    const out = join(tempDir(), "report.json");
    const result = run(["scan", "--format", "json", "--output", out], root);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(new RegExp(`^secretowners: \\d+ errors?, \\d+ warnings?, \\d+ notes?; failing: \\d+ at error or above; report written to ${out}\\n$`));
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe(1);
  });

  it("colours text for FORCE_COLOR and not for NO_COLOR", () => {
    expect(run(["scan"], root, { NO_COLOR: "", FORCE_COLOR: "1" }).stdout).toContain("\u001b[");
    expect(run(["scan"], root, { NO_COLOR: "", FORCE_COLOR: "0" }).stdout).not.toContain("\u001b[");
    expect(run(["scan"], root, { NO_COLOR: "1" }).stdout).not.toContain("\u001b[");
  });

  it("reports an unclosed quote in azure-pipelines.yml and does not call the run clean", () => {
    const repo = gitRepo({ "azure-pipelines.yml": 'variables:\n  BUILD_FLAVOR: "release\nsteps:\n- script: echo ok\n' });
    const result = run(["scan"], repo);
    expect(result.stdout).toMatch(/azure-pipelines\.yml:\d+:\d+ {2}Invalid YAML: Missing closing "quote/);
    expect(result.stdout).toContain("No problems found in what could be read (1 input not read in full, below)");
  });

  it("says once that a manifest that is not YAML is invalid, and judges its secrets unowned", () => {
    const repo = gitRepo({ ".github/workflows/deploy.yml": WORKFLOW, ".github/secretowners.yml": 'version: 1\nrules:\n  - secrets: ["OKTA_*"\n    owner: "@acme/iam"\n' });
    const report = json(run(["scan", "--format", "json"], repo));
    expect(report.findings.filter((f) => f.ruleId === "invalid-manifest")).toHaveLength(1);
    expect(report.findings.filter((f) => f.ruleId === "unowned-secret")).toHaveLength(2);
    expect(run(["scan"], repo).stdout).toContain("is invalid and cannot be read");
  });
});

describe("init on a first run", () => {
  it("writes a valid manifest for a repository with no secrets, and suggests itself when there is none", () => {
    const repo = gitRepo({ "README.md": "# nothing secret\n" });
    expect(run(["scan"], repo).stdout).toContain("`secretowners init` writes a starter one");
    const init = run(["init"], repo);
    expect(init.status).toBe(0);
    const scan = run(["scan", "--format", "json", "--fail-on", "note"], repo);
    expect(scan.status).toBe(0);
    expect(json(scan).findings).toEqual([]);
  });

  it("never writes a second manifest beside the one in use, even with --force", () => {
    const repo = gitRepo({ "README.md": "# nothing secret\n" });
    expect(run(["init"], repo).status).toBe(0);
    const other = run(["init", "--format", "secretowners", "--force"], repo);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("is already this repository's manifest");
    expect(existsSync(join(repo, ".github/SECRETOWNERS"))).toBe(false);
    expect(run(["init", "--force"], repo).status).toBe(0);
    expect(run(["init", "--format", "secretowners", "--output", "draft.txt"], repo).status).toBe(0);
    expect(json(run(["scan", "--format", "json", "--fail-on", "note"], repo)).findings).toEqual([]);
  });

  it("writes kubernetes patterns that match kebab-case names, in either form", () => {
    const secret = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      env:\n        - name: X\n          valueFrom:\n            secretKeyRef: {name: ${name}, key: token}\n`;
    for (const format of ["yaml", "secretowners"]) {
      const repo = gitRepo({ "k8s/a.yaml": secret("scim-bearer"), "k8s/b.yaml": secret("scim-client") });
      expect(run(["init", "--format", format], repo).status).toBe(0);
      const report = json(run(["scan", "--format", "json", "--fail-on", "never"], repo));
      const unowned = report.findings.filter((f) => f.ruleId === "unowned-secret");
      expect(unowned.length, format).toBe(2);
      // Matched by the starter rule (which has no owner yet), not "no rule matches".
      for (const finding of unowned) expect(JSON.stringify(finding), format).toContain("which names no owner");
    }
  });
});
