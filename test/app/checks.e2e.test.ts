import { describe, expect, it } from "vitest";
import { deliver, examplePayload, pullRequestPayload, pushPayload, runAppExpectingExit, sign } from "./harness.js";
import { app, appEnv, cli, expectConformingApi, github, HANDLED, head, MANIFEST, newRepo, openPull, privateKey, push, useAppSuite, uses, workflow } from "./suite.js";

/**
 * The GitHub App end to end, part 1: start-up, webhook signatures, pull request check runs and API
 * failures — the real `secretowners app` process, signed deliveries built from
 * @octokit/webhooks-examples, a loopback GitHub (GHE_HOST) checked against GitHub's OpenAPI description.
 */
useAppSuite("checks");

describe("secretowners app: start-up", () => {
  it.each([
    [{ APP_ID: "" }, /^secretowners: APP_ID: not set/],
    [{ APP_ID: "abc" }, /^secretowners: APP_ID: must be a positive whole number/],
    [{ PRIVATE_KEY: "not a key" }, /^secretowners: PRIVATE_KEY: is not a valid PEM private key/],
    [{ PRIVATE_KEY: "", PRIVATE_KEY_PATH: "/nonexistent/key.pem" }, /^secretowners: PRIVATE_KEY_PATH: cannot read/],
    [{ WEBHOOK_SECRET: "" }, /^secretowners: WEBHOOK_SECRET: not set/],
    [{ PORT: "http" }, /^secretowners: PORT: must be a port number/],
    [{ GHE_PROTOCOL: "ftp" }, /^secretowners: GHE_PROTOCOL: must be https or http/],
    [{ GHE_HOST: "https://ghe.example.com/" }, /^secretowners: GHE_HOST: must be a host name/],
    [{ LOG_LEVEL: "loud" }, /^secretowners: LOG_LEVEL: must be one of/],
    [{ SECRETOWNERS_SCHEDULE: "daily" }, /^secretowners: SECRETOWNERS_SCHEDULE: must be a duration/],
  ])("refuses %o with one line naming the variable, exit 2", async (override, message) => {
    const { code, stderr } = await runAppExpectingExit(cli, appEnv(override));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toContain(privateKey.split("\n")[1]);
  });

  it("answers GET /healthz while it runs", async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });
});

describe("webhook signatures", () => {
  it("rejects a bad or missing signature with a 4xx, reads and writes nothing, logs only the rejection", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    const before = github.requests.length;
    const logBefore = app.output().length;
    const payload = pushPayload(repo, head(repo), head(repo));
    (payload as Record<string, unknown>)["marker"] = "do-not-log-this-payload";
    expect(await deliver(app.port, "push", payload, { signature: `sha256=${"0".repeat(64)}`, id: "bad-1" })).toBe(401);
    expect(await deliver(app.port, "push", payload, { signature: "", id: "bad-2" })).toBe(401);
    expect(await deliver(app.port, "push", payload, { signature: sign(JSON.stringify(payload), "wrong-secret"), id: "bad-3" })).toBe(401);
    for (let i = 0; i < 50 && (app.output().slice(logBefore).match(/rejected webhook/g) ?? []).length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(github.requests.length).toBe(before);
    const log = app.output().slice(logBefore);
    expect(log).not.toContain("do-not-log-this-payload");
    const lines = log.trim().split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(JSON.parse(line).msg).toMatch(/^rejected webhook delivery bad-\d: /);
  });
});

describe("pull request checks", () => {
  it("fails a PR that adds an unowned secret, with one annotation on that line only", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]), "README.md": "hello\n" });
    const { status, headSha } = await openPull(repo, {
      ".github/secretowners.yml": MANIFEST,
      ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN"), uses("JIRA_TOKEN")]),
      "README.md": "hello\n",
    });
    expect(HANDLED).toContain(status);
    expect(repo.checkRuns).toHaveLength(1);
    const [run] = repo.checkRuns;
    expect(run).toMatchObject({ name: "secretowners", head_sha: headSha, status: "completed", conclusion: "failure" });
    expect(run?.annotations).toEqual([
      expect.objectContaining({ path: ".github/workflows/ci.yml", start_line: 7, end_line: 7, annotation_level: "failure", title: "unowned-secret" }),
    ]);
    // in_progress first, then completed.
    const writes = github.apiRequests().filter((request) => request.path.includes(`/${repo.name}/check-runs`));
    expect((writes[0]?.body as { status: string }).status).toBe("in_progress");
    // Only what the check needs: the changed file and the manifests, never README.md.
    const blobs = github.apiRequests().filter((request) => request.path.startsWith(`/repos/acme/${repo.name}/git/blobs/`));
    expect(blobs.length).toBeLessThanOrEqual(3);
    // No mention outside code (where GitHub never links one): check runs must not ping.
    expect((run?.output?.summary ?? "").replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "")).not.toMatch(/@(acme|secops|your-org)/);
    expectConformingApi();
  });

  it("does not fail a PR that only moves lines", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi", uses("JIRA_TOKEN")]) });
    await openPull(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN"), "echo hi", "echo more"]) });
    const [run] = repo.checkRuns;
    expect(run?.conclusion).toBe("neutral");
    expect(run?.annotations).toEqual([]);
    expectConformingApi();
  });

  it("succeeds when every secret has an owner", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    await openPull(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]) });
    expect(repo.checkRuns[0]?.conclusion).toBe("success");
    expectConformingApi();
  });

  it("sends more than 50 annotations in batches of 50", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    const names = Array.from({ length: 120 }, (_, i) => uses(`UNOWNED_${i}`));
    await openPull(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(names) });
    const [run] = repo.checkRuns;
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotationBatches.filter((count) => count > 0)).toEqual([50, 50, 20]);
    expect(run?.annotations).toHaveLength(120);
    expectConformingApi();
  });

  it("re-runs from the Checks tab (check_run rerequested)", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    const { headSha } = await openPull(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) }, 9);
    const payload = examplePayload("check_run", "rerequested", repo);
    const checkRun = payload["check_run"] as Record<string, unknown>;
    payload["check_run"] = {
      ...checkRun,
      name: "secretowners",
      head_sha: headSha,
      pull_requests: [{ number: 9, id: 1, url: "", head: { ref: "feature", sha: headSha, repo: { id: repo.id, name: repo.name, url: "" } }, base: { ref: "main", sha: github.commit(repo, repo.commits.get(head(repo)) ?? {}), repo: { id: repo.id, name: repo.name, url: "" } } }],
    };
    expect(await deliver(app.port, "check_run", payload)).toBe(200);
    expect(repo.checkRuns.map((run) => run.conclusion)).toEqual(["failure", "failure"]);
    expectConformingApi();
  });

  it("runs one check when a push sends both pull_request synchronize and check_suite requested", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow(["echo hi"]) });
    const base = head(repo);
    const headSha = github.commit(repo, { ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    const suitePayload = examplePayload("check_suite", "requested", repo);
    const suite = suitePayload["check_suite"] as Record<string, unknown>;
    const ref = { id: repo.id, name: repo.name, url: "" };
    suitePayload["check_suite"] = { ...suite, head_sha: headSha, pull_requests: [{ number: 11, id: 1, url: "", head: { ref: "feature", sha: headSha, repo: ref }, base: { ref: "main", sha: base, repo: ref } }] };
    const [fromSuite, fromPull] = await Promise.all([
      deliver(app.port, "check_suite", suitePayload),
      deliver(app.port, "pull_request", pullRequestPayload(repo, "synchronize", { number: 11, base, head: headSha })),
    ]);
    expect([fromSuite, fromPull]).toEqual([200, 200]);
    expect(repo.checkRuns.map((run) => [run.head_sha, run.conclusion])).toEqual([[headSha, "failure"]]);
    expectConformingApi();
  });

  it("blocks a broken manifest with an annotation on the broken line", async () => {
    const repo = newRepo({ ".github/secretowners.yml": MANIFEST, ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]) });
    await openPull(repo, { ".github/secretowners.yml": MANIFEST.replace('owner: "@acme/iam"', "owner: acme iam"), ".github/workflows/ci.yml": workflow([uses("OKTA_TOKEN")]) });
    const [run] = repo.checkRuns;
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations).toContainEqual(expect.objectContaining({ path: ".github/secretowners.yml", start_line: 10, title: "invalid-manifest" }));
    expectConformingApi();
  });
});

describe("GitHub API failures", () => {
  it("completes the check as failed, without a crash, when GitHub answers 404", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow(["echo hi"]) });
    github.failNext("GET", new RegExp(`^/repos/acme/${repo.name}/compare/`), 404);
    await openPull(repo, { ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    expect(repo.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "secretowners could not finish" } });
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    expectConformingApi();
  });

  it("logs a 403 on check-run creation in one line and keeps serving", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow(["echo hi"]) });
    github.failNext("POST", new RegExp(`^/repos/acme/${repo.name}/check-runs$`), 403, { body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run" } });
    const logBefore = app.output().length;
    const { status } = await openPull(repo, { ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    expect(HANDLED).toContain(status);
    expect(repo.checkRuns).toEqual([]);
    // Log lines reach the pipe a moment after the response.
    for (let i = 0; i < 50 && !/HTTP 403/.test(app.output().slice(logBefore)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.output().slice(logBefore)).toMatch(/pull_request delivery [0-9a-f-]+: HTTP 403: Resource not accessible by integration/);
    expectConformingApi();
  });

  it("retries a 5xx and waits out primary and secondary rate limits", async () => {
    const repo = newRepo({ ".github/workflows/ci.yml": workflow(["echo hi"]) });
    github.failNext("GET", new RegExp(`^/repos/acme/${repo.name}/tarball/`), 502);
    github.failNext("POST", new RegExp(`^/repos/acme/${repo.name}/issues$`), 403, {
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1) },
      body: { message: "API rate limit exceeded for installation.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
    });
    github.failNext("GET", new RegExp(`^/repos/acme/${repo.name}/issues$`), 403, {
      headers: { "retry-after": "1" },
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
    });
    await push(repo, { ".github/workflows/ci.yml": workflow([uses("JIRA_TOKEN")]) });
    expect(repo.issues).toHaveLength(1);
    const statuses = github.requests.filter((request) => request.path.startsWith(`/repos/acme/${repo.name}/`)).map((request) => `${request.method} ${request.status}`);
    expect(statuses).toEqual(expect.arrayContaining(["GET 502", "POST 403", "POST 201"]));
    expectConformingApi();
  });
});
