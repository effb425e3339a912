import type { Governance, Manifest } from "./types.js";

/**
 * Which of the teams and users a manifest names still exist, as the App looked them up in the
 * organization. The core cannot ask GitHub, so the shell fills this in; a handle it did not (or
 * could not) look up is simply absent, and absent means "unknown", never "gone".
 */
export interface OwnerDirectory {
  /** The organization's login; teams of other organizations are never judged. */
  readonly organization: string;
  /** Lower-cased `@org/team` or `@login` → whether the team exists / the user is a member. */
  readonly exists: ReadonlyMap<string, boolean>;
}

/** The governance fields that name principals, in the order findings report them. */
export const PRINCIPAL_FIELDS = ["owner", "custodian", "backup", "revoker"] as const satisfies readonly (keyof Governance)[];

export type PrincipalField = (typeof PRINCIPAL_FIELDS)[number];

export type Principal = { readonly kind: "team"; readonly org: string; readonly slug: string } | { readonly kind: "user"; readonly login: string };

/** `@org/team` or `@login`; emails and anything else are not GitHub principals. */
export function parsePrincipal(handle: string): Principal | null {
  const team = /^@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(handle);
  if (team) return { kind: "team", org: team[1] as string, slug: team[2] as string };
  const user = /^@([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(handle);
  if (user) return { kind: "user", login: user[1] as string };
  return null;
}

export function principalsOf(governance: Governance, field: PrincipalField): string[] {
  const value = governance[field];
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

/**
 * Every team of `organization` and every user the manifest names, lower-cased and unique: what the
 * App must look up to fill an `OwnerDirectory`. Teams of other organizations are left out.
 */
export function principalsToLookUp(manifest: Manifest, organization: string): string[] {
  const handles = new Set<string>();
  for (const governance of [manifest.defaults, ...manifest.rules]) {
    for (const field of PRINCIPAL_FIELDS) {
      for (const handle of principalsOf(governance, field)) {
        const principal = parsePrincipal(handle);
        if (principal === null) continue;
        if (principal.kind === "team" && principal.org.toLowerCase() !== organization.toLowerCase()) continue;
        handles.add(handle.toLowerCase());
      }
    }
  }
  return [...handles].sort();
}
