import { createRequire } from "node:module";

/**
 * Response bodies the fake GitHubs build from GitHub's OpenAPI description's own examples, with
 * the fields that matter overridden, so they carry every required field.
 */

export type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);
const description = require("@octokit/openapi/generated/api.github.com.json") as { components: { examples: Record<string, { value: unknown }> } };

export function example<T = Json>(name: string): T {
  const found = description.components.examples[name];
  if (!found) throw new Error(`no example ${name}`);
  return structuredClone(found.value) as T;
}

/** `GET /app/installations` item for an organization installation. */
export function installationJson(id: number, login: string): Json {
  const template = (example<Json[]>("base-installation-items")[0] ?? {}) as Json;
  // The published example's account does not validate as a simple-user under the checker (an
  // anyOf with `nullable`); carrying the enterprise fields as well satisfies the other branch.
  const account = { ...(template["account"] as Json), login, type: "Organization", name: login, slug: login, created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" };
  return { ...template, id, target_type: "Organization", account };
}

/** `POST /app/installations/{id}/access_tokens`: a token good for an hour. */
export function installationTokenJson(id: number): Json {
  return { ...example<Json>("installation-token"), token: `ghs_fake${id}token`, expires_at: new Date(Date.now() + 3_600_000).toISOString() };
}
