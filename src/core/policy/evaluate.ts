import { createHash } from "node:crypto";
import { SEVERITY_RANK, type Finding } from "../model.js";
import { compareLocations, compareStrings } from "../order.js";
import { classifyPath } from "../path-context.js";
import { scrubCredentials } from "../scrub.js";
import { RULES } from "./index.js";
import { dayOf, startOfDay } from "./rules/rotation-evidence.js";
import type { PolicyContext, PolicyRule, Report } from "./rule.js";
import { formatMessage } from "./rule.js";
import { resolveSeverity, type SeveritySettings } from "./severity.js";
import type { InlineIgnore } from "./suppress.js";

export interface EvaluateOptions {
  /** Per-rule and per-context severities (see severity.ts); `off` on a rule disables it. */
  readonly severities?: SeveritySettings;
  /** Accepted fingerprints (a baseline file). */
  readonly baseline?: ReadonlySet<string>;
  /** Inline `secretowners:ignore` comments per file, keyed by line. */
  readonly inlineIgnores?: ReadonlyMap<string, ReadonlyMap<number, InlineIgnore>>;
  readonly rules?: readonly PolicyRule[];
  /**
   * Called when a rule throws: its findings so far are kept, the other rules still run. Without
   * it the error propagates. The scanner turns it into a diagnostic naming the rule.
   */
  readonly onRuleError?: (ruleId: string, error: unknown) => void;
}


export function fingerprint(ruleId: string, file: string, key: string): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${key}`).digest("hex").slice(0, 32);
}

export function evaluate(ctx: PolicyContext, options: EvaluateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const settings = options.severities ?? {};
  for (const rule of options.rules ?? RULES) {
    if (settings[rule.meta.id] === "off") continue;
    try {
      evaluateRule(rule, settings, ctx, options, findings);
    } catch (error) {
      if (options.onRuleError === undefined) throw error;
      options.onRuleError(rule.meta.id, error);
    }
  }
  return findings.sort(compareFindings);
}

function evaluateRule(rule: PolicyRule, settings: SeveritySettings, ctx: PolicyContext, options: EvaluateOptions, findings: Finding[]): void {
  for (const report of rule.check(ctx)) {
    const context = rule.meta.pathContext === true ? (report.context ?? classifyPath(report.location.file)) : null;
    const severity = resolveSeverity(settings, rule, report.severity, context);
    // Only a rule can be off; a context never hides a finding (checkSeveritySetting refuses it).
    if (severity === "off") continue;
    const print = fingerprint(rule.meta.id, report.location.file, report.fingerprintKey);
    const ignore = options.inlineIgnores?.get(report.location.file)?.get(report.location.line);
    const inline = ignore && (ignore.rules === null || ignore.rules.includes(rule.meta.id)) ? ignore : undefined;
    findings.push({
      ruleId: rule.meta.id,
      severity,
      message: reportMessage(rule, report),
      location: report.location,
      secret: report.secret,
      detector: report.detector ?? null,
      fingerprint: print,
      controls: rule.meta.controls,
      ...(report.system ? { system: report.system } : {}),
      ...(report.preview ? { preview: report.preview } : {}),
      ...(report.identity !== undefined ? { identity: report.identity } : {}),
      ...(context !== null ? { context } : {}),
      ...(inline
        ? { suppressed: { kind: "inline", reason: inline.reason } as const }
        : options.baseline?.has(print)
          ? { suppressed: { kind: "baseline" } as const }
          : {}),
    });
  }
}

/** How far ahead `stableThrough` looks: a result is re-judged at least this often. */
export const STABLE_HORIZON_DAYS = 31;

/**
 * The last day (whole UTC days since 1970-01-01) on which the dated rules (`meta.dated`) report
 * what they report on `ctx.now`, looking at most `STABLE_HORIZON_DAYS` ahead; null without `now`.
 * Found by judging each following day in turn rather than by knowing each rule's thresholds: a
 * rule added later cannot be missed, and a finding that counts days (`3 day(s) ago`) makes the
 * answer today itself.
 */
export function stableThrough(ctx: PolicyContext, options: Pick<EvaluateOptions, "severities" | "rules"> = {}): number | null {
  if (ctx.now === undefined) return null;
  const settings = options.severities ?? {};
  const dated = (options.rules ?? RULES).filter((rule) => rule.meta.dated === true && settings[rule.meta.id] !== "off");
  const today = dayOf(ctx.now);
  const judge = (day: number): string => JSON.stringify(dated.map((rule) => rule.check({ ...ctx, now: startOfDay(day) })));
  try {
    const verdict = judge(today);
    for (let day = today + 1; day <= today + STABLE_HORIZON_DAYS; day += 1) {
      if (judge(day) !== verdict) return day - 1;
    }
    return today + STABLE_HORIZON_DAYS;
  } catch {
    // A rule that fails (reported as a diagnostic by the scan) vouches for nothing past today.
    return today;
  }
}

/**
 * A report's message from its rule's template. Templates are ours; what is filled into them may
 * come from the repository, so each value is scrubbed of credentials first.
 */
export function reportMessage(rule: PolicyRule, report: Pick<Report, "messageId" | "data">): string {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${report.messageId}`);
  const data = Object.fromEntries(Object.entries(report.data).map(([key, value]) => [key, typeof value === "string" ? scrubCredentials(value) : value]));
  return formatMessage(template, data);
}

/** Deterministic order: worst first, identity-system credentials ahead of others, then by place. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    Number(b.identity === true) - Number(a.identity === true) ||
    compareLocations(a.location, b.location) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}
