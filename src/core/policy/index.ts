import type { PolicyRule } from "./rule.js";
import hardcodedSecret from "./rules/hardcoded-secret.js";
import environmentReuse from "./rules/environment-reuse.js";
import invalidManifest from "./rules/invalid-manifest.js";
import missingLifecycle from "./rules/missing-lifecycle.js";
import overbroadSecrets from "./rules/overbroad-secrets.js";
import orphanedOwner from "./rules/orphaned-owner.js";
import overexposedOrgSecret from "./rules/overexposed-org-secret.js";
import ownerNotTeam from "./rules/owner-not-team.js";
import scopeViolation from "./rules/scope-violation.js";
import staleRule from "./rules/stale-rule.js";
import unownedSecret from "./rules/unowned-secret.js";
import unusedSecret from "./rules/unused-secret.js";
import reviewOverdue from "./rules/review-overdue.js";
import vendorKeyGovernance from "./rules/vendor-key-governance.js";
import emergencyKeyInRoutineUse from "./rules/emergency-key-in-routine-use.js";
import sharedSecret from "./rules/shared-secret.js";
import staticCloudCredential from "./rules/static-cloud-credential.js";
import secretToUnpinnedAction from "./rules/secret-to-unpinned-action.js";
import agentReachableSecret from "./rules/agent-reachable-secret.js";
import rotationDueSoon from "./rules/rotation-due-soon.js";
import rotationOverdue from "./rules/rotation-overdue.js";

/** Every policy rule, one line each. The order is the order of the docs and of SARIF `rules`. */
export const RULES: readonly PolicyRule[] = [
  unownedSecret,
  hardcodedSecret,
  scopeViolation,
  overbroadSecrets,
  ownerNotTeam,
  orphanedOwner,
  missingLifecycle,
  staleRule,
  invalidManifest,
  unusedSecret,
  environmentReuse,
  overexposedOrgSecret,
  rotationOverdue,
  rotationDueSoon,
  reviewOverdue,
  vendorKeyGovernance,
  emergencyKeyInRoutineUse,
  sharedSecret,
  staticCloudCredential,
  secretToUnpinnedAction,
  agentReachableSecret,
];

export const RULES_BY_ID: ReadonlyMap<string, PolicyRule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
