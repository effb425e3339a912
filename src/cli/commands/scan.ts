import type { Command } from "../command.js";
import { EXCLUDE_OPTION, FAIL_ON_OPTION, FORMAT_OPTION, MAX_FILE_SIZE_OPTION, NO_GITIGNORE_OPTION, NOW_OPTION, OUTPUT_OPTION } from "../option-specs.js";

const scan: Command = {
  name: "scan",
  synopsis: "[PATH...]",
  summary: "Find every secret the repository uses and check who owns it",
  description: [
    "Scans PATHs (folders or files; default .) of the repository that holds them: the nearest enclosing",
    "git work tree or folder with a .github/ manifest or workflows, else the folder given. The manifest is read from that root and every path",
    "is reported relative to it, so a subfolder scan names files as a full scan does. Files that",
    ".gitignore, .secretownersignore or --exclude leave out are not read.",
  ].join("\n"),
  options: {
    format: FORMAT_OPTION,
    output: OUTPUT_OPTION,
    "fail-on": FAIL_ON_OPTION,
    manifest: { type: "string", value: "FILE", description: "Use this manifest instead of looking in .github/, the root, then docs/" },
    root: { type: "string", value: "DIR", description: "Treat DIR as the repository root instead of working it out from the first PATH" },
    baseline: { type: "string", value: "FILE", description: "Accept the findings whose fingerprints FILE lists (a --format json report works)" },
    severity: {
      type: "string",
      multiple: true,
      value: "RULE=LEVEL",
      description: "Set a rule's severity: error, warning, note or off. CONTEXT=LEVEL caps findings in test, docs or example files (default note); RULE@CONTEXT=LEVEL sets one rule there",
    },
    exclude: EXCLUDE_OPTION,
    "no-gitignore": NO_GITIGNORE_OPTION,
    "max-file-size": MAX_FILE_SIZE_OPTION,
    now: NOW_OPTION,
    color: { type: "boolean", description: "Colour in text output even when not on a terminal (FORCE_COLOR also works)" },
    "no-color": { type: "boolean", description: "No colour in text output (NO_COLOR also works)" },
  },
  examples: [
    { command: "secretowners scan", explanation: "scan the repository in the current folder and print findings" },
    { command: "secretowners scan .github/workflows deploy/", explanation: "scan two parts of the repository; the manifest still comes from its root" },
    { command: "secretowners scan --format sarif --output secretowners.sarif", explanation: "write SARIF for GitHub code scanning" },
    { command: "secretowners scan --format json --output .secretowners-baseline.json --fail-on never", explanation: "accept today's findings as a baseline" },
    { command: "secretowners scan --baseline .secretowners-baseline.json", explanation: "fail only on findings the baseline does not list" },
    { command: "secretowners scan --severity test=error", explanation: "let findings in test fixtures block like any other (they are notes by default)" },
    { command: "secretowners scan --exclude 'testdata/' --exclude '*_test.go'", explanation: "leave out test data (gitignore syntax)" },
    { command: "secretowners scan --now 2027-01-01", explanation: "which rotations and reviews will be overdue on 1 January" },
  ],
  helpSections: async () => {
    const { RULES } = await import("../run/local.js");
    return [
      ["Rules (set with --severity RULE=LEVEL or severity: in the manifest):", ...RULES.map((rule) => `  ${rule.meta.id.padEnd(18)} ${rule.meta.defaultSeverity.padEnd(8)} ${rule.meta.description}`)].join("\n"),
      "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error or unreadable path, manifest or baseline.",
    ];
  },
  run: async (args, io) => (await import("../run/local.js")).runScan(args, io),
};

export default scan;
