import { normalizeKey } from "../../detect/scan.js";
import type { Credential } from "../../model.js";
import { compareLocations } from "../../order.js";
import { defineRule, type Report } from "../rule.js";

/**
 * What identifies a hard-coded credential across runs, machines and moved lines without
 * depending on its value: the detector, the key it is assigned to (case and separators
 * normalised) and its place among the credentials of that detector and key in the file
 * (`evaluate` adds the rule id and the file). A fingerprint made from the value, even salted,
 * lets anyone holding a report confirm a guessed password offline; this one holds nothing to
 * guess. The cost: replacing an accepted value by another at the same key keeps the fingerprint,
 * so a baseline accepts the assignment, not the value (see docs/rules/hardcoded-secret.md).
 */
export function credentialKeys(credentials: readonly Credential[]): Map<Credential, string> {
  const keys = new Map<Credential, string>();
  const seen = new Map<string, number>();
  for (const credential of [...credentials].sort((a, b) => compareLocations(a.location, b.location))) {
    const key = normalizeKey(credential.key ?? "");
    const slot = `${credential.location.file}\0${credential.detector}\0${key}`;
    const ordinal = (seen.get(slot) ?? 0) + 1;
    seen.set(slot, ordinal);
    keys.set(credential, `${credential.detector}:${key}:${ordinal}`);
  }
  return keys;
}

export default defineRule({
  meta: {
    id: "hardcoded-secret",
    description: "A credential is written into the repository instead of being held in a secret store.",
    defaultSeverity: "error",
    controls: ["NHI2", "PR.AA-01", "PR.DS-01"],
    messages: {
      // No "credential: <words>" here: reports are committed (a baseline) and scanned again, where
      // that would read as a key and its value.
      hardcoded: "Hard-coded credential ({{description}}, {{preview}}). Move it to a secret store, rotate it, and reference it by name.",
      hardcodedIdentity: "Hard-coded identity-system credential ({{description}}, {{preview}}). Revoke and rotate it now, move it to a secret store and reference it by name.",
    },
    pathContext: true,
    help: [
      "A credential committed to a repository is readable by everyone with read access, stays in git",
      "history forever and cannot be owned, scoped or rotated like a managed secret (OWASP NHI2, secret leakage).",
      "",
      "**Fix:** treat the value as leaked: revoke and rotate it, store the new value as a CI secret or in a",
      "vault, reference it by name, and give that name an owner in `secretowners.yml`.",
    ].join("\n"),
  },
  check(ctx) {
    const keys = credentialKeys(ctx.credentials);
    return ctx.credentials.map((credential): Report => ({
      messageId: credential.identity ? "hardcodedIdentity" : "hardcoded",
      data: { description: credential.description, preview: credential.preview },
      location: credential.location,
      secret: null,
      fingerprintKey: keys.get(credential) ?? credential.detector,
      detector: credential.detector,
      preview: credential.preview,
      identity: credential.identity,
      ...(credential.severity === undefined ? {} : { severity: credential.severity }),
      ...(credential.context === undefined ? {} : { context: credential.context }),
    }));
  },
});
