import type { Governance, Manifest, ManifestRule, ParsedManifest } from "./types.js";

/**
 * Organization-wide rules: the `secretowners.yml` of the organization's `.github` repository applies
 * to every repository, and the repository's own manifest comes after it. Rules are ordered and the
 * last match wins (as in CODEOWNERS), so a repository's rule overrides the organization's for the
 * secrets it names, and organization rules still cover everything the repository leaves out.
 *
 * - `defaults`: per field, the repository's value wins over the organization's.
 * - `severity`: the organization's settings first, the repository's after (later wins).
 * - Diagnostics keep their own file: an error in the organization's manifest points there.
 * - Organization rules are marked `inherited`, so rules about one repository's use of them
 *   (stale-rule) leave them alone: most organization rules match nothing in any one repository.
 */
export function combineManifests(organization: ParsedManifest, repository: ParsedManifest | null): ParsedManifest {
  const diagnostics = [...organization.diagnostics, ...(repository?.diagnostics ?? [])];
  const org = organization.manifest;
  const repo = repository?.manifest ?? null;
  if (org === null) return { manifest: repo, diagnostics };
  const inherited: ManifestRule[] = org.rules.map((rule) => ({ ...rule, inherited: true }));
  if (repo === null) return { manifest: { ...org, rules: inherited }, diagnostics };
  const severity = [...(org.severity ?? []), ...(repo.severity ?? [])];
  const manifest: Manifest = {
    path: repo.path,
    format: repo.format,
    defaults: { ...org.defaults, ...definedFields(repo.defaults) },
    defaultsLocations: { ...org.defaultsLocations, ...repo.defaultsLocations },
    rules: [...inherited, ...repo.rules.map((rule) => ({ ...rule, index: rule.index + inherited.length }))],
    ...(severity.length > 0 ? { severity } : {}),
  };
  return { manifest, diagnostics };
}

function definedFields(governance: Governance): Governance {
  return Object.fromEntries(Object.entries(governance).filter(([, value]) => value !== undefined)) as Governance;
}
