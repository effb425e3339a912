import type { Severity } from "../../model.js";
import { allOrgFindings, type OrgScanResult } from "../../org.js";
import type { RunInfo } from "../index.js";
import { countFailing, describeCounts, plural, summarize } from "../summary.js";
import { clean } from "../text.js";

const SEVERITY_CODE: Record<Severity, number> = { error: 31, warning: 33, note: 36 };

/** `org-scan` on a terminal: findings grouped by repository, then what was not scanned. */
export function renderOrgText(scan: OrgScanResult, run: RunInfo): string {
  const paint = (code: number, text: string) => (run.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const findings = allOrgFindings(scan).filter((finding) => !finding.suppressed);
  const out: string[] = [];
  const byRepo = new Map<string, typeof findings>();
  for (const finding of findings) byRepo.set(finding.repo, [...(byRepo.get(finding.repo) ?? []), finding]);
  for (const [repo, group] of [...byRepo].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(paint(4, clean(repo)));
    for (const finding of group) {
      const place = `${finding.location.file}:${finding.location.line}:${finding.location.column}`;
      out.push(`  ${clean(place)}  ${paint(SEVERITY_CODE[finding.severity], finding.severity.padEnd(7))}  ${clean(finding.message)}  ${paint(2, `[${finding.ruleId}]`)}`);
    }
    out.push("");
  }
  const summary = summarize(allOrgFindings(scan));
  const scanned = scan.repos.filter((repo) => repo.scanned);
  const cached = scanned.filter((repo) => repo.cached).length;
  out.push(
    `${scan.repos.length} repositories in ${clean(scan.org)}: ${scanned.length} scanned${cached > 0 ? ` (${cached} unchanged since the last run)` : ""}, ${scan.repos.filter((repo) => repo.skipped !== null).length} skipped, ${scan.repos.filter((repo) => repo.error !== null).length} failed`,
  );
  out.push(summary.error + summary.warning + summary.note === 0 ? "✔ No problems found" : `✖ ${describeCounts(summary)}${summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : ""}`);
  if (run.failOn !== undefined && run.failOn !== "never") {
    const failing = countFailing(summary, run.failOn);
    out.push(failing > 0 ? paint(31, `Failing: ${plural(failing, "finding")} at severity ${run.failOn} or above`) : `Passing: no findings at severity ${run.failOn} or above`);
  }
  const failed = scan.repos.filter((repo) => repo.error !== null);
  if (failed.length > 0) {
    out.push("", paint(33, `Failed (${failed.length}):`));
    for (const repo of failed) out.push(`  ${clean(repo.name)}  ${clean(repo.error ?? "")}`);
  }
  const skipped = scan.repos.filter((repo) => repo.skipped !== null);
  if (skipped.length > 0) {
    out.push("", `Skipped (${skipped.length}):`);
    for (const repo of skipped) out.push(`  ${clean(repo.name)}  ${repo.skipped}`);
  }
  const notices = [...scan.notices, ...scan.repos.flatMap((repo) => repo.notices ?? [])];
  if (notices.length > 0) {
    out.push("", paint(33, `Not everything could be listed (${notices.length}):`));
    for (const notice of notices) out.push(`  ${clean(notice)}`);
  }
  return `${out.join("\n")}\n`;
}
