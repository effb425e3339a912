import type { StoredSecret } from "../core/model.js";
import { describeRequestError, httpStatus, type GitHubClient } from "./client.js";

/**
 * Lists the secrets GitHub holds for one repository: its Actions secrets, each environment's
 * secrets, the organization secrets shared with it and its Dependabot secrets. Names and dates only:
 * the API never returns a value. A store the token may not read becomes a notice saying which
 * permission to grant; the other stores are still listed.
 */

export interface RepositoryName {
  readonly owner: string;
  readonly repo: string;
}

export type SecretStore = StoredSecret["store"];

export interface SecretListingNotice {
  readonly store: SecretStore | "environments";
  /** HTTP status, or null for a failure without one (network). */
  readonly status: number | null;
  /** The failure in a few words (`HTTP 403: Resource not accessible by integration`). */
  readonly reason: string;
  /** One line for a log or summary: what could not be read, why, and what to grant. */
  readonly message: string;
}

export interface SecretListing {
  readonly secrets: StoredSecret[];
  readonly notices: SecretListingNotice[];
  /** The stores that were listed in full; a rule may only conclude "absent" from these. */
  readonly listed: ReadonlySet<SecretStore>;
}

/** What a GitHub App, a fine-grained PAT or a classic PAT needs for each store. */
export const REQUIRED_PERMISSION: Readonly<Record<SecretListingNotice["store"], string>> = {
  actions: "the `Secrets: read` repository permission (GitHub App or fine-grained token), or the `repo` scope (classic token)",
  organization: "the `Secrets: read` repository permission (GitHub App or fine-grained token), or the `repo` scope (classic token)",
  environments: "the `Environments: read` repository permission (GitHub App or fine-grained token), or the `repo` scope (classic token)",
  environment: "the `Environments: read` repository permission (GitHub App or fine-grained token), or the `repo` scope (classic token)",
  dependabot: "the `Dependabot secrets: read` repository permission (GitHub App or fine-grained token), or the `repo` scope (classic token)",
};

const STORE_LABEL: Readonly<Record<SecretListingNotice["store"], string>> = {
  actions: "Actions secrets",
  organization: "organization secrets shared with the repository",
  environments: "deployment environments",
  environment: "environment secrets",
  dependabot: "Dependabot secrets",
};

/** A secret as the REST API lists it: names and dates, never a value. */
export interface ApiSecret {
  readonly name: string;
  readonly created_at?: string;
  readonly updated_at?: string;
  readonly visibility?: string;
}

/**
 * Every item of a listing route, all pages: `key` names the array in each page's body
 * (`secrets`, `environments`). The default reads with octokit's paginate; an org scan passes one
 * that makes each page a conditional request against its cache.
 */
export type ListPages = <T>(route: string, params: Readonly<Record<string, string>>, key: string) => Promise<T[]>;

export interface StoredSecretOptions {
  /**
   * The organization secrets the repository can read, when the caller already knows them (an org
   * scan lists them once for all repositories): then they are not listed again per repository.
   */
  readonly organizationSecrets?: readonly StoredSecret[];
  readonly pages?: ListPages;
}

/** All pages through octokit: it unwraps `{ total_count, <key>: [...] }` into the items. */
function paginated(client: GitHubClient): ListPages {
  return async <T>(route: string, params: Readonly<Record<string, string>>) => (await client.paginate(route, { ...params, per_page: 100 })) as unknown as T[];
}

export async function listStoredSecrets(client: GitHubClient, repository: RepositoryName, options: StoredSecretOptions = {}): Promise<SecretListing> {
  const { owner, repo } = repository;
  const pages = options.pages ?? paginated(client);
  const secrets: StoredSecret[] = [];
  const notices: SecretListingNotice[] = [];
  const listed = new Set<SecretStore>();

  const collect = async (store: SecretListingNotice["store"], read: () => Promise<void>): Promise<boolean> => {
    try {
      await read();
      return true;
    } catch (error) {
      notices.push(notice(store, repository, error));
      return false;
    }
  };

  if (
    await collect("actions", async () => {
      const items = await pages<ApiSecret>("GET /repos/{owner}/{repo}/actions/secrets", { owner, repo }, "secrets");
      secrets.push(...items.map((item) => toStoredSecret(item, "actions")));
    })
  ) {
    listed.add("actions");
  }

  let environments: string[] = [];
  const environmentsListed = await collect("environments", async () => {
    const items = await pages<{ name: string }>("GET /repos/{owner}/{repo}/environments", { owner, repo }, "environments");
    environments = items.map((item) => item.name);
  });
  if (environmentsListed) {
    let allEnvironments = true;
    for (const environment of environments) {
      const ok = await collect("environment", async () => {
        const items = await pages<ApiSecret>("GET /repos/{owner}/{repo}/environments/{environment_name}/secrets", { owner, repo, environment_name: environment }, "secrets");
        secrets.push(...items.map((item) => toStoredSecret(item, "environment", environment)));
      });
      allEnvironments &&= ok;
    }
    if (allEnvironments) listed.add("environment");
  }

  if (options.organizationSecrets) {
    secrets.push(...options.organizationSecrets);
    listed.add("organization");
  } else if (
    await collect("organization", async () => {
      const items = await pages<ApiSecret>("GET /repos/{owner}/{repo}/actions/organization-secrets", { owner, repo }, "secrets");
      secrets.push(...items.map((item) => toStoredSecret(item, "organization")));
    })
  ) {
    listed.add("organization");
  }

  if (
    await collect("dependabot", async () => {
      const items = await pages<ApiSecret>("GET /repos/{owner}/{repo}/dependabot/secrets", { owner, repo }, "secrets");
      secrets.push(...items.map((item) => toStoredSecret(item, "dependabot")));
    })
  ) {
    listed.add("dependabot");
  }

  return { secrets: dedupeSecrets(secrets), notices: mergeNotices(notices), listed };
}

export function toStoredSecret(item: ApiSecret, store: SecretStore, environment?: string): StoredSecret {
  const visibility = item.visibility === "all" || item.visibility === "private" || item.visibility === "selected" ? item.visibility : undefined;
  return {
    name: item.name,
    store,
    ...(environment !== undefined ? { environment } : {}),
    ...(item.created_at ? { createdAt: item.created_at } : {}),
    ...(item.updated_at ? { updatedAt: item.updated_at } : {}),
    ...(visibility ? { visibility } : {}),
  };
}

function notice(store: SecretListingNotice["store"], repository: RepositoryName, error: unknown): SecretListingNotice {
  const status = httpStatus(error);
  const reason = describeRequestError(error);
  const where = `${repository.owner}/${repository.repo}`;
  if (isPermissionFailure(status)) return { store, status, reason, message: deniedMessage(store, where, reason) };
  return { store, status, reason, message: `Could not list the ${STORE_LABEL[store]} of ${where} (${reason}); they are left out of this scan.` };
}

/** GitHub answers 404 rather than 403 when a token may not even see that the resource exists. */
export function isPermissionFailure(status: number | null): boolean {
  return status === 401 || status === 403 || status === 404;
}

/** The notice for a store the token may not read in `where` (one repository, or several): what to grant. */
export function deniedMessage(store: SecretListingNotice["store"], where: string, reason: string): string {
  return `Could not list the ${STORE_LABEL[store]} of ${where} (${reason}): the token lacks permission. Grant ${REQUIRED_PERMISSION[store]}.`;
}

/** Every environment failing alike gives one notice, not one per environment. */
function mergeNotices(notices: readonly SecretListingNotice[]): SecretListingNotice[] {
  const seen = new Set<string>();
  return notices.filter((item) => {
    const key = `${item.store}\0${item.status}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A listing page repeated by a retry must not double a secret. */
function dedupeSecrets(secrets: readonly StoredSecret[]): StoredSecret[] {
  const seen = new Set<string>();
  return secrets.filter((secret) => {
    const key = `${secret.store}\0${secret.environment ?? ""}\0${secret.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
