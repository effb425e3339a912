import { defineRule, type Report } from "../rule.js";
import { governedUses, systemLabel } from "./refs.js";

export default defineRule({
  meta: {
    id: "unowned-secret",
    description: "A secret is used but no ownership rule names an accountable owner for it.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-02", "PR.AA-01"],
    messages: {
      noRule: "Secret {{name}} ({{system}}) has no owner: no rule in {{manifest}} matches it.",
      noManifest: "Secret {{name}} ({{system}}) has no owner: the repository has no secretowners.yml or SECRETOWNERS manifest.",
      ruleWithoutOwner: "Secret {{name}} ({{system}}) matches the rule at {{manifest}}:{{ruleLine}}, which names no owner.",
    },
    pathContext: true,
    help: [
      "Every secret an automation uses is a non-human identity. Without an accountable owner on record",
      "nobody rotates it, and nobody dares revoke it when its creator leaves (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** add a rule to `secretowners.yml` whose `secrets:` glob matches the name, with an `owner:`",
      "team (`@org/team`). `secretowners init` writes a starter manifest listing every secret found.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const { ref, name, match } of governedUses(ctx)) {
      if (match?.effective.owner) continue;
      const data = {
        name,
        system: systemLabel(ref.system),
        manifest: ctx.manifest?.path ?? "",
        ruleLine: match?.rule.location.line ?? 0,
      };
      const messageId = ctx.manifest === null ? "noManifest" : match ? "ruleWithoutOwner" : "noRule";
      reports.push({
        messageId,
        data,
        location: ref.location,
        secret: name,
        fingerprintKey: `${ref.system}:${name.toUpperCase()}`,
        system: ref.system,
      });
    }
    return reports;
  },
});
