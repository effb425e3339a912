import { createHash } from "node:crypto";
import { answerIssues, type FakeIssue } from "./fake-github-issues.js";
import { example, installationJson, installationTokenJson, type Json } from "./fake-github-payloads.js";
import { startFakeServer, type ApiRequest, type FakeServer, type RecordedRequest } from "./fake-github-server.js";

/**
 * A loopback GitHub for end-to-end tests of the App: enough of the REST API (repositories, commits
 * as trees, blobs and tarballs, compare, check runs, issues, teams, members, secrets, installation tokens),
 * held in memory, reached through GHE_HOST=127.0.0.1:PORT as a GHES would be. Every exchange is
 * checked against GitHub's OpenAPI description (`@octokit/openapi`): a departure is recorded in
 * `problems`, which each test asserts is empty. Responses are built from the description's own
 * examples with the fields that matter overridden, so they carry every required field.
 */

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string } | null;
  /** Every annotation sent, across the create and update requests. */
  annotations: { path: string; start_line: number; end_line: number; annotation_level: string; message: string; title?: string }[];
  /** Annotations per request, to see batching. */
  annotationBatches: number[];
}

export interface FakeRepository {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly defaultBranch: string;
  /** commit sha → files. */
  readonly commits: Map<string, Record<string, string>>;
  readonly branches: Map<string, string>;
  readonly issues: FakeIssue[];
  readonly checkRuns: FakeCheckRun[];
  readonly secrets: string[];
}

export type { FakeIssue, RecordedRequest };

export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A deterministic 40-hex commit id for a file set. */
export function commitSha(files: Record<string, string>): string {
  return createHash("sha1").update(JSON.stringify(Object.entries(files).sort())).digest("hex");
}

export class FakeGitHub {
  readonly repositories = new Map<string, FakeRepository>();
  /** Teams that exist, `org/slug` lower-case; members, `org/login`. */
  readonly teams = new Set<string>();
  readonly members = new Set<string>();
  /** Installations `GET /app/installations` lists (id and organization login). */
  readonly installations: { id: number; account: string }[] = [];
  /** What `GET /installation/repositories` lists: these repositories, or all when null. */
  installedRepositories: Set<string> | null = null;
  #server: FakeServer | null = null;
  #nextId = 1000;

  get #http(): FakeServer {
    if (!this.#server) throw new Error("the fake GitHub is not started");
    return this.#server;
  }

  get host(): string {
    return this.#http.host;
  }

  get baseUrl(): string {
    return this.#http.apiUrl;
  }

  get requests(): RecordedRequest[] {
    return this.#http.requests;
  }

  get problems(): string[] {
    return this.#http.problems;
  }

  /**
   * Tarballs served by the codeload host. Like GitHub, `GET /repos/{o}/{r}/tarball/{ref}` answers
   * 302 to codeload (here `/_codeload/` on this server), whose downloads are not API requests.
   */
  get codeloadDownloads(): number {
    return this.#http.stats.codeload;
  }

  async start(): Promise<void> {
    this.#server = await startFakeServer({
      api: (request) => {
        const [status, body, headers = {}] = this.#route(request);
        return { status, body, headers };
      },
      codeload: (owner, name, ref) => {
        const repo = this.#repo(owner, name);
        const sha = repo?.branches.get(ref) ?? ref;
        const files = repo?.commits.get(sha);
        return files ? { sha, files } : null;
      },
    });
  }

  async stop(): Promise<void> {
    await this.#server?.close();
  }

  addRepository(owner: string, name: string, files: Record<string, string>, defaultBranch = "main"): FakeRepository {
    const sha = commitSha(files);
    const repo: FakeRepository = {
      owner,
      name,
      id: this.#nextId++,
      defaultBranch,
      commits: new Map([[sha, files]]),
      branches: new Map([[defaultBranch, sha]]),
      issues: [],
      checkRuns: [],
      secrets: [],
    };
    this.repositories.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  /** Adds a commit; moves `branch` to it when given. */
  commit(repo: FakeRepository, files: Record<string, string>, branch?: string): string {
    const sha = commitSha(files);
    repo.commits.set(sha, files);
    if (branch) repo.branches.set(branch, sha);
    return sha;
  }

  /** The next `times` requests matching answer `status` (403, 404, 5xx, rate limits). */
  failNext(method: string, path: RegExp, status: number, options: { times?: number; headers?: Record<string, string>; body?: unknown } = {}): void {
    this.#http.failNext(method, path, status, options);
  }

  /** Requests other than token creation: what the App itself asked. */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.path.endsWith("/access_tokens"));
  }

  #repo(owner: string, name: string): FakeRepository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  #route(request: ApiRequest): [number, unknown, Record<string, string>?] {
    const { method, path, query } = request;
    const body = request.body as Json | undefined;
    const notFound: [number, unknown] = [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
    let m: RegExpExecArray | null;
    if (method === "POST" && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return [201, installationTokenJson(Number(m[1]))];
    }
    if (method === "GET" && path === "/app/installations") {
      return [200, this.installations.map(({ id, account }) => installationJson(id, account))];
    }
    if (method === "GET" && path === "/installation/repositories") {
      const repositories = [...this.repositories.entries()]
        .filter(([key]) => this.installedRepositories === null || this.installedRepositories.has(key))
        .map(([, repo]) => this.#repositoryJson(repo));
      return [200, { total_count: repositories.length, repositories }];
    }
    if (method === "GET" && (m = /^\/orgs\/([^/]+)\/teams\/([^/]+)$/.exec(path))) {
      if (!this.teams.has(`${m[1]}/${m[2]}`.toLowerCase())) return notFound;
      const team = example<Json>("team-full");
      return [200, { ...team, type: "organization", slug: m[2], organization: { ...(team["organization"] as Json), login: m[1], archived_at: null } }];
    }
    if (method === "GET" && (m = /^\/orgs\/([^/]+)\/members\/([^/]+)$/.exec(path))) {
      return this.members.has(`${m[1]}/${m[2]}`.toLowerCase()) ? [204, undefined] : notFound;
    }
    if (!(m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path))) return notFound;
    const repo = this.#repo(m[1] as string, m[2] as string);
    if (!repo) return notFound;
    const rest = m[3] ?? "";
    if (method === "GET" && rest === "") return [200, this.#repositoryJson(repo, true)];
    if (method === "GET" && (m = /^\/branches\/(.+)$/.exec(rest))) {
      const sha = repo.branches.get(decodeURIComponent(m[1] as string));
      if (!sha) return notFound;
      const branch = example<Json>("branch-with-protection");
      const protection = { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } };
      return [200, { ...branch, name: m[1], protected: false, protection, commit: { ...(branch["commit"] as Json), sha } }];
    }
    if (method === "GET" && (m = /^\/git\/trees\/([^/]+)$/.exec(rest))) {
      // Like GitHub, a branch name works as well as a commit id.
      const files = repo.commits.get(repo.branches.get(decodeURIComponent(m[1] as string)) ?? (m[1] as string));
      if (!files) return notFound;
      const tree = Object.entries(files).map(([file, text]) => ({ path: file, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text), url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/git/blobs/${gitBlobSha(text)}` }));
      return [200, { sha: m[1], url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/git/trees/${m[1]}`, tree, truncated: false }];
    }
    if (method === "GET" && (m = /^\/tarball\/(.+)$/.exec(rest))) {
      // Like GitHub: a redirect to a short-lived codeload URL; an unknown ref is a 404.
      const ref = decodeURIComponent(m[1] as string);
      if (!repo.commits.has(repo.branches.get(ref) ?? ref)) return notFound;
      return [302, undefined, { location: `http://${this.host}/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${encodeURIComponent(ref)}?token=short-lived` }];
    }
    if (method === "GET" && (m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest))) {
      for (const files of repo.commits.values()) {
        for (const text of Object.values(files)) {
          if (gitBlobSha(text) !== m[1]) continue;
          return [200, { ...example<Json>("blob"), sha: m[1], size: Buffer.byteLength(text), content: Buffer.from(text).toString("base64"), encoding: "base64", url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/git/blobs/${m[1]}` }];
        }
      }
      return notFound;
    }
    if (method === "GET" && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const ref = query.get("ref") ?? (repo.branches.get(repo.defaultBranch) as string);
      const sha = repo.branches.get(ref) ?? ref;
      const text = repo.commits.get(sha)?.[decodeURIComponent(m[1] as string)];
      if (text === undefined) return notFound;
      return [200, { ...example<Json>("content-file"), path: m[1], name: (m[1] as string).split("/").pop(), sha: gitBlobSha(text), size: Buffer.byteLength(text), content: Buffer.from(text).toString("base64"), encoding: "base64" }];
    }
    if (method === "GET" && (m = /^\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(rest))) {
      const before = repo.commits.get(m[1] as string);
      const after = repo.commits.get(m[2] as string);
      if (!before || !after) return notFound;
      const files = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .sort()
        .filter((file) => before[file] !== after[file])
        .map((file) => ({
          sha: gitBlobSha(after[file] ?? before[file] ?? ""),
          filename: file,
          status: before[file] === undefined ? "added" : after[file] === undefined ? "removed" : "modified",
          additions: 1,
          deletions: 0,
          changes: 1,
          blob_url: `http://${this.host}/${repo.owner}/${repo.name}/blob/${m?.[2]}/${file}`,
          raw_url: `http://${this.host}/${repo.owner}/${repo.name}/raw/${m?.[2]}/${file}`,
          contents_url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/contents/${file}`,
        }));
      const comparison = example<Json>("commit-comparison");
      return [200, { ...comparison, merge_base_commit: { ...(comparison["merge_base_commit"] as Json), sha: m[1] }, files }];
    }
    if (method === "GET" && ["/actions/secrets", "/actions/organization-secrets", "/dependabot/secrets"].includes(rest)) {
      const names = rest === "/actions/secrets" ? repo.secrets : [];
      return [200, { total_count: names.length, secrets: names.map((name) => ({ name, created_at: "2024-01-10T09:00:00Z", updated_at: "2025-06-01T12:30:00Z" })) }];
    }
    if (method === "GET" && rest === "/environments") return [200, { total_count: 0, environments: [] }];
    if (method === "POST" && rest === "/check-runs") {
      const run: FakeCheckRun = { id: this.#nextId++, name: String(body?.["name"]), head_sha: String(body?.["head_sha"]), status: String(body?.["status"] ?? "queued"), conclusion: null, output: null, annotations: [], annotationBatches: [] };
      this.#applyCheckRun(run, body ?? {});
      repo.checkRuns.push(run);
      return [201, this.#checkRunJson(repo, run)];
    }
    if (method === "PATCH" && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = repo.checkRuns.find((candidate) => candidate.id === Number(m?.[1]));
      if (!run) return notFound;
      this.#applyCheckRun(run, body ?? {});
      return [200, this.#checkRunJson(repo, run)];
    }
    const issues = answerIssues(request, rest, repo, this.baseUrl);
    if (issues) return [issues.status, issues.body, issues.headers];
    return notFound;
  }

  #applyCheckRun(run: FakeCheckRun, body: Json): void {
    if (body["status"] !== undefined) run.status = String(body["status"]);
    if (body["conclusion"] !== undefined) run.conclusion = String(body["conclusion"]);
    const output = body["output"] as (FakeCheckRun["output"] & { annotations?: FakeCheckRun["annotations"] }) | undefined;
    if (output) {
      const { annotations = [], ...rest } = output;
      run.output = rest;
      run.annotations.push(...annotations);
      run.annotationBatches.push(annotations.length);
    }
  }

  #repositoryJson(repo: FakeRepository, full = false): Json {
    const base = example<Json>(full ? "full-repository" : "repository-paginated");
    if (full) base["has_discussions"] = false;
    const template = full ? base : ((base["repositories"] as Json[])[0] as Json);
    return {
      ...template,
      id: repo.id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      default_branch: repo.defaultBranch,
      archived: false,
      disabled: false,
      owner: { ...(template["owner"] as Json), login: repo.owner, type: "Organization" },
    };
  }

  #checkRunJson(repo: FakeRepository, run: FakeCheckRun): Json {
    const base = example<Json>("check-run");
    return {
      ...base,
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      output: { ...(base["output"] as Json), title: run.output?.title ?? null, summary: run.output?.summary ?? null, text: run.output?.text ?? null, annotations_count: run.annotations.length },
      url: `${this.baseUrl}/repos/${repo.owner}/${repo.name}/check-runs/${run.id}`,
    };
  }
}
