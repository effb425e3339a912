import type { ManifestMatch } from "../../manifest/types.js";
import type { SecretRef, SecretSystem } from "../../model.js";
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
