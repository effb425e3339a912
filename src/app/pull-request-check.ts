import { compareResults } from "../core/compare.js";
import { EXTRACTORS } from "../core/extract/index.js";
import type { ScanResult, SourceFile, StoredSecret } from "../core/model.js";
import type { OwnerDirectory } from "../core/manifest/directory.js";
import { Scanner } from "../core/scan.js";
import { changedFiles } from "../github/changes.js";
import { completeCheckRun, failCheckRun, startCheckRun } from "../github/checks.js";
import { describeRequestError } from "../github/client.js";
import type { TreeFile } from "../github/contents.js";
import type { RepositoryName } from "../github/secrets.js";
import { buildCheckResult, CHECK_NAME } from "./check-output.js";
import { CommitFiles, isSkipped, type CommitTree } from "./commit-files.js";
import { codeownersAt, manifestAt, type RepositoryManifest } from "./manifests.js";
import type { InstallationRun } from "./runtime.js";

export interface PullRequestRef {
  readonly number: number;
  readonly baseSha: string;
  readonly headSha: string;
}

/**
 * The `secretowners` check on a pull request's head commit: in progress, then completed with the
 * verdict of `buildCheckResult`. Reads only what the verdict needs: the changed files (compare
 * API), the manifests at the merge base and the head, and — when the manifest changed — the files
 * whose ownership it decides (those an extractor reads); never the whole repository's content.
 */
export async function checkPullRequest(run: InstallationRun, repository: RepositoryName, pull: PullRequestRef): Promise<void> {
  const { client, services } = run;
  const checkRunId = await startCheckRun(client, repository, CHECK_NAME, pull.headSha);
  try {
    const { head, base } = await scanPullRequest(run, repository, pull);
    const result = buildCheckResult(head.result, compareResults(base.findings, head.result.findings), (path) => head.tree.files.has(path));
    await completeCheckRun(client, repository, checkRunId, result);
    services.log.info(`${repository.owner}/${repository.repo}#${pull.number}: check ${result.conclusion} (${result.annotations.length} annotations)`);
  } catch (error) {
    services.log.error(`${repository.owner}/${repository.repo}#${pull.number}: check failed: ${describeRequestError(error)}`);
    await failCheckRun(client, repository, checkRunId, {
      title: "secretowners could not finish",
      summary: `The check could not read what it needs from GitHub (${describeRequestError(error)}). Re-run it from the Checks tab; if it keeps failing, check the App's permissions.`,
    });
  }
}

async function scanPullRequest(run: InstallationRun, repository: RepositoryName, pull: PullRequestRef): Promise<{ head: { result: ScanResult; tree: CommitTree }; base: ScanResult }> {
  const files = new CommitFiles(run.client, repository);
  const changes = await changedFiles(run.client, repository, { base: pull.baseSha, head: pull.headSha, number: pull.number });
  const [headTree, baseTree] = await Promise.all([files.tree(pull.headSha), files.tree(changes.mergeBase)]);
  const [headManifest, baseManifest, headCodeowners, baseCodeowners, organization, storedSecrets] = await Promise.all([
    manifestAt(files, headTree),
    manifestAt(files, baseTree),
    codeownersAt(files, headTree),
    codeownersAt(files, baseTree),
    run.organizationManifest(repository),
    run.storedSecrets(repository),
  ]);
  const directory = await run.directory(repository.owner)?.directoryFor([organization, headManifest.manifest, baseManifest.manifest]);

  const paths = new Set<string>();
  for (const change of changes.files) {
    paths.add(change.path);
    if (change.previousPath) paths.add(change.previousPath);
  }
  if (headManifest.manifest?.text !== baseManifest.manifest?.text || headManifest.manifest?.path !== baseManifest.manifest?.path) {
    // Ownership of every referenced secret may have changed; hard-coded values do not depend on it.
    for (const tree of [headTree, baseTree]) for (const path of tree.files.keys()) if (EXTRACTORS.some((extractor) => extractor.matches(path))) paths.add(path);
  }
  const now = new Date();
  const scan = (tree: CommitTree, manifest: RepositoryManifest, codeowners: SourceFile | null) =>
    scanPaths(files, tree, [...paths].sort(), manifest, { organization, storedSecrets, codeowners, now, ...(directory ? { directory } : {}) });
  const [head, base] = await Promise.all([scan(headTree, headManifest, headCodeowners), scan(baseTree, baseManifest, baseCodeowners)]);
  return { head: { result: head, tree: headTree }, base };
}

async function scanPaths(
  files: CommitFiles,
  tree: CommitTree,
  paths: readonly string[],
  manifest: RepositoryManifest,
  extras: { organization: SourceFile | null; storedSecrets: readonly StoredSecret[]; codeowners: SourceFile | null; now: Date; directory?: OwnerDirectory },
): Promise<ScanResult> {
  const scanner = new Scanner({
    manifest: manifest.manifest,
    manifestDiagnostics: manifest.diagnostics,
    organizationManifest: extras.organization,
    storedSecrets: extras.storedSecrets,
    codeowners: extras.codeowners,
    now: extras.now,
    ...(extras.directory ? { directory: extras.directory } : {}),
    // Only part of the repository is seen: rules that need all of it (stale-rule) stay quiet.
    complete: false,
  });
  const present = paths.map((path) => tree.files.get(path)).filter((file): file is TreeFile => file !== undefined);
  await files.readAll(present, (read) => (isSkipped(read) ? scanner.skip(read) : scanner.add(read)));
  return scanner.finish();
}
