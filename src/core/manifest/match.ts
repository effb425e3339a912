import type { SecretSystem } from "../model.js";
import { matchCodeownersPath } from "./codeowners.js";
import { compileSecretGlob } from "./names.js";
import type { Governance, Manifest, ManifestMatch, ManifestRule, Scope } from "./types.js";

export { matchCodeownersPath } from "./codeowners.js";

const GOVERNANCE_FIELDS = [
  "owner",
  "custodian",
  "backup",
  "purpose",
  "rotation",
  "revoker",
  "vendor",
  "emergencyOnly",
  "rotated",
  "reviewed",
  "review",
  "agents",
] as const satisfies readonly (keyof Governance)[];

/** `defaults` fill whatever the rule leaves out; the rule's own fields always win. */
export function effectiveGovernance(defaults: Governance, rule: ManifestRule): Governance {
  const out: Record<string, unknown> = {};
  for (const field of GOVERNANCE_FIELDS) {
    const value = rule[field] ?? defaults[field];
    if (value !== undefined) out[field] = value;
  }
  return out as Governance;
}

interface CompiledPattern {
  readonly re: RegExp;
  readonly system?: SecretSystem;
}

interface CompiledManifest {
  /** Last rule first: the first hit is the winner, as in CODEOWNERS. */
  readonly rules: readonly { readonly rule: ManifestRule; readonly patterns: readonly CompiledPattern[] }[];
  readonly patternsOf: ReadonlyMap<ManifestRule, readonly CompiledPattern[]>;
  readonly memo: Map<string, ManifestMatch | null>;
}

/**
 * Matching runs once per reference (thousands per repository, most of them repeats of a few dozen
 * names), so each manifest's globs are compiled once and each (system, name) answer is memoised.
 * Keyed weakly on the manifest object so nothing outlives it.
 */
const compiled = new WeakMap<Manifest, CompiledManifest>();
const MEMO_LIMIT = 50_000;

function compile(manifest: Manifest): CompiledManifest {
  let c = compiled.get(manifest);
  if (c === undefined) {
    const rules = [...manifest.rules].reverse().map((rule) => ({
      rule,
      patterns: rule.patterns.map((p) => ({ re: compileSecretGlob(p.glob), ...(p.system === undefined ? {} : { system: p.system }) })),
    }));
    c = { rules, patternsOf: new Map(rules.map(({ rule, patterns }) => [rule, patterns])), memo: new Map() };
    compiled.set(manifest, c);
  }
  return c;
}

export function matchSecret(manifest: Manifest, name: string, system: SecretSystem): ManifestMatch | null {
  const c = compile(manifest);
  const key = `${system}\u0000${name.toLowerCase()}`;
  const memoised = c.memo.get(key);
  if (memoised !== undefined) return memoised;

  let result: ManifestMatch | null = null;
  for (const { rule, patterns } of c.rules) {
    if (anyMatches(patterns, name, system)) {
      result = { rule, effective: effectiveGovernance(manifest.defaults, rule) };
      break;
    }
  }
  if (c.memo.size >= MEMO_LIMIT) c.memo.clear();
  c.memo.set(key, result);
  return result;
}

/** Whether `rule` matches the name at all, winning or not (stale-rule asks this of every rule). */
export function ruleMatches(manifest: Manifest, rule: ManifestRule, name: string, system: SecretSystem): boolean {
  return anyMatches(compile(manifest).patternsOf.get(rule) ?? [], name, system);
}

function anyMatches(patterns: readonly CompiledPattern[], name: string, system: SecretSystem): boolean {
  return patterns.some((p) => (p.system === undefined || p.system === system) && p.re.test(name));
}

export interface ScopedUse {
  /** Repository-relative path of the file holding the reference. */
  readonly file: string;
  /** The deployment environment the use runs in, when the system has such a notion. */
  readonly environment?: string;
  /** The file is a GitHub Actions workflow. */
  readonly isWorkflow: boolean;
}

export type ScopeVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: "workflow" | "path" | "environment" };

/**
 * A use is allowed when it satisfies every dimension of the scope that applies to it:
 *
 * - Where (one check, never two): a use in a workflow file is checked against `workflows`, any other
 *   use against `paths`. When only one of the two lists is set, it governs every file — so a secret
 *   scoped to `workflows: [deploy.yml]` is out of scope in a Jenkinsfile, and `paths` alone can
 *   restrict workflow files too. Checking workflow files against `workflows` only (not also `paths`)
 *   is what lets one rule say "this workflow, plus these infra files" without the two lists
 *   contradicting each other.
 * - `environments` (case-insensitive, as GitHub treats environment names): a use that names an
 *   environment must be in the list. A *workflow* use with no environment is a violation: the job
 *   then runs without the environment's protection rules (reviewers, branch policies), which is what
 *   an environment scope exists to require. Uses in other files that carry no environment (Terraform,
 *   Kubernetes …) cannot express one, so the dimension does not apply to them.
 *
 * An empty list allows nothing (the parser reports it).
 */
export function isInScope(scope: Scope, use: ScopedUse): ScopeVerdict {
  const [list, reason] = use.isWorkflow
    ? scope.workflows !== undefined
      ? ([scope.workflows, "workflow"] as const)
      : ([scope.paths, "path"] as const)
    : scope.paths !== undefined
      ? ([scope.paths, "path"] as const)
      : ([scope.workflows, "workflow"] as const);
  if (list !== undefined && !list.some((pattern) => matchCodeownersPath(pattern, use.file))) {
    return { ok: false, reason };
  }
  if (scope.environments !== undefined) {
    if (use.environment !== undefined) {
      const env = use.environment.toLowerCase();
      if (!scope.environments.some((allowed) => allowed.toLowerCase() === env)) return { ok: false, reason: "environment" };
    } else if (use.isWorkflow) {
      return { ok: false, reason: "environment" };
    }
  }
  return { ok: true };
}
