import { formatIsoDate } from "../../manifest/text.js";
import { defineRule, type Report } from "../rule.js";
import { capitalize, dayOf, rotationSubjects } from "./rotation-evidence.js";

/** How far ahead a coming rotation is announced: two weeks, enough to plan one. */
export const DUE_SOON_DAYS = 14;

export default defineRule({
  meta: {
    id: "rotation-due-soon",
    description: `A secret's rotation falls due within ${DUE_SOON_DAYS} days.`,
    defaultSeverity: "note",
    dated: true,
    controls: ["NHI7", "PR.AA-01"],
    messages: {
      dueSoon: "{{subject}} is due for rotation on {{due}}, in {{left}} day(s): last rotated on {{rotated}} ({{source}}), rotation every {{cadence}}.",
    },
    help: [
      "A heads-up before rotation-overdue turns into a failing check: rotating on schedule is cheaper",
      "than rotating in a hurry (OWASP NHI7, long-lived secrets).",
      "",
      "**Fix:** plan the rotation with the custodian; afterwards record the day in the rule's `rotated:`.",
    ].join("\n"),
  },
  check(ctx) {
    if (ctx.now === undefined) return [];
    const today = dayOf(ctx.now);
    const reports: Report[] = [];
    for (const subject of rotationSubjects(ctx)) {
      const left = subject.due - today;
      if (left < 0 || left > DUE_SOON_DAYS) continue;
      reports.push({
        messageId: "dueSoon",
        data: {
          subject: capitalize(subject.subject),
          due: formatIsoDate(subject.due),
          left,
          rotated: formatIsoDate(subject.lastRotated),
          source: subject.source,
          cadence: subject.cadence,
        },
        location: subject.location,
        secret: subject.secret,
        fingerprintKey: subject.key,
      });
    }
    return reports;
  },
});
