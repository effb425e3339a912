import { parsePrincipal, PRINCIPAL_FIELDS, principalsOf, type PrincipalField } from "../../manifest/directory.js";
import type { Governance } from "../../manifest/types.js";
import type { Location } from "../../model.js";
import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";

export default defineRule({
  meta: {
    id: "orphaned-owner",
    description: "An ownership rule names a team that no longer exists or a user who is no longer a member of the organization.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-04"],
    messages: {
      team: "The {{field}} of {{subject}} is {{principal}}, a team that does not exist in {{organization}}. Name a team that exists and accepts the duty.",
      user: "The {{field}} of {{subject}} is {{principal}}, who is not a member of {{organization}}. Name a current team or member.",
    },
    help: [
      "Ownership on record is only worth something while the owner exists. A deleted team or a person who",
      "left the organization owns nothing: the secret is orphaned, exactly the improper offboarding OWASP",
      "NHI1 warns about, and the roles NIST CSF GV.RR-04 expects to be kept current are vacant.",
      "",
      "The owner is an `error`; a missing custodian, backup or revoker is a `warning`. Only GitHub knows who",
      "exists, so this rule runs in the GitHub App (and anywhere an organization directory is supplied); the",
      "CLI never reports it.",
      "",
      "**Fix:** name a team that exists in the organization (`@org/team`) and accepts the duty.",
    ].join("\n"),
  },
  check(ctx) {
    const manifest = ctx.manifest;
    const directory = ctx.directory;
    if (!manifest || !directory) return [];
    const reports: Report[] = [];
    const judge = (governance: Governance, field: PrincipalField, subject: string, location: Location, key: string) => {
      for (const handle of principalsOf(governance, field)) {
        const principal = parsePrincipal(handle);
        if (principal === null || directory.exists.get(handle.toLowerCase()) !== false) continue;
        if (principal.kind === "team" && principal.org.toLowerCase() !== directory.organization.toLowerCase()) continue;
        reports.push({
          messageId: principal.kind,
          data: { field: field === "backup" ? "backup" : field, subject, principal: handle, organization: directory.organization },
          location,
          secret: null,
          fingerprintKey: `${key}\0${field}\0${handle.toLowerCase()}`,
          // The owner answers for the secret; the other roles only stand in or operate.
          ...(field === "owner" ? {} : { severity: "warning" as const }),
        });
      }
    };
    for (const field of PRINCIPAL_FIELDS) {
      const location = manifest.defaultsLocations?.[field];
      if (location) judge(manifest.defaults, field, "the manifest's defaults", location, "defaults");
    }
    for (const rule of manifest.rules) {
      const label = ruleLabel(rule);
      for (const field of PRINCIPAL_FIELDS) judge(rule, field, `the rule for ${label}`, rule.fieldLocations[field] ?? rule.location, label);
    }
    return reports;
  },
});
