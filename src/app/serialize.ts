import type { SharedLocks } from "./shared-locks.js";

/**
 * Runs tasks one after another per key (a repository), so two deliveries about one repository —
 * GitHub re-delivering a webhook, or a push racing the daily sweep — never reconcile issues at the
 * same time and so never both create the same issue. Different keys run in parallel. With
 * `shared` (REDIS_URL), each task also holds the key's lock in Redis, so replicas take turns too.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #shared: SharedLocks | undefined;

  constructor(shared?: SharedLocks) {
    this.#shared = shared;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const shared = this.#shared;
    const locked = shared === undefined ? task : () => shared.withLock(key, task);
    const next = previous.then(locked, locked);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }

  /** Resolves when every queued task has settled (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}

/**
 * Keys seen in the last `ttlMs`: a push to a pull request's branch sends both `pull_request`
 * (synchronize) and `check_suite` (requested); the second must not run the same check again. With
 * `shared` (REDIS_URL) the claim is also made in Redis, so the twin reaching another replica is
 * recognised there.
 */
export class RecentKeys {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedLocks,
  ) {}

  /** True the first time `key` is claimed within the window. */
  async claim(key: string): Promise<boolean> {
    const now = this.now();
    for (const [seen, at] of this.#seen) if (now - at > this.ttlMs) this.#seen.delete(seen);
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, now);
    return this.shared === undefined ? true : this.shared.claim(key, this.ttlMs);
  }
}
