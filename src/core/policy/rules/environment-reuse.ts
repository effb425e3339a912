import type { Location, StoredSecret } from "../../model.js";
import { compareLocations, compareStrings } from "../../order.js";
import { defineRule, type OrgReport, type Report } from "../rule.js";
import { resolveStoredSecret } from "./refs.js";

/**
 * `production`, `prod`, `prd`, `live`, `production-eu`, `eu_prod`; not `preprod`, `pre-prod`,
 * `nonprod` or `product-docs`. An environment named by an expression is not judged.
 */
export function isProductionEnvironment(name: string): boolean {
  if (/\$\{\{/.test(name) || /(pre|non)[-_ .]?prod/i.test(name)) return false;
  return /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i.test(name);
}

/** One use of a secret in a job that runs in a deployment environment. */
interface EnvironmentUse {
  readonly repo: string;
  readonly name: string;
  readonly environment: string;
  readonly location: Location;
  /** The stored secret it reads: a repository or organization secret shared by every environment. */
  readonly stored: StoredSecret;
}

/**
 * A production use and a non-production use of one stored secret (from two repositories when
 * `acrossRepos`); null when there is no such pair.
 */
function reuse(uses: readonly EnvironmentUse[], acrossRepos: boolean): { production: EnvironmentUse; other: EnvironmentUse; environments: string[] } | null {
  const sorted = [...uses].sort((a, b) => compareStrings(a.repo, b.repo) || compareLocations(a.location, b.location));
  const others = sorted.filter((use) => !isProductionEnvironment(use.environment) && !/\$\{\{/.test(use.environment));
  for (const production of sorted.filter((use) => isProductionEnvironment(use.environment))) {
    const other = others.find((use) => !acrossRepos || use.repo !== production.repo);
    if (other) return { production, other, environments: [...new Set(sorted.map((use) => use.environment))].sort(compareStrings) };
  }
  return null;
}

function groupBy(uses: readonly EnvironmentUse[], key: (use: EnvironmentUse) => string): EnvironmentUse[][] {
  const groups = new Map<string, EnvironmentUse[]>();
  for (const use of uses) groups.set(key(use), [...(groups.get(key(use)) ?? []), use]);
  return [...groups.values()];
}

const place = (use: EnvironmentUse, withRepo: boolean) => `${withRepo ? `${use.repo}:` : ""}${use.location.file}:${use.location.line}`;

export default defineRule({
  meta: {
    id: "environment-reuse",
    description: "One stored secret is used by production and by non-production deployment environments.",
    defaultSeverity: "warning",
    controls: ["NHI8", "PR.AA-05"],
    messages: {
      reuse:
        "Secret {{name}} is the {{store}} secret, so production ({{production}}) and {{otherEnvironment}} ({{other}}) get the same credential (environments: {{environments}}). A non-production job can act on production: give each environment its own environment secret.",
      reuseAcrossRepos:
        "Organization secret {{name}} reaches production ({{production}}) and {{otherEnvironment}} ({{other}}) in different repositories (environments: {{environments}}). A non-production job can act on production: give the production environment its own environment secret.",
    },
    help: [
      "A secret stored for the repository or the organization is handed to every environment that",
      "asks for it. When the production deployment and a staging, test or preview job read the same",
      "one, anything that runs in the weaker environment — a pull request preview, a test fixture, a",
      "compromised staging host — holds a production credential (OWASP NHI8, environment isolation;",
      "NIST CSF PR.AA-05, least privilege).",
      "",
      "GitHub reads `secrets.NAME` from the job's environment first, then the repository, then the",
      "organization. The rule needs the secrets GitHub holds (listed with a token that may read them):",
      "a use whose environment has its own secret of that name is not reuse.",
      "",
      "**Fix:** create the secret as an environment secret in each environment, each with its own",
      "credential (and production's behind required reviewers), then delete the shared one.",
    ].join("\n"),
  },
  check(ctx) {
    if (ctx.storedSecrets.length === 0) return [];
    const uses: EnvironmentUse[] = [];
    for (const ref of ctx.refs) {
      if (ref.system !== "github-actions" || ref.kind !== "reference" || ref.name === null || ref.environment === undefined) continue;
      const stored = resolveStoredSecret(ctx.storedSecrets, ref.name, ref.environment);
      if (stored === null || stored.store === "environment") continue;
      uses.push({ repo: "", name: ref.name.toUpperCase(), environment: ref.environment, location: ref.location, stored });
    }
    const reports: Report[] = [];
    for (const group of groupBy(uses, (use) => `${use.stored.store}:${use.name}`)) {
      const found = reuse(group, false);
      if (found === null) continue;
      reports.push({
        messageId: "reuse",
        data: {
          name: found.other.name,
          store: found.other.stored.store === "actions" ? "repository" : "organization",
          production: `environment ${found.production.environment}, ${place(found.production, false)}`,
          otherEnvironment: found.other.environment,
          other: place(found.other, false),
          environments: found.environments.join(", "),
        },
        location: found.other.location,
        secret: found.other.name,
        fingerprintKey: `${found.other.stored.store}:${found.other.name}`,
        system: "github-actions",
      });
    }
    return reports;
  },
  checkOrg(ctx) {
    const uses: EnvironmentUse[] = [];
    for (const repository of ctx.repositories) {
      for (const entry of repository.secrets) {
        if (entry.system !== "github-actions" || entry.kind !== "secret") continue;
        for (const reference of entry.references) {
          if (reference.kind !== "reference" || reference.environment === undefined) continue;
          const stored = resolveStoredSecret(repository.storedSecrets, entry.name, reference.environment);
          if (stored?.store !== "organization") continue;
          uses.push({ repo: repository.name, name: entry.name.toUpperCase(), environment: reference.environment, location: reference, stored });
        }
      }
    }
    const reports: OrgReport[] = [];
    for (const group of groupBy(uses, (use) => use.name)) {
      // Within one repository, `check` has reported it already.
      const found = reuse(group, true);
      if (found === null) continue;
      reports.push({
        repo: found.other.repo,
        messageId: "reuseAcrossRepos",
        data: {
          name: found.other.name,
          production: `environment ${found.production.environment}, ${place(found.production, true)}`,
          otherEnvironment: found.other.environment,
          other: place(found.other, true),
          environments: found.environments.join(", "),
        },
        location: { file: found.other.location.file, line: found.other.location.line, column: found.other.location.column },
        secret: found.other.name,
        fingerprintKey: `organization:${found.other.name}`,
        system: "github-actions",
      });
    }
    return reports;
  },
});
