import { afterAll, beforeAll, expect } from "vitest";
import type { FakeGitHub, FakeRepository } from "../support/fake-github.js";
import { buildCli, deliver, generatePrivateKey, pullRequestPayload, pushPayload, startApp, startFakeGitHub, WEBHOOK_SECRET, type RunningCli } from "./harness.js";

/**
 * What the App's end-to-end test files share: one loopback GitHub and one running
 * `secretowners app` per file (files run in parallel), fixtures, and the steps of a test.
 */

export const AWS_KEY = ["AKIA", "Z7Q4", "WXKP", "3MNB", "VC2D"].join("");

export const workflow = (lines: string[]) =>
  ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...lines.map((line) => `      - run: ${line}`)].join("\n") + "\n";
export const uses = (name: string) => `echo \${{ secrets.${name} }}`;

export const MANIFEST = [
  "version: 1",
  "defaults:",
  "  rotation: 90d",
  '  revoker: "@acme/secops"',
  '  custodian: "@acme/secops"',
  '  backup: ["@acme/secops"]',
  '  purpose: "deploys"',
  "rules:",
  '  - secrets: ["OKTA_*"]',
  '    owner: "@acme/iam"',
  "",
].join("\n");

export let cli: string;
export let github: FakeGitHub;
export let app: RunningCli;
export let privateKey: string;
let counter = 0;

export function appEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: "123",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET,
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "info",
    SECRETOWNERS_SCHEDULE: "off",
    SECRETOWNERS_FALLBACK_ASSIGNEES: "secops-lead",
    ...extra,
  };
}

export function newRepo(files: Record<string, string>): FakeRepository {
  counter += 1;
  const repo = github.addRepository("acme", `repo-${counter}`, files);
  github.teams.add("acme/iam").add("acme/secops");
  return repo;
}

export function head(repo: FakeRepository): string {
  return repo.branches.get(repo.defaultBranch) as string;
}

export async function openPull(repo: FakeRepository, files: Record<string, string>, number = 7) {
  const base = head(repo);
  const headSha = github.commit(repo, files);
  const status = await settled(await deliver(app.port, "pull_request", pullRequestPayload(repo, "opened", { number, base, head: headSha })));
  return { status, headSha };
}

export async function push(repo: FakeRepository, files: Record<string, string>, id?: string) {
  const before = head(repo);
  const after = github.commit(repo, files, repo.defaultBranch);
  const payload = pushPayload(repo, before, after);
  const status = await settled(await deliver(app.port, "push", payload, id ? { id } : {}));
  return { status, payload, after };
}

/** What a delivery the App handled answers: 200, or 202 when handling outlasted the middleware's 9 s. */
export const HANDLED: readonly number[] = [200, 202];

/**
 * 202: the webhook middleware answers "still processing" after 9 s (the App paces its writes a
 * second apart, and a loaded machine is slow); the handler goes on, so wait until it is done.
 */
async function settled(status: number): Promise<number> {
  if (status === 202) await quiet();
  return status;
}

/** Resolves once the fake GitHub has had no request for `ms` (longer than the App's write pacing). */
async function quiet(ms = 3000, limit = 120_000): Promise<void> {
  const started = Date.now();
  let seen = github.requests.length;
  let since = Date.now();
  while (Date.now() - since < ms && Date.now() - started < limit) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (github.requests.length !== seen) {
      seen = github.requests.length;
      since = Date.now();
    }
  }
}

/** Every exchange so far matched GitHub's OpenAPI description; starts the next test clean. */
export function expectConformingApi(): void {
  const problems = github.problems.splice(0);
  expect(problems).toEqual([]);
}

/** Starts this file's loopback GitHub and App; `name` keeps parallel files' CLI bundles apart. */
export function useAppSuite(name: string): void {
  beforeAll(async () => {
    cli = await buildCli(name);
    privateKey = generatePrivateKey();
    github = await startFakeGitHub();
    app = await startApp(cli, appEnv());
  });

  afterAll(async () => {
    await app?.stop();
    await github?.stop();
  });
}
