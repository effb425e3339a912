import type { Context } from "probot";
import { remediateRepository } from "../remediation.js";
import type { AppServices } from "../runtime.js";
import { runFor } from "./run.js";

/** push to the default branch: bring the remediation issues in line with the new head. */
export async function onPush(services: AppServices, context: Context<"push">): Promise<void> {
  const { ref, after, deleted, repository } = context.payload;
  if (deleted) return context.log.debug(`${ref} deleted`);
  if (ref !== `refs/heads/${repository.default_branch}`) return context.log.debug(`${ref} is not the default branch`);
  const owner = repository.owner?.login ?? repository.owner?.name;
  if (!owner) return context.log.debug("push without an owner login");
  await remediateRepository(await runFor(services, context), { repository: { owner, repo: repository.name }, commit: after });
}
