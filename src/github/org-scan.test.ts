import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../test/support/fake-github-org.js";
import { allOrgFindings } from "../core/org.js";
import { createGitHubClient } from "./client.js";
import { MemoryCache } from "./org-cache.js";
import { scanOrganization } from "./org-scan.js";

describe("scanOrganization against a loopback GitHub", () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ repos: 50, latencyMs: [1, 4], secondaryLimitEvery: 37 });
  });
  afterAll(() => fake.close());

  const client = () => createGitHubClient({ token: "ghs_test", baseUrl: fake.apiUrl, retryAfterBaseValue: 5 });

  it("scans every repository once, skips archived and empty ones, and stays within 3 requests a repository", async () => {
    fake.resetStats();
    const cache = new MemoryCache();
    const progress: number[] = [];
    const result = await scanOrganization({ client: client(), org: "acme", cache, concurrency: 4, onProgress: (p) => progress.push(p.done) });
    expect(fake.problems).toEqual([]);
    expect(result.repos).toHaveLength(50);
    expect(result.repos.filter((repo) => repo.skipped !== null).map((repo) => [repo.name, repo.skipped])).toEqual([
      ["acme/service-0013", "empty"],
      ["acme/service-0049", "archived"],
    ]);
    expect(result.repos.filter((repo) => repo.error !== null)).toEqual([]);
    expect(result.results).toHaveLength(48);
    expect(progress).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(fake.stats.secondaryLimited).toBeGreaterThan(0);
    expect(fake.stats.codeload).toBe(48);
    const perRepo = (fake.stats.api - fake.stats.secondaryLimited) / 50;
    expect(perRepo).toBeLessThanOrEqual(3);
    console.log(JSON.stringify(fake.stats), allOrgFindings(result).length);
  });
});
