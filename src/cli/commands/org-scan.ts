import { allOrgFindings, type OrgScanResult } from "../../core/org.js";
import { ORG_RENDERERS, renderOrgMarkdown, ISSUE_BODY_LIMIT, type OrgFormat } from "../../core/render/org/index.js";
import { countFailing, describeCounts, summarize } from "../../core/render/summary.js";
import { createGitHubClient, describeRequestError, GITHUB_API_URL, type GitHubLog } from "../../github/client.js";
import { updateInventoryIssue } from "../../github/inventory-issue.js";
import { DirectoryCache } from "../../github/org-cache.js";
import { OrgScanError, scanOrganization, type OrgScanProgress } from "../../github/org-scan.js";
import { queueRunner, startOrgScanWorkers } from "../../github/queue.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, flagOption, listOption, stringOption, UsageError, type CliIO, type Command } from "../command.js";
import { batched, FAIL_ON_OPTION, MAX_FILE_SIZE_OPTION, OUTPUT_OPTION, parseFailOn, parseSeverities, parseSize, readBaseline, wantsColor, writeOutput } from "../options.js";
import { progressReporter } from "../progress.js";

const orgScan: Command = {
  name: "org-scan",
  synopsis: "--org ORG",
  summary: "Scan every repository of a GitHub organization and keep its secret inventory",
  description: [
    "Lists the organization's repositories and scans each one pushed since the last run: its tarball,",
    "streamed and scanned in memory (no checkout on disk), and the secrets GitHub holds for it (Actions,",
    "each environment's, Dependabot's). Then runs the cross-repository checks (a secret several",
    "teams own, an organization secret every repository can read but one team uses, one secret for",
    "production and staging). Archived and empty repositories are skipped; one repository's failure",
    "is reported and the scan goes on. The token comes from GITHUB_TOKEN (or --token) and needs read",
    "access to contents, secrets, environments and Dependabot secrets. With REDIS_URL set, repositories are scanned",
    "through a BullMQ queue that several workers share.",
  ].join("\n"),
  options: {
    org: { type: "string", value: "ORG", description: "The organization to scan (required)" },
    token: { type: "string", value: "TOKEN", description: "GitHub token (default: GITHUB_TOKEN); prefer the variable, a flag shows in process lists" },
    "api-url": { type: "string", value: "URL", description: `REST API root, for GitHub Enterprise Server (default: GITHUB_API_URL, else ${GITHUB_API_URL})` },
    format: { type: "string", value: "FORMAT", description: `Report format: ${Object.keys(ORG_RENDERERS).join(", ")} (default text)` },
    output: OUTPUT_OPTION,
    "fail-on": FAIL_ON_OPTION,
    severity: { type: "string", multiple: true, value: "RULE=LEVEL", description: "Set a rule's severity: error, warning, note or off" },
    baseline: { type: "string", value: "FILE", description: "Accept the findings whose fingerprints FILE lists (an org-scan --format json report works)" },
    cache: { type: "string", value: "DIR", description: "Keep results and ETags in DIR so a rerun only pays for repositories pushed since" },
    concurrency: { type: "string", value: "N", description: "Repositories scanned at once (default 4)" },
    dashboard: { type: "boolean", description: "Create or update the inventory dashboard issue in the organization's .github repository" },
    "dashboard-repo": { type: "string", value: "REPO", description: "Repository of the dashboard issue (default .github)" },
    "max-file-size": MAX_FILE_SIZE_OPTION,
    color: { type: "boolean", description: "Colour in text output even when not on a terminal" },
    "no-color": { type: "boolean", description: "No colour in text output (NO_COLOR also works)" },
  },
  maxPositionals: 0,
  examples: [
    { command: "GITHUB_TOKEN=... secretowners org-scan --org acme --cache ~/.cache/secretowners", explanation: "scan every repository of acme; a rerun scans only what was pushed since" },
    { command: "secretowners org-scan --org acme --format csv --output inventory.csv --fail-on never", explanation: "export the inventory as audit evidence" },
    { command: "secretowners org-scan --org acme --api-url https://ghe.example.com/api/v3 --dashboard", explanation: "on GitHub Enterprise Server, and keep the dashboard issue up to date" },
  ],
  helpSections: () => [
    "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error, no token, or an organization that cannot be listed.",
  ],
  run: (args, io) => runOrgScan(args, io),
};

export default orgScan;

async function runOrgScan(args: Parameters<Command["run"]>[0], io: CliIO): Promise<number> {
  const org = stringOption(args, "org");
  if (org === undefined || org === "") throw new UsageError("org-scan needs --org ORG, the organization to scan");
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org)) throw new UsageError(`--org "${org}" is not an organization login (letters, digits and hyphens)`);
  const format = stringOption(args, "format") ?? "text";
  if (!Object.hasOwn(ORG_RENDERERS, format)) throw new UsageError(`unknown --format "${format}": use one of ${Object.keys(ORG_RENDERERS).join(", ")}`);
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
  const workers = connection ? await startOrgScanWorkers(connection, { clientFor: () => client, concurrency: Number(concurrencyText), cache }) : null;
  const queue = connection ? queueRunner(connection) : null;
  let scan: OrgScanResult;
  try {
    scan = await scanOrganization({
      client,
      org,
      cache,
      concurrency: Number(concurrencyText),
      ...settings,
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
