import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../model.js";
import { RULES } from "../policy/index.js";
import { buildSarif, FINGERPRINT_KEY, pascalCase, renderSarif } from "./sarif.js";

const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;
const run = { toolVersion: "1.2.3", color: false };

describe("sarif renderer", () => {
  const result = load("representative");
  const log = buildSarif(result, run);
  const sarifRun = log.runs[0];

  it("is one 2.1.0 run with the tool identified", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(sarifRun.tool.driver).toMatchObject({ name: "secretowners", version: "1.2.3", semanticVersion: "1.2.3" });
    expect(renderSarif(result, run)).toBe(`${JSON.stringify(log, null, 2)}\n`);
  });

  it("describes every rule in RULES, in order", () => {
    expect(sarifRun.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    const hardcoded = sarifRun.tool.driver.rules.find((rule) => rule.id === "hardcoded-secret");
    const meta = RULES.find((rule) => rule.meta.id === "hardcoded-secret")?.meta;
    expect(hardcoded).toEqual({
      id: "hardcoded-secret",
      name: "HardcodedSecret",
      shortDescription: { text: meta?.description },
      fullDescription: { text: meta?.description },
      helpUri: meta?.url,
      help: { text: expect.stringContaining(meta?.url ?? "?"), markdown: `${meta?.help}\n\n[Documentation](${meta?.url})` },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["security", "NHI2", "PR.AA-01", "PR.DS-01"], "security-severity": "9.0" },
    });
    expect(hardcoded?.help.text).not.toContain("**");
  });

  it("ranks rules for GitHub by default severity", () => {
    for (const rule of sarifRun.tool.driver.rules) {
      const meta = RULES.find((candidate) => candidate.meta.id === rule.id)?.meta;
      const expected = rule.id === "hardcoded-secret" ? "9.0" : { error: "8.0", warning: "5.0", note: "2.0" }[meta?.defaultSeverity ?? "note"];
      expect(rule.properties["security-severity"]).toBe(expected);
      expect(rule.defaultConfiguration.level).toBe(meta?.defaultSeverity);
    }
  });

  it("maps a finding to a result with exact location and fingerprint", () => {
    expect(sarifRun.results[0]).toEqual({
      ruleId: "hardcoded-secret",
      ruleIndex: RULES.findIndex((rule) => rule.meta.id === "hardcoded-secret"),
      level: "error",
      message: { text: result.findings[0]?.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "deploy/values.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 14, startColumn: 12, endLine: 14, endColumn: 54 },
          },
        },
      ],
      partialFingerprints: { "secretowners/v1": "0f3a9c1d2e4b5a6978c0d1e2f3a4b5c6" },
      properties: {
        secret: null,
        detector: "okta-api-token",
        controls: ["NHI2", "PR.AA-01", "PR.DS-01"],
        preview: "00Ab…(42 chars)",
        identity: true,
      },
    });
    expect(FINGERPRINT_KEY).toBe("secretowners/v1");
  });

  it("points ruleIndex at the result's rule", () => {
    for (const res of sarifRun.results) {
      expect(sarifRun.tool.driver.rules[res.ruleIndex ?? -1]?.id).toBe(res.ruleId);
    }
  });

  it("gives a region without an end when the finding has none", () => {
    expect(sarifRun.results[1]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 31, startColumn: 24 });
    expect(sarifRun.results[1]?.properties).toEqual({
      secret: "DEPLOY_TOKEN",
      detector: null,
      controls: ["NHI1", "GV.RR-02"],
      system: "github-actions",
      identity: false,
    });
  });

  it("marks inline ignores as inSource and baseline entries as external", () => {
    expect(sarifRun.results.map((res) => res.suppressions ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      [{ kind: "inSource", justification: "decommissioned in Q3, see INFRA-412" }],
      [{ kind: "external", justification: "accepted in the baseline file" }],
    ]);
  });

  it("reports diagnostics and skipped files as notifications of a successful run", () => {
    expect(sarifRun.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: "warning",
            message: { text: result.diagnostics[0]?.message },
            descriptor: { id: "diagnostic/github-actions" },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: ".github/workflows/broken.yml", uriBaseId: "%SRCROOT%" },
                  region: { startLine: 3, startColumn: 1 },
                },
              },
            ],
          },
          {
            level: "note",
            message: { text: "Skipped assets/logo.png: binary" },
            descriptor: { id: "skipped/binary" },
            locations: [{ physicalLocation: { artifactLocation: { uri: "assets/logo.png", uriBaseId: "%SRCROOT%" } } }],
          },
        ],
      },
    ]);
  });

  it("percent-encodes characters that would change a URI's meaning, keeping the slashes", () => {
    const hostile = buildSarif(load("hostile"), run);
    expect(hostile.runs[0].results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(".github/workflows/a%7Cb%20%3Cx%3E.yml");
  });

  it("names rules in PascalCase", () => {
    expect(pascalCase("unowned-secret")).toBe("UnownedSecret");
    expect(pascalCase("stale-rule")).toBe("StaleRule");
  });
});
