import { isCodeownersManifest, ruleSnippet } from "../core/init.js";
import { SEVERITY_RANK, type Finding, type Severity } from "../core/model.js";
import { RULES_BY_ID } from "../core/policy/index.js";

/**
 * GitHub shows at most 10 error and 10 warning (and 10 notice) annotations per step and drops the
 * rest silently, so the blocking ones go first and one closing notice says how many were left out.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

export type AnnotationLevel = "error" | "warning" | "notice";

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly title: string;
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
}

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { error: "error", warning: "warning", note: "notice" };

/**
 * `findings` are the ones that count (new on a PR, all on a full scan), unsuppressed. They come out
 * worst first, at most `limit` in all and `GITHUB_ANNOTATIONS_PER_LEVEL` per level; `omitted` is
 * what did not fit (the caller emits one notice for it).
 */
export function planAnnotations(findings: readonly Finding[], limit: number, manifest: string | null): { annotations: Annotation[]; omitted: number } {
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const perLevel = new Map<AnnotationLevel, number>();
  const annotations: Annotation[] = [];
  for (const finding of sorted) {
    if (annotations.length >= limit) break;
    const level = LEVEL[finding.severity];
    const used = perLevel.get(level) ?? 0;
    // Notices keep one slot for the closing "N more" notice.
    const cap = level === "notice" ? GITHUB_ANNOTATIONS_PER_LEVEL - 1 : GITHUB_ANNOTATIONS_PER_LEVEL;
    if (used >= cap) continue;
    perLevel.set(level, used + 1);
    annotations.push({
      level,
      title: finding.ruleId,
      message: annotationMessage(finding, manifest),
      file: finding.location.file,
      startLine: finding.location.line,
      startColumn: finding.location.column,
    });
  }
  return { annotations, omitted: findings.length - annotations.length };
}

/** The finding's message, then what to do: the rule to add for an unowned secret, else the rule's docs. */
export function annotationMessage(finding: Finding, manifest: string | null): string {
  if (finding.ruleId === "unowned-secret" && finding.secret !== null) {
    const snippet = ruleSnippet({ name: finding.secret, system: finding.system ?? "github-actions" }, manifest);
    const where = manifest !== null && isCodeownersManifest(manifest) ? manifest : `${manifest ?? ".github/secretowners.yml"} under rules:`;
    return `${finding.message}\nAdd to ${where}\n${snippet}`;
  }
  const url = RULES_BY_ID.get(finding.ruleId)?.meta.url;
  return url ? `${finding.message}\nHow to fix: ${url}` : finding.message;
}
