import { codeownersOf } from "../../manifest/codeowners.js";
import type { Governance } from "../../manifest/types.js";
import type { Location, SecretRef } from "../../model.js";
import { compareLocations, compareStrings } from "../../order.js";
import { defineRule, type OrgReport, type Report } from "../rule.js";
import { governedUses, resolveStoredSecret, type GovernedUse } from "./refs.js";

/** One use of a secret and the owners of the place it sits (a file's CODEOWNERS, or a repository's team). */
export interface OwnedUse {
  readonly location: Location;
  /** As written; empty when nobody owns the place, which then cannot tell teams apart. */
  readonly owners: readonly string[];
}

/** The uses of one secret, grouped by who owns them. */
export interface OwnerGroup {
  readonly owners: readonly string[];
  readonly locations: readonly Location[];
}

/**
 * The owner groups of a secret's uses when several teams share it: no single owner owns every
 * place it is used, and the rule does not name every team involved (`named`: its owner, custodian
 * and backups). Null when the secret is not shared that way. Written over plain `OwnedUse`s so an
 * organization-wide scan can pass uses from several repositories, owned by each repository's team.
 */
export function sharedAcrossTeams(uses: readonly OwnedUse[], named: readonly string[]): OwnerGroup[] | null {
  const owned = uses.filter((use) => use.owners.length > 0);
  const groups = new Map<string, { owners: string[]; locations: Location[] }>();
  for (const use of owned) {
    const owners = [...new Set(use.owners.map((owner) => owner.toLowerCase()))].sort(compareStrings);
    const key = owners.join(" ");
    const group = groups.get(key) ?? { owners, locations: [] };
    group.locations.push(use.location);
    groups.set(key, group);
  }
  if (groups.size < 2) return null;
  const sets = [...groups.values()].map((group) => new Set(group.owners));
  const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
  if ([...first].some((owner) => rest.every((set) => set.has(owner)))) return null;
  const accountable = new Set(named.map((name) => name.toLowerCase()));
  if (sets.every((set) => [...set].some((owner) => accountable.has(owner)))) return null;
  return [...groups.values()]
    .map((group) => ({ owners: group.owners, locations: group.locations.sort(compareLocations) }))
    .sort((a, b) => compareLocations(a.locations[0] as Location, b.locations[0] as Location));
}

/** The people and teams a rule puts on record for its secrets. */
export function namedInRule(governance: Governance): string[] {
  return [governance.owner, governance.custodian, ...(governance.backup ?? [])].filter((name): name is string => name !== undefined);
}

export default defineRule({
  meta: {
    id: "shared-secret",
    description: "One secret is used in files that different teams own (CODEOWNERS), while its rule names one owner.",
    defaultSeverity: "warning",
    pathContext: true,
    controls: ["NHI9", "GV.RR-02"],
    messages: {
      sharedAcrossRepos:
        "Organization secret {{name}} is used by repositories whose manifests name different owners ({{groups}}). Multiple teams share one automation key and no one has authority to revoke it quickly: give each team its own secret, or agree on one owner and name the others as backup in every repository.",
      shared:
        "Secret {{name}} is used in files different teams own ({{groups}}), but its rule ({{manifest}}:{{ruleLine}}) names one owner, {{owner}}. Multiple teams share one automation key and no one has authority to revoke it quickly: give each team its own secret, or name the other teams in the rule's `backup:`.",
    },
    help: [
      "When several teams' code uses one automation key, revoking it breaks all of them — so in an",
      "incident nobody dares, and rotating it needs every team at once. Multiple teams share one",
      "automation key and no one has authority to revoke it quickly (OWASP NHI9, NHI reuse).",
      "",
      "The teams are read from the repository's CODEOWNERS (`.github/CODEOWNERS`, `CODEOWNERS` or",
      "`docs/CODEOWNERS`, the one GitHub uses): the secret is shared when no single owner owns every",
      "file that uses it. Files CODEOWNERS gives no owner are left out.",
      "",
      "**Fix:** give each team its own secret with its own rule (the clean answer: each can be",
      "rotated and revoked alone). If one key must stay shared, name every team that uses it in the",
      "rule's `owner`, `custodian` or `backup`, so all of them are on record and can be reached.",
    ].join("\n"),
  },
  /**
   * Across repositories: an organization secret (GitHub resolves the name to the organization's
   * in each of them) whose using repositories' manifests give it different owners. Only
   * organization secrets: two repositories' own secrets of one name are two credentials.
   */
  checkOrg(ctx) {
    const uses = new Map<string, (OwnedUse & { readonly repo: string })[]>();
    for (const repository of ctx.repositories) {
      for (const entry of repository.secrets) {
        if (entry.system !== "github-actions" || entry.kind !== "secret" || entry.owner === null) continue;
        if (resolveStoredSecret(repository.storedSecrets, entry.name)?.store !== "organization") continue;
        const first = [...entry.references].sort(compareLocations)[0];
        if (!first) continue;
        const name = entry.name.toUpperCase();
        uses.set(name, [...(uses.get(name) ?? []), { repo: repository.name, location: { file: first.file, line: first.line, column: first.column }, owners: [entry.owner] }]);
      }
    }
    const reports: OrgReport[] = [];
    for (const [name, list] of [...uses].sort(([a], [b]) => compareStrings(a, b))) {
      const sorted = list.sort((a, b) => compareStrings(a.repo, b.repo));
      // Locations are per repository here, so group on the repository, not the file.
      const groups = sharedAcrossTeams(sorted.map((use) => ({ location: { ...use.location, file: use.repo }, owners: use.owners })), []);
      if (groups === null) continue;
      const first = sorted[0] as (typeof sorted)[number];
      const described = groups.map((group) => {
        const repos = [...new Set(group.locations.map((location) => location.file))];
        return `${group.owners.join(" ")}: ${repos.slice(0, 3).join(", ")}${repos.length > 3 ? ` and ${repos.length - 3} more` : ""}`;
      });
      reports.push({
        repo: first.repo,
        messageId: "sharedAcrossRepos",
        data: { name, groups: described.join("; ") },
        location: first.location,
        secret: name,
        fingerprintKey: `organization:${name}`,
        system: "github-actions",
      });
    }
    return reports;
  },
  check(ctx) {
    const codeowners = ctx.codeowners;
    if (codeowners === null) return [];
    const bySecret = new Map<string, GovernedUse[]>();
    for (const use of governedUses(ctx)) {
      if (!use.match?.effective.owner) continue;
      const key = secretKey(use.ref, use.name);
      bySecret.set(key, [...(bySecret.get(key) ?? []), use]);
    }
    const reports: Report[] = [];
    for (const [key, uses] of bySecret) {
      const first = uses[0] as GovernedUse;
      const match = first.match;
      if (match === null) continue;
      const owned = uses.map((use) => ({ location: use.ref.location, owners: codeownersOf(codeowners, use.ref.location.file)?.owners ?? [] }));
      const groups = sharedAcrossTeams(owned, namedInRule(match.effective));
      if (groups === null) continue;
      const described = groups.map((group) => `${group.owners.join(" ")}: ${[...new Set(group.locations.map((l) => l.file))].join(", ")}`);
      const at = groups[0]?.locations[0] as Location;
      reports.push({
        messageId: "shared",
        data: {
          name: first.name,
          groups: described.join("; "),
          manifest: ctx.manifest?.path ?? "",
          ruleLine: match.rule.location.line,
          owner: match.effective.owner as string,
        },
        location: at,
        secret: first.name,
        fingerprintKey: key,
        system: first.ref.system,
      });
    }
    return reports;
  },
});

/** GitHub matches secret names case-insensitively; other systems keep case. */
function secretKey(ref: SecretRef, name: string): string {
  return `${ref.system}:${ref.system === "github-actions" ? name.toUpperCase() : name}`;
}
