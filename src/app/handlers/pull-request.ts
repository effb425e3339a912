import type { Context } from "probot";
import { checkPullRequest } from "../pull-request-check.js";
import type { AppServices } from "../runtime.js";
import { runFor } from "./run.js";

/** pull_request opened / synchronize / reopened: check the head commit. */
export async function onPullRequest(services: AppServices, context: Context<"pull_request">): Promise<void> {
  const { pull_request: pull, repository } = context.payload;
  if (pull.state !== "open") return context.log.debug(`#${pull.number} is ${pull.state}; no check`);
  if (!(await services.recentChecks.claim(checkKey(repository.owner.login, repository.name, pull.head.sha) + `#${pull.number}`))) {
    return context.log.debug(`#${pull.number} at ${pull.head.sha.slice(0, 7)} is already checked`);
  }
  const run = await runFor(services, context);
  await services.queue.run(checkKey(repository.owner.login, repository.name, pull.head.sha), () =>
    checkPullRequest(run, { owner: repository.owner.login, repo: repository.name }, { number: pull.number, baseSha: pull.base.sha, headSha: pull.head.sha }),
  );
}

/** check_run rerequested (the Checks tab's "Re-run"): check each pull request of that commit again. */
export async function onCheckRunRerequested(services: AppServices, context: Context<"check_run.rerequested">): Promise<void> {
  const { check_run: checkRun, repository } = context.payload;
  if (checkRun.name !== "secretowners") return context.log.debug(`check run ${checkRun.name} is not ours`);
  await checkPulls(services, context, repository, checkRun.head_sha, checkRun.pull_requests);
}

/**
 * check_suite requested (a push) / rerequested (the Checks tab): check each pull request the suite
 * belongs to. A push to a pull request's branch also sends pull_request synchronize; whichever
 * arrives first runs the check, the other is skipped. A re-request always runs.
 */
export async function onCheckSuite(services: AppServices, context: Context<"check_suite.requested" | "check_suite.rerequested">): Promise<void> {
  const { check_suite: suite, repository } = context.payload;
  const automatic = context.payload.action === "requested";
  const pulls = [];
  for (const pull of suite.pull_requests) {
    if (!automatic || (await services.recentChecks.claim(checkKey(repository.owner.login, repository.name, suite.head_sha) + `#${pull.number}`))) pulls.push(pull);
  }
  await checkPulls(services, context, repository, suite.head_sha, pulls);
}

interface PullRef {
  readonly number: number;
  readonly base: { readonly sha: string; readonly repo: { readonly id: number } };
  readonly head: { readonly sha: string };
}

async function checkPulls(
  services: AppServices,
  context: Context<"check_run.rerequested" | "check_suite.requested" | "check_suite.rerequested">,
  repository: { owner: { login: string }; name: string; id: number },
  headSha: string,
  pulls: readonly PullRef[],
): Promise<void> {
  // A suite of a branch with no pull request (or of a fork's) has nothing to gate.
  const own = pulls.filter((pull) => pull.base.repo.id === repository.id);
  if (own.length === 0) return context.log.debug(`${headSha.slice(0, 7)}: no pull request to check`);
  const run = await runFor(services, context);
  for (const pull of own) {
    await services.queue.run(checkKey(repository.owner.login, repository.name, headSha), () =>
      checkPullRequest(run, { owner: repository.owner.login, repo: repository.name }, { number: pull.number, baseSha: pull.base.sha, headSha }),
    );
  }
}

/** Checks of one commit run one at a time: a push sends both pull_request and check_suite events. */
function checkKey(owner: string, repo: string, sha: string): string {
  return `check:${owner}/${repo}@${sha}`.toLowerCase();
}
