import { createSign } from "node:crypto";
import { createGitHubClient, type GitHubLog } from "./client.js";

/**
 * GitHub App authentication for the App's own API calls: a JWT signed with the App's private key
 * (RS256, as GitHub documents), exchanged for installation tokens that are cached until shortly
 * before they expire. Done here rather than through Probot's auth so every request — including the
 * token exchange — goes to the configured base URL (GHES included) through the one client factory.
 */
export function appJwt(appId: number, privateKey: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  // Backdated a minute against clock drift; GitHub accepts at most ten minutes of validity.
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ iat: now - 60, exp: now + 9 * 60, iss: String(appId) }));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

export interface AppCredentials {
  readonly appId: number;
  readonly privateKey: string;
  readonly baseUrl: string;
  readonly log?: GitHubLog;
}

/** Renew a token this long before GitHub's expiry, so a long scan never holds an expired one. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export class InstallationTokens {
  readonly #cache = new Map<number, Promise<{ token: string; expiresAt: number }>>();

  constructor(private readonly credentials: AppCredentials) {}

  appToken(): string {
    return appJwt(this.credentials.appId, this.credentials.privateKey);
  }

  async token(installationId: number): Promise<string> {
    const cached = this.#cache.get(installationId);
    if (cached) {
      const entry = await cached.catch(() => null);
      if (entry && entry.expiresAt - RENEW_BEFORE_MS > Date.now()) return entry.token;
    }
    const pending = this.#exchange(installationId);
    this.#cache.set(installationId, pending);
    pending.catch(() => this.#cache.delete(installationId));
    return (await pending).token;
  }

  async #exchange(installationId: number): Promise<{ token: string; expiresAt: number }> {
    const client = createGitHubClient({ token: this.appToken(), baseUrl: this.credentials.baseUrl, ...(this.credentials.log ? { log: this.credentials.log } : {}) });
    const { data } = await client.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installationId });
    return { token: data.token, expiresAt: Date.parse(data.expires_at) };
  }
}
