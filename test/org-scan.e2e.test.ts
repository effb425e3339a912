import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, REPO_ROOT } from "./paths.js";
import { startFakeGitHub, type FakeOrg } from "./support/fake-github-org.js";

/** The real binary against a loopback GitHub Enterprise Server (OpenAPI-checked). */

const NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;
let fake: FakeOrg;
let dir: string;

beforeAll(async () => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  fake = await startFakeGitHub({ repos: 30, latencyMs: [1, 3], secondaryLimitEvery: 70 });
  dir = mkdtempSync(join(tmpdir(), "secretowners-org-e2e-"));
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One day for the cached runs: a cached result holds only through the day its date rules allow. */
const DAY = "2026-12-01";

/** Async: the fake GitHub answers from this process, so the test must not block on the child. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [CLI, ...args], { env: { ...process.env, NO_COLOR: "1", GITHUB_TOKEN: "ghs_e2e", GITHUB_API_URL: fake.apiUrl, REDIS_URL: "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("secretowners org-scan", () => {
  it("writes the scan contract with a repo on every finding and reference, and the repos list", async () => {
    fake.resetStats();
    const cache = join(dir, "cache");
    const { status, stdout, stderr } = await run(["org-scan", "--org", "acme", "--format", "json", "--cache", cache, "--concurrency", "3", "--now", DAY]);
    expect(fake.problems).toEqual([]);
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.version).toBe(1);
    expect(report.org).toBe("acme");
    expect(report.repos).toHaveLength(30);
    expect(report.repos.find((repo: { name: string }) => repo.name === "acme/service-0013")).toMatchObject({ scanned: false, skipped: "empty", error: null });
    expect(report.repos.filter((repo: { error: string | null }) => repo.error !== null)).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) expect(finding.repo).toMatch(/^acme\/service-\d{4}$/);
    for (const secret of report.secrets) for (const reference of secret.references) expect(reference.repo).toBe(secret.repo);
    expect(report.findings.some((finding: { ruleId: string }) => finding.ruleId === "hardcoded-secret")).toBe(true);
    expect(report.summary.error).toBeGreaterThan(0);
    // No secret value in any output: the planted token is only ever a preview.
    expect(stdout).not.toMatch(/ghp_[0-9a-f]{36}/);
    expect(stderr).toMatch(/^org-scan: 1\/30 acme\/service-\d{4} \w+/m);
    expect(stderr).toContain("org-scan: 30/30");
  });

  it("pays almost nothing on an unchanged rerun with --cache, and rescans only what was pushed", async () => {
    const cache = join(dir, "cache");
    fake.resetStats();
    const warm = await run(["org-scan", "--org", "acme", "--format", "json", "--cache", cache, "--fail-on", "never", "--now", DAY]);
    expect(warm.status).toBe(0);
    expect(fake.stats.codeload).toBe(0);
    expect(fake.stats.api).toBe(fake.stats.notModified);
    const report = JSON.parse(warm.stdout);
    expect(report.repos.filter((repo: { cached: boolean }) => repo.cached)).toHaveLength(30);
    expect(report.repos.find((repo: { name: string }) => repo.name === "acme/service-0013")).toMatchObject({ skipped: "empty", cached: true });

    fake.push("service-0004", { ".github/workflows/new.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.BRAND_NEW_TOKEN }}\n" });
    fake.resetStats();
    const after = await run(["org-scan", "--org", "acme", "--format", "json", "--cache", cache, "--fail-on", "never", "--now", DAY]);
    expect(fake.stats.codeload).toBe(1);
    const rescanned = JSON.parse(after.stdout);
    expect(rescanned.repos.find((repo: { name: string }) => repo.name === "acme/service-0004").cached).toBe(false);
    expect(rescanned.secrets.some((secret: { repo: string; name: string }) => secret.repo === "acme/service-0004" && secret.name === "BRAND_NEW_TOKEN")).toBe(true);
  });

  it("rescans a cached repository once its result no longer holds (an overdue rotation counts days), and refuses --now with a queue", async () => {
    const cache = join(dir, "cache");
    fake.resetStats();
    const nextDay = await run(["org-scan", "--org", "acme", "--format", "json", "--cache", cache, "--fail-on", "never", "--now", "2026-12-02"]);
    expect(nextDay.status).toBe(0);
    const report = JSON.parse(nextDay.stdout);
    expect(report.repos.filter((repo: { cached: boolean; skipped: string | null }) => repo.skipped === null && repo.cached)).toEqual([]);
    // Every scanned repository's archive is asked for again; the empty one stays skipped, from the cache.
    expect(fake.stats.codeload).toBe(report.repos.filter((repo: { skipped: string | null }) => repo.skipped === null).length);
    expect(report.repos.find((repo: { name: string }) => repo.name === "acme/service-0013")).toMatchObject({ skipped: "empty", cached: true });
    const queued = await run(["org-scan", "--org", "acme", "--now", "2026-12-02"], { REDIS_URL: "redis://127.0.0.1:6379" });
    expect(queued.status).toBe(2);
    expect(queued.stderr).toMatch(/--now cannot be used with REDIS_URL/);
  });

  it("exports the inventory as CSV and keeps one dashboard issue up to date in place", async () => {
    const csvPath = join(dir, "inventory.csv");
    const first = await run(["org-scan", "--org", "acme", "--format", "csv", "--output", csvPath, "--fail-on", "never", "--dashboard"]);
    expect(first.status).toBe(0);
    const csv = readFileSync(csvPath, "utf8").split("\r\n");
    expect(csv[0]).toBe("repo,system,secret,kind,owner,custodian,backup,purpose,rotation,rotation_due,revoker,references,first_reference,open_findings");
    const npm = csv.find((line) => line.startsWith("acme/service-0000,github-actions,NPM_TOKEN,"));
    expect(npm).toMatch(/^acme\/service-0000,github-actions,NPM_TOKEN,secret,@acme\/iam,@acme\/platform,@acme\/secops,Deploys and operates service-0000,90d,2025-08-30,@acme\/secops,1,\.github\/workflows\/ci\.yml:9,(\d+)$/);
    // The cross-repository shared-secret finding counts among its open findings (with, today, an overdue rotation).
    expect(Number(npm?.split(",").pop())).toBeGreaterThanOrEqual(1);
    expect(first.stderr).toMatch(/inventory dashboard acme\/\.github#1 created/);
    const second = await run(["org-scan", "--org", "acme", "--format", "csv", "--output", csvPath, "--fail-on", "never", "--dashboard"]);
    expect(second.stderr).toMatch(/inventory dashboard acme\/\.github#1 unchanged/);
    const issue = fake.issues.get("acme/.github")?.[0];
    expect([...fake.issues.values()].flat()).toHaveLength(1);
    expect(issue?.body).toContain("# Secret inventory: acme");
    expect(issue?.body).toContain("## `@acme/iam`");
    expect(issue?.labels).toEqual(["secretowners-inventory"]);
    expect(issue?.body).toMatch(/## Cross-repository findings \(\d+\)/);
    expect(issue?.body).toContain("shared-secret");
  });

  it("says what is missing, with exit code 2, for no token, no org, or an org that cannot be listed", async () => {
    const noToken = await run(["org-scan", "--org", "acme"], { GITHUB_TOKEN: "" });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toMatch(/^secretowners: org-scan needs a token: set GITHUB_TOKEN/);
    expect((await run(["org-scan"])).status).toBe(2);
    const missing = await run(["org-scan", "--org", "nobody"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^secretowners: cannot list the repositories of nobody \(HTTP 404.*no such organization/m);
    expect(missing.stderr).not.toContain("internal error");
  });
});
