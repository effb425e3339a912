import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { obliterateOrgScanQueues, SCHEDULE_QUEUE, type QueueConnection } from "../../src/github/queue.js";
import { headFiles } from "../support/fake-github.js";
import { startFakeGitHub, type FakeOrg } from "../support/fake-github-org.js";
import { buildCli, deliver, generatePrivateKey, INSTALLATION_ID, installationDeletedPayload, runAppExpectingExit, startApp, WEBHOOK_SECRET, type RunningCli } from "./harness.js";

/**
 * The App's scheduled org-wide scan end to end: the real `secretowners app` process, an
 * organization installation on a loopback GitHub (OpenAPI-checked), the schedule firing every
 * second, and the inventory dashboard issue in the org's `.github` repository.
 */

let cli: string;
let privateKey: string;

beforeAll(async () => {
  cli = await buildCli("org-schedule");
  privateKey = generatePrivateKey();
});

function env(github: FakeOrg, extra: Record<string, string>): Record<string, string> {
  return {
    APP_ID: "123",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET,
    GHE_HOST: new URL(github.apiUrl).host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "info",
    SECRETOWNERS_SCHEDULE: "off",
    SECRETOWNERS_ORG_SCAN_SCHEDULE: "1s",
    ...extra,
  };
}

function inventoryIssues(github: FakeOrg) {
  return (github.issues.get("acme/.github") ?? []).filter((issue) => issue.labels.includes("secretowners-inventory"));
}

async function until(condition: () => boolean, what: string, apps: RunningCli[]): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!condition()) throw new Error(`timed out waiting for ${what}:\n${apps.map((app) => app.output()).join("\n")}`);
}

/** The hard-coded tokens the generated organization plants in scripts/legacy.sh. */
function plantedTokens(github: FakeOrg): string[] {
  return github.repos.flatMap((repo) => /ghp_[0-9a-f]{36}/.exec(headFiles(repo)["scripts/legacy.sh"] ?? "")?.[0] ?? []);
}

const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";

/** A key prefix of this test's own, and the installation's queues under it. */
function queuePrefix(): { prefix: string; connection: QueueConnection } {
  const prefix = `secretowners-app-test-${process.pid}-${randomUUID().slice(0, 8)}`;
  return { prefix, connection: { url: REDIS_URL, prefix: `${prefix}:installation-${INSTALLATION_ID}` } };
}

/** Leaves no Redis key of the prefix behind. */
async function removeQueues(prefix: string, connection: QueueConnection): Promise<void> {
  await obliterateOrgScanQueues(connection);
  // Opening a queue to obliterate it writes its `meta` key again: remove whatever the prefix holds.
  const redis = new Redis(REDIS_URL);
  const left = await redis.keys(`${prefix}:*`);
  if (left.length > 0) await redis.del(...left);
  await redis.quit();
}

async function schedulerKeys(connection: QueueConnection): Promise<string[]> {
  const queue = new Queue(SCHEDULE_QUEUE, { connection: { url: connection.url }, ...(connection.prefix ? { prefix: connection.prefix } : {}) });
  try {
    return (await queue.getJobSchedulers()).map((scheduler) => scheduler.key);
  } finally {
    await queue.close();
  }
}

const firings = (app: RunningCli) => [...app.output().matchAll(/org scan of acme: \d+ repositories queued/g)].length;

describe("scheduled org scan", () => {
  let github: FakeOrg;
  beforeAll(async () => {
    github = await startFakeGitHub({ repos: 12, installationId: INSTALLATION_ID });
  });
  afterAll(async () => github?.close());

  it("keeps one inventory issue per organization up to date in place, firing after firing", async () => {
    const app = await startApp(cli, env(github, {}));
    try {
      await until(() => inventoryIssues(github).length > 0, "the inventory issue", [app]);
      const [first] = inventoryIssues(github);
      expect(first?.title).toBe("Secret inventory (secretowners)");
      expect(first?.body).toContain("NPM_TOKEN");
      expect(first?.body).not.toContain("BRAND_NEW_TOKEN");
      // A push brings in a new secret: the next firing rewrites the same issue.
      github.push(github.repos[1]?.name as string, { ".github/workflows/new.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.BRAND_NEW_TOKEN }}\n" });
      await until(() => (inventoryIssues(github)[0]?.body ?? "").includes("BRAND_NEW_TOKEN"), "the updated inventory", [app]);
      await until(() => /inventory issue #1 unchanged/.test(app.output()), "a firing with nothing new", [app]);
      expect(inventoryIssues(github)).toHaveLength(1);
      expect([...github.issues.values()].flat()).toHaveLength(1);
      expect(app.output()).toMatch(/inventory issue #1 created/);
      expect(app.output()).toMatch(/inventory issue #1 updated/);
    } finally {
      expect(await app.stop()).toBe(0);
    }
    const tokens = plantedTokens(github);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) {
      expect(inventoryIssues(github)[0]?.body).not.toContain(token.slice(4));
      expect(app.output()).not.toContain(token.slice(4));
    }
    expect(github.problems).toEqual([]);
  });

  it("goes through the queue on Redis with REDIS_URL: two replicas, one inventory issue", async () => {
    github.clearIssues();
    const { prefix, connection } = queuePrefix();
    const settings = env(github, { REDIS_URL, SECRETOWNERS_QUEUE_PREFIX: prefix, SECRETOWNERS_INVENTORY_REPO: ".github", SECRETOWNERS_ORG_SCAN_CONCURRENCY: "2" });
    const replicas = [await startApp(cli, settings), await startApp(cli, settings)];
    const published = () => replicas.reduce((count, app) => count + [...app.output().matchAll(/inventory issue #\d+ (?:created|updated|unchanged)/g)].length, 0);
    try {
      await until(() => (inventoryIssues(github)[0]?.body ?? "").includes("NPM_TOKEN"), "the inventory issue from the queue", replicas);
      // Later firings find every result in the cache the replicas share in Redis: no tarball again.
      await until(() => published() >= 2, "a second firing", replicas);
      const downloads = github.stats.codeload;
      const after = published();
      await until(() => published() >= after + 2, "two more firings", replicas);
      expect(github.stats.codeload).toBe(downloads);
    } finally {
      for (const app of replicas) expect(await app.stop()).toBe(0);
      await removeQueues(prefix, connection);
    }
    expect(inventoryIssues(github)).toHaveLength(1);
    // Every firing was taken by exactly one replica: each scheduled run id was queued once.
    const runs = replicas.flatMap((app) => [...app.output().matchAll(/org scan of acme: \d+ repositories queued \((scheduled-[^)]+)\)/g)].map((match) => match[1]));
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs).size).toBe(runs.length);
    expect(github.problems).toEqual([]);
  });

  it("stops scanning an organization in process once its installation is deleted, even while GitHub still lists it", async () => {
    github.clearIssues();
    const app = await startApp(cli, env(github, {}));
    const scans = () => [...app.output().matchAll(/org scan of acme: \d+ repositories/g)].length;
    try {
      await until(() => scans() > 0, "a first org scan", [app]);
      expect(await deliver(app.port, "installation", installationDeletedPayload("acme"))).toBe(200);
      // A scan already under way finishes; none starts after it.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = scans();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(scans()).toBe(before);
      expect(app.output()).toMatch(/org scan of acme: installation \d+ deleted, no longer scheduled/);
    } finally {
      expect(await app.stop()).toBe(0);
    }
    expect(github.problems).toEqual([]);
  });

  it("removes the organization's schedule from Redis when it uninstalls the App, so no replica fires it again", async () => {
    github.clearIssues();
    const { prefix, connection } = queuePrefix();
    const replicas = [await startApp(cli, env(github, { REDIS_URL, SECRETOWNERS_QUEUE_PREFIX: prefix })), await startApp(cli, env(github, { REDIS_URL, SECRETOWNERS_QUEUE_PREFIX: prefix }))];
    try {
      await until(() => inventoryIssues(github).length > 0, "the inventory issue from the queue", replicas);
      expect(await schedulerKeys(connection)).toEqual(["org-scan__acme"]);
      github.uninstall();
      // GitHub delivers the webhook to one replica.
      expect(await deliver(replicas[0]?.port as number, "installation", installationDeletedPayload("acme"))).toBe(200);
      // A replica that listed the installation just before it went may declare the schedule once
      // more; it removes it again when it next finds the installation gone.
      let keys = await schedulerKeys(connection);
      for (let i = 0; i < 50 && keys.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        keys = await schedulerKeys(connection);
      }
      expect(keys).toEqual([]);
      // A firing already taken by a worker finishes; none comes after it.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = replicas.map(firings);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(replicas.map(firings)).toEqual(before);
      expect(await schedulerKeys(connection)).toEqual([]);
      expect(replicas[0]?.output()).toMatch(/org scan of acme: installation \d+ deleted, its schedule removed/);
    } finally {
      for (const app of replicas) expect(await app.stop()).toBe(0);
      await removeQueues(prefix, connection);
    }
    expect(github.problems).toEqual([]);
  });

  it("refuses a malformed setting with one line naming the variable (exit 2)", async () => {
    for (const [variable, value] of [
      ["SECRETOWNERS_ORG_SCAN_SCHEDULE", "daily"],
      ["SECRETOWNERS_INVENTORY_REPO", "a/b"],
      ["SECRETOWNERS_ORG_SCAN_CONCURRENCY", "0"],
      ["REDIS_URL", "localhost:6379"],
    ] as const) {
      const { code, stderr } = await runAppExpectingExit(cli, env(github, { [variable]: value }));
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`${variable}:`);
    }
  });
});
