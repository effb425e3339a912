import { effectiveGovernance } from "../../manifest/match.js";
import type { Governance } from "../../manifest/types.js";
import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";

/** The lifecycle fields every rule needs once `defaults:` are applied, in manifest order. */
const LIFECYCLE_FIELDS = ["custodian", "backup", "purpose", "rotation", "revoker"] as const;

export function missingLifecycleFields(governance: Governance): string[] {
  return LIFECYCLE_FIELDS.filter((field) => {
    const value = governance[field];
    return value === undefined || (Array.isArray(value) && value.length === 0) || value === "";
  });
}

export default defineRule({
  meta: {
    id: "missing-lifecycle",
    description: "An ownership rule lacks a custodian, backup, purpose, rotation cadence or revoker, even after defaults.",
    defaultSeverity: "warning",
    controls: ["NHI7", "NHI1", "GV.RR-02", "PR.AA-01"],
    messages: {
      missing: "The rule for {{patterns}} lacks {{fields}}. Set the missing fields on the rule, or once under `defaults:` for every rule.",
      missingOnLine: "The rule for {{patterns}} lacks {{fields}}. Add them to its line as key=value (e.g. rotation=90d revoker=@org/secops), or once on a `defaults` line for every rule.",
    },
    help: [
      "An owner alone does not keep a secret healthy: someone must operate it (custodian), stand in",
      "(backup), know why it exists (purpose), rotate it on a schedule (rotation) and be allowed to kill",
      "it (revoker). Without a rotation cadence secrets live forever (OWASP NHI7, long-lived secrets).",
      "",
      "**Fix:** add the missing fields to the rule, or set them once under `defaults:`.",
    ].join("\n"),
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (!manifest) return [];
    const reports: Report[] = [];
    for (const rule of manifest.rules) {
      const missing = missingLifecycleFields(effectiveGovernance(manifest.defaults, rule));
      if (missing.length === 0) continue;
      reports.push({
        messageId: manifest.format === "secretowners" ? "missingOnLine" : "missing",
        data: { patterns: ruleLabel(rule), fields: missing.join(", ") },
        location: rule.location,
        secret: null,
        fingerprintKey: `${ruleLabel(rule)}:${missing.join(",")}`,
      });
    }
    return reports;
  },
});
