import { createHash } from "node:crypto";
import { answerIssues, type FakeIssue } from "./fake-github-issues.js";
import { installationJson, installationTokenJson } from "./fake-github-payloads.js";
import { conditional, NOT_FOUND, startFakeServer, type ApiAnswer, type FakeServerStats } from "./fake-github-server.js";

/**
 * A loopback GitHub Enterprise Server for org-wide scans: an organization of N generated
 * repositories behind `/api/v3`, with the latency, rate-limit headers, conditional requests and
 * occasional secondary rate limit of the real thing. Every API exchange is checked against
 * GitHub's OpenAPI description (`checkGitHubExchange`); `problems` lists what departed from it.
 *
 * Tarballs are served the way GitHub serves them: `GET /repos/{o}/{r}/tarball/{ref}` answers 302
 * with a `Location` on a codeload host (here `/_codeload/` on the same server), which counts
 * against no rate limit.
 */

export interface FakeRepo {
  readonly name: string;
  readonly archived: boolean;
  /** An empty repository: size 0, and its tarball is a 404. */
  readonly empty: boolean;
  readonly private: boolean;
  pushedAt: string;
  readonly files: Record<string, string>;
  /** Repository Actions secrets. */
  readonly secrets: string[];
  /** Environment name → its secrets. */
  readonly environments: Record<string, string[]>;
  /** Dependabot secrets. */
  readonly dependabotSecrets: string[];
}

export interface FakeOrgSecret {
  readonly name: string;
  readonly visibility: "all" | "private" | "selected";
  readonly repositories?: readonly string[];
}

export interface FakeGitHubOptions {
  readonly org?: string;
  readonly repos: number;
  /** Milliseconds added to every API answer: [min, max], drawn from a seeded sequence. */
  readonly latencyMs?: readonly [number, number];
  /** Every Nth API request (not counting 304s) is refused with a secondary rate limit; 0 = never. */
  readonly secondaryLimitEvery?: number;
  /** Check every exchange against the OpenAPI description (on in tests; costs CPU in benchmarks). */
  readonly checkOpenApi?: boolean;
  /** Serve the App's endpoints too: this organization installed the App under this id. */
  readonly installationId?: number;
  /** Secret stores the token may not read: GitHub answers their listings 403. */
  readonly deniedStores?: readonly ("actions" | "environments" | "dependabot")[];
}

export type FakeGitHubStats = FakeServerStats;

export interface FakeGitHub {
  readonly org: string;
  /** `http://127.0.0.1:PORT/api/v3`, the GHES API root to hand the client. */
  readonly apiUrl: string;
  readonly repos: FakeRepo[];
  readonly orgSecrets: FakeOrgSecret[];
  readonly stats: FakeGitHubStats;
  /** Exchanges that did not match GitHub's OpenAPI description. */
  readonly problems: string[];
  /** Issues created in the org's repositories, by repository name (`.github` for the dashboard). */
  readonly issues: Map<string, FakeIssue[]>;
  /** The organization uninstalls the App: it is no longer listed, and no token is minted for it. */
  uninstall(): void;
  /** Simulates a push: new pushed_at and a new commit. */
  push(repo: string, files?: Record<string, string>): void;
  resetStats(): void;
  close(): Promise<void>;
}

const TEAMS = ["@acme/iam", "@acme/platform", "@acme/payments", "@acme/data", "@acme/frontend", "@acme/mobile", "@acme/secops"];

/** A deterministic organization: the same N always gives the same repositories. */
export function generateOrg(count: number): { repos: FakeRepo[]; orgSecrets: FakeOrgSecret[] } {
  const repos: FakeRepo[] = [];
  for (let i = 0; i < count; i++) {
    const name = `service-${String(i).padStart(4, "0")}`;
    const team = TEAMS[i % TEAMS.length] as string;
    const deploys = i % 5 === 0;
    const files: Record<string, string> = {
      "README.md": `# ${name}\n\nOwned by ${team}.\n`,
      ".github/secretowners.yml": [
        "version: 1",
        "defaults:",
        "  rotation: 90d",
        '  revoker: "@acme/secops"',
        "rules:",
        '  - secrets: ["*"]',
        `    owner: "${team}"`,
        '    custodian: "@acme/platform"',
        '    backup: ["@acme/secops"]',
        `    purpose: "Deploys and operates ${name}"`,
        ...(i % 3 === 0 ? [] : ['  - secrets: ["NPM_TOKEN"]', `    owner: "${i % 2 === 0 ? "@acme/frontend" : team}"`]),
        "",
      ].join("\n"),
      ".github/workflows/ci.yml": [
        "on: [push, pull_request]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: npm ci && npm test",
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        `          SERVICE_API_KEY: \${{ secrets.${name.toUpperCase().replace(/-/g, "_")}_API_KEY }}`,
        ...(i % TEAMS.length === 4 ? ["          FIGMA_TOKEN: ${{ secrets.FIGMA_TOKEN }}"] : []),
        "",
      ].join("\n"),
      "src/index.js": `export const name = ${JSON.stringify(name)};\n`.repeat(40),
      "infra/main.tf": 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "x" "y" {\n  password = var.db_password\n}\n',
    };
    if (deploys) {
      files[".github/workflows/deploy.yml"] = [
        "on: push",
        "jobs:",
        ...["production", "staging"].flatMap((environment) => [
          `  deploy-${environment}:`,
          "    runs-on: ubuntu-latest",
          `    environment: ${environment}`,
          "    steps:",
          "      - run: ./deploy.sh",
          "        env:",
          "          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
          "          CLOUD_KEY: ${{ secrets.CLOUD_KEY }}",
        ]),
        "",
      ].join("\n");
    }
    if (i % 11 === 0) files["scripts/legacy.sh"] = `curl -H "Authorization: Bearer ghp_${createHash("sha256").update(name).digest("hex").slice(0, 36)}" https://api.github.com\n`;
    repos.push({
      name,
      archived: i % 50 === 49,
      empty: i % 40 === 13,
      private: i % 4 !== 0,
      pushedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      files,
      secrets: [`${name.toUpperCase().replace(/-/g, "_")}_API_KEY`, ...(deploys ? ["DEPLOY_TOKEN"] : [])],
      environments: {
        ...(deploys ? { production: i % 10 === 0 ? ["DEPLOY_TOKEN"] : [], staging: [] } : {}),
        // An environment no workflow deploys to: its secret is left over.
        ...(i % 7 === 3 ? { sandbox: ["SANDBOX_TOKEN"] } : {}),
      },
      dependabotSecrets: i % 6 === 1 ? ["NPM_REGISTRY_TOKEN"] : [],
    });
  }
  return {
    repos,
    orgSecrets: [
      { name: "NPM_TOKEN", visibility: "all" },
      { name: "FIGMA_TOKEN", visibility: "all" },
      { name: "CLOUD_KEY", visibility: "private" },
      { name: "SONAR_TOKEN", visibility: "selected", repositories: repos.slice(0, 3).map((repo) => repo.name) },
    ],
  };
}

const CREATED = "2025-06-01T00:00:00Z";

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const org = options.org ?? "acme";
  const { repos, orgSecrets } = generateOrg(options.repos);
  const byName = new Map(repos.map((repo) => [repo.name, repo]));
  const commits = new Map<string, string>(repos.map((repo) => [repo.name, sha(`${repo.name}:${repo.pushedAt}`)]));
  const issues: FakeGitHub["issues"] = new Map();
  let installed = options.installationId !== undefined;
  const server = await startFakeServer({
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    ...(options.secondaryLimitEvery ? { secondaryLimitEvery: options.secondaryLimitEvery } : {}),
    ...(options.checkOpenApi === false ? { checkOpenApi: false } : {}),
    codeload: (owner, name) => {
      const repo = owner === org ? byName.get(name) : undefined;
      return repo && !repo.empty ? { sha: commits.get(repo.name) as string, files: repo.files } : null;
    },
    api: (request): ApiAnswer => {
      const { method, path, query } = request;
      const api = (suffix: string) => `${server.apiUrl}${suffix}`;
      const origin = server.origin;
      let match: RegExpExecArray | null;
      if (options.installationId !== undefined && method === "GET" && path === "/app/installations") return { status: 200, body: installed ? [installationJson(options.installationId, org)] : [] };
      if (installed && method === "POST" && path === `/app/installations/${options.installationId}/access_tokens`) return { status: 201, body: installationTokenJson(options.installationId as number) };
      if (method === "GET" && (match = /^\/orgs\/([^/]+)\/repos$/.exec(path)) && match[1] === org) {
        const perPage = Number(query.get("per_page") ?? 30);
        const page = Number(query.get("page") ?? 1);
        const slice = repos.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(repos.length / perPage));
        const links = [page < last ? `<${api(path)}?per_page=${perPage}&page=${page + 1}>; rel="next"` : null, `<${api(path)}?per_page=${perPage}&page=${last}>; rel="last"`].filter(Boolean).join(", ");
        return conditional(request, slice.map((repo) => minimalRepository(repo, repos.indexOf(repo))), { link: links });
      }
      if (method === "GET" && (match = /^\/orgs\/([^/]+)\/actions\/secrets$/.exec(path)) && match[1] === org) {
        return conditional(request, {
          total_count: orgSecrets.length,
          secrets: orgSecrets.map((secret) => ({
            name: secret.name,
            created_at: CREATED,
            updated_at: CREATED,
            visibility: secret.visibility,
            ...(secret.visibility === "selected" ? { selected_repositories_url: api(`/orgs/${org}/actions/secrets/${secret.name}/repositories`) } : {}),
          })),
        });
      }
      if (method === "GET" && (match = /^\/orgs\/([^/]+)\/actions\/secrets\/([^/]+)\/repositories$/.exec(path)) && match[1] === org) {
        const secret = orgSecrets.find((item) => item.name === match?.[2]);
        if (!secret) return NOT_FOUND;
        const selected = (secret.repositories ?? []).map((name) => byName.get(name)).filter((repo): repo is FakeRepo => repo !== undefined);
        return conditional(request, { total_count: selected.length, repositories: selected.map((repo) => minimalRepository(repo, repos.indexOf(repo))) });
      }
      if (!(match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path)) || match[1] !== org) return NOT_FOUND;
      const repoName = match[2] as string;
      const rest = match[3] as string;
      const repo = byName.get(repoName);
      // The org's `.github` repository holds the dashboard issue; it has no files of interest.
      if (!repo && !(repoName === ".github" && rest.startsWith("/issues"))) return NOT_FOUND;
      if (method === "GET" && repo && (match = /^\/tarball\/(.+)$/.exec(rest))) {
        if (repo.empty) return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#download-a-repository-archive-tar" } };
        return { status: 302, headers: { location: `${origin}/_codeload/${org}/${repo.name}/legacy.tar.gz/${match[1]}?token=short-lived` } };
      }
      const denied = (store: NonNullable<FakeGitHubOptions["deniedStores"]>[number]) => options.deniedStores?.includes(store) === true;
      const forbidden: ApiAnswer = { status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" } };
      if (method === "GET" && repo && (rest === "/actions/secrets" || rest === "/dependabot/secrets")) {
        if (denied(rest === "/actions/secrets" ? "actions" : "dependabot")) return forbidden;
        const names = rest === "/actions/secrets" ? repo.secrets : repo.dependabotSecrets;
        return conditional(request, { total_count: names.length, secrets: names.map((name) => ({ name, created_at: CREATED, updated_at: CREATED })) });
      }
      if (method === "GET" && repo && rest === "/environments") {
        if (denied("environments")) return forbidden;
        const names = Object.keys(repo.environments);
        return conditional(request, { total_count: names.length, environments: names.map((name, index) => environmentJson(repo, name, index)) });
      }
      if (method === "GET" && repo && (match = /^\/environments\/([^/]+)\/secrets$/.exec(rest))) {
        const names = repo.environments[decodeURIComponent(match[1] as string)];
        if (names === undefined) return NOT_FOUND;
        return conditional(request, { total_count: names.length, secrets: names.map((name) => ({ name, created_at: CREATED, updated_at: CREATED })) });
      }
      if (rest.startsWith("/issues")) {
        if (!issues.has(repoName)) issues.set(repoName, []);
        const answer = answerIssues(request, rest, { owner: org, name: repoName, issues: issues.get(repoName) as FakeIssue[] }, server.apiUrl);
        if (answer) return answer;
      }
      return NOT_FOUND;
    },
  });
  const api = (path: string) => `${server.apiUrl}${path}`;

  const environmentJson = (repo: FakeRepo, name: string, index: number) => ({
    id: 7000 + index,
    node_id: `EN_${index}`,
    name,
    url: api(`/repos/${org}/${repo.name}/environments/${encodeURIComponent(name)}`),
    html_url: `${server.origin}/${org}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
    created_at: CREATED,
    updated_at: CREATED,
    protection_rules: [],
    deployment_branch_policy: null,
  });

  const minimalRepository = (repo: FakeRepo, index: number) => {
    const base = api(`/repos/${org}/${repo.name}`);
    const origin = server.origin;
    return {
      id: 1000 + index,
      node_id: `R_${1000 + index}`,
      name: repo.name,
      full_name: `${org}/${repo.name}`,
      owner: { login: org, id: 1, node_id: "O_1", avatar_url: `${origin}/avatars/${org}`, gravatar_id: "", type: "Organization", site_admin: false, url: api(`/users/${org}`), html_url: `${origin}/${org}`, followers_url: api(`/users/${org}/followers`), following_url: api(`/users/${org}/following{/other_user}`), gists_url: api(`/users/${org}/gists{/gist_id}`), starred_url: api(`/users/${org}/starred{/owner}{/repo}`), subscriptions_url: api(`/users/${org}/subscriptions`), organizations_url: api(`/users/${org}/orgs`), repos_url: api(`/users/${org}/repos`), events_url: api(`/users/${org}/events{/privacy}`), received_events_url: api(`/users/${org}/received_events`) },
      private: repo.private,
      visibility: repo.private ? "private" : "public",
      html_url: `${origin}/${org}/${repo.name}`,
      description: null,
      fork: false,
      url: base,
      ...Object.fromEntries(URL_FIELDS.map(([field, suffix]) => [field, `${base}${suffix}`])),
      archived: repo.archived,
      disabled: false,
      size: repo.empty ? 0 : 12 + (index % 400),
      default_branch: "main",
      pushed_at: repo.pushedAt,
      created_at: CREATED,
      updated_at: repo.pushedAt,
    };
  };

  return {
    org,
    apiUrl: server.apiUrl,
    repos,
    orgSecrets,
    stats: server.stats,
    problems: server.problems,
    issues,
    uninstall() {
      installed = false;
    },
    push(name, files) {
      const repo = byName.get(name);
      if (!repo) throw new Error(`no repository ${name}`);
      repo.pushedAt = new Date(Date.parse(repo.pushedAt) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      Object.assign(repo.files, files ?? {});
      commits.set(name, sha(`${name}:${repo.pushedAt}`));
    },
    resetStats: () => server.resetStats(),
    close: () => server.close(),
  };
}

const URL_FIELDS: readonly (readonly [string, string])[] = [
  ["archive_url", "/{archive_format}{/ref}"],
  ["assignees_url", "/assignees{/user}"],
  ["blobs_url", "/git/blobs{/sha}"],
  ["branches_url", "/branches{/branch}"],
  ["collaborators_url", "/collaborators{/collaborator}"],
  ["comments_url", "/comments{/number}"],
  ["commits_url", "/commits{/sha}"],
  ["compare_url", "/compare/{base}...{head}"],
  ["contents_url", "/contents/{+path}"],
  ["contributors_url", "/contributors"],
  ["deployments_url", "/deployments"],
  ["downloads_url", "/downloads"],
  ["events_url", "/events"],
  ["forks_url", "/forks"],
  ["git_commits_url", "/git/commits{/sha}"],
  ["git_refs_url", "/git/refs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"],
  ["hooks_url", "/hooks"],
  ["issue_comment_url", "/issues/comments{/number}"],
  ["issue_events_url", "/issues/events{/number}"],
  ["issues_url", "/issues{/number}"],
  ["keys_url", "/keys{/key_id}"],
  ["labels_url", "/labels{/name}"],
  ["languages_url", "/languages"],
  ["merges_url", "/merges"],
  ["milestones_url", "/milestones{/number}"],
  ["notifications_url", "/notifications{?since,all,participating}"],
  ["pulls_url", "/pulls{/number}"],
  ["releases_url", "/releases{/id}"],
  ["stargazers_url", "/stargazers"],
  ["statuses_url", "/statuses/{sha}"],
  ["subscribers_url", "/subscribers"],
  ["subscription_url", "/subscription"],
  ["tags_url", "/tags"],
  ["teams_url", "/teams"],
  ["trees_url", "/git/trees{/sha}"],
];

function sha(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
