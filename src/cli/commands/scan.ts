import type { ScanResult } from "../../core/model.js";
import { RULES } from "../../core/policy/index.js";
import { RENDERERS } from "../../core/render/index.js";
import { countFailing, describeCounts, summarize } from "../../core/render/summary.js";
import { scanPaths } from "../../node/scan-paths.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, flagOption, listOption, stringOption, type Command } from "../command.js";
import {
  EXCLUDE_OPTION,
  FAIL_ON_OPTION,
  FORMAT_OPTION,
  MAX_FILE_SIZE_OPTION,
  NO_GITIGNORE_OPTION,
  NOW_OPTION,
  OUTPUT_OPTION,
  parseFailOn,
  parseFormat,
  parseNow,
  parseSeverities,
  parseSize,
  readBaseline,
  wantsColor,
  writeOutput,
  type FailOn,
} from "../options.js";

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
  helpSections: () => [
    ["Rules (set with --severity RULE=LEVEL or severity: in the manifest):", ...RULES.map((rule) => `  ${rule.meta.id.padEnd(18)} ${rule.meta.defaultSeverity.padEnd(8)} ${rule.meta.description}`)].join("\n"),
    "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error or unreadable path, manifest or baseline.",
  ],
  run(args, io) {
    const format = parseFormat(args);
    const failOn = parseFailOn(args);
    const output = stringOption(args, "output");
    const manifest = stringOption(args, "manifest");
    const baseline = stringOption(args, "baseline");
    const root = stringOption(args, "root");
    const scanned = scanPaths(args.positionals.length > 0 ? args.positionals : ["."], {
      ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
      ...(root !== undefined ? { root } : {}),
      ...(manifest !== undefined ? { manifestPath: manifest } : {}),
      ...(baseline !== undefined ? { baseline: readBaseline(baseline) } : {}),
      severities: parseSeverities(listOption(args, "severity")),
      maxFileBytes: parseSize(stringOption(args, "max-file-size")),
      exclude: listOption(args, "exclude"),
      gitignore: !flagOption(args, "no-gitignore"),
      now: parseNow(stringOption(args, "now")),
    });
    for (const warning of scanned.warnings) io.stderr(`secretowners: warning: ${warning}\n`);
    const flags = { color: flagOption(args, "color"), noColor: flagOption(args, "no-color") };
    const color = format === "text" && output === undefined && wantsColor(flags, io.env, io.isTTY);
    const report = RENDERERS[format](scanned.result, { toolVersion: VERSION, color, failOn, root: scanned.root });
    if (output !== undefined) {
      writeOutput(output, report);
      io.stderr(`${outputSummary(scanned.result, failOn, output)}\n`);
    } else {
      io.stdout(report);
    }
    return exitCode(scanned.result, failOn);
  },
};

export default scan;

export function exitCode(result: ScanResult, failOn: FailOn): number {
  return countFailing(summarize(result.findings), failOn) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** With --output the report is in a file; one line on stderr says what it holds and why the exit code. */
export function outputSummary(result: ScanResult, failOn: FailOn, output: string): string {
  const summary = summarize(result.findings);
  const failing = countFailing(summary, failOn);
  const suppressed = summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : "";
  const verdict = failOn === "never" ? "not failing (--fail-on never)" : failing > 0 ? `failing: ${failing} at ${failOn} or above` : `passing at --fail-on ${failOn}`;
  return `secretowners: ${describeCounts(summary)}${suppressed}; ${verdict}; report written to ${output}`;
}
