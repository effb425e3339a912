import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { Redis } from "ioredis";

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

/**
 * Where an org-wide scan keeps what it needs to skip work next time: each repository's last
 * result with its `pushed_at`, and the ETag and body of each listing page (a `304 Not Modified`
 * costs nothing against the rate limit). Values are JSON text; nothing in them is a secret value.
 */
export interface OrgScanCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** `--cache DIR`: one file per key, written atomically so a killed run leaves no torn entry. */
export class DirectoryCache implements OrgScanCache {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  async get(key: string): Promise<string | null> {
    try {
      return readFileSync(this.#path(key), "utf8");
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    const path = this.#path(key);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, value);
    renameSync(temporary, path);
  }

  #path(key: string): string {
    return join(this.#dir, `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`);
  }
}

/** For tests and one-process runs that want warm-run behaviour without a folder. */
export class MemoryCache implements OrgScanCache {
  readonly entries = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }
}

/**
 * The cache in Redis (REDIS_URL), shared by every replica's workers: keys under `PREFIX:cache:`
 * (hashed, as file names are), each dropped `ttlMs` after its last write so an organization that
 * stops being scanned leaves nothing behind for long. Values are gzipped: Redis holds them in
 * memory, and a repository's result (findings, inventory, repeated paths and rule ids) shrinks
 * about tenfold. An entry that does not decompress (written by an older version, or damaged) is
 * a miss, not an error: the repository is scanned again and the entry rewritten.
 */
export class RedisCache implements OrgScanCache {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(redis: Redis, prefix: string, ttlMs: number) {
    this.#redis = redis;
    this.#prefix = `${prefix}:cache:`;
    this.#ttlMs = ttlMs;
  }

  async get(key: string): Promise<string | null> {
    const stored = await this.#redis.getBuffer(this.#key(key));
    if (stored === null) return null;
    try {
      return (await gunzipped(stored)).toString("utf8");
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.#redis.set(this.#key(key), await gzipped(value), "PX", this.#ttlMs);
  }

  /** Removes every entry (an installation that was deleted). */
  async clear(): Promise<void> {
    let cursor = "0";
    do {
      const [next, keys] = await this.#redis.scan(cursor, "MATCH", `${this.#prefix}*`, "COUNT", 500);
      if (keys.length > 0) await this.#redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  #key(key: string): string {
    return `${this.#prefix}${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
  }
}
