import { createRequire } from "node:module";

/**
 * Response bodies the fake GitHubs build from GitHub's OpenAPI description's own examples, with
 * the fields that matter overridden, so they carry every required field.
 */

export type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const description = require("@octokit/openapi/generated/api.github.com.json") as { components: { examples: Record<string, { value: unknown }> } };

export function example<T = Json>(name: string): T {
  const found = description.components.examples[name];
  if (!found) throw new Error(`no example ${name}`);
  return structuredClone(found.value) as T;
}

/** `GET /app/installations` item for an organization installation. */
export function installationJson(id: number, login: string): Json {
  const template = (example<Json[]>("base-installation-items")[0] ?? {}) as Json;
  // The published example's account does not validate as a simple-user under the checker (an
  // anyOf with `nullable`); carrying the enterprise fields as well satisfies the other branch.
  const account = { ...(template["account"] as Json), login, type: "Organization", name: login, slug: login, created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" };
  return { ...template, id, target_type: "Organization", account };
}

/** `POST /app/installations/{id}/access_tokens`: a token good for an hour. */
export function installationTokenJson(id: number): Json {
  return { ...example<Json>("installation-token"), token: `ghs_fake${id}token`, expires_at: new Date(Date.now() + 3_600_000).toISOString() };
}

/** The dates every listed secret carries: last updated 2025-06-01 (rotation evidence). */
const SECRET_DATES = { created_at: "2024-01-10T09:00:00Z", updated_at: "2025-06-01T12:30:00Z" };

/** `GET …/secrets` of a repository, an environment or Dependabot: names and dates, never values. */
export function secretListJson(names: readonly string[]): Json {
  return { total_count: names.length, secrets: names.map((name) => ({ name, ...SECRET_DATES })) };
}

/** `GET /orgs/{org}/actions/secrets` item. */
export function orgSecretJson(apiUrl: string, org: string, secret: { readonly name: string; readonly visibility: string }): Json {
  return {
    name: secret.name,
    ...SECRET_DATES,
    visibility: secret.visibility,
    ...(secret.visibility === "selected" ? { selected_repositories_url: `${apiUrl}/orgs/${org}/actions/secrets/${secret.name}/repositories` } : {}),
  };
}

export interface RepositoryFacts {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly private: boolean;
  readonly archived: boolean;
  readonly defaultBranch: string;
  readonly pushedAt: string;
  /** Kilobytes; 0 for an empty repository. */
  readonly size: number;
}

/**
 * A `minimal-repository` (`GET /orgs/{org}/repos`), written out rather than cloned from the
 * description's example: an organization of a thousand repositories lists fast.
 */
export function minimalRepositoryJson(apiUrl: string, origin: string, repo: RepositoryFacts): Json {
  const { owner, name } = repo;
  const base = `${apiUrl}/repos/${owner}/${name}`;
  const user = (suffix: string) => `${apiUrl}/users/${owner}${suffix}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner, id: 1, node_id: "O_1", avatar_url: `${origin}/avatars/${owner}`, gravatar_id: "", type: "Organization", site_admin: false, url: user(""), html_url: `${origin}/${owner}`, followers_url: user("/followers"), following_url: user("/following{/other_user}"), gists_url: user("/gists{/gist_id}"), starred_url: user("/starred{/owner}{/repo}"), subscriptions_url: user("/subscriptions"), organizations_url: user("/orgs"), repos_url: user("/repos"), events_url: user("/events{/privacy}"), received_events_url: user("/received_events") },
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: `${origin}/${owner}/${name}`,
    description: null,
    fork: false,
    url: base,
    ...Object.fromEntries(URL_FIELDS.map(([field, suffix]) => [field, `${base}${suffix}`])),
    archived: repo.archived,
    disabled: false,
    size: repo.size,
    default_branch: repo.defaultBranch,
    pushed_at: repo.pushedAt,
    created_at: "2025-06-01T00:00:00Z",
    updated_at: repo.pushedAt,
  };
}

/** `GET /repos/{owner}/{repo}/environments` item. */
export function environmentJson(apiUrl: string, origin: string, repo: { readonly owner: string; readonly name: string }, name: string, index: number): Json {
  return {
    id: 7000 + index,
    node_id: `EN_${index}`,
    name,
    url: `${apiUrl}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(name)}`,
    html_url: `${origin}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
    created_at: "2025-06-01T00:00:00Z",
    updated_at: "2025-06-01T00:00:00Z",
    protection_rules: [],
    deployment_branch_policy: null,
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
