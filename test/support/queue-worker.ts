/**
 * A worker process for the queue tests (bundled by the test, run with node): works the org-scan
 * queues against the fake GitHub and prints one line per event, which the test reads.
 *   node queue-worker.mjs worker     repository, report and schedule jobs
 *   node queue-worker.mjs replica    the same, and declares the scheduled scan at start-up
 * Environment: REDIS_URL, QUEUE_PREFIX, GITHUB_API_URL, ORG.
 */
import { createGitHubClient } from "../../src/github/client.js";
import { scheduleOrgScan, startOrgScanWorkers } from "../../src/github/queue.js";

const env = process.env;
const connection = { url: env["REDIS_URL"] as string, prefix: env["QUEUE_PREFIX"] as string };
const client = createGitHubClient({ token: "ghs_queue_test", baseUrl: env["GITHUB_API_URL"] as string, retryAfterBaseValue: 5 });
const workers = await startOrgScanWorkers(connection, {
  clientFor: () => client,
  concurrency: Number(env["WORKER_CONCURRENCY"] ?? 2),
  ...(env["GLOBAL_CONCURRENCY"] ? { globalConcurrency: Number(env["GLOBAL_CONCURRENCY"]) } : {}),
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
  retry: { attempts: 3, backoffMs: 100 },
  onRepoScanned: (scan) => process.stdout.write(`scanned ${scan.outcome.name}\n`),
  onReport: (result, run) => {
    process.stdout.write(`report ${run.runId} ${result.repos.length}\n`);
  },
  onScheduledScan: (firing) => process.stdout.write(`fired ${firing.runId}\n`),
});
if (process.argv[2] === "replica") await scheduleOrgScan(connection, env["ORG"] as string, { every: 1000 });
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void workers.close().then(() => process.exit(0));
});
