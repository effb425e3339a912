import type { SecretRef } from "../../model.js";
import { defineRule, type Report } from "../rule.js";
import { governedUses } from "./refs.js";

/** Cloud login actions that accept a long-lived key where the cloud offers OIDC federation. As data: add a row. */
export const CLOUD_LOGINS: readonly { action: string; inputs: readonly string[]; cloud: string; federation: string }[] = [
  {
    action: "aws-actions/configure-aws-credentials",
    inputs: ["aws-access-key-id", "aws-secret-access-key"],
    cloud: "AWS",
    federation: "assume an IAM role through GitHub's OIDC provider (`role-to-assume:` and `permissions: id-token: write`), then delete the access key",
  },
  {
    action: "google-github-actions/auth",
    inputs: ["credentials_json"],
    cloud: "Google Cloud",
    federation: "use Workload Identity Federation (`workload_identity_provider:`, `service_account:` and `permissions: id-token: write`), then delete the service account key",
  },
  {
    action: "google-github-actions/setup-gcloud",
    inputs: ["service_account_key"],
    cloud: "Google Cloud",
    federation: "authenticate with google-github-actions/auth and Workload Identity Federation, then delete the service account key",
  },
  {
    action: "azure/login",
    inputs: ["creds"],
    cloud: "Azure",
    federation: "sign in with OpenID Connect (`client-id:`, `tenant-id:`, `subscription-id:`, a federated credential on the app registration and `permissions: id-token: write`), then delete the client secret",
  },
];

/** `Owner/Repo/path@ref` → `owner/repo/path`. */
export function actionPath(uses: string): string {
  const at = uses.indexOf("@");
  return (at < 0 ? uses : uses.slice(0, at)).trim().toLowerCase();
}

export default defineRule({
  meta: {
    id: "static-cloud-credential",
    description: "A long-lived cloud key is handed to a cloud login action where OIDC federation would need no stored secret.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI6", "NHI7", "PR.AA-03"],
    messages: {
      static: "{{cloud}} login with a stored key ({{names}}) in {{action}}: instead {{federation}}.",
    },
    help: [
      "AWS, Google Cloud and Azure all trust GitHub's OIDC tokens: a workflow can get short-lived cloud",
      "credentials for exactly one run, with no secret stored anywhere. A static access key, service",
      "account key or client secret in a repository secret is a long-lived credential that works from",
      "anywhere until someone remembers to rotate it (OWASP NHI6, insecure cloud deployment",
      "configuration; NHI7, long-lived secrets).",
      "",
      "**Fix:** configure federation as the message says, remove the key input from the step, delete",
      "the repository secret and deactivate the key in the cloud console.",
    ].join("\n"),
  },
  check(ctx) {
    // One finding per login step, naming every key it is given.
    const steps = new Map<string, { login: (typeof CLOUD_LOGINS)[number]; refs: SecretRef[]; names: Set<string> }>();
    for (const { ref, name } of governedUses(ctx)) {
      const { uses, input, stepLocation } = ref.workflow ?? {};
      if (uses === undefined || input === undefined) continue;
      const path = actionPath(uses);
      const login = CLOUD_LOGINS.find((row) => row.action === path && row.inputs.includes(input));
      if (login === undefined) continue;
      const key = `${ref.location.file}\0${stepLocation?.line ?? 0}\0${stepLocation?.column ?? 0}`;
      const step = steps.get(key) ?? { login, refs: [], names: new Set<string>() };
      step.refs.push(ref);
      step.names.add(name.toUpperCase());
      steps.set(key, step);
    }
    const reports: Report[] = [];
    for (const { login, refs, names } of steps.values()) {
      const first = refs[0] as SecretRef;
      const sorted = [...names].sort();
      reports.push({
        messageId: "static",
        data: { cloud: login.cloud, names: sorted.join(", "), action: login.action, federation: login.federation },
        location: first.location,
        secret: sorted.length === 1 ? (first.name as string) : null,
        fingerprintKey: `${login.action}:${sorted.join(",")}`,
        system: first.system,
      });
    }
    return reports;
  },
});
