import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../model.js";
import { RULES } from "../policy/index.js";
import { scanFiles } from "../scan.js";
import { buildJsonReport, renderJson, type JsonReportV1 } from "./json.js";

const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;
const run = { toolVersion: "1.2.3", color: false };

describe("json renderer", () => {
  const result = load("representative");
  const report = JSON.parse(renderJson(result, run)) as JsonReportV1;

  it("is pretty-printed with two spaces and ends with a newline", () => {
    const text = renderJson(result, run);
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "secretowners",')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(buildJsonReport(result, run));
  });

  it("has the top-level contract", () => {
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: "secretowners", version: "1.2.3" });
    expect(report.manifest).toBe("secretowners.yml");
    expect(report.stats).toEqual({ files: 12, bytes: 20480 });
    expect(report.skipped).toEqual([{ file: "assets/logo.png", reason: "binary" }]);
    expect(report.diagnostics).toEqual([
      {
        source: "github-actions",
        file: ".github/workflows/broken.yml",
        line: 3,
        column: 1,
        message: "YAML does not parse: bad indentation of a mapping entry. Fix the indentation; secrets in this file were not read.",
      },
    ]);
  });

  it("counts only unsuppressed findings per severity", () => {
    // 3 unsuppressed errors, 1 warning, 1 note; one error and one warning are suppressed.
    expect(report.summary).toEqual({ error: 3, warning: 1, note: 1, suppressed: 2 });
  });

  it("keeps suppressed findings, marked, in findings", () => {
    expect(report.findings).toHaveLength(7);
    expect(report.findings.filter((finding) => finding.suppressed)).toEqual([
      expect.objectContaining({ secret: "LEGACY_FTP_PASSWORD", suppressed: { kind: "inline", reason: "decommissioned in Q3, see INFRA-412" } }),
      expect.objectContaining({ ruleId: "owner-not-team", suppressed: { kind: "baseline", reason: null } }),
    ]);
  });

  it("flattens a hard-coded finding with its span, detector and preview", () => {
    const url = RULES.find((rule) => rule.meta.id === "hardcoded-secret")?.meta.url;
    expect(report.findings[0]).toEqual({
      ruleId: "hardcoded-secret",
      severity: "error",
      message: result.findings[0]?.message,
      file: "deploy/values.yaml",
      line: 14,
      column: 12,
      endLine: 14,
      endColumn: 54,
      secret: null,
      detector: "okta-api-token",
      fingerprint: "0f3a9c1d2e4b5a6978c0d1e2f3a4b5c6",
      controls: ["NHI2", "PR.AA-01", "PR.DS-01"],
      system: null,
      preview: "00Ab…(42 chars)",
      identity: true,
      context: null,
      url,
    });
    expect(url).toMatch(/\/hardcoded-secret\.md$/);
  });

  it("gives a named finding null detector and no span it does not have", () => {
    const finding = report.findings[1];
    expect(finding).toMatchObject({ ruleId: "unowned-secret", secret: "DEPLOY_TOKEN", detector: null, system: "github-actions", line: 31, column: 24 });
    expect(finding && "endLine" in finding).toBe(false);
    expect(finding && "suppressed" in finding).toBe(false);
  });

  it("lists secrets with owner (null when unowned), lifecycle fields and references", () => {
    expect(report.secrets.map((secret) => [secret.name, secret.owner, secret.kind])).toEqual([
      ["DEPLOY_TOKEN", null, "secret"],
      ["GITHUB_TOKEN", null, "platform"],
      ["SLACK_WEBHOOK", "@alice", "secret"],
      ["db-password", "@acme/platform", "secret"],
    ]);
    expect(report.secrets[3]).toEqual({
      name: "db-password",
      system: "kubernetes",
      kind: "secret",
      owner: "@acme/platform",
      rule: { file: "secretowners.yml", line: 9, column: 3 },
      custodian: null,
      backup: [],
      purpose: null,
      rotation: "90d",
      revoker: "@acme/security",
      vendor: null,
      emergencyOnly: false,
      rotated: null,
      reviewed: null,
      review: null,
      agents: null,
      references: [{ file: "k8s/api.yaml", line: 27, column: 19, kind: "reference" }],
    });
    expect(report.secrets[2]?.backup).toEqual(["@bob"]);
  });

  it("is deterministic", () => {
    expect(renderJson(result, run)).toBe(renderJson(load("representative"), run));
  });
});

describe("json renderer: governance fields of a secret", () => {
  it("carries vendor, emergency-only, rotation and review dates and the agents decision from the winning rule", () => {
    const result = scanFiles([
      {
        path: ".github/secretowners.yml",
        text: 'version: 1\ndefaults:\n  review: 180d\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n    vendor: "Okta"\n    emergency-only: true\n    rotated: 2026-09-14\n    reviewed: 2026-10-01\n    agents: denied\n',
      },
      { path: ".github/workflows/ci.yml", text: "on: workflow_dispatch\njobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.OKTA_TOKEN }}\n" },
    ]);
    const report = buildJsonReport(result, run);
    expect(report.secrets[0]).toMatchObject({ name: "OKTA_TOKEN", vendor: "Okta", emergencyOnly: true, rotated: "2026-09-14", reviewed: "2026-10-01", review: "180d", agents: "denied" });
  });
});
