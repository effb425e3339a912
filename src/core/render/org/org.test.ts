import { describe, expect, it } from "vitest";
import type { StoredSecret } from "../../model.js";
import type { OrgScanResult } from "../../org.js";
import { evaluateOrg } from "../../policy/evaluate-org.js";
import { deployWorkflow, orgContext } from "../../policy/testing.js";
import { scanFiles } from "../../scan.js";
import { buildOrgJsonReport, ORG_RENDERERS, renderOrgMarkdown } from "./index.js";

const PLANTED = "ghp_" + "Zq8Wv3Lm5Np7Rt9Yb2Xc4Vd6Fg8Hj0Kl1Mn3";
const RUN = { toolVersion: "1.2.3", color: false };
const stored: StoredSecret[] = [
  { name: "NPM_TOKEN", store: "organization", visibility: "all", updatedAt: "2026-01-10T00:00:00Z" },
  { name: "DEPLOY_KEY", store: "actions", updatedAt: "2026-02-01T00:00:00Z" },
];

function orgScan(): OrgScanResult {
  const repo = (name: string, owner: string, extra: Record<string, string> = {}) => {
    const files = {
      ".github/workflows/ci.yml": deployWorkflow("NPM_TOKEN", [null]),
      ".github/workflows/deploy.yml": deployWorkflow("DEPLOY_KEY", ["production"]),
      ".github/secretowners.yml": `version: 1\nrules:\n  - secrets: ["*"]\n    owner: "${owner}"\n    purpose: "=cmd|' /C calc'!A0"\n    rotation: 30d\n`,
      ...extra,
    };
    return { repo: name, result: scanFiles(Object.entries(files).map(([path, text]) => ({ path, text })), { storedSecrets: stored }), storedSecrets: stored };
  };
  const results = [repo("acme/api", "@acme/backend", { "scripts/push.sh": `curl -H "Authorization: token ${PLANTED}" https://api.github.com\n` }), repo("acme/web", "@acme/frontend")];
  const findings = evaluateOrg(orgContext(results.map(({ repo: name, result }) => ({ name, secrets: result.secrets, storedSecrets: stored })), [{ name: "NPM_TOKEN", visibility: "all" }]));
  return {
    org: "acme",
    repos: [
      { name: "acme/api", scanned: true, skipped: null, error: null, commit: "a".repeat(40) },
      { name: "acme/old", scanned: false, skipped: "archived", error: null },
      { name: "acme/web", scanned: true, skipped: null, error: null, cached: true },
      { name: "acme/zzz", scanned: false, skipped: null, error: "HTTP 500: Server Error" },
    ],
    results,
    findings,
    notices: [],
  };
}

describe("org-scan reports", () => {
  const scan = orgScan();

  it("never print a secret value, in any format", () => {
    for (const render of Object.values(ORG_RENDERERS)) {
      const text = [...render(scan, RUN)].join("");
      for (let at = 4; at + 8 <= PLANTED.length; at += 1) expect(text).not.toContain(PLANTED.slice(at, at + 8));
    }
  });

  it("json: the scan contract with repo on every finding, secret and reference, plus repos", () => {
    const report = buildOrgJsonReport(scan, RUN);
    expect(report.version).toBe(1);
    expect(report.manifest).toBeNull();
    expect(report.findings.map((finding) => [finding.repo, finding.ruleId])).toContainEqual(["acme/api", "hardcoded-secret"]);
    expect(report.findings.map((finding) => [finding.repo, finding.ruleId, finding.secret])).toContainEqual(["acme/api", "shared-secret", "NPM_TOKEN"]);
    for (const secret of report.secrets) for (const reference of secret.references) expect(reference.repo).toBe(secret.repo);
    expect(report.secrets.find((secret) => secret.repo === "acme/web" && secret.name === "DEPLOY_KEY")?.references[0]).toMatchObject({ environment: "production" });
    expect(report.repos).toEqual([
      { name: "acme/api", scanned: true, skipped: null, error: null, cached: false, commit: "a".repeat(40), manifest: ".github/secretowners.yml", notices: [] },
      { name: "acme/old", scanned: false, skipped: "archived", error: null, cached: false, commit: null, manifest: null, notices: [] },
      { name: "acme/web", scanned: true, skipped: null, error: null, cached: true, commit: null, manifest: ".github/secretowners.yml", notices: [] },
      { name: "acme/zzz", scanned: false, skipped: null, error: "HTTP 500: Server Error", cached: false, commit: null, manifest: null, notices: [] },
    ]);
    expect(report.summary.error).toBe(report.findings.filter((finding) => finding.severity === "error").length);
  });

  it("json: written in pieces that join to exactly what JSON.stringify writes", () => {
    const chunks = [...ORG_RENDERERS.json(scan, RUN)];
    expect(chunks.length).toBeGreaterThan(scan.repos.length);
    expect(chunks.join("")).toBe(`${JSON.stringify(buildOrgJsonReport(scan, RUN), null, 2)}\n`);
    const nothing: OrgScanResult = { ...scan, repos: [], results: [], findings: [], notices: ["no repository could be listed"] };
    expect([...ORG_RENDERERS.json(nothing, RUN)].join("")).toBe(`${JSON.stringify(buildOrgJsonReport(nothing, RUN), null, 2)}\n`);
  });

  it("csv: one row per repository and secret, rotation due from GitHub's updated_at, formulas neutralised", () => {
    const rows = [...ORG_RENDERERS.csv(scan, RUN)].join("").split("\r\n");
    const deploy = rows.find((row) => row.startsWith("acme/web,github-actions,DEPLOY_KEY,"));
    expect(deploy).toBe(`acme/web,github-actions,DEPLOY_KEY,secret,@acme/frontend,,,'=cmd|' /C calc'!A0,30d,2026-03-03,,1,.github/workflows/deploy.yml:9,0`);
  });

  it("markdown: grouped by owner without notifying anyone, and cut at a row when too long", () => {
    const text = renderOrgMarkdown(scan, RUN);
    expect(text).toContain("## `@acme/backend` (");
    expect(text).not.toMatch(/(^|[^`\w])@acme\/frontend(?!`)/m);
    expect(text).toContain("## Not scanned (2)");
    expect(text).toContain("| acme/zzz | HTTP 500: Server Error |");
    const cut = renderOrgMarkdown(scan, { ...RUN, maxChars: 700 });
    expect(cut.length).toBeLessThanOrEqual(700);
    expect(cut).toContain("cut to fit");
  });

  it("text: findings by repository, then what failed and what was skipped", () => {
    const text = [...ORG_RENDERERS.text(scan, { ...RUN, failOn: "error" })].join("");
    expect(text).toContain("4 repositories in acme: 2 scanned (1 unchanged since the last run), 1 skipped, 1 failed");
    expect(text).toMatch(/Failed \(1\):\n {2}acme\/zzz {2}HTTP 500: Server Error/);
  });
});
