import type { Comparison } from "../core/compare.js";
import type { Finding, ScanResult, Severity } from "../core/model.js";
import { defangMentions } from "../core/remediation/mentions.js";
import { blockingFindings, countedFindings, renderChangeMarkdown } from "../core/render/change.js";
import { plural } from "../core/render/summary.js";
import type { CheckAnnotation, CheckConclusion, CheckOutput } from "../github/checks.js";
import { VERSION } from "../version.js";

/** The check run's name on every pull request. */
export const CHECK_NAME = "secretowners";

const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = { error: "failure", warning: "warning", note: "notice" };

export interface CheckResult {
  readonly conclusion: CheckConclusion;
  readonly output: CheckOutput;
  readonly annotations: readonly CheckAnnotation[];
}

/**
 * The verdict on a pull request, the same rule as the Action: it fails when it brings in a blocking
 * (error) finding that the base did not have — matched by fingerprint, so moved lines are not new.
 * Findings that remain but block nothing make it `neutral`; none at all, `success`.
 *
 * Annotations are for new findings only, each on its own line; files outside the repository (the
 * organization's manifest) are listed in the summary instead. Nothing in the output may ping:
 * every `@` from the scan is defanged.
 */
export function buildCheckResult(head: ScanResult, comparison: Comparison, inRepository: (path: string) => boolean, notices: readonly string[] = []): CheckResult {
  const report = { result: head, comparison, scope: "Only the changed files (and, when the manifest changed, the files it governs) were scanned.", notices, failOn: "error" as const, toolVersion: VERSION };
  const fresh = countedFindings(report);
  const blocking = blockingFindings(report);
  const remaining = head.findings.filter((finding) => !finding.suppressed);
  const conclusion: CheckConclusion = blocking.length > 0 ? "failure" : remaining.length > 0 ? "neutral" : "success";
  const title =
    blocking.length > 0
      ? plural(blocking.length, "new blocking finding")
      : fresh.length > 0
        ? `${plural(fresh.length, "new finding")}, none blocking`
        : remaining.length > 0
          ? `No new findings (${remaining.length} already on the base branch)`
          : "Every secret has an owner";
  return {
    conclusion,
    // The Action's job summary, word for word; defanged so that no owner named in it is pinged.
    output: { title, summary: defangMentions(renderChangeMarkdown(report)) },
    annotations: fresh.filter((finding) => inRepository(finding.location.file)).map(annotationFor),
  };
}

function annotationFor(finding: Finding): CheckAnnotation {
  const { file, line, endLine } = finding.location;
  return {
    path: file,
    start_line: line,
    end_line: endLine ?? line,
    annotation_level: LEVEL[finding.severity],
    title: finding.ruleId,
    message: defangMentions(finding.message),
  };
}
