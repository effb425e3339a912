import type { ScanResult } from "../../core/model.js";
import { RENDERERS } from "../../core/render/index.js";
import { countFailing, describeCounts, summarize } from "../../core/render/summary.js";
import { scanPaths } from "../../node/scan-paths.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, flagOption, listOption, stringOption, type CliIO, type ParsedArgs } from "../command.js";
import { parseFailOn, parseFormat, parseNow, parseSeverities, parseSize, readBaseline, wantsColor, writeOutput, type FailOn } from "../options.js";

/** `secretowners scan` (its options and help: commands/scan.ts). */
export function runScan(args: ParsedArgs, io: CliIO): number {
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
}

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
