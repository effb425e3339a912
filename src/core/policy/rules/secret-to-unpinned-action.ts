import { normalizeKey } from "../../detect/scan.js";
import { defineRule, type Report } from "../rule.js";
import { governedUses } from "./refs.js";
import { actionPath } from "./static-cloud-credential.js";

/** Owners whose actions GitHub itself publishes: their tags are trusted as the platform is. */
const FIRST_PARTY = /^(?:actions|github)\//i;
const COMMIT_SHA = /@[0-9a-f]{40}$/i;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/i;

/**
 * Names that say the secret holds an identifier, not a credential (`AZURE_CLIENT_ID`,
 * `DOCKER_USERNAME`, `AWS_REGION`): kept in secrets for convenience, worthless alone. An access key
 * id travels with its secret key, which is reported.
 */
const IDENTIFIER_NAME = /(?:^|_)(?:id|user|username|login|email|region|host|hostname|org|organization|account)$/;

export function namesAnIdentifier(name: string): boolean {
  return IDENTIFIER_NAME.test(normalizeKey(name));
}

/** Why `uses:` is not a fixed, reviewed version; null when it is (or is exempt). */
export function unpinnedReason(uses: string): string | null {
  const value = uses.trim();
  if (value.startsWith("./") || value.startsWith("../")) return null;
  if (value.toLowerCase().startsWith("docker://")) {
    return IMAGE_DIGEST.test(value) ? null : "a container image without an @sha256: digest";
  }
  if (FIRST_PARTY.test(value)) return null;
  if (COMMIT_SHA.test(value)) return null;
  const at = value.lastIndexOf("@");
  return at < 0 ? "no version at all" : `\`@${value.slice(at + 1)}\`, a tag or branch its owner can move`;
}

export default defineRule({
  meta: {
    id: "secret-to-unpinned-action",
    description: "A secret is handed to a third-party action that is not pinned to a full commit SHA.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI3", "GV.SC-07"],
    messages: {
      unpinned: "Secret {{name}} is handed to {{action}}, which is pinned to {{reason}}. Pin it to a full commit SHA (`{{path}}@<40-hex-sha> # {{ref}}`) so new code cannot receive the secret unreviewed.",
    },
    help: [
      "Whoever controls a third-party action's tag controls the code that receives your secret. Tags",
      "and branches can be moved to new code at any time — as in the tj-actions/changed-files",
      "compromise of 2025, which dumped CI secrets from thousands of repositories (OWASP NHI3,",
      "vulnerable third-party NHI; NIST CSF GV.SC-07).",
      "",
      "**Fix:** pin `uses:` to the full 40-character commit SHA of the version you reviewed, with the",
      "tag in a comment (`owner/action@<sha> # v4.2.0`); Dependabot and Renovate keep such pins",
      "up to date. For `docker://` images pin the `@sha256:` digest. Actions published by GitHub",
      "(`actions/*`, `github/*`) and local actions (`./…`) are exempt, and so are secrets whose names say",
      "they hold an identifier (`*_CLIENT_ID`, `*_USERNAME`), not a credential.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const { ref, name } of governedUses(ctx)) {
      const uses = ref.workflow?.uses;
      if (uses === undefined || namesAnIdentifier(name)) continue;
      const reason = unpinnedReason(uses);
      if (reason === null) continue;
      const at = uses.lastIndexOf("@");
      reports.push({
        messageId: "unpinned",
        data: { name, action: uses, reason, path: at < 0 ? uses : uses.slice(0, at), ref: at < 0 ? "version" : uses.slice(at + 1) },
        location: ref.location,
        secret: name,
        fingerprintKey: `${actionPath(uses)}:${ref.system}:${name.toUpperCase()}`,
        system: ref.system,
      });
    }
    return reports;
  },
});
