import { defineRule, type Report } from "../rule.js";

export default defineRule({
  meta: {
    id: "hardcoded-secret",
    description: "A credential is written into the repository instead of being held in a secret store.",
    defaultSeverity: "error",
    controls: ["NHI2", "PR.AA-01", "PR.DS-01"],
    messages: {
      hardcoded: "Hard-coded credential: {{description}} ({{preview}}). Move it to a secret store, rotate it, and reference it by name.",
      hardcodedIdentity: "Hard-coded identity-system credential: {{description}} ({{preview}}). Revoke and rotate it now, move it to a secret store and reference it by name.",
    },
    help: [
      "A credential committed to a repository is readable by everyone with read access, stays in git",
      "history forever and cannot be owned, scoped or rotated like a managed secret (OWASP NHI2, secret leakage).",
      "",
      "**Fix:** treat the value as leaked: revoke and rotate it, store the new value as a CI secret or in a",
      "vault, reference it by name, and give that name an owner in `secretowners.yml`.",
    ].join("\n"),
  },
  check(ctx) {
    return ctx.credentials.map((credential): Report => ({
      messageId: credential.identity ? "hardcodedIdentity" : "hardcoded",
      data: { description: credential.description, preview: credential.preview },
      location: credential.location,
      secret: null,
      fingerprintKey: credential.valueHash,
      detector: credential.detector,
      preview: credential.preview,
      identity: credential.identity,
      ...(credential.severity === undefined ? {} : { severity: credential.severity }),
    }));
  },
});
