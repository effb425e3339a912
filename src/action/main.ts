import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as core from "@actions/core";
import type { Comparison } from "../core/compare.js";
import { SEVERITIES, type Finding, type ScanResult, type Severity, type StoredSecret } from "../core/model.js";
import { blockingFindings, countedFindings, renderChangeMarkdown, unownedSecrets } from "../core/render/change.js";
import { renderJson } from "../core/render/json.js";
import { renderSarif } from "../core/render/sarif.js";
import { summarize } from "../core/render/summary.js";
import { compareCommits, listPullRequestFiles, readFileAtRef, type ChangedFile } from "../github/changes.js";
import { GITHUB_API_URL } from "../github/api-url.js";
import { createGitHubClient, describeRequestError, type GitHubClient } from "../github/client.js";
import { isPermissionFailure, listStoredSecrets, type RepositoryName } from "../github/secrets.js";
import { readBaseline } from "../cli/options.js";
import { scanPaths } from "../node/scan-paths.js";
import { UsageError } from "../node/usage-error.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import { VERSION } from "../version.js";
import { planAnnotations } from "./annotations.js";
import { planScan, type Mode } from "./event.js";
import { commitFile, type CommitFile } from "./git.js";
import { scanPullRequest, type BaseThroughApi } from "./pull-request.js";

/**
 * The GitHub Action: inputs → scan (a pull request's new findings, or everything) → annotations,
 * job summary, SARIF, JSON report, outputs and the step's exit code. Everything it prints comes from
 * findings and the inventory, which never hold a secret value.
 */

type FailOn = Severity | "never";
const FAIL_ON: readonly FailOn[] = [...SEVERITIES, "never"];
const MODES: readonly Mode[] = ["auto", "pr", "full"];

interface Inputs {
  readonly path: string;
  readonly manifest: string | undefined;
  readonly failOn: FailOn;
  readonly mode: Mode;
  readonly token: string;
  readonly sarifFile: string;
  readonly baseline: string | undefined;
  readonly annotations: number;
  readonly exclude: readonly string[];
}

function readInputs(): Inputs {
  const failOn = (core.getInput("fail-on") || "error") as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`input fail-on: "${failOn}" is not one of ${FAIL_ON.join(", ")}`);
  const mode = (core.getInput("mode") || "auto") as Mode;
  if (!MODES.includes(mode)) throw new UsageError(`input mode: "${mode}" is not one of ${MODES.join(", ")}`);
  const annotationsText = core.getInput("annotations") || "20";
  if (!/^\d+$/.test(annotationsText)) throw new UsageError(`input annotations: "${annotationsText}" must be a whole number (0 turns annotations off)`);
  return {
    path: core.getInput("path") || ".",
    manifest: core.getInput("manifest") || undefined,
    failOn,
    mode,
    token: core.getInput("token"),
    sarifFile: core.getInput("sarif-file") || "secretowners.sarif",
    baseline: core.getInput("baseline") || undefined,
    annotations: Number(annotationsText),
    exclude: core.getMultilineInput("exclude").filter((line) => line.trim() !== "" && !line.trim().startsWith("#")),
  };
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await runAction(env);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === "GitError")) {
      core.setFailed(`secretowners: ${error.message}`);
      return;
    }
    // An unexpected error: its name and first line only; a stack could quote scanned text.
    const message = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unknown error";
    core.setFailed(`secretowners failed unexpectedly (${message}). Please report it.`);
  }
}

async function runAction(env: NodeJS.ProcessEnv): Promise<void> {
  const inputs = readInputs();
  const workspace = resolve(env["GITHUB_WORKSPACE"] ?? process.cwd());
  const root = resolve(workspace, inputs.path);
  requireDirectory(root, inputs.path);
  const eventName = env["GITHUB_EVENT_NAME"] ?? "";
  const plan = planScan(inputs.mode, eventName, readEvent(env["GITHUB_EVENT_PATH"]));
  const baseline = inputs.baseline === undefined ? undefined : readBaseline(resolve(workspace, inputs.baseline));

  const repository = repositoryName(env);
  const client = inputs.token && repository ? createGitHubClient({ token: inputs.token, baseUrl: env["GITHUB_API_URL"] ?? GITHUB_API_URL, log: actionLog }) : null;
  const { storedSecrets, notices } = await readStoredSecrets(client, repository, inputs.token);
  const scanOptions = {
    ...(baseline ? { baseline } : {}),
    ...(storedSecrets ? { storedSecrets } : {}),
    // "Today" for rotation-overdue and review-overdue: the core never reads the clock.
    now: new Date(),
  };

  let result: ScanResult;
  let comparison: Comparison | null = null;
  let scope: string;
  if (plan.kind === "pr") {
    core.info(`Pull-request mode (${plan.label}): only findings the change brings in can fail the check.`);
    const pullNumber = plan.pullNumber;
    const scanned = await scanPullRequest({
      root,
      workspace,
      base: plan.base,
      head: plan.head,
      ...(inputs.manifest !== undefined ? { manifestPath: inputs.manifest } : {}),
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
      exclude: inputs.exclude,
      scan: scanOptions,
      log: (message) => core.info(message),
      ...(client && repository ? { baseThroughApi: (head: string) => baseThroughApi(client, repository, pullNumber, plan.base, head) } : {}),
    });
    result = scanned.head;
    comparison = scanned.comparison;
    scope = `${capitalise(plan.label)}: ${scanned.scope}`;
  } else {
    core.info(`Full scan: ${plan.reason}.`);
    const scanned = scanPaths([root], { cwd: workspace, ...(inputs.manifest !== undefined ? { manifestPath: inputs.manifest } : {}), exclude: inputs.exclude, ...scanOptions });
    for (const warning of scanned.warnings) core.warning(warning, { title: "secretowners" });
    core.debug(`Read and scanned ${scanned.result.stats.files} files with ${scanned.threads.workers} worker thread(s): ${scanned.threads.workerBatches} of ${scanned.threads.batches} batches.`);
    result = scanned.result;
    scope = `Full scan (${plan.reason}): ${result.stats.files} files.`;
  }

  // Paths are the repository's, from its top, as annotations and SARIF want them.
  const report = { result, comparison, scope, notices, failOn: inputs.failOn, toolVersion: VERSION, ...(storedSecrets ? { storedSecrets } : {}) };

  emitAnnotations(countedFindings(report), inputs.annotations, result.manifest);
  for (const notice of notices) core.notice(notice, { title: "secretowners: GitHub-held secrets not read" });

  const sarifPath = resolve(workspace, inputs.sarifFile);
  writeFile(sarifPath, renderSarif(result, { toolVersion: VERSION, color: false }));
  const reportPath = join(env["RUNNER_TEMP"] ?? workspace, "secretowners-report.json");
  writeFile(reportPath, renderJson(result, { toolVersion: VERSION, color: false }));

  const markdown = renderChangeMarkdown(report);
  if (env["GITHUB_STEP_SUMMARY"]) await core.summary.addRaw(markdown).write();
  else core.info(markdown);

  const counts = summarize(countedFindings(report));
  const blocking = blockingFindings(report);
  core.setOutput("errors", counts.error);
  core.setOutput("warnings", counts.warning);
  core.setOutput("notes", counts.note);
  // Secrets with no owner among the findings that count: all of them on a full scan, the ones the change brings in on a PR.
  core.setOutput("unowned", unownedSecrets(countedFindings(report)).length);
  core.setOutput("new-findings", countedFindings(report).length);
  core.setOutput("sarif-file", sarifPath);
  core.setOutput("report-json", reportPath);
  core.setOutput("mode", plan.kind);

  const what = comparison ? "new finding" : "finding";
  if (blocking.length > 0) {
    core.setFailed(`secretowners: ${blocking.length} ${what}${blocking.length === 1 ? "" : "s"} at severity ${inputs.failOn} or above (see the annotations and the job summary).`);
  } else {
    core.info(`secretowners: passed: no ${what} at severity ${inputs.failOn} or above.`);
  }
}

const actionLog = { debug: (m: string) => core.debug(m), info: (m: string) => core.info(m), warn: (m: string) => core.warning(m), error: (m: string) => core.error(m) };

function repositoryName(env: NodeJS.ProcessEnv): RepositoryName | null {
  const [owner, repo, ...rest] = (env["GITHUB_REPOSITORY"] ?? "").split("/");
  return owner && repo && rest.length === 0 ? { owner, repo } : null;
}

async function readStoredSecrets(client: GitHubClient | null, repository: RepositoryName | null, token: string): Promise<{ storedSecrets: StoredSecret[] | null; notices: string[] }> {
  if (!client || !repository) {
    core.info(token ? "GITHUB_REPOSITORY is not set: the secrets GitHub holds were not read." : "No `token` input: the secrets GitHub holds for the repository were not read.");
    return { storedSecrets: null, notices: [] };
  }
  const listing = await listStoredSecrets(client, repository);
  core.info(`Read ${listing.secrets.length} secret name(s) GitHub holds for ${repository.owner}/${repository.repo} from: ${[...listing.listed].sort().join(", ") || "no store"}.`);
  // One notice for every store the token may not read: the fix (a token with permission) is one.
  const denied = listing.notices.some((notice) => isPermissionFailure(notice.status));
  const hint = denied ? ["The workflow's GITHUB_TOKEN can never list secrets; pass a GitHub App installation token or a PAT as `token`."] : [];
  const notices = listing.notices.length === 0 ? [] : [[...listing.notices.map((notice) => notice.message), ...hint].join(" ")];
  return { storedSecrets: listing.listed.size > 0 ? listing.secrets : null, notices };
}

/**
 * The change's files and their base versions through the API (contents: read): a pull request's
 * own file list, or for a merge group (no pull request number) the comparison of base and head.
 */
async function baseThroughApi(client: GitHubClient, repository: RepositoryName, pullNumber: number | null, base: string, head: string): Promise<BaseThroughApi | null> {
  try {
    const { files, complete } = pullNumber !== null ? await listPullRequestFiles(client, repository, pullNumber) : await changesSince(client, repository, base, head);
    const listing =
      pullNumber !== null
        ? `the ${files.length} changed files of pull request #${pullNumber} (GET /repos/{owner}/{repo}/pulls/{pull_number}/files)`
        : `the ${files.length} files changed from ${base.slice(0, 7)} to ${head.slice(0, 7)} (GET /repos/{owner}/{repo}/compare/{basehead})`;
    return {
      changed: complete ? files : null,
      description: `${listing} and their base versions (GET /repos/{owner}/{repo}/contents/{path}?ref=${base.slice(0, 7)})`,
      read: async (paths) => {
        const files = new Map<string, CommitFile>();
        for (const path of paths) {
          const found = await readFileAtRef(client, repository, path, base);
          files.set(path, found.kind === "file" ? commitFile(path, found.bytes, DEFAULT_MAX_FILE_BYTES) : found.kind === "absent" ? { kind: "absent", path } : { kind: "skipped", skipped: { file: path, reason: "too-large", detail: `${found.size} bytes` } });
        }
        return files;
      },
    };
  } catch (error) {
    core.info(`Could not read the pull request's changes through the API (${describeRequestError(error)}).`);
    return null;
  }
}

/**
 * A merge group's changes: what the comparison lists, complete only when the base is where the
 * head branched off (the base is then rebuilt as the head with those changes undone).
 */
async function changesSince(client: GitHubClient, repository: RepositoryName, base: string, head: string): Promise<{ files: ChangedFile[]; complete: boolean }> {
  const compared = await compareCommits(client, repository, base, head);
  return { files: compared.files, complete: compared.complete && compared.mergeBase === base };
}

function emitAnnotations(findings: readonly Finding[], limit: number, manifest: string | null): void {
  const { annotations, omitted } = planAnnotations(findings, limit, manifest);
  for (const annotation of annotations) {
    const properties = { title: annotation.title, file: annotation.file, startLine: annotation.startLine, startColumn: annotation.startColumn };
    if (annotation.level === "error") core.error(annotation.message, properties);
    else if (annotation.level === "warning") core.warning(annotation.message, properties);
    else core.notice(annotation.message, properties);
  }
  if (omitted > 0) core.notice(`${omitted} more finding${omitted === 1 ? "" : "s"} not annotated (GitHub shows at most 10 errors and 10 warnings per step); the job summary lists them all.`, { title: "secretowners" });
}


function readEvent(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UsageError(`cannot read the event payload at GITHUB_EVENT_PATH (${path})`);
  }
}

function requireDirectory(root: string, shown: string): void {
  try {
    if (statSync(root).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new UsageError(`input path: ${shown} is not a directory in the workspace`);
}

function writeFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch {
    throw new UsageError(`cannot write ${path}: check that the folder exists and is writable`);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
