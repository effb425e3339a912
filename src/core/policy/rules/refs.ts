import { MANIFEST_CANDIDATES } from "../../manifest/locate.js";
import { matchSecret } from "../../manifest/match.js";
import type { ManifestMatch } from "../../manifest/types.js";
import type { Location, SecretRef, SecretSystem, StoredSecret } from "../../model.js";
import type { PolicyContext } from "../rule.js";

/**
 * Refs that need an owner: uses and declarations of a named secret. Platform tokens are issued per
 * run and need none; over-broad uses have no single name. An Actions `on.workflow_call.secrets`
 * declaration is the callee's contract, not a secret of its own: the callers' references are what
 * get owned, so it stays in the inventory only.
 */
export function isGovernedRef(ref: SecretRef): boolean {
  if (ref.kind === "reference") return ref.name !== null;
  if (ref.kind === "declaration") return ref.name !== null && ref.system !== "github-actions";
  return false;
}

const LABELS: Record<SecretSystem, string> = {
  "github-actions": "GitHub Actions",
  "gitlab-ci": "GitLab CI",
  circleci: "CircleCI",
  "azure-pipelines": "Azure Pipelines",
  jenkins: "Jenkins",
  "bitbucket-pipelines": "Bitbucket Pipelines",
  kubernetes: "Kubernetes",
  helm: "Helm",
  compose: "Docker Compose",
  terraform: "Terraform",
  ansible: "Ansible",
};

export function systemLabel(system: SecretSystem): string {
  return LABELS[system];
}

/** Actions workflow files are what `scope.workflows` constrains. */
export function isWorkflowFile(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export interface GovernedUse {
  readonly ref: SecretRef;
  readonly name: string;
  readonly match: ManifestMatch | null;
}

/** Every use that needs an owner, with the manifest rule that wins for it (if any). */
export function* governedUses(ctx: PolicyContext): Generator<GovernedUse> {
  for (const ref of ctx.refs) {
    if (!isGovernedRef(ref) || ref.name === null) continue;
    yield { ref, name: ref.name, match: ctx.match(ref) };
  }
}

/** Where a finding about a secret GitHub holds points: the winning rule, else the manifest, else where one belongs. */
export function storedSecretLocation(ctx: PolicyContext, match: ManifestMatch | null): Location {
  if (match) return match.rule.location;
  return { file: ctx.manifest?.path ?? MANIFEST_CANDIDATES[0] ?? ".github/secretowners.yml", line: 1, column: 1 };
}

/** The manifest rule that wins for a stored secret; GitHub secret names are matched as Actions secrets. */
export function storedSecretMatch(ctx: PolicyContext, secret: StoredSecret): ManifestMatch | null {
  return ctx.manifest ? matchSecret(ctx.manifest, secret.name, "github-actions") : null;
}

/** `actions`, `environment production`, `organization`, `dependabot`: how a finding names the store. */
export function storeLabel(secret: StoredSecret): string {
  return secret.store === "environment" ? `environment ${secret.environment ?? "?"}` : secret.store;
}

/** What sets a stored secret's findings apart within its rule and file. */
export function storedSecretKey(secret: StoredSecret): string {
  return `stored:${secret.store}:${secret.environment ?? ""}:${secret.name.toUpperCase()}`;
}

/** Upper-cased names of the Actions secrets some workflow names, as GitHub compares them. */
export function referencedActionsSecrets(refs: readonly SecretRef[]): Set<string> {
  const names = new Set<string>();
  for (const ref of refs) {
    if (ref.system === "github-actions" && ref.name !== null && (ref.kind === "reference" || ref.kind === "declaration")) names.add(ref.name.toUpperCase());
  }
  return names;
}

/**
 * The stored secret a workflow's `secrets.NAME` reads, in a job with `environment` or none:
 * GitHub looks in the environment first, then the repository, then the organization. Null when
 * none of the listed stores holds the name.
 */
export function resolveStoredSecret(stored: readonly StoredSecret[], name: string, environment?: string): StoredSecret | null {
  const wanted = name.toUpperCase();
  const find = (test: (secret: StoredSecret) => boolean) => stored.find((secret) => secret.name.toUpperCase() === wanted && test(secret)) ?? null;
  return (
    (environment === undefined ? null : find((secret) => secret.store === "environment" && secret.environment === environment)) ??
    find((secret) => secret.store === "actions") ??
    find((secret) => secret.store === "organization")
  );
}
