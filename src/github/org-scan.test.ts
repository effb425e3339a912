import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headFiles } from "../../test/support/fake-github.js";
import { startFakeGitHub, type FakeOrg } from "../../test/support/fake-github-org.js";
import { ALNUM, fake as fakeCredential } from "../core/detect/fake.js";
import { allOrgFindings } from "../core/org.js";
import { createGitHubClient } from "./client.js";
import { MemoryCache } from "./org-cache.js";
import { scanOrganization } from "./org-scan.js";

describe("scanOrganization against a loopback GitHub", () => {
  let fake: FakeOrg;
  beforeAll(async () => {
    fake = await startFakeGitHub({ repos: 50, latencyMs: [1, 4], secondaryLimitEvery: 37 });
  });
  afterAll(() => fake.close());

  const client = () => createGitHubClient({ token: "ghs_test", baseUrl: fake.apiUrl, retryAfterBaseValue: 5 });

  it("scans every repository once, skips archived and empty ones, and stays within 5 requests a repository", async () => {
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
    // The tarball, the Actions secrets, the environments (and each one's secrets), the Dependabot secrets.
    const perRepo = (fake.stats.api - fake.stats.secondaryLimited) / 50;
    expect(perRepo).toBeLessThanOrEqual(5);
    console.log(JSON.stringify(fake.stats), allOrgFindings(result).length);
  });

  it("applies each repository's own manifest detectors and allowlist to files the tarball holds before the manifest", async () => {
    const repo = fake.repos[1] as (typeof fake.repos)[number];
    const acmeToken = `acme_${fakeCredential(ALNUM, 32, 920)}`;
    const ghToken = `ghp_${fakeCredential(ALNUM, 36, 921)}`;
    // README.md is the archive's first file, the manifest its second.
    fake.push(repo.name, {
      "README.md": `ACME_TOKEN=${acmeToken}\nGITHUB_TOKEN=${ghToken}\n`,
      ".github/secretowners.yml": `${headFiles(repo)[".github/secretowners.yml"]}detectors:\n  - id: acme-api-token\n    regex: 'acme_([A-Za-z0-9]{32})'\n    keywords: [acme_]\nallowlist:\n  regexes: ['^ghp_']\n`,
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

  it("lists each repository's Dependabot secrets and every environment's secrets, as the Action does", async () => {
    const result = await scanOrganization({ client: client(), org: "acme", concurrency: 4 });
    expect(fake.problems).toEqual([]);
    const scanned = (name: string) => result.results.find((entry) => entry.repo === `acme/${name}`);
    // service-0003 keeps a `sandbox` environment no workflow deploys to; service-0001 a Dependabot secret.
    expect(scanned("service-0003")?.storedSecrets).toContainEqual(expect.objectContaining({ name: "SANDBOX_TOKEN", store: "environment", environment: "sandbox" }));
    const unused = scanned("service-0003")?.result.findings.filter((finding) => finding.ruleId === "unused-secret").map((finding) => finding.secret);
    expect(unused).toEqual(["SANDBOX_TOKEN"]);
    expect(scanned("service-0001")?.storedSecrets).toContainEqual(expect.objectContaining({ name: "NPM_REGISTRY_TOKEN", store: "dependabot" }));
    // The production environment's DEPLOY_TOKEN is still found, now through the environments listing.
    expect(scanned("service-0010")?.storedSecrets).toContainEqual(expect.objectContaining({ name: "DEPLOY_TOKEN", store: "environment", environment: "production" }));
    expect(result.notices).toEqual([]);
  });

  it("reuses a cached result only while the date rules would judge it the same: a rotation falls due without a push", async () => {
    const repo = fake.repos[5] as (typeof fake.repos)[number];
    // The fake's stored secrets were last updated 2025-06-01: under the default 90-day cadence they
    // are announced from 2025-08-16, so until then only this rule's dates move the verdict.
    const rule = '  - secrets: ["PROBE_*"]\n    owner: "@acme/iam"\n    rotation: 30d\n    rotated: 2025-06-10\n';
    fake.push(repo.name, { ".github/secretowners.yml": `${headFiles(repo)[".github/secretowners.yml"]}${rule}` });
    const cache = new MemoryCache();
    const on = async (day: string) => {
      const result = await scanOrganization({ client: client(), org: "acme", cache, concurrency: 4, now: new Date(`${day}T12:00:00Z`) });
      const entry = result.results.find((scanned) => scanned.repo === `acme/${repo.name}`);
      const outcome = result.repos.find((scanned) => scanned.name === `acme/${repo.name}`);
      const probe = entry?.result.findings.filter((finding) => finding.ruleId.startsWith("rotation-") && finding.message.includes("PROBE_*")).map((finding) => finding.ruleId);
      return { cached: outcome?.cached === true, probe, through: entry?.result.stableThrough };
    };
    // Due 2025-07-10, announced from 2025-06-26.
    expect(await on("2025-06-15")).toEqual({ cached: false, probe: [], through: "2025-06-25" });
    expect(await on("2025-06-25")).toEqual({ cached: true, probe: [], through: "2025-06-25" });
    expect(await on("2025-06-26")).toEqual({ cached: false, probe: ["rotation-due-soon"], through: "2025-06-26" });
    expect(await on("2025-07-20")).toEqual({ cached: false, probe: ["rotation-overdue"], through: "2025-07-20" });
    expect(await on("2025-07-20")).toEqual({ cached: true, probe: ["rotation-overdue"], through: "2025-07-20" });
    // Never a result judged for a later day (`--now` run backwards).
    expect(await on("2025-06-20")).toEqual({ cached: false, probe: [], through: "2025-06-25" });
    expect(fake.problems).toEqual([]);
  });
});

describe("an organization scanned again with a cache", () => {
  it("rescans a repository whose secrets changed in the settings without a push, and only that one", async () => {
    const fake = await startFakeGitHub({ repos: 6, latencyMs: [1, 2], secondaryLimitEvery: 0 });
    try {
      const cache = new MemoryCache();
      const client = createGitHubClient({ token: "ghs_test", baseUrl: fake.apiUrl });
      const now = new Date("2025-06-15T12:00:00Z");
      const scan = () => scanOrganization({ client, org: "acme", cache, now });
      await scan();
      const repo = fake.repos[2] as (typeof fake.repos)[number];
      repo.secrets.push("FORGOTTEN_DEPLOY_KEY");
      fake.resetStats();
      const again = await scan();
      expect(again.repos.filter((outcome) => outcome.skipped === null && !outcome.cached).map((outcome) => outcome.name)).toEqual([`acme/${repo.name}`]);
      expect(fake.stats.codeload).toBe(1);
      const unused = again.results.find((entry) => entry.repo === `acme/${repo.name}`)?.result.findings.filter((finding) => finding.ruleId === "unused-secret").map((finding) => finding.secret);
      expect(unused).toContain("FORGOTTEN_DEPLOY_KEY");
      fake.resetStats();
      const third = await scan();
      expect(third.repos.every((outcome) => outcome.cached === true)).toBe(true);
      expect(fake.stats.codeload).toBe(0);
      expect(fake.stats.api).toBe(fake.stats.notModified);
      expect(fake.problems).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("an organization whose token may not read some secret stores", () => {
  it("says so in one notice per store, naming the permission, and scans everything else", async () => {
    const denied = await startFakeGitHub({ repos: 8, deniedStores: ["dependabot", "environments"] });
    try {
      const result = await scanOrganization({ client: createGitHubClient({ token: "ghs_test", baseUrl: denied.apiUrl }), org: "acme" });
      expect(denied.problems).toEqual([]);
      expect(result.notices).toHaveLength(2);
      expect(result.notices[0]).toMatch(/^Could not list the Dependabot secrets of 8 repositories \(acme\/service-0000, acme\/service-0001, acme\/service-0002, …\) \(HTTP 403.*\): the token lacks permission\. Grant the `Dependabot secrets: read` repository permission/);
      expect(result.notices[1]).toMatch(/^Could not list the deployment environments of 8 repositories .*Grant the `Environments: read` repository permission/);
      expect(result.repos.flatMap((repo) => repo.notices ?? [])).toEqual([]);
      expect(result.results).toHaveLength(8);
      expect(result.results.every((entry) => (entry.storedSecrets ?? []).some((secret) => secret.store === "actions"))).toBe(true);
    } finally {
      await denied.close();
    }
  });
});
