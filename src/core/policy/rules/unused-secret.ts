import type { StoredSecret } from "../../model.js";
import { defineRule, type Report } from "../rule.js";
import { referencedActionsSecrets, storedSecretKey, storedSecretLocation, storedSecretMatch, storeLabel } from "./refs.js";

/**
 * Organization secrets are shared with many repositories, so one that this repository does not use
 * is no offboarding candidate here; Dependabot secrets are used by `.github/dependabot.yml`
 * registries, which the scanner does not read. Both are left out.
 */
const JUDGED_STORES: ReadonlySet<StoredSecret["store"]> = new Set(["actions", "environment"]);

export default defineRule({
  meta: {
    id: "unused-secret",
    description: "GitHub holds a secret for the repository that no workflow references.",
    defaultSeverity: "warning",
    controls: ["NHI1", "GV.RR-04"],
    messages: {
      unused: "GitHub holds the {{store}} secret {{name}} for this repository, but no workflow references it: an offboarding candidate. Revoke it at its source, then delete it from the repository settings.",
    },
    help: [
      "A credential nobody uses is still a valid credential: whoever holds a copy can still use it, and",
      "nobody notices. Unused secrets are what improper offboarding leaves behind (OWASP NHI1).",
      "",
      "**Fix:** confirm nothing uses it (other repositories may hold a copy under another name), have its",
      "revoker revoke it at the issuing system, then delete it under Settings → Secrets and variables.",
      "Needs a token that may list secrets (`token` input: a GitHub App token or a PAT).",
    ].join("\n"),
  },
  check(ctx) {
    // A partial scan (a PR's changed files) cannot tell that nothing uses a secret; an over-broad
    // use (`toJSON(secrets)`, `secrets[expr]`, `secrets: inherit`) may use any of them.
    if (!ctx.complete || ctx.storedSecrets.length === 0) return [];
    if (ctx.refs.some((ref) => ref.system === "github-actions" && ref.kind === "overbroad")) return [];
    const referenced = referencedActionsSecrets(ctx.refs);
    const reports: Report[] = [];
    for (const secret of ctx.storedSecrets) {
      if (!JUDGED_STORES.has(secret.store) || referenced.has(secret.name.toUpperCase())) continue;
      reports.push({
        messageId: "unused",
        data: { name: secret.name, store: storeLabel(secret) },
        location: storedSecretLocation(ctx, storedSecretMatch(ctx, secret)),
        secret: secret.name,
        fingerprintKey: storedSecretKey(secret),
        system: "github-actions",
      });
    }
    return reports;
  },
});
