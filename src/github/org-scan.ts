import type { ScanResult, Severity, StoredSecret } from "../core/model.js";
import type { OrgScanResult, RepoOutcome, RepoResult } from "../core/org.js";
import { evaluateOrg } from "../core/policy/evaluate-org.js";
import type { OrganizationSecret, OrgRepository } from "../core/policy/rule.js";
import { formatIsoDate } from "../core/manifest/text.js";
import { dayOf } from "../core/policy/rules/rotation-evidence.js";
import { VERSION } from "../version.js";
import { describeRequestError, httpStatus, type GitHubClient } from "./client.js";
import type { OrgScanCache } from "./org-cache.js";
import { deniedMessage, isPermissionFailure, listStoredSecrets, type ListPages, type SecretListing, type SecretListingNotice } from "./secrets.js";
import { downloadTarball, scanRepositoryTarball, TarballError, type ScannedTarball } from "./tarball.js";

/**
 * Scans every repository of an organization, cheaply: the secrets GitHub holds for each are listed
 * (with a cache, as conditional requests: a 304 is free against the rate limit), and a repository
 * whose push, secrets or dated verdicts changed since the last run costs one tarball (streamed
 * through the scanner, never written to disk); an unchanged one, nothing more. Rate limits are waited out by the
 * client (src/github/client.ts); one repository's failure is recorded and the scan goes on.
 */

/** A repository as the organization's listing shows it. */
export interface OrgRepoInfo {
  readonly owner: string;
  readonly repo: string;
  /** `owner/name`. */
  readonly name: string;
  readonly archived: boolean;
  readonly disabled: boolean;
  readonly private: boolean;
  /** Kilobytes; 0 for an empty repository. */
  readonly size: number;
  readonly pushedAt: string | null;
  readonly defaultBranch: string;
}

export interface RepoScanSettings {
  readonly maxFileBytes?: number;
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  /** Accepted fingerprints; a list, so the settings travel as JSON in a queue job. */
  readonly baseline?: readonly string[];
}

/** One repository's scan, as a queue job returns it (plain JSON). */
export interface RepoScan {
  readonly outcome: RepoOutcome;
  readonly result: ScanResult | null;
  /** What GitHub holds for it: its own, its environments', its Dependabot and the organization secrets it sees. */
  readonly storedSecrets: readonly StoredSecret[];
  /** Secret stores the token may not read here; the organization's notices name the permission once. */
  readonly denied?: readonly DeniedStore[];
}

export interface DeniedStore {
  readonly store: SecretListingNotice["store"];
  readonly reason: string;
}

export interface OrgScanProgress {
  readonly done: number;
  readonly total: number;
  readonly outcome: RepoOutcome;
}

/** What every repository's scan of one run shares; plain JSON, so a queue job can carry it. */
export interface RepoJobContext {
  readonly org: string;
  readonly orgSecrets: OrgSecrets;
  readonly settings: RepoScanSettings;
}

/**
 * Scans every repository and calls `onDone` as each finishes: in this process by default
 * (`inProcessRunner`), or through a BullMQ queue with REDIS_URL (src/github/queue.ts).
 */
export type RepoRunner = (repos: readonly OrgRepoInfo[], context: RepoJobContext, onDone: (scan: RepoScan) => void) => Promise<RepoScan[]>;

export interface OrgScanOptions extends RepoScanSettings {
  readonly client: GitHubClient;
  readonly org: string;
  /** Repositories scanned at once (default 4). */
  readonly concurrency?: number;
  readonly cache?: OrgScanCache | null;
  readonly onProgress?: (progress: OrgScanProgress) => void;
  readonly runner?: RepoRunner;
  /** "Today" for the date rules (rotation, review) and the cache (default: the clock). */
  readonly now?: Date;
}

/** The organization's secrets and which repositories each reaches; null when they could not be listed. */
export interface OrgSecrets {
  readonly secrets: readonly OrganizationSecret[];
  readonly notice: string | null;
}

/** Thrown when the organization itself cannot be listed: nothing can be scanned (exit 2). */
export class OrgScanError extends Error {
  override name = "OrgScanError";
}

const PER_PAGE = 100;

/**
 * The one function the CLI and the App call: lists the organization, scans each repository through
 * `runner` and runs the cross-repository checks.
 */
export async function scanOrganization(options: OrgScanOptions): Promise<OrgScanResult> {
  const { client, org } = options;
  const cache = options.cache ?? null;
  const repos = await listOrgRepositories(client, org, cache);
  const orgSecrets = await listOrganizationSecrets(client, org, cache);
  const runner = options.runner ?? inProcessRunner(client, cache, options.concurrency ?? 4, options.now);
  const settings: RepoScanSettings = {
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    ...(options.severities ? { severities: options.severities } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
  let done = 0;
  const scans = await runner(
    repos,
    { org, orgSecrets, settings },
    (scan) => {
      done += 1;
      options.onProgress?.({ done, total: repos.length, outcome: scan.outcome });
    },
  );
  return assembleOrgScan(org, repos, orgSecrets, scans, settings);
}

/** Puts per-repository scans together and runs the cross-repository checks; pure. */
export function assembleOrgScan(org: string, repos: readonly OrgRepoInfo[], orgSecrets: OrgSecrets, scans: readonly RepoScan[], settings: RepoScanSettings = {}): OrgScanResult {
  const byName = new Map(scans.map((scan) => [scan.outcome.name, scan]));
  const ordered = [...repos].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const results: RepoResult[] = [];
  const repositories: OrgRepository[] = [];
  for (const repo of ordered) {
    const scan = byName.get(repo.name);
    if (!scan?.result) continue;
    results.push({ repo: repo.name, result: scan.result, storedSecrets: scan.storedSecrets });
    repositories.push({ name: repo.name, secrets: scan.result.secrets, storedSecrets: scan.storedSecrets });
  }
  const active = repos.filter((repo) => !repo.archived);
  const findings = evaluateOrg(
    { org, repositories, organizationSecrets: orgSecrets.secrets, repositoryCount: { all: active.length, private: active.filter((repo) => repo.private).length } },
    { ...(settings.severities ? { severities: settings.severities } : {}), ...(settings.baseline ? { baseline: new Set(settings.baseline) } : {}) },
  );
  return {
    org,
    repos: ordered.map((repo) => byName.get(repo.name)?.outcome ?? { name: repo.name, scanned: false, skipped: null, error: "not scanned: the queue returned no result" }),
    results,
    findings,
    notices: [...(orgSecrets.notice === null ? [] : [orgSecrets.notice]), ...deniedNotices(scans)],
  };
}

/** One notice per secret store the token may not read, however many repositories it failed in. */
function deniedNotices(scans: readonly RepoScan[]): string[] {
  const byStore = new Map<SecretListingNotice["store"], { repos: string[]; reason: string }>();
  const sorted = [...scans].sort((a, b) => (a.outcome.name < b.outcome.name ? -1 : a.outcome.name > b.outcome.name ? 1 : 0));
  for (const scan of sorted) {
    for (const denied of scan.denied ?? []) {
      const entry = byStore.get(denied.store) ?? { repos: [], reason: denied.reason };
      entry.repos.push(scan.outcome.name);
      byStore.set(denied.store, entry);
    }
  }
  return [...byStore]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([store, { repos, reason }]) => {
      const where = repos.length === 1 ? (repos[0] as string) : `${repos.length} repositories (${repos.slice(0, 3).join(", ")}${repos.length > 3 ? ", …" : ""})`;
      return deniedMessage(store, where, reason);
    });
}

/** A bounded pool in this process: at most `concurrency` repositories in flight. */
export function inProcessRunner(client: GitHubClient, cache: OrgScanCache | null, concurrency: number, now?: Date): RepoRunner {
  return async (repos, context, onDone) => {
    const scan = (repo: OrgRepoInfo) => scanRepository(client, repo, { orgSecrets: context.orgSecrets, cache, settings: context.settings, ...(now ? { now } : {}) });
    const results: RepoScan[] = new Array(repos.length);
    let next = 0;
    const worker = async () => {
      while (next < repos.length) {
        const index = next++;
        const result = await scan(repos[index] as OrgRepoInfo);
        results[index] = result;
        onDone(result);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, repos.length)) }, worker));
    return results;
  };
}

interface ApiRepository {
  readonly name: string;
  readonly full_name: string;
  readonly owner: { readonly login: string };
  readonly archived?: boolean;
  readonly disabled?: boolean;
  readonly private: boolean;
  readonly size?: number;
  readonly pushed_at?: string | null;
  readonly default_branch?: string;
}

export async function listOrgRepositories(client: GitHubClient, org: string, cache: OrgScanCache | null): Promise<OrgRepoInfo[]> {
  try {
    const items = await listAllPages<ApiRepository>(client, cache, "GET /orgs/{org}/repos", { org, type: "all" }, (data) => data as ApiRepository[]);
    return items.map((item) => ({
      owner: item.owner.login,
      repo: item.name,
      name: item.full_name,
      archived: item.archived === true,
      disabled: item.disabled === true,
      private: item.private,
      size: item.size ?? 0,
      pushedAt: item.pushed_at ?? null,
      defaultBranch: item.default_branch ?? "HEAD",
    }));
  } catch (error) {
    const status = httpStatus(error);
    const hint = status === 404 ? ": no such organization, or the token cannot see it" : status === 401 ? ": the token was refused; check GITHUB_TOKEN or --token" : "";
    throw new OrgScanError(`cannot list the repositories of ${org} (${describeRequestError(error)})${hint}`);
  }
}

interface ApiOrgSecret {
  readonly name: string;
  readonly visibility: "all" | "private" | "selected";
  readonly created_at?: string;
  readonly updated_at?: string;
}

export async function listOrganizationSecrets(client: GitHubClient, org: string, cache: OrgScanCache | null): Promise<OrgSecrets> {
  try {
    const listed = await listAllPages<ApiOrgSecret>(client, cache, "GET /orgs/{org}/actions/secrets", { org }, (data) => (data as { secrets: ApiOrgSecret[] }).secrets);
    const secrets: OrganizationSecret[] = [];
    for (const secret of listed) {
      const dates = { ...(secret.created_at ? { createdAt: secret.created_at } : {}), ...(secret.updated_at ? { updatedAt: secret.updated_at } : {}) };
      if (secret.visibility !== "selected") {
        secrets.push({ name: secret.name, visibility: secret.visibility, ...dates });
        continue;
      }
      const repositories = await listAllPages<ApiRepository>(
        client,
        cache,
        "GET /orgs/{org}/actions/secrets/{secret_name}/repositories",
        { org, secret_name: secret.name },
        (data) => (data as { repositories: ApiRepository[] }).repositories,
      );
      secrets.push({ name: secret.name, visibility: "selected", repositories: repositories.map((repo) => repo.full_name), ...dates });
    }
    return { secrets, notice: null };
  } catch (error) {
    const status = httpStatus(error);
    const grant = status === 403 || status === 404 || status === 401 ? ` Grant the \`Secrets: read\` organization permission (GitHub App or fine-grained token), or the \`admin:org\` scope (classic token).` : "";
    return { secrets: [], notice: `Could not list the organization secrets of ${org} (${describeRequestError(error)}); cross-repository checks of organization secrets are left out.${grant}` };
  }
}

/** The organization secrets a repository can read. */
function visibleOrgSecrets(orgSecrets: OrgSecrets, repo: OrgRepoInfo): StoredSecret[] {
  return orgSecrets.secrets
    .filter((secret) => secret.visibility === "all" || (secret.visibility === "private" && repo.private) || (secret.repositories ?? []).includes(repo.name))
    .map((secret) => ({
      name: secret.name,
      store: "organization" as const,
      visibility: secret.visibility,
      ...(secret.createdAt ? { createdAt: secret.createdAt } : {}),
      ...(secret.updatedAt ? { updatedAt: secret.updatedAt } : {}),
    }));
}

interface CachedRepo {
  readonly key: string;
  readonly scan: RepoScan;
  /** The day (`YYYY-MM-DD`, UTC) the result was judged for: it holds from then to `stableThrough`. */
  readonly judgedOn: string;
}

export interface RepoScanContext {
  readonly orgSecrets: OrgSecrets;
  readonly cache: OrgScanCache | null;
  readonly settings: RepoScanSettings;
  /**
   * Throw, rather than record, a failure worth retrying (a server error, a rate limit that
   * outlasted the client's patience, a cut download): a queue job then retries with back-off.
   */
  readonly throwTransient?: boolean;
  /** "Today" (default: the clock when the repository is scanned). */
  readonly now?: Date;
}

/**
 * What a cached result depends on besides the repository's content: the tool version, the scan
 * settings and the secrets GitHub holds for it (its own, its environments', Dependabot's and the
 * organization's it can see, with their dates, and which stores could be read). A change to any of
 * them rescans it: a secret added or rotated in the settings without a push is judged that day.
 */
function cacheKey(repo: OrgRepoInfo, listing: SecretListing, settings: RepoScanSettings): string {
  return JSON.stringify({
    tool: VERSION,
    pushedAt: repo.pushedAt,
    branch: repo.defaultBranch,
    maxFileBytes: settings.maxFileBytes ?? null,
    severities: settings.severities ?? null,
    baseline: settings.baseline ? [...settings.baseline].sort() : null,
    secrets: listing.secrets.map((secret) => [secret.store, secret.environment ?? "", secret.name, secret.visibility ?? "", secret.updatedAt ?? ""].join(":")).sort(),
    stores: [...listing.listed].sort(),
    notices: listing.notices.map((notice) => `${notice.store}:${notice.status ?? ""}`).sort(),
  });
}

/** Scans one repository; a failure is the outcome's `error` (see `throwTransient`). */
export async function scanRepository(client: GitHubClient, repo: OrgRepoInfo, context: RepoScanContext): Promise<RepoScan> {
  const base = { name: repo.name, scanned: false, skipped: null, error: null } as const;
  if (repo.archived) return { outcome: { ...base, skipped: "archived" }, result: null, storedSecrets: [] };
  if (repo.disabled) return { outcome: { ...base, skipped: "disabled" }, result: null, storedSecrets: [] };
  const visible = visibleOrgSecrets(context.orgSecrets, repo);
  const cacheEntry = `repo:${repo.name}`;
  const now = context.now ?? new Date();
  try {
    // Listed first, so the cache can tell a repository whose secrets changed without a push; with
    // a cache each page is a conditional request, free against the rate limit when unchanged.
    const { cache } = context;
    const pages: ListPages | undefined = cache ? <T>(route: string, params: Readonly<Record<string, string>>, key: string) => listAllPages<T>(client, cache, route, params, (data) => (data as Record<string, T[]>)[key] ?? []) : undefined;
    const listing = await listStoredSecrets(client, { owner: repo.owner, repo: repo.repo }, { organizationSecrets: visible, ...(pages ? { pages } : {}) });
    const key = cacheKey(repo, listing, context.settings);
    if (cache && repo.pushedAt !== null) {
      const cached = parseJson<CachedRepo>(await cache.get(cacheEntry));
      if (cached?.key === key && stillHolds(cached, now)) return { ...cached.scan, outcome: { ...cached.scan.outcome, cached: true } };
    }
    const scan = await scanRepositoryContent(client, repo, listing, context.settings, now);
    if (context.cache && scan.outcome.error === null) await context.cache.set(cacheEntry, JSON.stringify({ key, scan, judgedOn: formatIsoDate(dayOf(now)) } satisfies CachedRepo));
    return scan;
  } catch (error) {
    if (context.throwTransient && isTransient(error)) throw error;
    return { outcome: { ...base, error: describeRequestError(error) }, result: null, storedSecrets: [] };
  }
}

/** Worth another try later: no answer, a server error, a rate limit, a download cut short. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TarballError) return true;
  const status = httpStatus(error);
  return status === null || status >= 500 || status === 429 || status === 403;
}

/**
 * A cached result stands while the date rules would judge it as they did (`stableThrough`): a
 * rotation that falls due on a repository nobody pushes to must still be reported on the day. It
 * never stands for a day before the one it was judged for (`--now` run backwards).
 */
function stillHolds(cached: CachedRepo, now: Date): boolean {
  const today = formatIsoDate(dayOf(now));
  const through = cached.scan.result?.stableThrough;
  return typeof cached.judgedOn === "string" && cached.judgedOn <= today && (through === undefined || today <= through);
}

async function scanRepositoryContent(client: GitHubClient, repo: OrgRepoInfo, listing: SecretListing, settings: RepoScanSettings, now: Date): Promise<RepoScan> {
  const { owner, repo: name } = repo;
  let scanned: ScannedTarball;
  try {
    // The date rules (rotation, review) judge against today; the core never reads the clock.
    scanned = await scanRepositoryTarball((commit) => downloadTarball(client, { owner, repo: name }, commit ?? repo.defaultBranch), {
      now,
      ...(settings.severities ? { severities: settings.severities } : {}),
      ...(settings.baseline ? { baseline: new Set(settings.baseline) } : {}),
      ...(settings.maxFileBytes === undefined ? {} : { maxFileBytes: settings.maxFileBytes }),
    });
  } catch (error) {
    // An empty repository has no commit to archive; GitHub answers 404.
    if (httpStatus(error) === 404 && repo.size === 0) return { outcome: { name: repo.name, scanned: false, skipped: "empty", error: null }, result: null, storedSecrets: [] };
    throw error;
  }
  const { scanner, fed } = scanned;
  const denied = listing.notices.filter((notice) => isPermissionFailure(notice.status));
  const notices = listing.notices.filter((notice) => !isPermissionFailure(notice.status)).map((notice) => notice.message);
  const result = scanner.finish({ ...fed, storedSecrets: listing.secrets });
  return {
    outcome: { name: repo.name, scanned: true, skipped: null, error: null, commit: fed.commit, ...(notices.length > 0 ? { notices } : {}) },
    result,
    storedSecrets: listing.secrets,
    ...(denied.length > 0 ? { denied: denied.map((notice) => ({ store: notice.store, reason: notice.reason })) } : {}),
  };
}

interface CachedPage {
  readonly etag: string;
  readonly data: unknown;
  readonly next: boolean;
}

/**
 * Every page of a listing. With a cache, each page is a conditional request: a 304 answers from
 * the cached body and costs nothing against the rate limit.
 */
async function listAllPages<T>(client: GitHubClient, cache: OrgScanCache | null, route: string, params: Record<string, string | number>, items: (data: unknown) => T[]): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const key = `page:${route}:${JSON.stringify(params)}:${page}`;
    const cached = cache ? parseJson<CachedPage>(await cache.get(key)) : null;
    let data: unknown;
    let next: boolean;
    try {
      const response = await client.request(route, { ...params, per_page: PER_PAGE, page, ...(cached ? { headers: { "if-none-match": cached.etag } } : {}) });
      data = response.data;
      next = /\brel="next"/.test(String(response.headers.link ?? ""));
      const etag = response.headers.etag;
      if (cache && typeof etag === "string") await cache.set(key, JSON.stringify({ etag, data, next } satisfies CachedPage));
    } catch (error) {
      if (httpStatus(error) !== 304 || !cached) throw error;
      data = cached.data;
      next = cached.next;
    }
    all.push(...items(data));
    if (!next) return all;
  }
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
