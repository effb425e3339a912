import { effectiveGovernance } from "../../manifest/match.js";
import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";
import { isTeam } from "./owner-not-team.js";

export default defineRule({
  meta: {
    id: "vendor-key-governance",
    description: "A vendor-managed key's rule lacks an internal team as owner or a revoker.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-02", "GV.SC-05"],
    messages: {
      ungoverned:
        "The rule for {{patterns}} is a vendor-managed key ({{vendor}}) but {{problems}}. The contract should still name an internal owner who can demand rotation, inspect logs, and revoke access.",
    },
    help: [
      "A key a vendor issues and manages still opens your systems. When the vendor operates it, the",
      "temptation is to leave it to them — and then nobody inside can demand a rotation, read the",
      "access logs or pull the key when the vendor is breached or the contract ends (OWASP NHI1).",
      "",
      "**Fix:** set `owner:` to the internal team accountable for the integration (`@org/team`, not a",
      "person and not the vendor) and `revoker:` to whoever may revoke the key in an emergency.",
    ].join("\n"),
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (!manifest) return [];
    const reports: Report[] = [];
    for (const rule of manifest.rules) {
      const governance = effectiveGovernance(manifest.defaults, rule);
      if (governance.vendor === undefined) continue;
      const problems: string[] = [];
      if (governance.owner === undefined) problems.push("names no owner");
      else if (!isTeam(governance.owner)) problems.push(`its owner ${governance.owner} is not an internal team (@org/team)`);
      if (governance.revoker === undefined) problems.push("names no `revoker`");
      if (problems.length === 0) continue;
      reports.push({
        messageId: "ungoverned",
        data: { patterns: ruleLabel(rule), vendor: governance.vendor, problems: problems.join(" and ") },
        location: rule.fieldLocations["vendor"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule),
      });
    }
    return reports;
  },
});
