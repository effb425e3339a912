import { describe, expect, it } from "vitest";
import { assertGitHubExchange, checkGitHubExchange } from "./support/openapi.js";
import { mockGitHub } from "./support/nock-github.js";

/** The fake-API checker is itself tested: it must accept what GitHub documents and reject drift. */
describe("checkGitHubExchange", () => {
  const secrets = { total_count: 1, secrets: [{ name: "A", created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" }] };

  it("accepts a documented exchange, on github.com and under a GHES API root", () => {
    expect(checkGitHubExchange({ method: "GET", url: "https://api.github.com/repos/o/r/actions/secrets?per_page=100&page=2", status: 200, responseBody: secrets })).toEqual([]);
    expect(checkGitHubExchange({ method: "GET", url: "http://127.0.0.1:9/api/v3/repos/o/r/actions/secrets", status: 200, responseBody: secrets }, { baseUrl: "http://127.0.0.1:9/api/v3" })).toEqual([]);
  });

  it("rejects an unknown operation, an unknown query parameter and a body that drifted", () => {
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secret-list", status: 200, responseBody: secrets })).toEqual([expect.stringContaining("no such operation")]);
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets?limit=5", status: 200, responseBody: secrets })).toEqual([expect.stringContaining('query parameter "limit" is not accepted')]);
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets?per_page=many", status: 200, responseBody: secrets })).toEqual([expect.stringContaining('"per_page"="many" does not fit')]);
    const drifted = { total_count: 1, secrets: [{ name: "A", updated: "2024-01-01" }] };
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets", status: 200, responseBody: drifted }).join("\n")).toContain("must have required property 'created_at'");
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets", status: 200, responseBody: { total_count: 1, secrets: [{ name: "A", created_at: "yesterday", updated_at: "2024-01-01T00:00:00Z" }] } }).join("\n")).toContain('must match format "date-time"');
  });

  it("checks request bodies and picks the literal route over a templated one", () => {
    expect(checkGitHubExchange({ method: "POST", url: "/repos/o/r/check-runs", requestBody: { name: "secretowners" }, status: 201 }).join("\n")).toContain("must have required property 'head_sha'");
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets/public-key", status: 200, responseBody: { key_id: "1", key: "k" } })).toEqual([]);
  });

  it("allows rate-limit and permission errors anywhere, as GitHub's basic-error, and no other undocumented status", () => {
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets", status: 403, responseBody: { message: "Resource not accessible by integration" } })).toEqual([]);
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets", status: 429, responseBody: { message: 7 } }).join("\n")).toContain("basic-error");
    expect(checkGitHubExchange({ method: "GET", url: "/repos/o/r/actions/secrets", status: 418 }).join("\n")).toContain("status 418 is not documented");
    expect(() => assertGitHubExchange({ method: "GET", url: "/nope", status: 200 })).toThrow(/OpenAPI description/);
  });
});

describe("mockGitHub", () => {
  it("fails done() on a mock that drifted from the description and on one never used", async () => {
    const github = mockGitHub();
    github.scope.get("/repos/o/r/actions/secrets").reply(200, { total_count: 1, secrets: [{ name: "A" }] });
    github.scope.get("/repos/o/r/dependabot/secrets").reply(200, { total_count: 0, secrets: [] });
    const response = await fetch("https://api.github.com/repos/o/r/actions/secrets");
    expect(response.status).toBe(200);
    expect(() => github.done()).toThrow(/actions\/list-repo-secrets.*required property 'created_at'[\s\S]*mock never used: GET https:\/\/api.github.com:443\/repos\/o\/r\/dependabot\/secrets/);
  });

  it("passes done() when every exchange conforms and every mock was used", async () => {
    const github = mockGitHub();
    github.scope.get("/repos/o/r/actions/secrets").reply(200, { total_count: 0, secrets: [] });
    await fetch("https://api.github.com/repos/o/r/actions/secrets");
    expect(() => github.done()).not.toThrow();
  });
});
