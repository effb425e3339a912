import { ruleMatches } from "../../manifest/match.js";
import type { SecretRef, SecretSystem } from "../../model.js";
import { defineRule, type Report } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";
import { isGovernedRef } from "./refs.js";

export default defineRule({
  meta: {
    id: "stale-rule",
    description: "An ownership rule matches no secret the repository uses.",
    defaultSeverity: "note",
    controls: ["NHI1", "ID.AM-08"],
    messages: {
      stale: "The rule for {{patterns}} matches no secret used in this repository. If the secret is gone, revoke it and delete the rule.",
    },
    help: [
      "A rule for a secret nothing uses any more usually means a credential that is still valid but",
      "forgotten: it should be revoked, not left to linger (OWASP NHI1, improper offboarding).",
      "",
      "**Fix:** confirm the secret is unused, have its revoker revoke it, then delete the rule. If the",
      "secret is used somewhere the scanner cannot see, say so in the rule's `purpose:`.",
    ].join("\n"),
  },
  check(ctx) {
    const manifest = ctx.manifest;
    // A partial scan (a PR's changed files) cannot tell that nothing uses a secret.
    if (!manifest || !ctx.complete) return [];
    const named = uniqueNamedRefs(ctx.refs);
    const reports: Report[] = [];
    for (const rule of manifest.rules) {
      // An organization-wide rule is written for many repositories; matching nothing here is normal.
      if (rule.inherited) continue;
      if (named.some(([name, system]) => ruleMatches(manifest, rule, name, system))) continue;
      reports.push({
        messageId: "stale",
        data: { patterns: ruleLabel(rule) },
        location: rule.location,
        secret: null,
        fingerprintKey: ruleLabel(rule),
      });
    }
    return reports;
  },
});

type NamedRef = readonly [name: string, system: SecretSystem];

function uniqueNamedRefs(refs: readonly SecretRef[]): NamedRef[] {
  const seen = new Map<string, NamedRef>();
  for (const ref of refs) {
    if (!isGovernedRef(ref) || ref.name === null) continue;
    seen.set(`${ref.system}\0${ref.name}`, [ref.name, ref.system]);
  }
  return [...seen.values()];
}

