import { WHO_FORMATS } from "../../core/render/formats.js";
import type { Command } from "../command.js";
import { EXCLUDE_OPTION, MAX_FILE_SIZE_OPTION, NO_GITIGNORE_OPTION, NOW_OPTION, OUTPUT_OPTION } from "../option-specs.js";

/**
 * `secretowners who NAME [PATH]`: the incident-response lookup. Scans the whole repository (every
 * use is needed, not only the manifest) and answers who is accountable for the secrets NAME matches.
 */
const who: Command = {
  name: "who",
  synopsis: "NAME [PATH]",
  summary: "Who owns, operates and may revoke a secret, and every place it is used",
  description: [
    "For every secret NAME matches — a name, a glob such as 'OKTA_*', or system:NAME such as",
    "kubernetes:okta-* (case-insensitive) — in the repository holding PATH (default .): the winning",
    "manifest rule (file:line), owner, custodian, backups, revoker, purpose, rotation cadence and last",
    "rotation, review, vendor, emergency-only, agents, scope, every place it is used, and the rules",
    "that matched and lost. When no secret in use matches, it says so, lists near names and, for a",
    "plain name a rule covers, what the manifest would say; the exit code is then 1.",
  ].join("\n"),
  maxPositionals: 2,
  options: {
    format: { type: "string", value: "FORMAT", description: `Answer format: ${WHO_FORMATS.join(", ")} (default text)` },
    output: OUTPUT_OPTION,
    manifest: { type: "string", value: "FILE", description: "Use this manifest instead of looking in .github/, the root, then docs/" },
    exclude: EXCLUDE_OPTION,
    "no-gitignore": NO_GITIGNORE_OPTION,
    "max-file-size": MAX_FILE_SIZE_OPTION,
    now: NOW_OPTION,
  },
  examples: [
    { command: "secretowners who OKTA_API_TOKEN", explanation: "this key leaked: who owns it, who may revoke it, where is it used?" },
    { command: "secretowners who 'OKTA_*' --format markdown", explanation: "every Okta secret, as tables for an incident ticket" },
    { command: "secretowners who kubernetes:scim-bearer ../identity-repo --format json", explanation: "one system's secret in another repository, for a script" },
  ],
  helpSections: () => ["Exit codes: 0 a secret in use matches NAME, 1 none does, 2 usage error or unreadable path or manifest."],
  run: async (args, io) => (await import("../run/local.js")).runWho(args, io),
};

export default who;
