import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { deliver, examplePayload, exampleInstallation, INSTALLATION_ID, pushPayload, startApp } from "./harness.js";
import { app, appEnv, AWS_KEY, cli, expectConformingApi, github, HANDLED, head, MANIFEST, newRepo, push, useAppSuite, uses, workflow } from "./suite.js";

/**
 * The GitHub App end to end, part 2: remediation issues (push, re-delivery, races, fix, return,
 * orphaned owners, organization rules, installation), the schedule and write pacing.
 */
useAppSuite("issues");

describe("remediation issues", () => {
  it("opens one issue per unowned or hard-coded secret on a push, and none again on re-delivery", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]), ".github/CODEOWNERS": "* @alice @acme/platform\n" });
    const files = {
      ".github/secretowners.yml": MANIFEST,
      ".github/CODEOWNERS": "* @alice @acme/platform\n",
      ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN"), uses("OKTA_TOKEN")]),
      "deploy.sh": `export AWS_ACCESS_KEY_ID=${AWS_KEY}\n`,
    };
    const first = await push(repo, files, "push-1");
    expect(HANDLED).toContain(first.status);
    expect(repo.issues.map((issue) => issue.title).sort()).toEqual([
      "secretowners: Hard-coded credential (aws-access-key-id) in deploy.sh",
      "secretowners: Unowned secret JIRA_TOKEN (GitHub Actions)",
    ]);
    for (const issue of repo.issues) {
      expect(issue.labels).toContain("secretowners");
      expect(issue.assignees).toEqual(["alice"]);
      expect(issue.body).toMatch(/<!-- secretowners:issue key=[0-9a-f]{32} fingerprints=[0-9a-f,]+ -->/);
      expect(issue.body).not.toContain(AWS_KEY.slice(4));
    }
    // GitHub re-delivers the same push: nothing new.
    expect(await deliver(app.port, "push", first.payload, { id: "push-1" })).toBe(200);
    // Two deliveries racing: still one issue per problem.
    await Promise.all([deliver(app.port, "push", first.payload), deliver(app.port, "push", first.payload)]);
    expect(repo.issues).toHaveLength(2);
    expect(app.output()).not.toContain(AWS_KEY.slice(4));
    expectConformingApi();
  });

  it("opens each issue once when one push reaches two replicas sharing Redis at the same moment", async () => {
    const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
    const prefix = `secretowners-app-locks-${process.pid}-${randomUUID().slice(0, 8)}`;
    const env = appEnv({ REDIS_URL, SECRETOWNERS_QUEUE_PREFIX: prefix, SECRETOWNERS_ORG_SCAN_SCHEDULE: "off" });
    const replicas = [await startApp(cli, env), await startApp(cli, env)];
    try {
      const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
      const before = head(repo);
      const after = github.commit(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN"), uses("CONFLUENCE_TOKEN")]) }, repo.defaultBranch);
      const payload = pushPayload(repo, before, after);
      // The same push twice (a re-delivery), each copy to another replica, at the same moment.
      const statuses = await Promise.all(replicas.map((replica, i) => deliver(replica.port, "push", payload, { id: `replicas-${i}` })));
      for (const status of statuses) expect(HANDLED).toContain(status);
      const reconciled = new RegExp(`${repo.owner}/${repo.name}: \\d+ remediation issue\\(s\\) wanted`, "i");
      for (let i = 0; i < 300 && !replicas.every((replica) => reconciled.test(replica.output())); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(replicas.map((replica) => reconciled.test(replica.output()))).toEqual([true, true]);
      expect(repo.issues.map((issue) => issue.title).sort()).toEqual(["secretowners: Unowned secret CONFLUENCE_TOKEN (GitHub Actions)", "secretowners: Unowned secret JIRA_TOKEN (GitHub Actions)"]);
    } finally {
      for (const replica of replicas) expect(await replica.stop()).toBe(0);
      const redis = new Redis(REDIS_URL);
      const left = await redis.keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
      await redis.quit();
    }
    expectConformingApi();
  });

  it("closes the issue with a comment when the fix is pushed, and reopens it if the problem returns", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    await push(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    expect(repo.issues).toHaveLength(1);
    expect(repo.issues[0]?.assignees).toEqual(["secops-lead"]);
    const owned = MANIFEST + '  - secrets: ["JIRA_*"]\n    owner: "@acme/secops"\n';
    await push(repo, { ".github/secretowners.yml": owned, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    expect(repo.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(repo.issues[0]?.comments).toEqual([expect.stringMatching(/no longer finds/)]);
    await push(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo moved", uses("JIRA_TOKEN")]) });
    expect(repo.issues).toHaveLength(1);
    expect(repo.issues[0]?.state).toBe("open");
    expectConformingApi();
  });

  it("reports an owner team that was deleted as orphaned-owner", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]) });
    await push(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]) });
    expect(repo.issues).toEqual([]);
    github.teams.delete("acme/iam");
    try {
      // A fresh delivery is a fresh run: the directory is looked up again.
      await push(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN"), "echo again"]) });
    } finally {
      github.teams.add("acme/iam");
    }
    expect(repo.issues.map((issue) => [issue.title, issue.labels])).toEqual([
      ["secretowners: Manifest names an owner that no longer exists (.github/secretowners.yml:10)", ["secretowners", "orphaned-owner"]],
    ]);
    expect(repo.issues[0]?.body).toMatch(/@\u200dacme\/iam`?, a team that does not exist in acme/);
    expectConformingApi();
  });

  it("applies the organization's .github manifest first", async () => {
    const orgRepo = github.addRepository("acme", ".github", { "secretowners.yml": 'version: 1\nrules:\n  - secrets: ["JIRA_*"]\n    owner: "@acme/secops"\n' });
    try {
      const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
      await push(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN"), uses("SLACK_TOKEN")]) });
      expect(repo.issues.map((issue) => issue.title)).toEqual(["secretowners: Unowned secret SLACK_TOKEN (GitHub Actions)"]);
    } finally {
      github.repositories.delete(`acme/${orgRepo.name}`);
    }
    expectConformingApi();
  });

  it("reads a full repository with one tarball download, not one request per file", async () => {
    const cost = async (count: number) => {
      const files: Record<string, string> = { ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) };
      for (let i = 0; i < count; i++) files[`scripts/step-${i}.sh`] = `echo step ${i}\n`;
      const repo = newRepo({ ".github/workflows/ci.yml": workflow(["echo hi"]) });
      const seen = github.apiRequests().length;
      const downloads = github.codeloadDownloads;
      await push(repo, files);
      expect(repo.issues.map((issue) => issue.title)).toEqual(["secretowners: Unowned secret JIRA_TOKEN (GitHub Actions)"]);
      const routes = github
        .apiRequests()
        .slice(seen)
        .filter((request) => request.path.startsWith(`/repos/acme/${repo.name}/`))
        .map((request) => `${request.method} ${request.path.slice(`/repos/acme/${repo.name}`.length).replace(/[0-9a-f]{40}/, "{sha}")}`);
      return { routes: routes.sort(), downloads: github.codeloadDownloads - downloads };
    };
    const small = await cost(2);
    const large = await cost(60);
    expect(large).toEqual(small);
    expect(large.downloads).toBe(1);
    expect(large.routes.filter((route) => route.startsWith("GET /tarball/"))).toEqual(["GET /tarball/{sha}"]);
    expect(large.routes.filter((route) => /\/git\/|\/contents\//.test(route))).toEqual([]);
    expect(large.routes.length).toBeLessThanOrEqual(8);
    expectConformingApi();
  });

  it("applies a manifest's own detectors to files the tarball holds before the manifest", async () => {
    const manifest = `${MANIFEST}detectors:\n  - id: acme-api-token\n    regex: 'acme_([A-Za-z0-9]{32})'\n    keywords: [acme_]\n`;
    const repo = newRepo({ "secretowners.yml": manifest, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    const downloads = github.codeloadDownloads;
    // Archive order: the script comes first, the root manifest last.
    await push(repo, { "app/config.sh": "export ACME_TOKEN=acme_Q7f3Kp9ZtL2mW8vR4nB6yH1cX5dJ0sGa\n", ".github/workflows/ci.yml": workflow(["echo hi"]), "secretowners.yml": manifest });
    expect(repo.issues.map((issue) => issue.title)).toEqual(["secretowners: Hard-coded credential (acme-api-token) in app/config.sh"]);
    // The manifest came last, but the files before it were few enough to hold back: one read.
    expect(github.codeloadDownloads - downloads).toBe(1);
    expectConformingApi();
  });

  it("scans every repository of a new installation", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    const payload = examplePayload("installation", "created", repo);
    const real = exampleInstallation();
    payload["installation"] = { ...real, id: INSTALLATION_ID, account: { ...(real["account"] as object), login: "acme", type: "Organization" } };
    payload["repositories"] = [{ id: repo.id, node_id: "R_1", name: repo.name, full_name: `acme/${repo.name}`, private: true }];
    expect(await deliver(app.port, "installation", payload)).toBe(200);
    expect(repo.issues.map((issue) => issue.title)).toEqual(["secretowners: Unowned secret JIRA_TOKEN (GitHub Actions)"]);
    expectConformingApi();
  });
});

describe("schedule", () => {
  it("re-scans every repository of every installation on the configured interval, without a webhook", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow([uses("NIGHTLY_TOKEN")]) });
    github.installations.push({ id: INSTALLATION_ID, account: "acme" });
    github.installedRepositories = new Set([`acme/${repo.name}`]);
    const scheduled = await startApp(cli, appEnv({ SECRETOWNERS_SCHEDULE: "2s" }));
    try {
      for (let i = 0; i < 150 && repo.issues.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await scheduled.stop();
      github.installations.length = 0;
      github.installedRepositories = null;
    }
    expect(repo.issues.map((issue) => issue.title)).toEqual(["secretowners: Unowned secret NIGHTLY_TOKEN (GitHub Actions)"]);
    expectConformingApi();
  });
});

describe("pacing", () => {
  it("spaces content-creating requests of an installation a second apart", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow(["echo hi"]) });
    await push(repo, { ".github/workflows/ci.yml": workflow([uses("A_TOKEN"), uses("B_TOKEN"), uses("C_TOKEN")]) });
    const writes = github.apiRequests().filter((request) => request.method !== "GET" && request.path.startsWith(`/repos/acme/${repo.name}/`));
    expect(writes).toHaveLength(3);
    for (let i = 1; i < writes.length; i++) expect((writes[i]?.at ?? 0) - (writes[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expectConformingApi();
  });
});
