import { allOrgFindings, type OrgScanResult } from "../../core/org.js";
import { ORG_FORMATS, type OrgFormat } from "../../core/render/formats.js";
import { ORG_RENDERERS, renderOrgMarkdown, ISSUE_BODY_LIMIT } from "../../core/render/org/index.js";
import { countFailing, describeCounts, summarize } from "../../core/render/summary.js";
import { GITHUB_API_URL } from "../../github/api-url.js";
import { createGitHubClient, describeRequestError, type GitHubLog } from "../../github/client.js";
import { updateInventoryIssue } from "../../github/inventory-issue.js";
import { DirectoryCache } from "../../github/org-cache.js";
import { OrgScanError, scanOrganization, type OrgScanProgress } from "../../github/org-scan.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, flagOption, listOption, stringOption, UsageError, type CliIO, type ParsedArgs } from "../command.js";
import { batched, parseFailOn, parseNow, parseSeverities, parseSize, readBaseline, wantsColor, writeOutput } from "../options.js";
import { progressReporter } from "../progress.js";

/** `secretowners org-scan` (its options and help: commands/org-scan.ts). */
export async function runOrgScan(args: ParsedArgs, io: CliIO): Promise<number> {
  const org = stringOption(args, "org");
  if (org === undefined || org === "") throw new UsageError("org-scan needs --org ORG, the organization to scan");
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org)) throw new UsageError(`--org "${org}" is not an organization login (letters, digits and hyphens)`);
  const format = stringOption(args, "format") ?? "text";
  if (!(ORG_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}": use one of ${ORG_FORMATS.join(", ")}`);
  const failOn = parseFailOn(args);
  const token = stringOption(args, "token") ?? io.env["GITHUB_TOKEN"];
  if (!token) throw new UsageError("org-scan needs a token: set GITHUB_TOKEN (or pass --token) to one that may read the organization's repositories and secrets");
  const apiUrl = stringOption(args, "api-url") ?? io.env["GITHUB_API_URL"] ?? GITHUB_API_URL;
  if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) throw new UsageError(`--api-url "${apiUrl}" must be an http(s) URL such as https://ghe.example.com/api/v3`);
  const concurrencyText = stringOption(args, "concurrency") ?? "4";
  if (!/^[1-9]\d{0,2}$/.test(concurrencyText)) throw new UsageError(`--concurrency "${concurrencyText}" must be a whole number from 1 to 999`);
  const baselinePath = stringOption(args, "baseline");
  const cacheDir = stringOption(args, "cache");
  const output = stringOption(args, "output");
  const nowText = stringOption(args, "now");
  const now = parseNow(nowText);
  if (nowText !== undefined && io.env["REDIS_URL"]) throw new UsageError("--now cannot be used with REDIS_URL: queue workers judge dates by their own clock; unset REDIS_URL to scan as of another day");
  const settings = {
    severities: parseSeverities(listOption(args, "severity")),
    maxFileBytes: parseSize(stringOption(args, "max-file-size")),
    ...(baselinePath !== undefined ? { baseline: [...readBaseline(baselinePath)] } : {}),
  };
  let cache: DirectoryCache | null = null;
  if (cacheDir !== undefined) {
    try {
      cache = new DirectoryCache(cacheDir);
    } catch {
      throw new UsageError(`cannot use --cache ${cacheDir}: the folder cannot be created or written`);
    }
  }

  // octokit logs every failed request at error level; the ones that matter come back as errors
  // (a repository's outcome, an unlistable organization), so only waits and warnings are shown.
  const log: GitHubLog = { debug() {}, info: (message) => io.stderr(`secretowners: ${message}\n`), warn: (message) => io.stderr(`secretowners: warning: ${message}\n`), error() {} };
  const client = createGitHubClient({ token, baseUrl: apiUrl, log });
  const progress = progressReporter(io);
  // With REDIS_URL the repositories go through the BullMQ queue; this process works it too, so
  // the scan finishes with no other worker running, and faster with some.
  const redisUrl = io.env["REDIS_URL"];
  const connection = redisUrl ? { url: redisUrl, ...(io.env["SECRETOWNERS_QUEUE_PREFIX"] ? { prefix: io.env["SECRETOWNERS_QUEUE_PREFIX"] } : {}) } : null;
  // BullMQ (and ioredis) are loaded only then: a scan without a queue does not pay for them.
  const { workers, queue } =
    connection === null
      ? { workers: null, queue: null }
      : await import("../../github/queue.js").then(async ({ queueRunner, startOrgScanWorkers }) => ({
          workers: await startOrgScanWorkers(connection, { clientFor: () => client, concurrency: Number(concurrencyText), cache }),
          queue: queueRunner(connection),
        }));
  let scan: OrgScanResult;
  try {
    scan = await scanOrganization({
      client,
      org,
      cache,
      concurrency: Number(concurrencyText),
      ...settings,
      now,
      onProgress: (event: OrgScanProgress) => progress.update(event),
      ...(queue ? { runner: queue.runner } : {}),
    });
  } catch (error) {
    if (error instanceof OrgScanError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.done();
    await Promise.all([queue?.close(), workers?.close()]);
  }

  if (flagOption(args, "dashboard")) {
    const repo = stringOption(args, "dashboard-repo") ?? ".github";
    try {
      const body = renderOrgMarkdown(scan, { toolVersion: VERSION, color: false, maxChars: ISSUE_BODY_LIMIT });
      const update = await updateInventoryIssue(client, { owner: org, repo }, body);
      io.stderr(`secretowners: inventory dashboard ${org}/${repo}#${update.number} ${update.action}\n`);
    } catch (error) {
      io.stderr(`secretowners: warning: could not update the inventory dashboard in ${org}/${repo} (${describeRequestError(error)}); grant Issues: write on it\n`);
    }
  }

  const color = format === "text" && output === undefined && wantsColor({ color: flagOption(args, "color"), noColor: flagOption(args, "no-color") }, io.env, io.isTTY);
  const report = ORG_RENDERERS[format as OrgFormat](scan, { toolVersion: VERSION, color, failOn });
  const summary = summarize(allOrgFindings(scan));
  if (output !== undefined) {
    writeOutput(output, report);
    io.stderr(`secretowners: ${describeCounts(summary)} across ${scan.results.length} repositories; report written to ${output}\n`);
  } else {
    for (const batch of batched(report)) io.stdout(batch);
  }
  const failed = scan.repos.filter((repo) => repo.error !== null).length;
  if (failed > 0) io.stderr(`secretowners: warning: ${failed} ${failed === 1 ? "repository" : "repositories"} could not be scanned; see the report\n`);
  return countFailing(summary, failOn) > 0 ? EXIT_FINDINGS : EXIT_OK;
}
