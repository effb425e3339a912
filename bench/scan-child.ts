// One measured scan, run in a fresh process by bench/run.mjs so that peak RSS is this scan's alone.
// Prints one JSON line on stdout; never prints findings' messages (they are not needed and a bug
// there must not leak a planted value into the bench log).
import { performance } from "node:perf_hooks";
import { scanPaths } from "../src/node/scan-paths.js";

const root = process.argv[2];
if (root === undefined) {
  console.error("usage: scan-child <root>");
  process.exit(2);
}

const started = performance.now();
const cpuBefore = process.cpuUsage();
const { result, threads } = scanPaths([root], { root });
const seconds = (performance.now() - started) / 1000;
// User + system time of every thread of this process: what the scan cost the machine, which other
// work on a shared machine changes far less than it changes wall time.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// maxRSS is in kilobytes on Linux and macOS.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

const hardcoded = result.findings.filter((finding) => finding.ruleId === "hardcoded-secret").map((finding) => ({ file: finding.location.file, line: finding.location.line, detector: finding.detector }));
const skipped: Record<string, number> = {};
for (const entry of result.skipped) skipped[entry.reason] = (skipped[entry.reason] ?? 0) + 1;
const byRule: Record<string, number> = {};
for (const finding of result.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;

process.stdout.write(
  `${JSON.stringify({
    seconds,
    cpuSeconds,
    peakRssBytes,
    files: result.stats.files,
    bytes: result.stats.bytes,
    findings: result.findings.length,
    byRule,
    secrets: result.secrets.length,
    diagnostics: result.diagnostics.length,
    skipped,
    skippedPaths: result.skipped.map((entry) => entry.file),
    hardcoded,
    threads,
  })}\n`,
);
