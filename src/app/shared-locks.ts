import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { describeRequestError } from "../github/client.js";

/**
 * What KeyedQueue and RecentKeys do inside one process, for every replica of the App at once,
 * through the Redis that REDIS_URL names: a repository's issues are reconciled by one replica at a
 * time (two replicas handling a re-delivered push would otherwise both create the same issue), and
 * the twin events of one push start one check, whichever replicas they reach.
 */
export interface SharedLocks {
  /** Runs `task` while this replica holds `key`'s lock, waiting for it first. */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** True for the first claim of `key` within `ttlMs`, across replicas. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisLockOptions {
  /** Keys live under `PREFIX:lock:` and `PREFIX:recent:` (SECRETOWNERS_QUEUE_PREFIX). */
  readonly prefix: string;
  /** A lock outlives a replica that dies holding it by this much, at most; renewed while held. */
  readonly leaseMs?: number;
  /** How long a task waits for a lock before it gives up with an error. */
  readonly maxWaitMs?: number;
  readonly warn?: (message: string) => void;
}

const LEASE_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;

// Only the holder (its token) may extend or release a lock: one whose lease ran out and that
// another replica has taken since must not be touched.
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Locks as Redis keys set with NX and a lease (the single-instance pattern of the Redis docs). */
export class RedisLocks implements SharedLocks {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #leaseMs: number;
  readonly #maxWaitMs: number;
  readonly #warn: (message: string) => void;

  constructor(redis: Redis, options: RedisLockOptions) {
    this.#redis = redis;
    this.#prefix = options.prefix;
    this.#leaseMs = options.leaseMs ?? LEASE_MS;
    this.#maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
    this.#warn = options.warn ?? (() => undefined);
  }

  async withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const name = `${this.#prefix}:lock:${key}`;
    const token = randomUUID();
    const started = Date.now();
    for (let delay = 25; (await this.#redis.set(name, token, "PX", this.#leaseMs, "NX")) !== "OK"; delay = Math.min(delay * 2, 1000)) {
      if (Date.now() - started > this.#maxWaitMs) throw new Error(`another replica has held the lock on ${key} for over ${Math.round(this.#maxWaitMs / 60_000)} min`);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.floor(Math.random() * delay)));
    }
    const renewal = setInterval(() => {
      this.#redis.eval(RENEW, 1, name, token, String(this.#leaseMs)).then(
        (renewed) => {
          if (renewed !== 1) this.#warn(`the lock on ${key} expired while held (a pause longer than ${this.#leaseMs} ms); another replica may now work on it too`);
        },
        (error: unknown) => this.#warn(`could not renew the lock on ${key}: ${describeRequestError(error)}`),
      );
    }, Math.floor(this.#leaseMs / 3));
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await this.#redis.eval(RELEASE, 1, name, token).catch(() => undefined);
    }
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.set(`${this.#prefix}:recent:${key}`, "1", "PX", ttlMs, "NX")) === "OK";
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => undefined);
  }
}

/** The locks for REDIS_URL, connected on first use; ioredis is loaded only then, as BullMQ is. */
export function redisSharedLocks(url: string, options: RedisLockOptions): SharedLocks {
  let connected: Promise<RedisLocks> | null = null;
  const locks = (): Promise<RedisLocks> => (connected ??= connectRedis(url, options.warn).then((redis) => new RedisLocks(redis, options)));
  return {
    withLock: async (key, task) => (await locks()).withLock(key, task),
    // A claim only spares a repeated check: when Redis cannot answer, run the check (the lock,
    // which keeps issues from being duplicated, fails instead).
    claim: async (key, ttlMs) => {
      try {
        return await (await locks()).claim(key, ttlMs);
      } catch (error) {
        options.warn?.(`could not claim ${key} in Redis (${describeRequestError(error)}); running the check`);
        return true;
      }
    },
    close: async () => {
      if (connected !== null) await (await connected).close();
    },
  };
}

/**
 * A client for REDIS_URL (ioredis, loaded only then, as BullMQ is). Commands wait for a reconnect a
 * few times, then fail; while Redis is away the client keeps reconnecting, and says so once a
 * minute rather than on every attempt.
 */
export async function connectRedis(url: string, warn: (message: string) => void = () => undefined): Promise<Redis> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  let said = 0;
  redis.on("error", (error: Error) => {
    if (Date.now() - said < 60_000) return;
    said = Date.now();
    warn(`Redis at ${new URL(url).host}: ${error.message}`);
  });
  return redis;
}
