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

/**
 * Variables through which the clouds' own SDKs, CLIs and Terraform providers read a long-lived key
 * from the environment. A secret set as one of them in an `env:` block is a static key in use just
 * as surely as one handed to a login action. As data: add a row.
 */
export const CLOUD_ENV_KEYS: readonly { variables: readonly string[]; cloud: string; federation: string }[] = [
  {
    variables: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    cloud: "AWS",
    federation:
      "assume an IAM role with aws-actions/configure-aws-credentials through GitHub's OIDC provider (`role-to-assume:` and `permissions: id-token: write`), which gives later steps short-lived AWS_* variables, then delete the access key",
  },
  {
    variables: ["GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON"],
    cloud: "Google Cloud",
    federation: "authenticate with google-github-actions/auth and Workload Identity Federation, which gives later steps short-lived credentials, then delete the service account key",
  },
  {
    variables: ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"],
    cloud: "Azure",
    federation:
      "sign in with OpenID Connect (azure/login with `client-id:`, or `ARM_USE_OIDC: true` for Terraform, a federated credential on the app registration and `permissions: id-token: write`), then delete the client secret",
  },
];

/**
 * `jobs.x.steps[0].env.NAME` → NAME set in the env block of `jobs.x.steps[0]`; `env["NAME"]` at the
 * top → NAME at the workflow level (scope ''); null when the use is not an `env:` value.
 */
export function envSetting(route: string | undefined): { readonly scope: string; readonly variable: string } | null {
  const match = route === undefined ? null : /(?:^|\.)env(?:\.([A-Za-z0-9_$-]+)|\[("(?:[^"\\]|\\.)*")\])$/.exec(route);
  if (match === null) return null;
  const scope = match.index === 0 ? "" : (route as string).slice(0, match.index);
  if (match[1] !== undefined) return { scope, variable: match[1] };
  try {
    return { scope, variable: JSON.parse(match[2] as string) as string };
  } catch {
    return null;
  }
}

/** `Owner/Repo/path@ref` → `owner/repo/path`. */
export function actionPath(uses: string): string {
  const at = uses.indexOf("@");
  return (at < 0 ? uses : uses.slice(0, at)).trim().toLowerCase();
}

export default defineRule({
  meta: {
    id: "static-cloud-credential",
    description: "A long-lived cloud key is handed to a cloud login action, or set as the cloud SDK's key variable, where OIDC federation would need no stored secret.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI6", "NHI7", "PR.AA-03"],
    messages: {
      static: "{{cloud}} login with a stored key ({{names}}) in {{action}}: instead {{federation}}.",
      staticEnv: "{{cloud}} credentials from a stored key ({{names}} set as {{variables}} in `env:`): instead {{federation}}.",
    },
    help: [
      "AWS, Google Cloud and Azure all trust GitHub's OIDC tokens: a workflow can get short-lived cloud",
      "credentials for exactly one run, with no secret stored anywhere. A static access key, service",
      "account key or client secret in a repository secret is a long-lived credential that works from",
      "anywhere until someone remembers to rotate it (OWASP NHI6, insecure cloud deployment",
      "configuration; NHI7, long-lived secrets).",
      "",
      "The same holds for a key set in an `env:` block as the variable the cloud's SDK, CLI or",
      "Terraform provider reads (`AWS_SECRET_ACCESS_KEY`, `GOOGLE_CREDENTIALS`, `ARM_CLIENT_SECRET`, ...).",
      "",
      "**Fix:** configure federation as the message says, remove the key input or variable, delete",
      "the repository secret and deactivate the key in the cloud console. A key for an S3-compatible",
      "store that is not AWS has no federation to move to: suppress the finding with that reason.",
    ].join("\n"),
  },
  check(ctx) {
    // One finding per login step, and one per `env:` block and cloud, naming every key given there.
    const steps = new Map<string, { login: (typeof CLOUD_LOGINS)[number]; group: KeyGroup }>();
    const blocks = new Map<string, { keys: (typeof CLOUD_ENV_KEYS)[number]; scope: string; variables: Set<string>; group: KeyGroup }>();
    for (const { ref, name } of governedUses(ctx)) {
      const { uses, input, stepLocation } = ref.workflow ?? {};
      const login = uses === undefined || input === undefined ? undefined : CLOUD_LOGINS.find((row) => row.action === actionPath(uses) && row.inputs.includes(input));
      if (login !== undefined) {
        const key = `${ref.location.file}\0${stepLocation?.line ?? 0}\0${stepLocation?.column ?? 0}`;
        const step = steps.get(key) ?? { login, group: newGroup() };
        addTo(step.group, ref, name);
        steps.set(key, step);
        continue;
      }
      const setting = ref.system === "github-actions" ? envSetting(ref.route) : null;
      const keys = setting === null ? undefined : CLOUD_ENV_KEYS.find((row) => row.variables.includes(setting.variable.toUpperCase()));
      if (setting === null || keys === undefined) continue;
      const key = `${ref.location.file}\0${setting.scope}\0${keys.cloud}`;
      const block = blocks.get(key) ?? { keys, scope: setting.scope, variables: new Set<string>(), group: newGroup() };
      addTo(block.group, ref, name);
      block.variables.add(setting.variable.toUpperCase());
      blocks.set(key, block);
    }
    const reports: Report[] = [];
    for (const { login, group } of steps.values()) {
      const { first, names, secret } = summarize(group);
      reports.push({
        messageId: "static",
        data: { cloud: login.cloud, names: names.join(", "), action: login.action, federation: login.federation },
        location: first.location,
        secret,
        fingerprintKey: `${login.action}:${names.join(",")}`,
        system: first.system,
      });
    }
    for (const { keys, scope, variables, group } of blocks.values()) {
      const { first, names, secret } = summarize(group);
      const sortedVariables = [...variables].sort();
      reports.push({
        messageId: "staticEnv",
        data: { cloud: keys.cloud, names: names.join(", "), variables: sortedVariables.join(", "), federation: keys.federation },
        location: first.location,
        secret,
        // The job, not the step's index: adding a step above must not make it a new finding.
        fingerprintKey: `env:${keys.cloud}:${scope.replace(/\[\d+\]/g, "[]")}:${sortedVariables.join(",")}:${names.join(",")}`,
        system: first.system,
      });
    }
    return reports;
  },
});

/** The uses of stored keys one finding is about. */
interface KeyGroup {
  readonly refs: SecretRef[];
  readonly names: Set<string>;
}

const newGroup = (): KeyGroup => ({ refs: [], names: new Set<string>() });

function addTo(group: KeyGroup, ref: SecretRef, name: string): void {
  group.refs.push(ref);
  group.names.add(name.toUpperCase());
}

/** Where the finding points (the group's first use in the file), its sorted names, and its secret when it names one. */
function summarize(group: KeyGroup): { first: SecretRef; names: string[]; secret: string | null } {
  const first = group.refs.reduce((a, b) => (b.location.line < a.location.line || (b.location.line === a.location.line && b.location.column < a.location.column) ? b : a));
  const names = [...group.names].sort();
  return { first, names, secret: names.length === 1 ? (first.name as string) : null };
}
