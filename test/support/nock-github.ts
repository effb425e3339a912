import nock from "nock";
import { checkGitHubExchange } from "./openapi.js";

/**
 * A nock scope for the GitHub API whose every intercepted exchange is checked against GitHub's
 * OpenAPI description (see openapi.ts). `done()` fails the test when an exchange did not conform,
 * when a request matched no mock, or when a mock was never used.
 *
 *   const github = mockGitHub();
 *   github.scope.get(github.path("/repos/o/r/actions/secrets")).query({ per_page: 100 }).reply(200, body);
 *   ... run the code ...
 *   github.done();
 *
 * Replies must be static (`reply(status, body, headers)`) so the checker sees what is sent.
 */
export interface GitHubMock {
  readonly scope: nock.Scope;
  /** The API root handed to the client under test. */
  readonly baseUrl: string;
  /** `path("/repos/o/r")` with the base URL's path (`/api/v3` on GHES) in front. */
  path(path: string): string;
  /** Everything that departed from the description so far. */
  readonly problems: readonly string[];
  /** Asserts every exchange conformed and every mock was used, then removes the mocks. */
  done(): void;
}

export function mockGitHub(baseUrl = "https://api.github.com"): GitHubMock {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, "");
  const problems: string[] = [];
  nock.disableNetConnect();
  const scope = nock(url.origin);
  scope.on("request", (req: { method: string; path: string }, interceptor: { statusCode: number | null; body: unknown }, body: string) => {
    if (typeof interceptor.statusCode !== "number") {
      problems.push(`${req.method} ${req.path}: reply with a static status and body so the OpenAPI check can see them`);
      return;
    }
    problems.push(
      ...checkGitHubExchange(
        {
          method: req.method,
          url: `${url.origin}${req.path}`,
          requestBody: parseBody(body),
          status: interceptor.statusCode,
          responseBody: parseBody(interceptor.body),
        },
        { baseUrl },
      ),
    );
  });
  const onNoMatch = (req: { method?: string; path?: string; href?: string }) => {
    problems.push(`${req.method ?? "?"} ${req.path ?? req.href ?? "?"}: no mock matched this request`);
  };
  nock.emitter.on("no match", onNoMatch);
  return {
    scope,
    baseUrl,
    path: (path) => `${prefix}${path}`,
    problems,
    done() {
      nock.emitter.removeListener("no match", onNoMatch);
      const pending = scope.pendingMocks();
      nock.cleanAll();
      nock.enableNetConnect();
      const failures = [...problems, ...pending.map((mock) => `mock never used: ${mock}`)];
      if (failures.length > 0) throw new Error(`simulated GitHub API:\n- ${failures.join("\n- ")}`);
    },
  };
}

function parseBody(body: unknown): unknown {
  if (body === undefined || body === null || body === "") return undefined;
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
