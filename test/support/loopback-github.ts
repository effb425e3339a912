import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkGitHubExchange } from "./openapi.js";

/**
 * A fake GitHub REST API on 127.0.0.1 for code under test that runs in another process (the
 * Action's bundle) or needs a real socket. Every exchange is checked against GitHub's OpenAPI
 * description; `problems` collects what did not conform and requests no route answered.
 *
 *   const github = await startLoopbackGitHub({ "GET /repos/o/r/actions/secrets": () => [200, body] });
 *   ... point GITHUB_API_URL at github.apiRoot ...
 *   expect(github.problems).toEqual([]);
 *   await github.close();
 */
export type Route = (url: URL, body: unknown) => readonly [status: number, body: unknown, headers?: Record<string, string>];

export interface LoopbackGitHub {
  /** `http://127.0.0.1:PORT/api/v3`: a GHES-style API root. */
  readonly apiRoot: string;
  readonly problems: string[];
  /** `METHOD /path?query authorization` per request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startLoopbackGitHub(routes: Readonly<Record<string, Route>>): Promise<LoopbackGitHub> {
  const problems: string[] = [];
  const requests: string[] = [];
  let apiRoot = "";
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const path = url.pathname.replace(/^\/api\/v3/, "");
      const method = request.method ?? "GET";
      requests.push(`${method} ${path}${url.search} ${request.headers.authorization ?? ""}`.trim());
      const requestBody = raw === "" ? undefined : (JSON.parse(raw) as unknown);
      // Octokit sends `/` inside a path parameter as %2F (contents/{path}); GitHub decodes it.
      const route = routes[`${method} ${decodeURIComponent(path)}`];
      const [status, body, headers] = route ? route(url, requestBody) : ([404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }] as const);
      if (!route) problems.push(`${method} ${path}: no route in the fake`);
      problems.push(...checkGitHubExchange({ method, url: `${apiRoot}${path}${url.search}`, requestBody, status, responseBody: body }, { baseUrl: apiRoot }));
      response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      response.end(body === undefined ? "" : JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  return { apiRoot, problems, requests, close: () => new Promise<void>((done) => server.close(() => done())) };
}
