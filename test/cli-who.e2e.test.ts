import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, EXAMPLE_REPO, REPO_ROOT } from "./paths.js";

const NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;
let repo = "";

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  repo = mkdtempSync(join(tmpdir(), "secretowners-who-"));
  const files: Record<string, string> = {
    ".github/secretowners.yml": [
      "version: 1",
      "rules:",
      '  - secrets: ["*"]',
      '    owner: "@acme/platform"',
      '  - secrets: ["BREAKGLASS_*"]',
      '    owner: "@acme/secops"',
      "    emergency-only: true",
      "    rotation: 30d",
      "    rotated: 2026-11-01",
      "",
    ].join("\n"),
    ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: ./fix.sh\n        env:\n          T: ${{ secrets.BREAKGLASS_OKTA }}\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [CLI, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("secretowners who (built binary)", () => {
  it("answers who owns a secret and where it is used, exit 0", () => {
    const result = run(["who", "breakglass_okta", repo, "--now", "2026-12-15"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("BREAKGLASS_OKTA (GitHub Actions)");
    expect(result.stdout).toContain("emergency-only yes");
    expect(result.stdout).toContain("next due 2026-12-01 — OVERDUE");
    expect(result.stdout).toContain(".github/workflows/ci.yml:7:");
    expect(result.stdout).toContain("(*) owner @acme/platform");
  });

  it("says so for an unknown name, lists near names, exit 1", () => {
    const result = run(["who", "BREAKGLAS_OKTA", repo, "--format", "json"]);
    expect(result.status).toBe(1);
    const answer = JSON.parse(result.stdout) as { found: boolean; nearNames: string[] };
    expect(answer).toMatchObject({ found: false, nearNames: ["BREAKGLASS_OKTA"] });
  });

  it("works on the sample repository in Markdown", () => {
    const result = run(["who", "OKTA_API_TOKEN", EXAMPLE_REPO, "--format", "markdown"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("| owner | `@acme/iam-platform` |");
  });

  it("rejects a missing name, a bad format and a bad --now with exit 2", () => {
    expect(run(["who"]).status).toBe(2);
    expect(run(["who", "X", repo, "--format", "sarif"]).stderr).toMatch(/unknown --format "sarif" for who/);
    expect(run(["who", "X", repo, "--now", "2026-02-30"]).status).toBe(2);
  });

  it("the scan honours --now for the date rules", () => {
    const late = JSON.parse(run(["scan", repo, "--format", "json", "--now", "2026-12-15"]).stdout) as { findings: { ruleId: string }[] };
    const early = JSON.parse(run(["scan", repo, "--format", "json", "--now", "2026-11-10"]).stdout) as { findings: { ruleId: string }[] };
    expect(late.findings.map((f) => f.ruleId)).toContain("rotation-overdue");
    expect(early.findings.map((f) => f.ruleId)).not.toContain("rotation-overdue");
    expect(early.findings.map((f) => f.ruleId)).toContain("emergency-key-in-routine-use");
  });
});
