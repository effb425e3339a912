import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { checkGitHubExchange } from "./openapi.js";
import { repositoryTarball } from "./tar.js";

/**
 * The one HTTP side of the fake GitHubs (fake-github.ts for the App, fake-github-org.ts for org
 * scans): a GHES-style API under `/api/v3` on 127.0.0.1 and a codeload host under `/_codeload/`.
 * It checks every API exchange against GitHub's OpenAPI description (`problems`), records and
 * counts requests, and can behave like the real thing under load: latency, rate-limit headers,
 * a secondary rate limit every Nth request, injected faults. The fakes supply only routes.
 */

export interface ApiRequest {
  readonly method: string;
  /** The path below `/api/v3`, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A commit's files, for the codeload host to serve as `git archive` lays them out; null: 404. */
export interface ArchivedCommit {
  readonly sha: string;
  readonly files: Readonly<Record<string, string>>;
}

export interface FakeServerOptions {
  readonly api: (request: ApiRequest, server: FakeServer) => ApiAnswer;
  readonly codeload: (owner: string, repo: string, ref: string) => ArchivedCommit | null;
  /** Milliseconds added to every API answer: [min, max], drawn from a seeded sequence. */
  readonly latencyMs?: readonly [number, number];
  /** Every Nth GET (not counting conditional ones) is refused with a secondary rate limit; 0 = never. */
  readonly secondaryLimitEvery?: number;
  /** Check every exchange against the OpenAPI description (default on; costs CPU in benchmarks). */
  readonly checkOpenApi?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly at: number;
  readonly body: unknown;
}

export interface FakeServerStats {
  /** API requests, 304s included. */
  api: number;
  /** API requests answered 304 Not Modified (free against the rate limit). */
  notModified: number;
  /** Secondary rate-limit refusals sent. */
  secondaryLimited: number;
  /** Tarball downloads from the codeload host. */
  codeload: number;
  /** API requests by route template, e.g. `GET /repos/{owner}/{repo}/actions/secrets`. */
  byRoute: Record<string, number>;
  /** Most API requests ever in flight at once. */
  maxInFlight: number;
}

export interface FakeServer {
  /** `127.0.0.1:PORT`, for GHE_HOST. */
  readonly host: string;
  /** `http://127.0.0.1:PORT/api/v3`, the API root to hand a client. */
  readonly apiUrl: string;
  readonly origin: string;
  readonly problems: string[];
  readonly requests: RecordedRequest[];
  readonly stats: FakeServerStats;
  resetStats(): void;
  /** The next `times` requests matching answer `status` (403, 404, 5xx, rate limits), unchecked. */
  failNext(method: string, path: RegExp, status: number, options?: { times?: number; headers?: Record<string, string>; body?: unknown }): void;
  close(): Promise<void>;
}

export const NOT_FOUND: ApiAnswer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

/**
 * A listing answered as GitHub answers it to a conditional request: with an ETag, and a bodiless
 * 304 (free against the rate limit) when the client already holds that ETag.
 */
export function conditional(request: ApiRequest, body: unknown, headers: Record<string, string> = {}): ApiAnswer {
  const etag = `"${createHash("sha1").update(JSON.stringify(body)).digest("hex").slice(0, 20)}"`;
  if (request.headers["if-none-match"] === etag) return { status: 304, headers: { etag } };
  return { status: 200, body, headers: { etag, ...headers } };
}

interface Fault {
  readonly method: string;
  readonly path: RegExp;
  remaining: number;
  readonly answer: ApiAnswer;
}

const RATE_LIMIT = 12_500;

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const problems: string[] = [];
  const requests: RecordedRequest[] = [];
  const stats: FakeServerStats = { api: 0, notModified: 0, secondaryLimited: 0, codeload: 0, byRoute: {}, maxInFlight: 0 };
  const faults: Fault[] = [];
  const [minLatency, maxLatency] = options.latencyMs ?? [0, 0];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let inFlight = 0;
  let gets = 0;
  let remaining = RATE_LIMIT;
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  let origin = "";

  const answerApi = (request: ApiRequest): { answer: ApiAnswer; checked: boolean } => {
    const fault = faults.find((candidate) => candidate.remaining > 0 && candidate.method === request.method && candidate.path.test(request.path));
    if (fault) {
      fault.remaining -= 1;
      return { answer: fault.answer, checked: false };
    }
    if (request.method === "GET" && options.secondaryLimitEvery && !request.headers["if-none-match"] && ++gets % options.secondaryLimitEvery === 0) {
      stats.secondaryLimited += 1;
      const body = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" };
      return { answer: { status: 403, body, headers: { "retry-after": "1" } }, checked: true };
    }
    try {
      return { answer: options.api(request, server), checked: true };
    } catch (error) {
      problems.push(`fake GitHub crashed on ${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`);
      return { answer: { status: 500, body: { message: "fake GitHub crashed", documentation_url: "https://docs.github.com/rest" } }, checked: false };
    }
  };

  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", origin);
      if (url.pathname.startsWith("/_codeload/")) return serveCodeload(url, res);
      if (!url.pathname.startsWith("/api/v3/")) return send(res, NOT_FOUND);
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const request: ApiRequest = { method: (req.method ?? "GET").toUpperCase(), path: url.pathname.slice("/api/v3".length), query: url.searchParams, body, headers: req.headers };
      stats.api += 1;
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const { answer, checked } = answerApi(request);
      if (answer.status === 304) stats.notModified += 1;
      else remaining = Math.max(0, remaining - 1);
      const route = routeName(request.method, request.path);
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      requests.push({ method: request.method, path: request.path, status: answer.status, at: Date.now(), body });
      if (checked && options.checkOpenApi !== false) {
        problems.push(...checkGitHubExchange({ method: request.method, url: `${origin}${url.pathname}${url.search}`, requestBody: body, status: answer.status, responseBody: answer.body }, { baseUrl: `${origin}/api/v3` }));
      }
      const limits = { "x-ratelimit-limit": String(RATE_LIMIT), "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": reset, "x-ratelimit-used": String(RATE_LIMIT - remaining), "x-ratelimit-resource": "core" };
      const reply = () => {
        inFlight -= 1;
        send(res, { ...answer, headers: { ...limits, ...answer.headers } });
      };
      if (maxLatency > 0) setTimeout(reply, minLatency + (maxLatency - minLatency) * random());
      else reply();
    });
  });

  /** Like GitHub's codeload: `/_codeload/{owner}/{repo}/legacy.tar.gz/{ref}?token=…`, no rate limit. */
  const serveCodeload = (url: URL, res: ServerResponse) => {
    const match = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/.exec(url.pathname);
    const archived = match && url.searchParams.get("token") !== null ? options.codeload(match[1] as string, match[2] as string, decodeURIComponent(match[3] as string)) : null;
    if (!match || !archived) return send(res, { status: 404, body: "Not Found" });
    stats.codeload += 1;
    const tarball = gzipSync(repositoryTarball(`${match[1]}-${match[2]}-${archived.sha.slice(0, 7)}`, archived.files, archived.sha));
    res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(tarball.length) });
    res.end(tarball);
  };

  http.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  origin = `http://${host}`;
  const server: FakeServer = {
    host,
    origin,
    apiUrl: `${origin}/api/v3`,
    problems,
    requests,
    stats,
    resetStats() {
      Object.assign(stats, { api: 0, notModified: 0, secondaryLimited: 0, codeload: 0, byRoute: {}, maxInFlight: 0 });
    },
    failNext(method, path, status, fault = {}) {
      faults.push({ method, path, remaining: fault.times ?? 1, answer: { status, headers: fault.headers ?? {}, body: fault.body ?? { message: "fault injected by the test", documentation_url: "https://docs.github.com/rest" } } });
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}

/** The route template a request matched, for `stats.byRoute`. */
function routeName(method: string, path: string): string {
  return `${method} ${path
    .replace(/^\/orgs\/[^/]+/, "/orgs/{org}")
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/\/tarball\/.+$/, "/tarball/{ref}")
    .replace(/\/environments\/[^/]+/, "/environments/{environment_name}")
    .replace(/\/secrets\/[^/]+\/repositories$/, "/secrets/{secret_name}/repositories")
    .replace(/\/issues\/\d+$/, "/issues/{issue_number}")}`;
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  const { status, body, headers = {} } = answer;
  if (body === undefined || status === 304 || status === 302 || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json; charset=utf-8", ...headers });
  res.end(text);
}
