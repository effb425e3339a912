import { afterEach, describe, expect, it } from "vitest";
import { mockGitHub, type GitHubMock } from "../../test/support/nock-github.js";
import { createGitHubClient, type GitHubLog } from "./client.js";
import { listStoredSecrets } from "./secrets.js";

const REPO = { owner: "acme", repo: "idp-automation" };
const CREATED = "2024-01-10T09:00:00Z";
const UPDATED = "2025-06-01T12:30:00Z";

const secret = (name: string) => ({ name, created_at: CREATED, updated_at: UPDATED });
const page = (names: string[], total = names.length) => ({ total_count: total, secrets: names.map(secret) });
const forbidden = { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/actions/secrets#list-repository-secrets", status: "403" };

function recordingLog(): GitHubLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, debug: () => {}, info: push("info"), warn: push("warn"), error: push("error") };
}

/** Mocks the four stores; each may be overridden per test. */
function mockStores(github: GitHubMock, overrides: { actions?: () => void; environments?: () => void; organization?: () => void; dependabot?: () => void } = {}): void {
  const base = `/repos/${REPO.owner}/${REPO.repo}`;
  (overrides.actions ?? (() => github.scope.get(github.path(`${base}/actions/secrets`)).query({ per_page: 100 }).reply(200, page(["OKTA_API_TOKEN"]))))();
  (overrides.environments ??
    (() => {
      github.scope.get(github.path(`${base}/environments`)).query({ per_page: 100 }).reply(200, { total_count: 0, environments: [] });
    }))();
  (overrides.organization ?? (() => github.scope.get(github.path(`${base}/actions/organization-secrets`)).query({ per_page: 100 }).reply(200, page(["NPM_TOKEN"]))))();
  (overrides.dependabot ?? (() => github.scope.get(github.path(`${base}/dependabot/secrets`)).query({ per_page: 100 }).reply(200, page([]))))();
}

describe("listStoredSecrets", () => {
  let github: GitHubMock | null = null;
  afterEach(() => {
    github?.done();
    github = null;
  });

  it("lists every store with names and dates, and environment secrets per environment", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    const environment = (name: string) => ({
      id: 1,
      node_id: "EN_1",
      name,
      url: `https://api.github.com${base}/environments/${name}`,
      html_url: `https://github.com/${REPO.owner}/${REPO.repo}/deployments/activity_log?environments_filter=${name}`,
      created_at: CREATED,
      updated_at: UPDATED,
    });
    mockStores(github, {
      environments: () => {
        github!.scope.get(github!.path(`${base}/environments`)).query({ per_page: 100 }).reply(200, { total_count: 2, environments: [environment("production"), environment("staging eu")] });
        github!.scope.get(github!.path(`${base}/environments/production/secrets`)).query({ per_page: 100 }).reply(200, page(["DEPLOY_KEY"]));
        github!.scope.get(github!.path(`${base}/environments/staging%20eu/secrets`)).query({ per_page: 100 }).reply(200, page([]));
      },
    });
    const listing = await listStoredSecrets(createGitHubClient({ token: "test-token" }), REPO);
    expect(listing.notices).toEqual([]);
    expect([...listing.listed].sort()).toEqual(["actions", "dependabot", "environment", "organization"]);
    expect(listing.secrets).toEqual([
      { name: "OKTA_API_TOKEN", store: "actions", createdAt: CREATED, updatedAt: UPDATED },
      { name: "DEPLOY_KEY", store: "environment", environment: "production", createdAt: CREATED, updatedAt: UPDATED },
      { name: "NPM_TOKEN", store: "organization", createdAt: CREATED, updatedAt: UPDATED },
    ]);
  });

  it("follows Link pagination past 100 secrets", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    const names = Array.from({ length: 250 }, (_, index) => `SECRET_${String(index).padStart(3, "0")}`);
    const url = (n: number) => `https://api.github.com${base}/actions/secrets?per_page=100&page=${n}`;
    const link = (next: number) => ({ Link: `<${url(next)}>; rel="next", <${url(3)}>; rel="last"` });
    mockStores(github, {
      actions: () => {
        github!.scope.get(github!.path(`${base}/actions/secrets`)).query({ per_page: 100 }).reply(200, page(names.slice(0, 100), 250), link(2));
        github!.scope.get(github!.path(`${base}/actions/secrets`)).query({ per_page: 100, page: 2 }).reply(200, page(names.slice(100, 200), 250), link(3));
        github!.scope.get(github!.path(`${base}/actions/secrets`)).query({ per_page: 100, page: 3 }).reply(200, page(names.slice(200), 250));
      },
    });
    const listing = await listStoredSecrets(createGitHubClient({ token: "test-token" }), REPO);
    expect(listing.secrets.filter((item) => item.store === "actions").map((item) => item.name)).toEqual(names);
  });

  it("turns 403 into a notice naming the permission to grant, and lists the other stores", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    mockStores(github, {
      actions: () => github!.scope.get(github!.path(`${base}/actions/secrets`)).query({ per_page: 100 }).reply(403, forbidden),
      dependabot: () => github!.scope.get(github!.path(`${base}/dependabot/secrets`)).query({ per_page: 100 }).reply(403, forbidden),
    });
    const listing = await listStoredSecrets(createGitHubClient({ token: "ghs_installation" }), REPO);
    expect(listing.secrets.map((item) => item.name)).toEqual(["NPM_TOKEN"]);
    expect([...listing.listed].sort()).toEqual(["environment", "organization"]);
    expect(listing.notices.map((item) => [item.store, item.status])).toEqual([
      ["actions", 403],
      ["dependabot", 403],
    ]);
    expect(listing.notices[0]?.message).toContain("`Secrets: read`");
    expect(listing.notices[1]?.message).toContain("`Dependabot secrets: read`");
    expect(listing.notices.map((item) => item.message).join("\n")).not.toContain("ghs_installation");
  });

  it("waits out a primary rate limit until x-ratelimit-reset, then retries", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    const reset = Math.floor(Date.now() / 1000) + 5;
    mockStores(github, {
      actions: () => {
        github!.scope
          .get(github!.path(`${base}/actions/secrets`))
          .query({ per_page: 100 })
          .reply(403, { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": "5000",
            "x-ratelimit-reset": String(reset),
          });
        github!.scope.get(github!.path(`${base}/actions/secrets`)).query({ per_page: 100 }).reply(200, page(["OKTA_API_TOKEN"]));
      },
    });
    const log = recordingLog();
    // One millisecond per requested second keeps the test fast; the logged wait proves the header was read.
    const listing = await listStoredSecrets(createGitHubClient({ token: "t", log, retryAfterBaseValue: 1 }), REPO);
    expect(listing.notices).toEqual([]);
    expect(listing.secrets.map((item) => item.name)).toContain("OKTA_API_TOKEN");
    const wait = log.lines.find((line) => line.includes("primary rate limit"));
    expect(wait).toMatch(/waiting [56] s as GitHub asks/);
  });

  it("honours retry-after on a secondary rate limit (429), then retries", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    mockStores(github, {
      organization: () => {
        github!.scope
          .get(github!.path(`${base}/actions/organization-secrets`))
          .query({ per_page: 100 })
          .reply(429, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" }, { "retry-after": "42" });
        github!.scope.get(github!.path(`${base}/actions/organization-secrets`)).query({ per_page: 100 }).reply(200, page(["NPM_TOKEN"]));
      },
    });
    const log = recordingLog();
    const listing = await listStoredSecrets(createGitHubClient({ token: "t", log, retryAfterBaseValue: 1 }), REPO);
    expect(listing.notices).toEqual([]);
    expect(listing.secrets.map((item) => item.name)).toEqual(["OKTA_API_TOKEN", "NPM_TOKEN"]);
    expect(log.lines).toContainEqual(expect.stringContaining("secondary rate limit on GET"));
    expect(log.lines.join("\n")).toContain("waiting 42 s as GitHub asks");
  });

  it("gives up on a rate limit that asks for a longer wait than allowed, with a notice", async () => {
    github = mockGitHub();
    const base = `/repos/${REPO.owner}/${REPO.repo}`;
    mockStores(github, {
      dependabot: () =>
        github!.scope
          .get(github!.path(`${base}/dependabot/secrets`))
          .query({ per_page: 100 })
          .reply(403, { message: "You have exceeded a secondary rate limit.", documentation_url: "https://docs.github.com/rest" }, { "retry-after": "3600" }),
    });
    const log = recordingLog();
    const listing = await listStoredSecrets(createGitHubClient({ token: "t", log, retryAfterBaseValue: 1, maxRateLimitWaitSeconds: 60 }), REPO);
    expect(log.lines.join("\n")).toContain("asks to wait 3600 s, more than the 60 s allowed");
    expect(listing.notices).toHaveLength(1);
    expect(listing.notices[0]?.store).toBe("dependabot");
  });

  it("works against a GHES API root", async () => {
    github = mockGitHub("http://127.0.0.1:8443/api/v3");
    mockStores(github);
    const listing = await listStoredSecrets(createGitHubClient({ token: "t", baseUrl: "http://127.0.0.1:8443/api/v3/" }), REPO);
    expect(listing.secrets.map((item) => item.name)).toEqual(["OKTA_API_TOKEN", "NPM_TOKEN"]);
  });
});
