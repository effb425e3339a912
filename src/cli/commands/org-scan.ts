import { ORG_FORMATS } from "../../core/render/formats.js";
import { GITHUB_API_URL } from "../../github/api-url.js";
import type { Command } from "../command.js";
import { FAIL_ON_OPTION, MAX_FILE_SIZE_OPTION, NOW_OPTION, OUTPUT_OPTION } from "../option-specs.js";

const orgScan: Command = {
  name: "org-scan",
  synopsis: "--org ORG",
  summary: "Scan every repository of a GitHub organization and keep its secret inventory",
  description: [
    "Lists the organization's repositories and scans each one that changed since the last run: its tarball,",
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
    format: { type: "string", value: "FORMAT", description: `Report format: ${ORG_FORMATS.join(", ")} (default text)` },
    output: OUTPUT_OPTION,
    "fail-on": FAIL_ON_OPTION,
    severity: { type: "string", multiple: true, value: "RULE=LEVEL", description: "Set a rule's severity: error, warning, note or off" },
    baseline: { type: "string", value: "FILE", description: "Accept the findings whose fingerprints FILE lists (an org-scan --format json report works)" },
    cache: { type: "string", value: "DIR", description: "Keep results and ETags in DIR so a rerun only pays for repositories that changed since (a push, a secret, a date falling due)" },
    concurrency: { type: "string", value: "N", description: "Repositories scanned at once (default 4)" },
    dashboard: { type: "boolean", description: "Create or update the inventory dashboard issue in the organization's .github repository" },
    "dashboard-repo": { type: "string", value: "REPO", description: "Repository of the dashboard issue (default .github)" },
    "max-file-size": MAX_FILE_SIZE_OPTION,
    now: NOW_OPTION,
    color: { type: "boolean", description: "Colour in text output even when not on a terminal" },
    "no-color": { type: "boolean", description: "No colour in text output (NO_COLOR also works)" },
  },
  maxPositionals: 0,
  examples: [
    { command: "GITHUB_TOKEN=... secretowners org-scan --org acme --cache ~/.cache/secretowners", explanation: "scan every repository of acme; a rerun scans only what changed since" },
    { command: "secretowners org-scan --org acme --format csv --output inventory.csv --fail-on never", explanation: "export the inventory as audit evidence" },
    { command: "secretowners org-scan --org acme --api-url https://ghe.example.com/api/v3 --dashboard", explanation: "on GitHub Enterprise Server, and keep the dashboard issue up to date" },
  ],
  helpSections: () => [
    "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error, no token, or an organization that cannot be listed.",
  ],
  run: async (args, io) => (await import("../run/org-scan.js")).runOrgScan(args, io),
};

export default orgScan;
