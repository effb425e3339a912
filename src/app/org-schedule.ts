import type { Redis } from "ioredis";
import { allOrgFindings, type OrgScanResult } from "../core/org.js";
import { ISSUE_BODY_LIMIT, renderOrgMarkdown } from "../core/render/org/index.js";
import { createGitHubClient, describeRequestError } from "../github/client.js";
import { listInstallations } from "../github/contents.js";
import { updateInventoryIssue } from "../github/inventory-issue.js";
import { MemoryCache, RedisCache } from "../github/org-cache.js";
import { scanOrganization } from "../github/org-scan.js";
import { scheduleOrgScan, startOrgScanWorkers, unscheduleOrgScan, type OrgScanWorkers, type QueueConnection } from "../github/queue.js";
import { VERSION } from "../version.js";
import type { AppServices } from "./runtime.js";
import { connectRedis } from "./shared-locks.js";

/**
 * The App's org-wide scans: every organization installation is scanned with its own installation
 * token on SECRETOWNERS_ORG_SCAN_SCHEDULE, and its inventory dashboard issue is updated in place.
 *
 * - In process (default): a timer; each installation keeps a cache in memory, so a repository that
 *   did not change since the last firing costs no tarball.
 * - With REDIS_URL: each installation's scan is a BullMQ job scheduler under its own key prefix, so
 *   however many replicas declare it, each firing is one job; this process runs workers for every
 *   installation, bounded per installation by SECRETOWNERS_ORG_SCAN_CONCURRENCY. The cache is in
 *   Redis too (`PREFIX:installation-ID:cache:`), shared by every replica's workers.
 *
 * An installation deleted (the organization uninstalled the App) is forgotten: its job scheduler is
 * removed from Redis, so no replica fires it again, and its workers and cache go.
 */
export interface OrgSchedule {
  /** The installation was deleted: never scan its organization again, and let go of what it held. */
  forget(installation: OrgInstallation): Promise<void>;
  stop(): Promise<void>;
}

export interface OrgInstallation {
  readonly id: number;
  /** The organization's login. */
  readonly account: string;
}

export function startOrgSchedule(services: AppServices, appToken: () => Promise<string>): OrgSchedule {
  const { intervalMs, redisUrl } = services.settings.orgScan;
  if (intervalMs === 0) return { forget: async () => {}, stop: async () => {} };
  return redisUrl === null ? inProcessSchedule(services, appToken) : queuedSchedule(services, appToken, redisUrl);
}

async function organizationInstallations(services: AppServices, appToken: () => Promise<string>): Promise<OrgInstallation[]> {
  const client = createGitHubClient({ token: await appToken(), baseUrl: services.settings.baseUrl, log: services.log, userAgent: `secretowners-app/${VERSION}` });
  return (await listInstallations(client)).filter((installation) => installation.organization && installation.account !== "");
}

async function publishInventory(services: AppServices, installationId: number, result: OrgScanResult): Promise<void> {
  const client = await services.clientFor(installationId);
  const body = renderOrgMarkdown(result, { toolVersion: VERSION, color: false, maxChars: ISSUE_BODY_LIMIT });
  const update = await updateInventoryIssue(client, { owner: result.org, repo: services.settings.orgScan.inventoryRepo }, body);
  services.log.info(`org scan of ${result.org}: ${result.repos.length} repositories, ${allOrgFindings(result).length} findings; inventory issue #${update.number} ${update.action}`);
}

function inProcessSchedule(services: AppServices, appToken: () => Promise<string>): OrgSchedule {
  const caches = new Map<number, MemoryCache>();
  // Deleted while a firing was under way, after it listed the installations.
  const forgotten = new Set<number>();
  let running: Promise<void> | null = null;
  const fire = async () => {
    const installations = await organizationInstallations(services, appToken);
    // An installation GitHub no longer lists was deleted, whether or not its webhook came here.
    for (const id of caches.keys()) if (!installations.some((installation) => installation.id === id)) caches.delete(id);
    for (const installation of installations) {
      if (forgotten.has(installation.id)) continue;
      try {
        let cache = caches.get(installation.id);
        if (!cache) caches.set(installation.id, (cache = new MemoryCache()));
        const client = await services.clientFor(installation.id);
        const result = await scanOrganization({ client, org: installation.account, cache, concurrency: services.settings.orgScan.concurrency });
        await publishInventory(services, installation.id, result);
      } catch (error) {
        services.log.error(`org scan of ${installation.account}: ${describeRequestError(error)}`);
      }
    }
  };
  // A firing still running when the next is due is not doubled.
  const timer = setInterval(() => {
    if (running) return;
    running = fire()
      .catch((error: unknown) => services.log.error(`scheduled org scan failed: ${describeRequestError(error)}`))
      .finally(() => (running = null));
  }, services.settings.orgScan.intervalMs);
  timer.unref();
  return {
    async forget(installation) {
      forgotten.add(installation.id);
      caches.delete(installation.id);
      services.log.info(`org scan of ${installation.account}: installation ${installation.id} deleted, no longer scheduled`);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Cached results outlive a few missed firings, then go (an organization no longer scanned). */
const cacheTtlMs = (intervalMs: number): number => Math.max(3 * intervalMs, 24 * 60 * 60 * 1000);

function queuedSchedule(services: AppServices, appToken: () => Promise<string>, url: string): OrgSchedule {
  const { intervalMs, concurrency, queuePrefix } = services.settings.orgScan;
  const connectionOf = (installation: OrgInstallation): QueueConnection => ({ url, prefix: `${queuePrefix}:installation-${installation.id}` });
  // One connection for every installation's cache; ioredis is loaded only with REDIS_URL, as BullMQ is.
  let redis: Promise<Redis> | null = null;
  const cacheOf = async (installation: OrgInstallation): Promise<RedisCache> => {
    redis ??= connectRedis(url, (message) => services.log.warn(message));
    return new RedisCache(await redis, connectionOf(installation).prefix as string, cacheTtlMs(intervalMs));
  };
  const workers = new Map<number, { readonly installation: OrgInstallation; readonly started: Promise<OrgScanWorkers> }>();
  // Deleted while `connect` was under way, after it listed the installations.
  const forgotten = new Set<number>();
  const forget = async (installation: OrgInstallation) => {
    forgotten.add(installation.id);
    const running = workers.get(installation.id);
    workers.delete(installation.id);
    // The scheduler lives in Redis: removing it here stops the firings on every replica.
    await unscheduleOrgScan(connectionOf(installation), installation.account);
    await (await running?.started.catch(() => null))?.close();
    await (await cacheOf(installation)).clear();
    services.log.info(`org scan of ${installation.account}: installation ${installation.id} deleted, its schedule removed`);
  };
  const connect = async () => {
    const installations = await organizationInstallations(services, appToken);
    // An installation GitHub no longer lists was deleted, whether or not its webhook came here.
    for (const { installation } of [...workers.values()]) if (!installations.some((listed) => listed.id === installation.id)) await forget(installation);
    for (const installation of installations) {
      if (workers.has(installation.id) || forgotten.has(installation.id)) continue;
      const connection = connectionOf(installation);
      // Shared by the replicas, so a repository that did not change costs no tarball whichever
      // replica's worker takes it.
      const cache = await cacheOf(installation);
      const started = startOrgScanWorkers(connection, {
        clientFor: () => services.clientFor(installation.id),
        cache,
        concurrency,
        globalConcurrency: concurrency,
        onReport: (result) => publishInventory(services, installation.id, result).catch((error: unknown) => services.log.error(`inventory issue of ${installation.account}: ${describeRequestError(error)}`)),
        onScheduledScan: (firing) => services.log.info(`org scan of ${firing.org}: ${firing.repos} repositories queued (${firing.runId})`),
      });
      workers.set(installation.id, { installation, started });
      try {
        await started;
      } catch (error) {
        workers.delete(installation.id);
        throw error;
      }
      if (forgotten.has(installation.id)) continue;
      await scheduleOrgScan(connection, installation.account, { every: intervalMs });
    }
  };
  let connecting: Promise<void> | null = connect().catch((error: unknown) => services.log.error(`org scan queue: ${describeRequestError(error)}`));
  // Installations added later are picked up when the schedule comes round.
  const timer = setInterval(() => {
    if (connecting) return;
    connecting = connect()
      .catch((error: unknown) => services.log.error(`org scan queue: ${describeRequestError(error)}`))
      .finally(() => (connecting = null));
  }, intervalMs);
  timer.unref();
  void connecting.finally(() => (connecting = null));
  return {
    async forget(installation) {
      // A `connect` under way may be about to declare this installation's scheduler: let it finish.
      await connecting;
      await forget(installation);
    },
    async stop() {
      clearInterval(timer);
      await connecting;
      await Promise.all([...workers.values()].map(async ({ started }) => (await started).close()));
      await (await redis)?.quit();
    },
  };
}
