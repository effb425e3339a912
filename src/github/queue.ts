import { randomUUID } from "node:crypto";
import { FlowProducer, Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { OrgScanResult } from "../core/org.js";
import type { GitHubClient } from "./client.js";
import type { OrgScanCache } from "./org-cache.js";
import {
  assembleOrgScan,
  listOrganizationSecrets,
  listOrgRepositories,
  scanRepository,
  type OrgRepoInfo,
  type OrgSecrets,
  type RepoJobContext,
  type RepoRunner,
  type RepoScan,
  type RepoScanSettings,
} from "./org-scan.js";

/**
 * Org-wide scans on a real queue (BullMQ on Redis), for when one process is not enough or must not
 * be a single point of failure:
 *
 * - one **flow** per scan: a `report` parent job whose children are one `scan-repo` job per
 *   repository. A child is retried with exponential back-off when its failure is transient; its
 *   final failure is recorded as that repository's error, so the parent always completes.
 * - a worker that dies mid-job loses nothing: its lock lapses (`lockDurationMs`) and another
 *   worker's stalled-job check hands the job to someone else. A result is stored once per job,
 *   so a repository appears once in the result however often it was attempted.
 * - a **schedule** is a BullMQ job scheduler keyed by the organization: every replica may declare
 *   it, and each firing is one job, taken by one worker.
 */

export interface QueueConnection {
  /** `redis://127.0.0.1:6379` (REDIS_URL). */
  readonly url: string;
  /** Key prefix; tests use a unique one per run. Default `secretowners`. */
  readonly prefix?: string;
}

export const REPO_QUEUE = "org-scan-repos";
export const REPORT_QUEUE = "org-scan-reports";
export const SCHEDULE_QUEUE = "org-scan-schedule";

export interface RepoJobData extends RepoJobContext {
  readonly repo: OrgRepoInfo;
}

export interface ReportJobData extends RepoJobContext {
  readonly repos: readonly OrgRepoInfo[];
}

export interface ScheduleJobData {
  readonly org: string;
  readonly settings: RepoScanSettings;
}

export interface RetryPolicy {
  /** Tries per repository (default 3). */
  readonly attempts?: number;
  /** First back-off; doubles each time (default 2000 ms). */
  readonly backoffMs?: number;
}

function bull(connection: QueueConnection): { connection: ConnectionOptions; prefix: string } {
  return { connection: { url: connection.url, maxRetriesPerRequest: null }, prefix: connection.prefix ?? "secretowners" };
}

/** `acme/api` in run `r` → `r__acme__api`: BullMQ job ids may not contain `:`. */
function repoJobId(runId: string, repo: OrgRepoInfo): string {
  return `${runId}__${repo.name.replace(/[:/]/g, "__")}`;
}

/** Adds one scan's flow; the returned job is the `report` parent. */
export async function enqueueOrgScan(flows: FlowProducer, context: RepoJobContext & { readonly repos: readonly OrgRepoInfo[] }, retry: RetryPolicy = {}, runId: string = randomUUID()): Promise<Job> {
  const { repos, ...shared } = context;
  const node = await flows.add({
    name: "report",
    queueName: REPORT_QUEUE,
    data: { ...shared, repos } satisfies ReportJobData,
    opts: { jobId: `${runId}__report` },
    children: repos.map((repo) => ({
      name: "scan-repo",
      queueName: REPO_QUEUE,
      data: { ...shared, repo } satisfies RepoJobData,
      opts: { jobId: repoJobId(runId, repo), attempts: retry.attempts ?? 3, backoff: { type: "exponential", delay: retry.backoffMs ?? 2000 } },
    })),
  });
  return node.job;
}

export interface OrgScanWorkerOptions {
  /** The client for an organization (an App mints an installation token here). */
  readonly clientFor: (org: string) => GitHubClient | Promise<GitHubClient>;
  /** Repositories one worker scans at once (default 4). */
  readonly concurrency?: number;
  /**
   * Repositories scanned at once by all workers of this prefix together. Give each installation
   * its own prefix to bound each installation's share of its rate limit.
   */
  readonly globalConcurrency?: number;
  readonly cache?: OrgScanCache | null;
  /** How long a job's lock lasts without renewal: how soon a dead worker's jobs move on (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for (default half the lock duration). */
  readonly stalledIntervalMs?: number;
  readonly retry?: RetryPolicy;
  /** Called with each finished scan's result (the App updates the dashboard issue here). */
  readonly onReport?: (result: OrgScanResult, run: { readonly runId: string }) => void | Promise<void>;
  /** Called when this process takes a scheduled firing and has enqueued its scan. */
  readonly onScheduledScan?: (firing: { readonly org: string; readonly runId: string; readonly repos: number }) => void;
  /** Called as each repository job finishes, before its result is stored. */
  readonly onRepoScanned?: (scan: RepoScan) => void;
}

export interface OrgScanWorkers {
  close(): Promise<void>;
}

/**
 * Starts this process's share of the work: repository jobs, report jobs and scheduled scans.
 * Resolves once the workers are connected (and the global concurrency, if any, is set).
 */
export async function startOrgScanWorkers(connection: QueueConnection, options: OrgScanWorkerOptions): Promise<OrgScanWorkers> {
  const base = bull(connection);
  if (options.globalConcurrency !== undefined) {
    const queue = new Queue(REPO_QUEUE, base);
    try {
      await queue.setGlobalConcurrency(options.globalConcurrency);
    } finally {
      await queue.close();
    }
  }
  const lockDuration = options.lockDurationMs ?? 30_000;
  const stalledInterval = options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2));
  const flows = new FlowProducer(base);
  const repoWorker = new Worker<RepoJobData, RepoScan>(
    REPO_QUEUE,
    async (job) => {
      const client = await options.clientFor(job.data.org);
      const attempts = job.opts.attempts ?? 1;
      const scan = await scanRepository(client, job.data.repo, {
        orgSecrets: job.data.orgSecrets,
        cache: options.cache ?? null,
        settings: job.data.settings,
        throwTransient: job.attemptsMade + 1 < attempts,
      });
      options.onRepoScanned?.(scan);
      return scan;
    },
    { ...base, concurrency: options.concurrency ?? 4, lockDuration, stalledInterval },
  );
  const reportWorker = new Worker<ReportJobData, { repos: number; findings: number }>(
    REPORT_QUEUE,
    async (job) => {
      const scans = Object.values(await job.getChildrenValues<RepoScan>());
      const result = assembleOrgScan(job.data.org, job.data.repos, job.data.orgSecrets, scans, job.data.settings);
      await options.onReport?.(result, { runId: (job.id ?? "").replace(/__report$/, "") });
      return { repos: scans.length, findings: result.findings.length };
    },
    { ...base, concurrency: 1, lockDuration, stalledInterval },
  );
  const scheduleWorker = new Worker<ScheduleJobData, { runId: string; repos: number }>(
    SCHEDULE_QUEUE,
    async (job) => {
      const client = await options.clientFor(job.data.org);
      const cache = options.cache ?? null;
      const repos = await listOrgRepositories(client, job.data.org, cache);
      const orgSecrets: OrgSecrets = await listOrganizationSecrets(client, job.data.org, cache);
      // The firing's own id keeps the flow unique to it, should the job itself be retried.
      const runId = `scheduled-${(job.id ?? randomUUID()).replace(/[:]/g, "_")}`;
      await enqueueOrgScan(flows, { org: job.data.org, orgSecrets, settings: job.data.settings, repos }, options.retry, runId);
      options.onScheduledScan?.({ org: job.data.org, runId, repos: repos.length });
      return { runId, repos: repos.length };
    },
    { ...base, concurrency: 1, lockDuration, stalledInterval },
  );
  await Promise.all([repoWorker.waitUntilReady(), reportWorker.waitUntilReady(), scheduleWorker.waitUntilReady()]);
  return {
    async close() {
      await Promise.all([repoWorker.close(), reportWorker.close(), scheduleWorker.close(), flows.close()]);
    },
  };
}

export interface ScheduleOptions {
  /** Milliseconds between scans, or a cron `pattern` (`0 3 * * *`). */
  readonly every?: number;
  readonly pattern?: string;
  /** Stop after this many firings (tests). */
  readonly limit?: number;
  readonly settings?: RepoScanSettings;
}

/**
 * Declares (or updates) the scheduled scan of an organization. Safe to call from every replica
 * at start-up: the scheduler is keyed by the organization, so there is one, and each firing is one
 * job that one worker takes.
 */
export async function scheduleOrgScan(connection: QueueConnection, org: string, schedule: ScheduleOptions): Promise<void> {
  const queue = new Queue<ScheduleJobData>(SCHEDULE_QUEUE, bull(connection));
  try {
    await queue.upsertJobScheduler(
      `org-scan__${org}`,
      {
        ...(schedule.every !== undefined ? { every: schedule.every } : {}),
        ...(schedule.pattern !== undefined ? { pattern: schedule.pattern } : {}),
        ...(schedule.limit !== undefined ? { limit: schedule.limit } : {}),
      },
      { name: "scan-org", data: { org, settings: schedule.settings ?? {} } },
    );
  } finally {
    await queue.close();
  }
}

/** Stops an organization's scheduled scan; scans already enqueued still finish. */
export async function unscheduleOrgScan(connection: QueueConnection, org: string): Promise<void> {
  const queue = new Queue<ScheduleJobData>(SCHEDULE_QUEUE, bull(connection));
  try {
    await queue.removeJobScheduler(`org-scan__${org}`);
  } finally {
    await queue.close();
  }
}

/**
 * A `RepoRunner` for `scanOrganization` that goes through the queue: this process enqueues the
 * flow, reports progress as repository jobs complete (whichever worker ran them) and returns when
 * the report job has run. Workers (this process's and others') do the scanning.
 */
export function queueRunner(connection: QueueConnection, retry: RetryPolicy = {}): { runner: RepoRunner; close(): Promise<void> } {
  const base = bull(connection);
  const flows = new FlowProducer(base);
  const repoEvents = new QueueEvents(REPO_QUEUE, base);
  const reportEvents = new QueueEvents(REPORT_QUEUE, base);
  const runner: RepoRunner = async (repos, context, onDone) => {
    await Promise.all([repoEvents.waitUntilReady(), reportEvents.waitUntilReady()]);
    const runId = randomUUID();
    const seen = new Set<string>();
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (!jobId.startsWith(`${runId}__`) || seen.has(jobId)) return;
      seen.add(jobId);
      onDone((typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as RepoScan);
    };
    repoEvents.on("completed", onCompleted);
    try {
      const parent = await enqueueOrgScan(flows, { ...context, repos }, retry, runId);
      await parent.waitUntilFinished(reportEvents);
      const values = await parent.getChildrenValues<RepoScan>();
      return Object.values(values);
    } finally {
      repoEvents.off("completed", onCompleted);
    }
  };
  return {
    runner,
    async close() {
      await Promise.all([flows.close(), repoEvents.close(), reportEvents.close()]);
    },
  };
}

/** Removes every queue of a prefix from Redis (tests, and `--reset` style maintenance). */
export async function obliterateOrgScanQueues(connection: QueueConnection): Promise<void> {
  for (const name of [REPO_QUEUE, REPORT_QUEUE, SCHEDULE_QUEUE]) {
    const queue = new Queue(name, bull(connection));
    try {
      const schedulers = name === SCHEDULE_QUEUE ? await queue.getJobSchedulers() : [];
      for (const scheduler of schedulers) if (scheduler.key) await queue.removeJobScheduler(scheduler.key);
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
}
