import { effectiveGovernance } from "../../manifest/match.js";
import { formatIsoDate, parseDuration, parseIsoDate } from "../../manifest/text.js";
import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";
import { dayOf } from "./rotation-evidence.js";

export default defineRule({
  meta: {
    id: "review-overdue",
    description: "A rule's last recorded access review is older than its review cadence allows.",
    defaultSeverity: "warning",
    dated: true,
    controls: ["GV.RR-02", "ID.AM-08"],
    messages: {
      future: "The rule for {{patterns}} says `reviewed: {{reviewed}}`, a day still to come, so its review cannot be judged. Write the day of the last review.",
      overdue:
        "The rule for {{patterns}} was last reviewed on {{reviewed}}; reviews every {{review}} made the next one due on {{due}}, {{late}} day(s) ago. Review who uses the secret and why, then update `reviewed:`.",
    },
    help: [
      "Ownership on record goes stale: teams reorganise, workflows that used a key are deleted, a",
      "vendor contract ends. A periodic review — who uses this secret, is the owner still right, is",
      "the scope still tight — is what keeps the record true (NIST CSF GV.RR-02, roles and",
      "responsibilities; ID.AM-08, lifecycle management).",
      "",
      "**Fix:** review the secret's usage (`secretowners who NAME` lists every place it is used),",
      "correct the rule, and record the day in `reviewed:`. Set the cadence with `review:` on the rule",
      "or once under `defaults:`.",
    ].join("\n"),
  },
  check(ctx) {
    const manifest = ctx.manifest;
    if (ctx.now === undefined || manifest === null) return [];
    const today = dayOf(ctx.now);
    const reports: Report[] = [];
    for (const rule of manifest.rules) {
      const { review } = effectiveGovernance(manifest.defaults, rule);
      const reviewed = rule.reviewed === undefined ? null : parseIsoDate(rule.reviewed);
      const cadence = review === undefined ? null : parseDuration(review);
      if (reviewed !== null && reviewed > today) {
        reports.push({
          messageId: "future",
          data: { patterns: ruleLabel(rule), reviewed: rule.reviewed as string },
          location: rule.fieldLocations["reviewed"] ?? rule.location,
          secret: null,
          fingerprintKey: `${ruleLabel(rule)}:future`,
        });
        continue;
      }
      if (reviewed === null || cadence === null) continue;
      const due = reviewed + cadence;
      if (due >= today) continue;
      reports.push({
        messageId: "overdue",
        data: { patterns: ruleLabel(rule), reviewed: formatIsoDate(reviewed), review: review as string, due: formatIsoDate(due), late: today - due },
        location: rule.fieldLocations["reviewed"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule),
      });
    }
    return reports;
  },
});
