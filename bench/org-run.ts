/**
 * `npm run bench:org`: the org-wide scan against the loopback fake GitHub (test/support/fake-github-org.ts)
 * serving an organization of N repositories with 20–80 ms latency per API call, rate-limit headers
 * and a secondary-limit 403 every 400th request. The scanner is the real CLI
 * (`dist/cli/bin.js org-scan`) in a child process, so its peak RSS is its own; the fake runs here.
 *
 * Measured: API requests per repository (all, and those counted against the rate limit: a 304 is
 * not), tarball downloads, wall time and peak RSS, for a cold run (empty --cache) and a warm one
 * (same cache, unchanged organization), and cold peak RSS at 250, 500 and 1,000 repositories.
 *
 *   node bench/org.mjs [--repos 1000] [--concurrency 8] [--no-write]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeGitHub, type FakeOrg } from "../test/support/fake-github-org.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const REPOS = option("repos", 1000);
const CONCURRENCY = option("concurrency", 8);
const WRITE = !args.includes("--no-write");
const REPO = process.env["SECRETOWNERS_REPO"] as string;
const CLI = join(REPO, "dist/cli/bin.js");
const RSS_PRELOAD = join(REPO, "bench/out/max-rss.mjs");

interface Run {
  readonly label: string;
  readonly repos: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly api: number;
  readonly notModified: number;
  readonly secondaryLimited: number;
  readonly codeload: number;
  readonly exit: number | null;
  readonly scanned: number;
}

function runCli(fake: FakeOrg, cache: string): Promise<{ seconds: number; peakRssMb: number; exit: number | null; report: { repos: { scanned: boolean }[] } }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const out = join(cache, "..", "report.json");
    const child = spawn(process.execPath, ["--import", RSS_PRELOAD, CLI, "org-scan", "--org", fake.org, "--format", "json", "--output", out, "--cache", cache, "--concurrency", String(CONCURRENCY), "--fail-on", "never"], {
      env: { ...process.env, GITHUB_TOKEN: "ghs_bench", GITHUB_API_URL: fake.apiUrl, REDIS_URL: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exit) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /^MAXRSS_KB (\d+)$/m.exec(stderr);
      if (!rss) return reject(new Error(`no RSS reported; stderr: ${stderr.slice(-2000)}`));
      resolve({ seconds, peakRssMb: Number(rss[1]) / 1024, exit, report: JSON.parse(readFileSync(out, "utf8")) });
    });
  });
}

async function scenario(repos: number, warmToo: boolean): Promise<Run[]> {
  const fake = await startFakeGitHub({ repos, latencyMs: [20, 80], secondaryLimitEvery: 400, checkOpenApi: false });
  const dir = mkdtempSync(join(tmpdir(), "secretowners-bench-org-"));
  const cache = join(dir, "cache");
  const runs: Run[] = [];
  try {
    for (const label of warmToo ? ["cold", "warm"] : ["cold"]) {
      fake.resetStats();
      const result = await runCli(fake, cache);
      runs.push({
        label,
        repos,
        seconds: result.seconds,
        peakRssMb: result.peakRssMb,
        api: fake.stats.api,
        notModified: fake.stats.notModified,
        secondaryLimited: fake.stats.secondaryLimited,
        codeload: fake.stats.codeload,
        exit: result.exit,
        scanned: result.report.repos.filter((repo) => repo.scanned).length,
      });
      const last = runs[runs.length - 1] as Run;
      process.stderr.write(`bench:org ${repos} repos ${label}: ${last.seconds.toFixed(1)} s, ${(last.api / repos).toFixed(3)} API requests/repo, peak RSS ${last.peakRssMb.toFixed(0)} MB\n`);
    }
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

writeFileSync(RSS_PRELOAD, "process.on('exit', () => process.stderr.write(`MAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
const main = await scenario(REPOS, true);
const flat = [...(await scenario(Math.round(REPOS / 4), false)), ...(await scenario(Math.round(REPOS / 2), false)), ...main.filter((run) => run.label === "cold")];

const per = (count: number, repos: number) => (count / repos).toFixed(3);
const lines = [
  "<!-- org-scan:start -->",
  "## Org-wide scan (`npm run bench:org`)",
  "",
  `The CLI's \`org-scan\` against the loopback fake GitHub (\`test/support/fake-github-org.ts\`): ${REPOS.toLocaleString("en")} repositories, 20–80 ms per API call, rate-limit headers, a secondary-limit 403 (\`retry-after: 1\`) every 400th request, tarballs served by a 302 to a codeload path; \`--concurrency ${CONCURRENCY}\`. Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| run | repos scanned | API requests / repo | counted against the rate limit / repo | tarball downloads | secondary-limit 403s | wall time | peak RSS |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
  ...main.map((run) => `| ${run.label} | ${run.scanned} of ${run.repos} | ${per(run.api, run.repos)} | ${per(run.api - run.notModified, run.repos)} | ${run.codeload} | ${run.secondaryLimited} | ${run.seconds.toFixed(1)} s | ${run.peakRssMb.toFixed(0)} MB |`),
  "",
  "Cold peak RSS by organization size. Tarballs are streamed and leave nothing behind, and the JSON report is written element by element as it is made, so what grows is the per-repository results the report is built from (about 9 KB of heap each) and the garbage collector's slack:",
  "",
  "| repositories | wall time | peak RSS |",
  "|---:|---:|---:|",
  ...flat.map((run) => `| ${run.repos.toLocaleString("en")} | ${run.seconds.toFixed(1)} s | ${run.peakRssMb.toFixed(0)} MB |`),
  "",
  `From ${(flat[0] as Run).repos} to ${(flat[flat.length - 1] as Run).repos} repositories, peak RSS grows by ${((((flat[flat.length - 1] as Run).peakRssMb - (flat[0] as Run).peakRssMb) * 1024) / ((flat[flat.length - 1] as Run).repos - (flat[0] as Run).repos)).toFixed(0)} KB per repository.`,
  "",
  "A cold run pays, per repository: the tarball (one API request, then the codeload download, which no rate limit counts), its Actions secrets, its environments and each one's secrets, and its Dependabot secrets; the organization's repository list and secrets are a few requests for the whole org. A warm run asks only for the listings, each repository's secret listings included (so a secret changed in the settings without a push is seen), conditionally: every answer is a 304, which costs nothing against the rate limit; a repository whose push, secrets or dated verdicts changed costs its tarball again. Peak RSS differs by tens of MB from run to run (garbage-collector timing), so the growth per repository is only indicative.",
  "<!-- org-scan:end -->",
  "",
];
const markdown = lines.join("\n");
process.stdout.write(markdown);
if (WRITE) {
  const path = join(REPO, "bench/RESULTS.md");
  let existing = "";
  try {
    existing = readFileSync(path, "utf8");
  } catch {
    existing = "";
  }
  const section = /<!-- org-scan:start -->[\s\S]*?<!-- org-scan:end -->\n?/;
  writeFileSync(path, section.test(existing) ? existing.replace(section, markdown) : `${existing.trimEnd()}\n\n${markdown}`);
  process.stderr.write("bench:org wrote bench/RESULTS.md\n");
}
