import examples from "@octokit/webhooks-examples";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ACTION_NODE, runAction, type ActionRun } from "./support/action-runner.js";
import { git, pullRequestRepo, type PullRequestRepo, type Tree } from "./support/git-repo.js";
import { example as apiExample } from "./support/fake-github-payloads.js";
import { contentFile, diffEntry } from "./support/github-fakes.js";
import { startLoopbackGitHub, type LoopbackGitHub, type Route } from "./support/loopback-github.js";

/**
 * The committed Action bundle, run as the runner runs it, on real git repositories with a base and
 * a head commit, and event payloads shaped like GitHub's own (@octokit/webhooks-examples).
 */

const repos: PullRequestRepo[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
});

function repo(base: Tree, head: Tree): PullRequestRepo {
  const made = pullRequestRepo(base, head);
  repos.push(made);
  return made;
}

type Example = { name: string; examples: Record<string, unknown>[] };
function example(event: string, action?: string): Record<string, unknown> {
  const found = (examples as unknown as Example[]).find((entry) => entry.name === event)?.examples.find((payload) => action === undefined || payload["action"] === action);
  if (!found) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

/** GitHub's own pull_request.opened example, pointed at our commits. */
function pullRequestPayload(base: string, head: string, number = 7): Record<string, unknown> {
  const payload = example("pull_request", "opened");
  const pull = payload["pull_request"] as { number: number; base: { sha: string }; head: { sha: string } };
  pull.number = number;
  pull.base.sha = base;
  pull.head.sha = head;
  payload["number"] = number;
  return payload;
}

const MANIFEST = `version: 1
defaults:
  rotation: 90d
  revoker: "@acme/secops"
  backup: ["@acme/secops"]
  custodian: "@acme/identity-automation"
rules:
  - secrets: ["OKTA_*"]
    owner: "@acme/iam-platform"
    purpose: "Provisioning from Workday to Okta"
`;

const step = (name: string) => `      - run: ./sync.sh\n        env:\n          ${name}: \${{ secrets.${name} }}\n`;
const workflow = (...steps: string[]) => `on: push\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n${steps.join("")}`;

/** A repository with many unrelated files, so "only the changed files were read" shows in the counts. */
function filler(count: number): Tree {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`src/module-${index}.ts`, `export const value${index} = ${index};\n`]));
}

const BASE: Tree = {
  ".github/secretowners.yml": MANIFEST,
  ".github/workflows/sync.yml": workflow(step("OKTA_API_TOKEN"), step("LEGACY_LDAP_PASSWORD")),
  ...filler(40),
};

// secretowners:ignore[hardcoded-secret] a fake token the tests plant on purpose
const FAKE_PAT = "ghp_Q7vR2mX9kL4pT8wZ3nB6cF1hJ5dG0sA2eU7i";

function errorsOf(run: ActionRun) {
  return run.annotations.filter((annotation) => annotation.level === "error");
}

describe(`the Action bundle (${ACTION_NODE === process.execPath ? "this Node" : ACTION_NODE})`, () => {
  it("fails a PR that adds an unowned secret, fetching the base a depth-1 checkout lacks", async () => {
    const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": workflow(step("OKTA_API_TOKEN"), step("LEGACY_LDAP_PASSWORD"), step("SLACK_BOT_TOKEN")) });
    const workspace = pr.shallowClone();
    expect(() => git(workspace, "cat-file", "-e", `${pr.base}^{commit}`)).toThrow();
    const run = await runAction({ workspace, eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });

    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`fetching just that commit with \`git fetch --depth=1 origin ${pr.base}\``);
    expect(run.stdout).toContain("Scanned the 1 changed file at base");
    expect(errorsOf(run)).toEqual([
      {
        level: "error",
        title: "unowned-secret",
        file: ".github/workflows/sync.yml",
        line: 14,
        col: 32,
        message: expect.stringContaining('Secret SLACK_BOT_TOKEN (GitHub Actions) has no owner: no rule in .github/secretowners.yml matches it.\nAdd to .github/secretowners.yml under rules:\n  - secrets: ["SLACK_BOT_TOKEN"]'),
      },
    ]);
    expect(run.failure).toContain("1 new finding at severity error or above");
    expect(run.outputs).toMatchObject({ errors: "1", warnings: "0", unowned: "1", "new-findings": "1", mode: "pr" });
    expect(run.summary).toContain("**❌ Failed:** 1 new finding at severity `error` or above.");
    expect(run.summary).toContain("### New findings (1)");
    expect(run.summary).toContain('  - secrets: ["SLACK_BOT_TOKEN"]');
    // The old unowned secret is listed, not blocking.
    expect(run.summary).toMatch(/Existing findings, not blocking \(1\)[\s\S]*LEGACY_LDAP_PASSWORD/);
    expect(run.summary).toContain("| Secret | System | Owner | Where used | Rotation |");
    expect(run.summary).toContain("| OKTA_API_TOKEN | github-actions | `@acme/iam-platform` | .github/workflows/sync.yml:8 | 90d |");
    expect(run.summary).not.toMatch(/(?<!`)@acme\/iam-platform(?!`)/);
    const sarif = JSON.parse(run.sarif ?? "null") as { runs: [{ results: { ruleId: string }[] }] };
    expect(sarif.runs[0].results.map((result) => result.ruleId)).toContain("unowned-secret");
    expect(run.outputs["sarif-file"]).toMatch(/results\.sarif$/);
    expect(JSON.parse(run.report ?? "null")).toMatchObject({ version: 1 });
  });

  it("passes a PR that fixes one, and says what it fixed", async () => {
    const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": workflow(step("OKTA_API_TOKEN")) });
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(run.status).toBe(0);
    expect(run.failure).toBeNull();
    expect(errorsOf(run)).toEqual([]);
    expect(run.outputs).toMatchObject({ errors: "0", "new-findings": "0", unowned: "0" });
    expect(run.summary).toContain("**✅ Passed:** no new finding at severity `error` or above.");
    expect(run.summary).toMatch(/### Fixed by this change \(1\)[\s\S]*LEGACY_LDAP_PASSWORD/);
  });

  it("passes a PR that only moves lines, listing the old finding as existing", async () => {
    const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": workflow(step("LEGACY_LDAP_PASSWORD"), "      - run: echo reordered\n", step("OKTA_API_TOKEN")) });
    const run = await runAction({ workspace: pr.fullClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(run.stdout).toContain(`The base commit ${pr.base.slice(0, 7)} is in the clone.`);
    expect(run.status).toBe(0);
    expect(run.annotations.filter((annotation) => annotation.level !== "notice")).toEqual([]);
    expect(run.outputs["new-findings"]).toBe("0");
    expect(run.summary).toMatch(/Existing findings, not blocking \(1\)[\s\S]*LEGACY_LDAP_PASSWORD/);
  });

  it("blocks a PR that breaks the manifest, with an annotation on the broken line, after scanning everything", async () => {
    const broken = MANIFEST.replace('    owner: "@acme/iam-platform"\n', '    owner: "@acme/iam-platform"\n    rotaton: 30d\n');
    const pr = repo(BASE, { ...BASE, ".github/secretowners.yml": broken });
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("The manifest changed (.github/secretowners.yml), which can change the verdict on any secret: scanned all 42 files");
    const invalid = errorsOf(run).find((annotation) => annotation.title === "invalid-manifest");
    expect(invalid).toMatchObject({ file: ".github/secretowners.yml", line: 10 });
    expect(invalid?.message).toContain("rotaton");
  });

  it("counts a manifest change that leaves an old secret unowned", async () => {
    const pr = repo(BASE, { ...BASE, ".github/secretowners.yml": MANIFEST.replace('["OKTA_*"]', '["OKTA_SCIM_*"]') });
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(run.status).toBe(1);
    expect(errorsOf(run).map((annotation) => annotation.message.split("\n")[0])).toEqual([expect.stringContaining("Secret OKTA_API_TOKEN (GitHub Actions) has no owner")]);
  });

  it("says so and counts every finding when the base commit cannot be fetched", async () => {
    const pr = repo(BASE, { ...BASE, "src/new.ts": "export {};\n" });
    const workspace = pr.shallowClone();
    git(workspace, "remote", "set-url", "origin", `${pr.dir}/gone.git`);
    const run = await runAction({ workspace, eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(run.stdout).toContain("Could not fetch the base commit");
    expect(run.summary).toContain("could not be fetched, and no token could read it through the API, so every finding counts as new");
    expect(run.status).toBe(1);
    expect(errorsOf(run).map((annotation) => annotation.title)).toEqual(["unowned-secret"]);
  });

  it("scans everything on a push and counts every finding", async () => {
    const pr = repo(BASE, BASE);
    const payload = example("push");
    payload["after"] = pr.head;
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "push", payload, inputs: { "fail-on": "warning" } });
    expect(run.stdout).toContain("Full scan: a push event scans everything.");
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ mode: "full", errors: "1", unowned: "1", "new-findings": "1" });
    expect(run.summary).toContain("### Findings (1)");
    expect(run.summary).toContain("**❌ Failed:** 1 finding at severity `warning` or above.");
  });

  it("scans a full tree on a worker thread with SECRETOWNERS_WORKERS=1, with the one-thread result", async () => {
    const pr = repo(BASE, { ...BASE, "deploy/release.sh": `export GH_TOKEN=${FAKE_PAT}\n` });
    const payload = example("push");
    payload["after"] = pr.head;
    const workspace = pr.shallowClone();
    const run = (workers: string) => runAction({ workspace, eventName: "push", payload, env: { SECRETOWNERS_WORKERS: workers } });
    const one = await run("0");
    const two = await run("1");
    // dist/action/scan-worker.js is found beside the bundle: without it the scan stays on one thread.
    expect(one.stdout).toContain("::debug::Read and scanned 43 files with 0 worker thread(s)");
    expect(two.stdout).toContain("::debug::Read and scanned 43 files with 1 worker thread(s)");
    expect(two.status).toBe(one.status);
    // Each run has its own RUNNER_TEMP for the report and SARIF paths.
    const { "report-json": _report, "sarif-file": _sarif, ...outputs } = one.outputs;
    expect(two.outputs).toEqual({ ...outputs, "report-json": expect.any(String), "sarif-file": expect.any(String) });
    expect(two.annotations).toEqual(one.annotations);
    expect(two.summary).toEqual(one.summary);
    expect(two.sarif).toEqual(one.sarif);
    expect(errorsOf(two).map((annotation) => annotation.file)).toContain("deploy/release.sh");
  });

  it("judges the PR head on pull_request_target, whose checkout is the base branch", async () => {
    const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": workflow(step("OKTA_API_TOKEN"), step("LEGACY_LDAP_PASSWORD"), step("SLACK_BOT_TOKEN")) });
    // What actions/checkout does on pull_request_target: the base branch, depth 1; the head is not there.
    const workspace = `${pr.dir}/workspace-target`;
    git(pr.dir, "clone", "-q", "--depth=1", "--branch", "main", `file://${pr.origin}`, workspace);
    expect(() => git(workspace, "cat-file", "-e", `${pr.head}^{commit}`)).toThrow();
    const payload = pullRequestPayload(pr.base, pr.head, 9);
    const run = await runAction({ workspace, eventName: "pull_request_target", payload });
    expect(run.stdout).toContain(`The head commit ${pr.head.slice(0, 7)} is not in the clone`);
    expect(run.stdout).toContain(`The base commit ${pr.base.slice(0, 7)} is in the clone.`);
    expect(run.status).toBe(1);
    expect(errorsOf(run).map((annotation) => annotation.message.split("\n")[0])).toEqual([expect.stringContaining("SLACK_BOT_TOKEN")]);
  });

  it("runs a merge_group event as a pull-request comparison", async () => {
    const pr = repo(BASE, { ...BASE, "src/extra.ts": "export const extra = 1;\n" });
    const payload = example("merge_group");
    const group = payload["merge_group"] as { base_sha: string; head_sha: string };
    group.base_sha = pr.base;
    group.head_sha = pr.head;
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "merge_group", payload });
    expect(run.status).toBe(0);
    expect(run.outputs["mode"]).toBe("pr");
    expect(run.stdout).toContain("Scanned the 1 changed file at base");
  });

  it("puts annotations in order, caps them and says how many more there are", async () => {
    const many = Array.from({ length: 14 }, (_, index) => step(`UNOWNED_${index}`));
    const manifest = MANIFEST.replace('    purpose: "Provisioning from Workday to Okta"\n', "");
    const pr = repo(BASE, { ...BASE, ".github/secretowners.yml": manifest, ".github/workflows/sync.yml": workflow(step("OKTA_API_TOKEN"), ...many) });
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head), inputs: { annotations: "12" } });
    const levels = run.annotations.map((annotation) => annotation.level);
    // 10 errors (GitHub's per-step limit), then the warning (missing purpose), then the closing notice.
    expect(levels).toEqual([...Array(10).fill("error"), "warning", "notice"]);
    expect(run.annotations.at(-1)?.message).toMatch(/^4 more findings not annotated/);
  });

  it("never shows a hard-coded credential's value in annotations, summary, outputs, SARIF or the report", async () => {
    const value = FAKE_PAT;
    const pr = repo(BASE, { ...BASE, "deploy/.env": `GITHUB_DEPLOY_TOKEN=${value}\n` });
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(errorsOf(run).map((annotation) => annotation.title)).toEqual(["hardcoded-secret"]);
    expect(run.summary).toContain("deploy/.env:1");
    const everything = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), run.sarif ?? "", run.report ?? ""].join("\n");
    for (let at = 4; at + 8 <= value.length; at += 1) expect(everything).not.toContain(value.slice(at, at + 8));
  });

  it("leaves out what `exclude` and .gitignore leave out, on a PR as on a full scan", async () => {
    const pr = repo(
      { ...BASE, ".gitignore": "generated/\n" },
      { ...BASE, ".gitignore": "generated/\n", "ops/deploy.env": `DEPLOY_TOKEN=${FAKE_PAT}\n`, ".github/workflows/fixture.yml": workflow(step("REAL_TOKEN")) },
    );
    const inputs = { exclude: "ops/\n.github/workflows/fixture.yml" };
    const unfiltered = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head) });
    expect(errorsOf(unfiltered).map((annotation) => annotation.title).sort()).toEqual(["hardcoded-secret", "unowned-secret"]);
    const pull = await runAction({ workspace: pr.shallowClone(), eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head), inputs });
    expect(pull.status).toBe(0);
    expect(pull.stdout).toContain("Scanned the 0 changed files");
    const push = await runAction({ workspace: pr.shallowClone(), eventName: "push", payload: example("push"), inputs });
    expect(push.outputs["unowned"]).toBe("1"); // LEGACY_LDAP_PASSWORD only
  });

  it("rejects bad inputs with a clear message", async () => {
    const pr = repo(BASE, BASE);
    const run = await runAction({ workspace: pr.shallowClone(), eventName: "push", payload: example("push"), inputs: { "fail-on": "critical" } });
    expect(run.status).toBe(1);
    expect(run.failure).toBe('secretowners: input fail-on: "critical" is not one of error, warning, note, never');
  });

  describe("with a token (loopback API checked against OpenAPI)", () => {
    const secret = (name: string) => ({ name, created_at: "2024-01-10T09:00:00Z", updated_at: "2025-06-01T12:30:00Z" });
    const forbidden = { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" };
    const REPO_PATH = "/repos/acme/idp-automation";
    const noStoredSecrets: Record<string, Route> = {
      [`GET ${REPO_PATH}/actions/secrets`]: () => [403, forbidden],
      [`GET ${REPO_PATH}/environments`]: () => [200, { total_count: 0, environments: [] }],
      [`GET ${REPO_PATH}/actions/organization-secrets`]: () => [403, forbidden],
      [`GET ${REPO_PATH}/dependabot/secrets`]: () => [403, forbidden],
    };
    let github: LoopbackGitHub | null = null;
    afterEach(async () => {
      await github?.close();
      github = null;
    });

    it("reports unused and unowned stored secrets, and one notice for the store it may not read", async () => {
      github = await startLoopbackGitHub({
        [`GET ${REPO_PATH}/actions/secrets`]: () => [200, { total_count: 3, secrets: [secret("OKTA_API_TOKEN"), secret("LEGACY_LDAP_PASSWORD"), secret("OLD_JIRA_TOKEN")] }],
        [`GET ${REPO_PATH}/environments`]: () => [200, { total_count: 0, environments: [] }],
        [`GET ${REPO_PATH}/actions/organization-secrets`]: () => [200, { total_count: 1, secrets: [secret("NPM_TOKEN")] }],
        [`GET ${REPO_PATH}/dependabot/secrets`]: () => [403, forbidden],
      });
      const pr = repo(BASE, BASE);
      const run = await runAction({
        workspace: pr.shallowClone(),
        eventName: "schedule",
        payload: { schedule: "17 3 * * 1" },
        inputs: { token: "ghs_fake_installation_token" },
        env: { GITHUB_API_URL: github.apiRoot },
      });
      expect(github.problems).toEqual([]);
      expect(github.requests).toHaveLength(4);
      expect(github.requests.every((line) => line.endsWith("token ghs_fake_installation_token"))).toBe(true);
      const warnings = run.annotations.filter((annotation) => annotation.level === "warning" && annotation.title === "unused-secret");
      expect(warnings.map((annotation) => annotation.message.split("\n")[0])).toEqual([expect.stringContaining("GitHub holds the actions secret OLD_JIRA_TOKEN")]);
      // The stored secret's finding sits at the manifest, which sorts before the workflow.
      expect(errorsOf(run).map((annotation) => annotation.message.split("\n")[0])).toEqual([
        expect.stringContaining("GitHub holds the actions secret OLD_JIRA_TOKEN for this repository, and no rule"),
        // GitHub's updated_at is the rotation evidence: last changed 2025-06-01, rotation every 90d.
        expect.stringContaining("OKTA_API_TOKEN, repository secret was last rotated on 2025-06-01 (GitHub's updated_at of the repository secret)"),
        expect.stringContaining("Secret LEGACY_LDAP_PASSWORD (GitHub Actions) has no owner"),
      ]);
      const notice = run.annotations.find((annotation) => annotation.title === "secretowners: GitHub-held secrets not read");
      expect(notice?.message).toContain("`Dependabot secrets: read`");
      expect(notice?.message).toContain("GITHUB_TOKEN can never list secrets");
      expect(run.summary).toContain("### Secrets GitHub holds (4)");
      expect(run.stdout + run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain("ghs_fake_installation_token");
    });

    it("reads the base through the API when git cannot fetch it", async () => {
      const headWorkflow = workflow(step("OKTA_API_TOKEN"), step("LEGACY_LDAP_PASSWORD"), step("SLACK_BOT_TOKEN"));
      const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": headWorkflow, "src/added.ts": "export {};\n" });
      const workspace = pr.shallowClone();
      git(workspace, "remote", "set-url", "origin", `${pr.dir}/gone.git`);
      const entry = (filename: string, status: string) => diffEntry(filename, status, pr.head);
      const notFound = [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content" }] as const;
      const contents = (path: string): Route => (url) => {
        expect(url.searchParams.get("ref")).toBe(pr.base);
        const text = BASE[path];
        return text === undefined ? notFound : [200, contentFile(path, text)];
      };
      github = await startLoopbackGitHub({
        ...noStoredSecrets,
        [`GET ${REPO_PATH}/pulls/7/files`]: () => [200, [entry(".github/workflows/sync.yml", "modified"), entry("src/added.ts", "added")]],
        ...Object.fromEntries([".github/workflows/sync.yml", ".github/secretowners.yml", ".github/secretowners.yaml", ".github/SECRETOWNERS", "secretowners.yml", "secretowners.yaml", "SECRETOWNERS", "docs/secretowners.yml", "docs/secretowners.yaml", "docs/SECRETOWNERS"].map((path) => [`GET ${REPO_PATH}/contents/${path}`, contents(path)])),
      });
      const run = await runAction({ workspace, eventName: "pull_request", payload: pullRequestPayload(pr.base, pr.head), inputs: { token: "ghs_fake" }, env: { GITHUB_API_URL: github.apiRoot } });
      expect(github.problems).toEqual([]);
      expect(run.stdout).toContain("Could not fetch the base commit");
      expect(run.stdout).toContain("Reading the base through the API instead: the 2 changed files of pull request #7");
      expect(run.status).toBe(1);
      expect(errorsOf(run).map((annotation) => annotation.message.split("\n")[0])).toEqual([expect.stringContaining("SLACK_BOT_TOKEN")]);
      expect(run.summary).toMatch(/Existing findings, not blocking \(1\)[\s\S]*LEGACY_LDAP_PASSWORD/);
    });

    it("reads a merge group's base through the compare API when git cannot fetch it", async () => {
      const headWorkflow = workflow(step("OKTA_API_TOKEN"), step("LEGACY_LDAP_PASSWORD"), step("SLACK_BOT_TOKEN"));
      const pr = repo(BASE, { ...BASE, ".github/workflows/sync.yml": headWorkflow });
      const workspace = pr.shallowClone();
      git(workspace, "remote", "set-url", "origin", `${pr.dir}/gone.git`);
      const payload = example("merge_group");
      const group = payload["merge_group"] as { base_sha: string; head_sha: string };
      group.base_sha = pr.base;
      group.head_sha = pr.head;
      const comparison = apiExample<Record<string, unknown>>("commit-comparison");
      const manifests = [".github/secretowners.yml", ".github/secretowners.yaml", ".github/SECRETOWNERS", "secretowners.yml", "secretowners.yaml", "SECRETOWNERS", "docs/secretowners.yml", "docs/secretowners.yaml", "docs/SECRETOWNERS"];
      github = await startLoopbackGitHub({
        ...noStoredSecrets,
        [`GET ${REPO_PATH}/compare/${pr.base}...${pr.head}`]: () => [
          200,
          { ...comparison, merge_base_commit: { ...(comparison["merge_base_commit"] as Record<string, unknown>), sha: pr.base }, files: [diffEntry(".github/workflows/sync.yml", "modified", pr.head)] },
        ],
        ...Object.fromEntries([".github/workflows/sync.yml", ...manifests].map((path) => [`GET ${REPO_PATH}/contents/${path}`, (url: URL) => {
          expect(url.searchParams.get("ref")).toBe(pr.base);
          const text = BASE[path];
          return text === undefined ? ([404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content" }] as const) : ([200, contentFile(path, text)] as const);
        }])),
      });
      const run = await runAction({ workspace, eventName: "merge_group", payload, inputs: { token: "ghs_fake" }, env: { GITHUB_API_URL: github.apiRoot } });
      expect(github.problems).toEqual([]);
      expect(run.stdout).toContain("Could not fetch the base commit");
      expect(run.stdout).toContain(`Reading the base through the API instead: the 1 files changed from ${pr.base.slice(0, 7)} to ${pr.head.slice(0, 7)}`);
      expect(run.status).toBe(1);
      expect(errorsOf(run).map((annotation) => annotation.message.split("\n")[0])).toEqual([expect.stringContaining("SLACK_BOT_TOKEN")]);
    });
  });
});
