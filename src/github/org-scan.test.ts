import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../test/support/fake-github-org.js";
import { ALNUM, fake as fakeCredential } from "../core/detect/fake.js";
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

  it("applies each repository's own manifest detectors and allowlist to files the tarball holds before the manifest", async () => {
    const repo = fake.repos[1] as (typeof fake.repos)[number];
    const acmeToken = `acme_${fakeCredential(ALNUM, 32, 920)}`;
    const ghToken = `ghp_${fakeCredential(ALNUM, 36, 921)}`;
    // README.md is the archive's first file, the manifest its second.
    fake.push(repo.name, {
      "README.md": `ACME_TOKEN=${acmeToken}\nGITHUB_TOKEN=${ghToken}\n`,
      ".github/secretowners.yml": `${repo.files[".github/secretowners.yml"]}detectors:\n  - id: acme-api-token\n    regex: 'acme_([A-Za-z0-9]{32})'\n    keywords: [acme_]\nallowlist:\n  regexes: ['^ghp_']\n`,
    });
    fake.resetStats();
    const result = await scanOrganization({ client: client(), org: "acme", concurrency: 4 });
    expect(fake.problems).toEqual([]);
    const scanned = result.results.find((entry) => entry.repo === `acme/${repo.name}`);
    const hardcoded = scanned?.result.findings.filter((finding) => finding.ruleId === "hardcoded-secret").map((finding) => `${finding.detector} ${finding.location.file}:${finding.location.line}`);
    expect(hardcoded).toEqual(["acme-api-token README.md:1"]);
    expect(fake.stats.codeload).toBe(48);
    expect(JSON.stringify(result)).not.toContain(acmeToken.slice(5));
  });
});
