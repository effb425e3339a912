import type { Context } from "probot";
import { defaultBranchHead } from "../../github/contents.js";
import type { RepositoryName } from "../../github/secrets.js";
import { remediateRepository } from "../remediation.js";
import type { OrgSchedule } from "../org-schedule.js";
import { InstallationRun, type AppServices } from "../runtime.js";

/** installation created: scan every repository it was given. */
export async function onInstallationCreated(services: AppServices, context: Context<"installation.created">): Promise<void> {
  const { installation, repositories = [] } = context.payload;
  const owner = accountLogin(installation.account);
  await remediateAll(services, installation.id, isOrganization(installation.account), repositories.map((repo) => ({ owner, repo: repo.name })));
}

/** installation deleted: the organization's scheduled org scan goes with it. */
export async function onInstallationDeleted(orgSchedule: OrgSchedule, context: Context<"installation.deleted">): Promise<void> {
  const { installation } = context.payload;
  if (!isOrganization(installation.account)) return;
  await orgSchedule.forget({ id: installation.id, account: accountLogin(installation.account) });
}

/** installation_repositories added: scan the repositories just added. */
export async function onRepositoriesAdded(services: AppServices, context: Context<"installation_repositories.added">): Promise<void> {
  const { installation, repositories_added: added } = context.payload;
  const owner = accountLogin(installation.account);
  await remediateAll(services, installation.id, isOrganization(installation.account), added.map((repo) => ({ owner, repo: repo.name })));
}

/** repository created: scan it if it already has commits (a template or an import). */
export async function onRepositoryCreated(services: AppServices, context: Context<"repository.created">): Promise<void> {
  const { installation, repository } = context.payload;
  if (!installation) return context.log.debug("repository event without installation");
  await remediateAll(services, installation.id, repository.owner.type === "Organization", [{ owner: repository.owner.login, repo: repository.name }]);
}

export async function remediateAll(services: AppServices, installationId: number, organization: boolean, repositories: readonly RepositoryName[]): Promise<void> {
  const run = new InstallationRun(await services.clientFor(installationId), services, organization);
  for (const repository of repositories) {
    try {
      const head = await defaultBranchHead(run.client, repository);
      if (head === null) continue;
      await remediateRepository(run, { repository, commit: head.sha });
    } catch (error) {
      // One repository failing must not stop the others; the error is logged without payloads.
      services.log.error(`${repository.owner}/${repository.repo}: remediation failed: ${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}`);
    }
  }
}

function accountLogin(account: unknown): string {
  const value = account as { login?: string; slug?: string } | null;
  return value?.login ?? value?.slug ?? "";
}

function isOrganization(account: unknown): boolean {
  return (account as { type?: string } | null)?.type === "Organization";
}
