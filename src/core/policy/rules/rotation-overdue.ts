import { defineRule, type Report } from "../rule.js";
import { formatIsoDate, parseIsoDate } from "../../manifest/text.js";
import { ruleLabel } from "./manifest-rules.js";
import { capitalize, dayOf, rotationSubjects } from "./rotation-evidence.js";

export default defineRule({
  meta: {
    id: "rotation-overdue",
    description: "A secret's last recorded rotation is older than its rotation cadence allows.",
    defaultSeverity: "error",
    dated: true,
    controls: ["NHI7", "PR.AA-01"],
    messages: {
      future: "The rule for {{patterns}} says `rotated: {{rotated}}`, a day still to come, so its rotation cannot be judged. Write the day the secret was last rotated.",
      overdue:
        "{{subject}} was last rotated on {{rotated}} ({{source}}); rotation every {{cadence}} made it due on {{due}}, {{late}} day(s) ago. Rotate it, then update `rotated:` in {{manifest}}.",
    },
    help: [
      "A rotation cadence nobody follows is a long-lived secret with paperwork: the longer a credential",
      "lives, the longer a leaked copy keeps working (OWASP NHI7, long-lived secrets). The last rotation",
      "is the later of the rule's `rotated:` date and, where the Action or App can read it, the date",
      "GitHub last saw the secret's value change (`updated_at`).",
      "",
      "**Fix:** have the custodian rotate the secret, then record the day in the rule's `rotated:`.",
      "If the cadence is wrong, change `rotation:` with the owner's agreement.",
    ].join("\n"),
  },
  check(ctx) {
    if (ctx.now === undefined || ctx.manifest === null) return [];
    const today = dayOf(ctx.now);
    const reports: Report[] = [];
    // A date ahead of today (a typo such as 2062) would hide an overdue rotation for decades.
    for (const rule of ctx.manifest.rules) {
      const recorded = rule.rotated === undefined ? null : parseIsoDate(rule.rotated);
      if (recorded === null || recorded <= today) continue;
      reports.push({
        messageId: "future",
        data: { patterns: ruleLabel(rule), rotated: rule.rotated as string },
        location: rule.fieldLocations["rotated"] ?? rule.location,
        secret: null,
        fingerprintKey: `${ruleLabel(rule)}:future`,
        severity: "warning",
      });
    }
    for (const subject of rotationSubjects(ctx)) {
      if (subject.due >= today) continue;
      reports.push({
        messageId: "overdue",
        data: {
          subject: capitalize(subject.subject),
          rotated: formatIsoDate(subject.lastRotated),
          source: subject.source,
          cadence: subject.cadence,
          due: formatIsoDate(subject.due),
          late: today - subject.due,
          manifest: ctx.manifest.path,
        },
        location: subject.location,
        secret: subject.secret,
        fingerprintKey: subject.key,
      });
    }
    return reports;
  },
});

