import { SEVERITY_RANK, type OrgFinding, type Severity } from "../model.js";
import { compareStrings } from "../order.js";
import { compareFindings, fingerprint, reportMessage } from "./evaluate.js";
import { RULES } from "./index.js";
import type { OrgPolicyContext, PolicyRule } from "./rule.js";

export interface EvaluateOrgOptions {
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly baseline?: ReadonlySet<string>;
  readonly rules?: readonly PolicyRule[];
}

/**
 * Runs the cross-repository checks (each rule's `checkOrg`) over an organization. A finding is
 * fingerprinted against the organization rather than a file, so it stays the same finding when
 * the first repository that uses the secret changes.
 */
export function evaluateOrg(ctx: OrgPolicyContext, options: EvaluateOrgOptions = {}): OrgFinding[] {
  const findings: OrgFinding[] = [];
  for (const rule of options.rules ?? RULES) {
    if (!rule.checkOrg) continue;
    const override = options.severities?.[rule.meta.id];
    if (override === "off") continue;
    for (const report of rule.checkOrg(ctx)) {
      const print = fingerprint(rule.meta.id, `org:${ctx.org}`, report.fingerprintKey);
      findings.push({
        repo: report.repo,
        ruleId: rule.meta.id,
        severity: override ?? report.severity ?? rule.meta.defaultSeverity,
        message: reportMessage(rule, report),
        location: report.location,
        secret: report.secret,
        detector: report.detector ?? null,
        fingerprint: print,
        controls: rule.meta.controls,
        ...(report.system ? { system: report.system } : {}),
        ...(options.baseline?.has(print) ? { suppressed: { kind: "baseline" } as const } : {}),
      });
    }
  }
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareStrings(a.repo, b.repo) || compareFindings(a, b));
}
