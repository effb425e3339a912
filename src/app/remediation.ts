import type { ScanResult } from "../core/model.js";
import { parseCodeowners, type Codeowners } from "../core/manifest/codeowners.js";
import { buildIssueDrafts, ISSUE_LABEL } from "../core/remediation/issues.js";
import { reconcileIssues, type IssueAction } from "../core/remediation/reconcile.js";
import { httpStatus } from "../github/client.js";
import { commentOnIssue, createIssue, listLabelledIssues, updateIssue } from "../github/issues.js";
import type { RepositoryName } from "../github/secrets.js";
import { downloadTarball, scanRepositoryTarball, type ScannedTarball } from "../github/tarball.js";
import type { InstallationRun } from "./runtime.js";

export interface RemediationTarget {
  readonly repository: RepositoryName;
  /** The default branch's head commit. */
  readonly commit: string;
}

export interface RemediationOutcome {
  readonly created: number;
  readonly updated: number;
  readonly closed: number;
  readonly reopened: number;
}

/**
 * Brings a repository's remediation issues in line with a full scan of its default branch. Runs
 * inside the repository's queue, so re-delivered or racing events see each other's issues; and
 * reconciliation is idempotent, so a repeated run changes nothing.
 */
export function remediateRepository(run: InstallationRun, target: RemediationTarget): Promise<RemediationOutcome | null> {
  const { services } = run;
  const key = `${target.repository.owner}/${target.repository.repo}`.toLowerCase();
  return services.queue.run(key, async () => {
    if (services.settings.issueMode === "off") return null;
    const scanned = await scanCommit(run, target);
    if (scanned === null) return null;
    const drafts = buildIssueDrafts({
      findings: scanned.result.findings,
      repository: `${target.repository.owner}/${target.repository.repo}`,
      commit: target.commit,
      serverUrl: services.settings.serverUrl,
      manifestPath: scanned.result.manifest,
      mode: services.settings.issueMode,
      codeowners: scanned.codeowners,
      fallbackAssignees: services.settings.fallbackAssignees,
    });
    const existing = await listLabelledIssues(run.client, target.repository, ISSUE_LABEL);
    const actions = reconcileIssues(drafts, existing);
    const outcome = await applyActions(run, target.repository, actions);
    services.log.info(
      `${key}: ${drafts.length} remediation issue(s) wanted; created ${outcome.created}, updated ${outcome.updated}, reopened ${outcome.reopened}, closed ${outcome.closed}`,
    );
    return outcome;
  });
}

/**
 * A full scan of one commit: its tarball (one request, streamed through the scanner), the
 * organization manifest, stored secrets. The manifest and CODEOWNERS are found in the tarball.
 */
export async function scanCommit(run: InstallationRun, target: RemediationTarget): Promise<{ result: ScanResult; codeowners: Codeowners | null } | null> {
  const [organization, storedSecrets] = await Promise.all([run.organizationManifest(target.repository), run.storedSecrets(target.repository)]);
  let scanned: ScannedTarball;
  try {
    // The shell reads the clock; the core's date rules (rotation-overdue) compare against it.
    scanned = await scanRepositoryTarball(() => downloadTarball(run.client, target.repository, target.commit), { organizationManifest: organization, storedSecrets, now: new Date() });
  } catch (error) {
    // An empty repository has no commit to archive (404).
    if (httpStatus(error) === 404) return null;
    throw error;
  }
  const { scanner, fed } = scanned;
  const directory = await run.directory(target.repository.owner)?.directoryFor([organization, fed.manifest]);
  const result = scanner.finish({ ...fed, ...(directory ? { directory } : {}) });
  return { result, codeowners: fed.codeowners ? parseCodeowners(fed.codeowners) : null };
}

async function applyActions(run: InstallationRun, repository: RepositoryName, actions: readonly IssueAction[]): Promise<RemediationOutcome> {
  const counts = { created: 0, updated: 0, closed: 0, reopened: 0 };
  for (const action of actions) {
    switch (action.kind) {
      case "create":
        await createIssue(run.client, repository, action.draft);
        counts.created += 1;
        break;
      case "update":
        await updateIssue(run.client, repository, action.number, action.changes);
        counts.updated += 1;
        break;
      case "reopen":
        await updateIssue(run.client, repository, action.number, { ...action.changes, state: "open" });
        await commentOnIssue(run.client, repository, action.number, action.comment);
        counts.reopened += 1;
        break;
      case "close":
        await commentOnIssue(run.client, repository, action.number, action.comment);
        await updateIssue(run.client, repository, action.number, { state: "closed", stateReason: action.reason === "duplicate" ? "not_planned" : "completed" });
        counts.closed += 1;
        break;
    }
  }
  return counts;
}
