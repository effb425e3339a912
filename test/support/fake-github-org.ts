import { createHash } from "node:crypto";
import { FakeGitHub, headFiles, type FakeGitHubOptions, type FakeOrgSecret, type FakeRepository } from "./fake-github.js";
import type { FakeIssue } from "./fake-github-issues.js";
import type { FakeServerStats } from "./fake-github-server.js";

/**
 * The fake GitHub (fake-github.ts) holding a generated organization of N repositories, for org-wide
 * scans: behind `/api/v3` as a GHES, with the latency, rate-limit headers, conditional requests and
 * occasional secondary rate limit of the real thing, every exchange checked against GitHub's
 * OpenAPI description (`problems`). Tarballs come the way GitHub serves them: a 302 to a codeload
 * host (here `/_codeload/` on the same server) that counts against no rate limit.
 */

export interface FakeOrgOptions extends FakeGitHubOptions {
  readonly org?: string;
  readonly repos: number;
  /** This organization installed the App under this id (`GET /app/installations` lists it). */
  readonly installationId?: number;
}

export interface FakeOrg {
  readonly org: string;
  /** `http://127.0.0.1:PORT/api/v3`, the GHES API root to hand the client. */
  readonly apiUrl: string;
  /** The generated repositories, in the order the organization lists them. */
  readonly repos: readonly FakeRepository[];
  readonly orgSecrets: readonly FakeOrgSecret[];
  readonly stats: FakeServerStats;
  /** Exchanges that did not match GitHub's OpenAPI description. */
  readonly problems: string[];
  /** Issues by `owner/name`, lower-case; the inventory dashboard's are under `acme/.github`. */
  readonly issues: Map<string, FakeIssue[]>;
  clearIssues(): void;
  /** The organization uninstalls the App: it is no longer listed, and no token is minted for it. */
  uninstall(): void;
  /** A push to `repo`'s default branch: these files changed, a new commit, a new pushed_at. */
  push(repo: string, files: Record<string, string>): void;
  resetStats(): void;
  close(): Promise<void>;
}

interface GeneratedRepo {
  readonly name: string;
  readonly archived: boolean;
  /** An empty repository: size 0, and its tarball is a 404. */
  readonly empty: boolean;
  readonly private: boolean;
  readonly pushedAt: string;
  readonly files: Record<string, string>;
  readonly secrets: string[];
  readonly environments: Record<string, string[]>;
  readonly dependabotSecrets: string[];
}

const TEAMS = ["@acme/iam", "@acme/platform", "@acme/payments", "@acme/data", "@acme/frontend", "@acme/mobile", "@acme/secops"];

/** A deterministic organization: the same N always gives the same repositories. */
function generateOrg(count: number): { repos: GeneratedRepo[]; orgSecrets: FakeOrgSecret[] } {
  const repos: GeneratedRepo[] = [];
  for (let i = 0; i < count; i++) {
    const name = `service-${String(i).padStart(4, "0")}`;
    const team = TEAMS[i % TEAMS.length] as string;
    const deploys = i % 5 === 0;
    const files: Record<string, string> = {
      "README.md": `# ${name}\n\nOwned by ${team}.\n`,
      ".github/secretowners.yml": [
        "version: 1",
        "defaults:",
        "  rotation: 90d",
        '  revoker: "@acme/secops"',
        "rules:",
        '  - secrets: ["*"]',
        `    owner: "${team}"`,
        '    custodian: "@acme/platform"',
        '    backup: ["@acme/secops"]',
        `    purpose: "Deploys and operates ${name}"`,
        ...(i % 3 === 0 ? [] : ['  - secrets: ["NPM_TOKEN"]', `    owner: "${i % 2 === 0 ? "@acme/frontend" : team}"`]),
        "",
      ].join("\n"),
      ".github/workflows/ci.yml": [
        "on: [push, pull_request]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: npm ci && npm test",
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        `          SERVICE_API_KEY: \${{ secrets.${name.toUpperCase().replace(/-/g, "_")}_API_KEY }}`,
        ...(i % TEAMS.length === 4 ? ["          FIGMA_TOKEN: ${{ secrets.FIGMA_TOKEN }}"] : []),
        "",
      ].join("\n"),
      "src/index.js": `export const name = ${JSON.stringify(name)};\n`.repeat(40),
      "infra/main.tf": 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "x" "y" {\n  password = var.db_password\n}\n',
    };
    if (deploys) {
      files[".github/workflows/deploy.yml"] = [
        "on: push",
        "jobs:",
        ...["production", "staging"].flatMap((environment) => [
          `  deploy-${environment}:`,
          "    runs-on: ubuntu-latest",
          `    environment: ${environment}`,
          "    steps:",
          "      - run: ./deploy.sh",
          "        env:",
          "          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
          "          CLOUD_KEY: ${{ secrets.CLOUD_KEY }}",
        ]),
        "",
      ].join("\n");
    }
    if (i % 11 === 0) files["scripts/legacy.sh"] = `curl -H "Authorization: Bearer ghp_${createHash("sha256").update(name).digest("hex").slice(0, 36)}" https://api.github.com\n`;
    repos.push({
      name,
      archived: i % 50 === 49,
      empty: i % 40 === 13,
      private: i % 4 !== 0,
      pushedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      files,
      secrets: [`${name.toUpperCase().replace(/-/g, "_")}_API_KEY`, ...(deploys ? ["DEPLOY_TOKEN"] : [])],
      environments: {
        ...(deploys ? { production: i % 10 === 0 ? ["DEPLOY_TOKEN"] : [], staging: [] } : {}),
        // An environment no workflow deploys to: its secret is left over.
        ...(i % 7 === 3 ? { sandbox: ["SANDBOX_TOKEN"] } : {}),
      },
      dependabotSecrets: i % 6 === 1 ? ["NPM_REGISTRY_TOKEN"] : [],
    });
  }
  return {
    repos,
    orgSecrets: [
      { name: "NPM_TOKEN", visibility: "all" },
      { name: "FIGMA_TOKEN", visibility: "all" },
      { name: "CLOUD_KEY", visibility: "private" },
      { name: "SONAR_TOKEN", visibility: "selected", repositories: repos.slice(0, 3).map((repo) => repo.name) },
    ],
  };
}

export async function startFakeGitHub(options: FakeOrgOptions): Promise<FakeOrg> {
  const org = options.org ?? "acme";
  const { org: _, repos: count, installationId, ...serving } = options;
  const github = new FakeGitHub(serving);
  await github.start();
  const generated = generateOrg(count);
  const repos = generated.repos.map((spec) => {
    const repo = github.addRepository(org, spec.name, spec.empty ? null : spec.files);
    Object.assign(repo, { archived: spec.archived, private: spec.private, pushedAt: spec.pushedAt });
    repo.secrets.push(...spec.secrets);
    Object.assign(repo.environments, spec.environments);
    repo.dependabotSecrets.push(...spec.dependabotSecrets);
    return repo;
  });
  const orgSecrets = generated.orgSecrets.map((secret) => (secret.repositories ? { ...secret, repositories: secret.repositories.map((name) => `${org}/${name}`) } : secret));
  github.orgSecrets.set(org, orgSecrets);
  if (installationId !== undefined) github.installations.push({ id: installationId, account: org });
  return {
    org,
    apiUrl: github.baseUrl,
    repos,
    orgSecrets,
    stats: github.stats,
    problems: github.problems,
    issues: github.issues,
    clearIssues() {
      for (const issues of github.issues.values()) issues.length = 0;
    },
    uninstall() {
      if (installationId !== undefined) github.uninstall(installationId);
    },
    push(name, files) {
      const repo = repos.find((candidate) => candidate.name === name);
      if (!repo) throw new Error(`no repository ${name}`);
      repo.pushedAt = new Date(Date.parse(repo.pushedAt) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      github.commit(repo, { ...headFiles(repo), ...files }, repo.defaultBranch);
    },
    resetStats: () => github.resetStats(),
    close: () => github.stop(),
  };
}
