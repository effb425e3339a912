import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { FakeGitHub, type FakeRepository } from "../support/fake-github.js";
import { REPO_ROOT } from "../paths.js";

export const WEBHOOK_SECRET = "e2e-webhook-secret";
export const INSTALLATION_ID = 4242;

/** CI runs the end-to-end tests a second time under Node 24. */
const NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;

/**
 * The CLI bundled as `scripts/build.mjs` does, but to a path of its own inside the repository (so
 * `probot` resolves from node_modules), so parallel test files never race on dist/.
 */
export async function buildCli(name: string): Promise<string> {
  const { bundleOptions } = (await import(join(REPO_ROOT, "scripts/esbuild-options.mjs"))) as { bundleOptions: object };
  const outfile = join(REPO_ROOT, `node_modules/.cache/secretowners-app-e2e/${name}/bin.js`);
  await build({ ...bundleOptions, entryPoints: [join(REPO_ROOT, "src/cli/bin.ts")], outfile, external: ["probot"], sourcemap: false, logLevel: "error" });
  return outfile;
}

/** The App's private key, made for this run: no key is ever committed. */
export function generatePrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

/** Runs `secretowners app` as a user would, in an empty folder (no stray .env). */
export async function startApp(cli: string, env: Record<string, string>): Promise<RunningCli> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "secretowners-app-"));
  const child = spawn(NODE, [cli, "app"], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_FORMAT: "json", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`secretowners app exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`secretowners app did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    port,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(cwd, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs `secretowners app` expecting it to refuse to start. */
export async function runAppExpectingExit(cli: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(NODE, [cli, "app"], { cwd: tmpdir(), env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stderr };
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Posts a delivery as GitHub does; resolves with the HTTP status once the App has handled it. */
export async function deliver(port: number, event: string, payload: object, options: { signature?: string; id?: string } = {}): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": options.id ?? randomUUID(),
      "x-hub-signature-256": options.signature ?? sign(body),
      "user-agent": "GitHub-Hookshot/e2e",
    },
    body,
  });
  await response.text();
  return response.status;
}

const require = createRequire(import.meta.url);
const EXAMPLES = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

/** A real example payload of `event`/`action` from @octokit/webhooks-examples, pointed at `repo`. */
export function examplePayload(event: string, action: string | undefined, repo: FakeRepository): Record<string, unknown> {
  const found = EXAMPLES.find((entry) => entry.name === event)?.examples.find((payload) => payload["action"] === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  const payload = structuredClone(found);
  const repository = (payload["repository"] ?? { owner: {} }) as Record<string, unknown>;
  if (payload["repository"] !== undefined) payload["repository"] = {
    ...repository,
    id: repo.id,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    owner: { ...(repository["owner"] as object), login: repo.owner, name: repo.owner, type: "Organization" },
  };
  payload["organization"] = { login: repo.owner, id: 1, node_id: "O_1", url: "", repos_url: "", events_url: "", hooks_url: "", issues_url: "", members_url: "", public_members_url: "", avatar_url: "", description: null };
  payload["installation"] = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  return payload;
}

/** The `installation` object of the real installation.created example (it carries the account). */
export function exampleInstallation(): Record<string, unknown> {
  const found = EXAMPLES.find((entry) => entry.name === "installation")?.examples.find((payload) => payload["action"] === "created");
  return structuredClone(found?.["installation"] as Record<string, unknown>);
}

/** The real installation.deleted example: `account` uninstalled the App from its organization. */
export function installationDeletedPayload(account: string): Record<string, unknown> {
  const found = EXAMPLES.find((entry) => entry.name === "installation")?.examples.find((payload) => payload["action"] === "deleted");
  if (!found) throw new Error("no installation.deleted example");
  const payload = structuredClone(found);
  const installation = payload["installation"] as Record<string, unknown>;
  payload["installation"] = { ...installation, id: INSTALLATION_ID, account: { ...(installation["account"] as object), login: account, type: "Organization" } };
  return payload;
}

export function pullRequestPayload(repo: FakeRepository, action: "opened" | "synchronize" | "reopened", pull: { number: number; base: string; head: string }): Record<string, unknown> {
  const payload = examplePayload("pull_request", action, repo);
  const pr = payload["pull_request"] as Record<string, Record<string, unknown>>;
  payload["number"] = pull.number;
  payload["pull_request"] = {
    ...pr,
    number: pull.number,
    state: "open",
    base: { ...pr["base"], sha: pull.base, ref: repo.defaultBranch, repo: payload["repository"] },
    head: { ...pr["head"], sha: pull.head, ref: "feature", repo: payload["repository"] },
  };
  return payload;
}

export function pushPayload(repo: FakeRepository, before: string, after: string, branch = repo.defaultBranch): Record<string, unknown> {
  const payload = examplePayload("push", undefined, repo);
  return { ...payload, ref: `refs/heads/${branch}`, before, after, deleted: false, created: false, base_ref: null };
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const github = new FakeGitHub();
  await github.start();
  return github;
}
