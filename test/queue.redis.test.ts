import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient } from "../src/github/client.js";
import { scanOrganization } from "../src/github/org-scan.js";
import { obliterateOrgScanQueues, queueRunner, unscheduleOrgScan, type QueueConnection } from "../src/github/queue.js";
import { CLI, REPO_ROOT } from "./paths.js";
import { startFakeGitHub, type FakeOrg } from "./support/fake-github-org.js";

/**
 * BullMQ on the real Redis (127.0.0.1:6379; .ci/run starts it). Workers are separate processes,
 * so killing one is a real crash. Every run uses its own key prefix and removes it afterwards.
 */

const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
const connection: QueueConnection = { url: REDIS_URL, prefix: `secretowners-test-${process.pid}-${randomUUID().slice(0, 8)}` };
let dir: string;
let workerScript: string;
let fake: FakeOrg;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "secretowners-queue-"));
  workerScript = join(dir, "queue-worker.mjs");
  const { bundleOptions } = (await import(pathToFileURL(join(REPO_ROOT, "scripts/esbuild-options.mjs")).href)) as { bundleOptions: BuildOptions };
  await build({ ...bundleOptions, sourcemap: false, entryPoints: [join(REPO_ROOT, "test/support/queue-worker.ts")], outfile: workerScript });
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  // Slow enough that a worker is killed with jobs in hand.
  fake = await startFakeGitHub({ repos: 24, latencyMs: [30, 60], secondaryLimitEvery: 0 });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await obliterateOrgScanQueues(connection);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  waitFor(test: (lines: readonly string[]) => boolean, timeoutMs?: number): Promise<void>;
}

function startWorker(mode: "worker" | "replica", env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [workerScript, mode], {
    env: { ...process.env, REDIS_URL, QUEUE_PREFIX: connection.prefix, GITHUB_API_URL: fake.apiUrl, ORG: fake.org, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    for (const waiter of waiters) waiter();
  });
  return {
    child,
    lines,
    waitFor: (test, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; worker said: ${lines.join(" | ")}`)), timeoutMs);
        const check = () => {
          if (test(lines)) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

/** Polls: the lines that satisfy it may come from any of the processes. */
function until(test: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (test()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }
    }, 50);
  });
}

const scannedBy = (worker: WorkerProcess) => worker.lines.filter((line) => line.startsWith("scanned ")).map((line) => line.slice("scanned ".length));

describe("org scans on BullMQ", () => {
  it("loses nothing when a worker is killed mid-scan: every repository is in the result exactly once", async () => {
    const a = startWorker("worker");
    const b = startWorker("worker");
    await Promise.all([a.waitFor((lines) => lines.includes("ready")), b.waitFor((lines) => lines.includes("ready"))]);
    const client = createGitHubClient({ token: "ghs_queue_test", baseUrl: fake.apiUrl, retryAfterBaseValue: 5 });
    const queue = queueRunner(connection, { attempts: 3, backoffMs: 100 });
    try {
      const progress: string[] = [];
      const scanning = scanOrganization({ client, org: fake.org, runner: queue.runner, onProgress: (event) => progress.push(event.outcome.name) });
      await a.waitFor((lines) => lines.filter((line) => line.startsWith("scanned ")).length >= 3);
      a.child.kill("SIGKILL");
      const result = await scanning;
      const names = result.repos.map((repo) => repo.name);
      expect(new Set(names).size).toBe(24);
      expect(result.repos.filter((repo) => repo.error !== null)).toEqual([]);
      expect(result.repos.filter((repo) => !repo.scanned).map((repo) => repo.skipped)).toEqual(["empty"]);
      expect(result.results).toHaveLength(23);
      // Worker B finished what A held when it died, and did most of the rest.
      const byA = new Set(scannedBy(a));
      const byB = new Set(scannedBy(b));
      expect(byA.size).toBeGreaterThanOrEqual(3);
      expect(byA.size).toBeLessThan(24);
      for (const name of names) expect(byA.has(name) || byB.has(name)).toBe(true);
      expect(new Set(progress)).toEqual(new Set(names));
      expect(fake.problems).toEqual([]);
    } finally {
      await queue.close();
      b.child.kill("SIGTERM");
    }
  });

  it("fires a scheduled scan once per firing, however many replicas declare it", async () => {
    const replicas = [startWorker("replica"), startWorker("replica")];
    await Promise.all(replicas.map((replica) => replica.waitFor((lines) => lines.includes("ready"))));
    const started = Date.now();
    const lines = (prefix: string) => replicas.flatMap((replica) => replica.lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)));
    await until(() => lines("fired ").length >= 3, 30_000);
    // Stop the schedule, then let every enqueued scan finish before counting.
    await unscheduleOrgScan(connection, fake.org);
    const elapsed = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const fired = lines("fired ");
    await until(() => lines("report ").length >= fired.length, 30_000);
    // One firing per slot of the schedule, never one per replica: each firing is its own slot
    // (BullMQ names a scheduled job after its slot's time), and slots are a second apart.
    expect(new Set(fired).size).toBe(fired.length);
    const slots = fired.map((runId) => Number(/_(\d+)$/.exec(runId)?.[1])).sort((a, b) => a - b);
    for (const slot of slots) expect(Number.isFinite(slot)).toBe(true);
    for (let i = 1; i < slots.length; i++) expect((slots[i] as number) - (slots[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    expect(fired.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 2);
    const reported = lines("report ").map((line) => line.split(" ")[0]);
    expect(new Set(reported).size).toBe(reported.length);
    for (const runId of reported) expect(fired).toContain(runId);
    for (const replica of replicas) replica.child.kill("SIGTERM");
  });
  it("org-scan with REDIS_URL gives the same report as in one process", async () => {
    const cli = (env: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, "org-scan", "--org", fake.org, "--format", "json", "--fail-on", "never", "--concurrency", "3"], {
          env: { ...process.env, GITHUB_TOKEN: "ghs_queue_test", GITHUB_API_URL: fake.apiUrl, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("close", (status) => (status === 0 ? resolve(stdout) : reject(new Error(`exit ${status}: ${stderr.slice(-1500)}`))));
      });
    const queued = JSON.parse(await cli({ REDIS_URL, SECRETOWNERS_QUEUE_PREFIX: connection.prefix as string }));
    const local = JSON.parse(await cli({ REDIS_URL: "" }));
    expect(queued.repos.map((repo: { name: string; skipped: string | null }) => [repo.name, repo.skipped])).toEqual(local.repos.map((repo: { name: string; skipped: string | null }) => [repo.name, repo.skipped]));
    expect(queued.findings).toEqual(local.findings);
    expect(queued.secrets).toEqual(local.secrets);
    expect(queued.findings.length).toBeGreaterThan(0);
  });
  it("bounds the repositories scanned at once across all workers of a prefix (one installation's share)", async () => {
    const own: QueueConnection = { url: REDIS_URL, prefix: `${connection.prefix}-global` };
    const env = { QUEUE_PREFIX: own.prefix as string, WORKER_CONCURRENCY: "3", GLOBAL_CONCURRENCY: "2" };
    const workers = [startWorker("worker", env), startWorker("worker", env)];
    await Promise.all(workers.map((worker) => worker.waitFor((lines) => lines.includes("ready"))));
    const client = createGitHubClient({ token: "ghs_queue_test", baseUrl: fake.apiUrl, retryAfterBaseValue: 5 });
    const queue = queueRunner(own);
    try {
      fake.resetStats();
      const result = await scanOrganization({ client, org: fake.org, runner: queue.runner });
      expect(result.results).toHaveLength(23);
      // Each job makes its requests one after another, so requests in flight bound jobs in flight.
      expect(fake.stats.maxInFlight).toBeLessThanOrEqual(2);
      expect(fake.stats.maxInFlight).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
      for (const worker of workers) worker.child.kill("SIGTERM");
      await obliterateOrgScanQueues(own);
    }
  });
});
