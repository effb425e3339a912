import { SEVERITY_RANK, type Finding, type Severity } from "../model.js";

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  /** Findings silenced by a baseline or an inline ignore; not counted in the three above. */
  readonly suppressed: number;
}

/** The one place findings are counted, so every format (and the exit code) agrees. */
export function summarize(findings: readonly Finding[]): Summary {
  const counts = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressed) counts.suppressed += 1;
    else counts[finding.severity] += 1;
  }
  return counts;
}

/** How many unsuppressed findings are at or above the `--fail-on` threshold. */
export function countFailing(summary: Summary, failOn: Severity | "never"): number {
  if (failOn === "never") return 0;
  return (["error", "warning", "note"] as const)
    .filter((severity) => SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn])
    .reduce((total, severity) => total + summary[severity], 0);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** `3 errors, 2 warnings, 1 note` — the wording shared by text and markdown. */
export function describeCounts(summary: Summary): string {
  return [plural(summary.error, "error"), plural(summary.warning, "warning"), plural(summary.note, "note")].join(", ");
}
