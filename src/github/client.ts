import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { VERSION } from "../version.js";
import { GITHUB_API_URL } from "./api-url.js";

/**
 * The one place the GitHub REST client is built. Every shell (Action, App, org scans) gets the same
 * behaviour: rate limits are waited out as GitHub asks (`retry-after`, else `x-ratelimit-reset`),
 * server errors are retried with back-off, and GHES works through `baseUrl`.
 */

export interface GitHubLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GitHubClientOptions {
  /** An installation token, a PAT or `GITHUB_TOKEN`; omitted for unauthenticated calls. */
  readonly token?: string;
  /** `https://api.github.com`, or a GHES API root such as `https://ghe.example.com/api/v3`. */
  readonly baseUrl?: string;
  readonly userAgent?: string;
  readonly log?: GitHubLog;
  /** How often one request is retried after a rate limit before the error is thrown (default 3). */
  readonly rateLimitRetries?: number;
  /** A rate limit that asks to wait longer than this is not waited out: the error is thrown (default 600 s). */
  readonly maxRateLimitWaitSeconds?: number;
  /**
   * Milliseconds per second of requested wait, for the rate-limit and server-error back-off
   * (default 1000). Tests shrink it so that honouring `retry-after: 2` does not take two seconds.
   */
  readonly retryAfterBaseValue?: number;
  /** Retries of a 5xx answer (default 3). */
  readonly serverErrorRetries?: number;
  /**
   * Clients with the same id share the throttling plugin's limiters, which space writes (POST, PATCH,
   * PUT, DELETE) one second apart as GitHub's secondary rate limits ask. The App passes the
   * installation, so each installation is paced on its own; default: one shared pace per process.
   */
  readonly throttleId?: string;
}

const ClientWithPlugins = Octokit.plugin(throttling, retry);

export type GitHubClient = InstanceType<typeof ClientWithPlugins>;

const SILENT: GitHubLog = { debug() {}, info() {}, warn() {}, error() {} };

export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? SILENT;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 600;
  const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `${request.method} ${request.url}`;
      if (retryCount >= rateLimitRetries) {
        log.warn(`GitHub ${kind} rate limit on ${what}: giving up after ${retryCount} retries`);
        return false;
      }
      if (retryAfter > maxWait) {
        log.warn(`GitHub ${kind} rate limit on ${what}: GitHub asks to wait ${retryAfter} s, more than the ${maxWait} s allowed; giving up`);
        return false;
      }
      log.info(`GitHub ${kind} rate limit on ${what}: waiting ${retryAfter} s as GitHub asks, then retrying (retry ${retryCount + 1} of ${rateLimitRetries})`);
      return true;
    };
  return new ClientWithPlugins({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: (options.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, ""),
    userAgent: options.userAgent ?? `secretowners/${VERSION}`,
    log: {
      debug: (message: string) => log.debug(message),
      info: (message: string) => log.debug(message),
      warn: (message: string) => log.warn(message),
      error: (message: string) => log.error(message),
    },
    throttle: {
      ...(options.throttleId !== undefined ? { id: options.throttleId } : {}),
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      retryAfterBaseValue,
    },
    // Rate limits (403/429) belong to the throttling plugin, which honours GitHub's wait; the retry
    // plugin's own back-off would ignore it.
    retry: { retries: options.serverErrorRetries ?? 3, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
}

/** The status of a failed request, when it is an HTTP error from the API. */
export function httpStatus(error: unknown): number | null {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return error.status;
  return null;
}

/**
 * A failed request in one line, without echoing headers (they carry the token) or bodies: the
 * status and GitHub's own message.
 */
export function describeRequestError(error: unknown): string {
  const status = httpStatus(error);
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return status === null ? (message ?? "unknown error") : `HTTP ${status}: ${message}`;
}
