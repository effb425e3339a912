import { createHash } from "node:crypto";
import { SEVERITY_RANK, type Finding } from "../model.js";
import { compareLocations, compareStrings } from "../order.js";
import { classifyPath } from "../path-context.js";
import { RULES } from "./index.js";
import type { PolicyContext, PolicyRule } from "./rule.js";
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
}


export function fingerprint(ruleId: string, file: string, key: string): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${key}`).digest("hex").slice(0, 32);
}

export function evaluate(ctx: PolicyContext, options: EvaluateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const settings = options.severities ?? {};
  for (const rule of options.rules ?? RULES) {
    if (settings[rule.meta.id] === "off") continue;
    for (const report of rule.check(ctx)) {
      const context = rule.meta.pathContext === true ? classifyPath(report.location.file) : null;
      const severity = resolveSeverity(settings, rule, report.severity, context);
      // Only a rule can be off; a context never hides a finding (checkSeveritySetting refuses it).
      if (severity === "off") continue;
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${report.messageId}`);
      const print = fingerprint(rule.meta.id, report.location.file, report.fingerprintKey);
      const ignore = options.inlineIgnores?.get(report.location.file)?.get(report.location.line);
      const inline = ignore && (ignore.rules === null || ignore.rules.includes(rule.meta.id)) ? ignore : undefined;
      findings.push({
        ruleId: rule.meta.id,
        severity,
        message: formatMessage(template, report.data),
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
  return findings.sort(compareFindings);
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
