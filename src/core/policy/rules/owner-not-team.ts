import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";

/** `@org/team`; anything else (`@user`, an email) is a person, who will one day leave. */
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isTeam(owner: string): boolean {
  return TEAM.test(owner);
}

export default defineRule({
  meta: {
    id: "owner-not-team",
    description: "An ownership rule names a person, not a team, as the accountable owner.",
    defaultSeverity: "warning",
    controls: ["NHI1", "GV.RR-02"],
    messages: {
      person: "The rule for {{patterns}} is owned by {{owner}}, a person. Name a team (@org/team) so ownership survives when they leave.",
    },
    help: [
      "People change roles and leave; teams persist. A secret owned by a person becomes unowned the day",
      "they leave, which is exactly how orphaned credentials happen (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** set `owner:` to the team accountable for the secret (`@org/team`) and keep the person as",
      "`custodian:` or in `backup:` if useful.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const rule of ctx.manifest?.rules ?? []) {
      const owner = rule.owner;
      if (owner === undefined || isTeam(owner)) continue;
      reports.push({
        messageId: "person",
        data: { patterns: ruleLabel(rule), owner },
        location: rule.fieldLocations["owner"] ?? rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule),
      });
    }
    return reports;
  },
});
