import { createGitHubClient, type GitHubClient, type GitHubLog } from "../github/client.js";
import { listStoredSecrets, type RepositoryName } from "../github/secrets.js";
import type { SourceFile, StoredSecret } from "../core/model.js";
import { VERSION } from "../version.js";
import { DirectoryCache, organizationManifest } from "./manifests.js";
import { KeyedQueue, RecentKeys } from "./serialize.js";
import { redisSharedLocks, type SharedLocks } from "./shared-locks.js";
import type { AppSettings } from "./settings.js";

/** What every handler needs, built once when the App starts. */
export interface AppServices {
  readonly settings: AppSettings;
  readonly log: GitHubLog;
  /** One task at a time per repository (see KeyedQueue). */
  readonly queue: KeyedQueue;
  /** Commits whose check was started by an automatic event, so the twin event does not repeat it. */
  readonly recentChecks: RecentKeys;
  /** Redis locks shared by the replicas (REDIS_URL), behind `queue` and `recentChecks`; null without Redis. */
  readonly sharedLocks: SharedLocks | null;
  /** A REST client authenticated as the installation; writes paced per installation (see client.ts). */
  clientFor(installationId: number): Promise<GitHubClient>;
}

/** How the App gets an installation token: Probot's auth, or a fake in unit tests. */
export type TokenSource = (installationId: number) => Promise<string>;

export function createServices(settings: AppSettings, log: GitHubLog, token: TokenSource): AppServices {
  // Octokit logs every failed request as an error, including the 404s that mean "absent" here;
  // real failures are thrown and logged once by the handler that meets them.
  const clientLog: GitHubLog = { ...log, error: (message) => log.debug(message) };
  const { redisUrl, queuePrefix } = settings.orgScan;
  const sharedLocks = redisUrl === null ? null : redisSharedLocks(redisUrl, { prefix: queuePrefix, warn: (message) => log.warn(message) });
  return {
    settings,
    log,
    queue: new KeyedQueue(sharedLocks ?? undefined),
    recentChecks: new RecentKeys(undefined, undefined, sharedLocks ?? undefined),
    sharedLocks,
    async clientFor(installationId) {
      return createGitHubClient({
        token: await token(installationId),
        baseUrl: settings.baseUrl,
        log: clientLog,
        userAgent: `secretowners-app/${VERSION}`,
        throttleId: `installation-${installationId}`,
      });
    },
  };
}

/**
 * One installation's work for one event or one scheduled sweep: the organization manifest and the
 * directory of teams and users are fetched once and reused for every repository of the run.
 */
export class InstallationRun {
  readonly #organizationManifests = new Map<string, Promise<SourceFile | null>>();
  readonly #directories = new Map<string, DirectoryCache>();

  constructor(
    readonly client: GitHubClient,
    readonly services: AppServices,
    /** Only organizations have teams and members to check; personal accounts skip orphaned-owner. */
    readonly accountIsOrganization: boolean,
  ) {}

  organizationManifest(repository: RepositoryName): Promise<SourceFile | null> {
    const key = repository.repo.toLowerCase() === ".github" ? `${repository.owner}/.github` : repository.owner;
    let pending = this.#organizationManifests.get(key);
    if (!pending) this.#organizationManifests.set(key, (pending = organizationManifest(this.client, repository)));
    return pending;
  }

  directory(owner: string): DirectoryCache | null {
    if (!this.accountIsOrganization) return null;
    let cache = this.#directories.get(owner);
    if (!cache) this.#directories.set(owner, (cache = new DirectoryCache(this.client, owner)));
    return cache;
  }

  /** GitHub-held secrets; a store the App may not read is logged and left out. */
  async storedSecrets(repository: RepositoryName): Promise<StoredSecret[]> {
    const listing = await listStoredSecrets(this.client, repository);
    for (const notice of listing.notices) this.services.log.warn(notice.message);
    return listing.secrets;
  }
}
