import { parsePrincipal, type OwnerDirectory } from "../core/manifest/directory.js";
import { httpStatus, type GitHubClient } from "./client.js";

/**
 * Looks up, in the organization, the teams and users a manifest names: a team exists when
 * `GET /orgs/{org}/teams/{slug}` answers 200; a user is a member when
 * `GET /orgs/{org}/members/{username}` answers 204. A 404 means gone. Anything else (no
 * permission, an outage) leaves the handle out: unknown, never reported as orphaned.
 */
export async function lookUpPrincipals(client: GitHubClient, organization: string, handles: readonly string[]): Promise<OwnerDirectory> {
  const exists = new Map<string, boolean>();
  for (const handle of handles) {
    const principal = parsePrincipal(handle);
    if (principal === null) continue;
    try {
      if (principal.kind === "team") await client.request("GET /orgs/{org}/teams/{team_slug}", { org: organization, team_slug: principal.slug });
      else await client.request("GET /orgs/{org}/members/{username}", { org: organization, username: principal.login });
      exists.set(handle.toLowerCase(), true);
    } catch (error) {
      if (httpStatus(error) === 404) exists.set(handle.toLowerCase(), false);
    }
  }
  return { organization, exists };
}
