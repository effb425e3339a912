import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { KeyedQueue, RecentKeys } from "../src/app/serialize.js";
import { redisSharedLocks, RedisLocks } from "../src/app/shared-locks.js";
import { RedisCache } from "../src/github/org-cache.js";

/**
 * The App's cross-replica locks and the org-scan cache on the real Redis (127.0.0.1:6379; .ci/run starts it). Each
 * "replica" is its own connection; every run uses its own key prefix and removes it afterwards.
 */

const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
const prefix = `secretowners-locks-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const connections: Redis[] = [];
const replica = (leaseMs = 60_000, warnings: string[] = []) => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  connections.push(redis);
  return new RedisLocks(redis, { prefix, leaseMs, warn: (message) => warnings.push(message) });
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
  await Promise.all(connections.map((redis) => redis.quit()));
});

describe("RedisLocks", () => {
  it("lets one replica at a time work on a key, and others alongside on other keys", async () => {
    const replicas = [replica(), replica(), replica()];
    let active = 0;
    let most = 0;
    const order: string[] = [];
    const task = (name: string) => async () => {
      active += 1;
      most = Math.max(most, active);
      order.push(`start ${name}`);
      await sleep(60);
      order.push(`end ${name}`);
      active -= 1;
      return name;
    };
    const results = await Promise.all(replicas.flatMap((locks, i) => [locks.withLock("acme/api", task(`r${i}`)), locks.withLock(`acme/other-${i}`, async () => "free")]));
    expect(most).toBe(1);
    expect(results.filter((result) => result === "free")).toHaveLength(3);
    // Each task ran start to end before the next one started.
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace("start", "end"));
    expect(await connections[0]?.exists(`${prefix}:lock:acme/api`)).toBe(0);
  });

  it("releases the lock when the task fails", async () => {
    const [a, b] = [replica(), replica()];
    await expect(a.withLock("acme/failing", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(b.withLock("acme/failing", async () => "next")).resolves.toBe("next");
  });

  it("keeps the lock past its lease while the task runs, and takes over from a replica that died holding one", async () => {
    const warnings: string[] = [];
    // A lease of 1 s renewed every third of it; the task holds the lock three leases long.
    const [a, b] = [replica(1000, warnings), replica(1000, warnings)];
    const order: string[] = [];
    const long = a.withLock("acme/long", async () => {
      order.push("a start");
      await sleep(3000);
      order.push("a end");
    });
    await sleep(50);
    await b.withLock("acme/long", async () => void order.push("b"));
    await long;
    expect(order).toEqual(["a start", "a end", "b"]);
    expect(warnings).toEqual([]);
    // A lock left by a crashed replica (no renewal) lapses after its lease.
    await connections[0]?.set(`${prefix}:lock:acme/crashed`, "dead-replica", "PX", 300);
    const started = Date.now();
    await b.withLock("acme/crashed", async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("claims a key once across replicas until the window passes", async () => {
    const [a, b] = [replica(), replica()];
    expect(await a.claim("acme/api@abc#7", 300)).toBe(true);
    expect(await b.claim("acme/api@abc#7", 300)).toBe(false);
    await sleep(400);
    expect(await b.claim("acme/api@abc#7", 300)).toBe(true);
  });
});

describe("redisSharedLocks when Redis does not answer", () => {
  it("still runs a check (a claim says yes, with a warning) but refuses to take a lock", async () => {
    const warnings: string[] = [];
    const locks = redisSharedLocks("redis://127.0.0.1:1", { prefix, warn: (message) => warnings.push(message) });
    try {
      expect(await locks.claim("acme/api@abc#1", 1000)).toBe(true);
      // The connection's failure once (not on every reconnect), then the claim's.
      expect(warnings).toEqual(["Redis at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1", expect.stringMatching(/^could not claim acme\/api@abc#1 in Redis .*; running the check$/)]);
      let ran = false;
      await expect(locks.withLock("acme/api", async () => void (ran = true))).rejects.toThrow();
      expect(ran).toBe(false);
    } finally {
      await locks.close();
    }
  });
});

describe("KeyedQueue and RecentKeys across replicas", () => {
  it("serialise a key's tasks between two replicas' queues and let one of twin events through", async () => {
    const [one, two] = [replica(), replica()];
    const queues = [new KeyedQueue(one), new KeyedQueue(two)];
    let active = 0;
    let most = 0;
    const task = async () => {
      active += 1;
      most = Math.max(most, active);
      await sleep(40);
      active -= 1;
    };
    await Promise.all(queues.flatMap((queue) => [queue.run("acme/api", task), queue.run("acme/api", task)]));
    expect(most).toBe(1);
    const recents = [new RecentKeys(60_000, Date.now, one), new RecentKeys(60_000, Date.now, two)];
    const claims = await Promise.all(recents.map((recent) => recent.claim("acme/api@def#9")));
    expect(claims.sort()).toEqual([false, true]);
  });
});

describe("RedisCache", () => {
  it("keeps values for every replica, hashed under the prefix, each for its time to live, and clears them all", async () => {
    const connect = () => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
      connections.push(redis);
      return redis;
    };
    const redis = connect();
    // Two replicas' caches for one installation.
    const cache = new RedisCache(redis, `${prefix}:installation-7`, 60_000);
    const other = new RedisCache(connect(), `${prefix}:installation-7`, 60_000);
    await cache.set("repo:acme/api", '{"key":"k"}');
    await cache.set("page:GET /orgs/{org}/repos:{\"org\":\"acme\"}:1", "[]");
    expect(await other.get("repo:acme/api")).toBe('{"key":"k"}');
    expect(await other.get("repo:acme/other")).toBeNull();
    const keys = await redis.keys(`${prefix}:installation-7:cache:*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/:cache:[0-9a-f]{40}$/);
      expect(await redis.pttl(key)).toBeGreaterThan(50_000);
    }
    const short = new RedisCache(redis, `${prefix}:installation-8`, 200);
    await short.set("repo:acme/api", "x");
    await sleep(300);
    expect(await short.get("repo:acme/api")).toBeNull();
    await other.clear();
    expect(await redis.keys(`${prefix}:installation-7:cache:*`)).toEqual([]);
    expect(await cache.get("repo:acme/api")).toBeNull();
  });

  it("stores values gzipped, and takes an entry it cannot decompress for a miss", async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    connections.push(redis);
    const cache = new RedisCache(redis, `${prefix}:installation-9`, 60_000);
    // A repository's cached result repeats its paths, rule ids and field names many times over.
    const findings = Array.from({ length: 400 }, (_, i) => ({ ruleId: "unowned-secret", file: `charts/app-${i % 40}/templates/deployment.yaml`, line: i + 1, secret: `APP_${i}_TOKEN`, message: "no owner in secretowners.yml" }));
    const value = JSON.stringify({ key: "k", scan: { findings }, judgedOn: "2026-12-01" });
    await cache.set("repo:acme/big", value);
    expect(await cache.get("repo:acme/big")).toBe(value);
    const [stored] = await redis.keys(`${prefix}:installation-9:cache:*`);
    expect(await redis.strlen(stored as string)).toBeLessThan(value.length / 5);
    // An entry written before values were compressed (plain JSON), or damaged.
    await redis.set(stored as string, value);
    expect(await cache.get("repo:acme/big")).toBeNull();
    await cache.clear();
  });
});
