import { defineRule, type PolicyContext, type Report } from "../rule.js";
import type { StoredSecret } from "../../model.js";
import { governedUses, referencedActionsSecrets, storedSecretKey, storedSecretLocation, storedSecretMatch, storeLabel, systemLabel } from "./refs.js";

/**
 * Secrets GitHub holds for this repository need an owner even when no workflow names them (then
 * they are also `unused-secret`). Organization secrets are owned where the organization keeps them.
 */
const OWNED_HERE: ReadonlySet<StoredSecret["store"]> = new Set(["actions", "environment", "dependabot"]);

export default defineRule({
  meta: {
    id: "unowned-secret",
    description: "A secret is used but no ownership rule names an accountable owner for it.",
    defaultSeverity: "error",
    controls: ["NHI1", "GV.RR-02", "PR.AA-01"],
    messages: {
      noRule: "Secret {{name}} ({{system}}) has no owner: no rule in {{manifest}} matches it.",
      noManifest: "Secret {{name}} ({{system}}) has no owner: the repository has no secretowners.yml or SECRETOWNERS manifest (`secretowners init` writes one).",
      unreadableManifest: "Secret {{name}} ({{system}}) has no owner: the manifest {{manifest}} is invalid and cannot be read (see its invalid-manifest finding).",
      ruleWithoutOwner: "Secret {{name}} ({{system}}) matches the rule at {{manifest}}:{{ruleLine}}, which names no owner.",
      storedNoRule: "GitHub holds the {{store}} secret {{name}} for this repository, and no rule in {{manifest}} names its owner. Add a rule whose secrets: matches {{name}} with an owner: team.",
      storedNoManifest: "GitHub holds the {{store}} secret {{name}} for this repository, and the repository has no secretowners.yml to name its owner. Add one with a rule for {{name}}.",
      storedRuleWithoutOwner: "GitHub holds the {{store}} secret {{name}} for this repository; it matches the rule at {{manifest}}:{{ruleLine}}, which names no owner.",
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
        manifest: ctx.manifest?.path ?? ctx.manifestFile ?? "",
        ruleLine: match?.rule.location.line ?? 0,
      };
      const messageId = ctx.manifest === null ? (ctx.manifestFile ? "unreadableManifest" : "noManifest") : match ? "ruleWithoutOwner" : "noRule";
      reports.push({
        messageId,
        data,
        location: ref.location,
        secret: name,
        fingerprintKey: `${ref.system}:${name.toUpperCase()}`,
        system: ref.system,
      });
    }
    reports.push(...unownedStoredSecrets(ctx));
    return reports;
  },
});

/** Stored secrets no workflow names (named ones are reported where they are used, above). */
function unownedStoredSecrets(ctx: PolicyContext): Report[] {
  // Whether a workflow names it is only known from a scan of the whole repository.
  if (!ctx.complete || ctx.storedSecrets.length === 0) return [];
  const referenced = referencedActionsSecrets(ctx.refs);
  const reports: Report[] = [];
  for (const secret of ctx.storedSecrets) {
    if (!OWNED_HERE.has(secret.store) || referenced.has(secret.name.toUpperCase())) continue;
    const match = storedSecretMatch(ctx, secret);
    if (match?.effective.owner) continue;
    const messageId = ctx.manifest === null ? "storedNoManifest" : match ? "storedRuleWithoutOwner" : "storedNoRule";
    reports.push({
      messageId,
      data: { name: secret.name, store: storeLabel(secret), manifest: ctx.manifest?.path ?? "", ruleLine: match?.rule.location.line ?? 0 },
      location: storedSecretLocation(ctx, match),
      secret: secret.name,
      fingerprintKey: storedSecretKey(secret),
      system: "github-actions",
    });
  }
  return reports;
}
