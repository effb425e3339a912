import { readdirSync, readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/core/model.js";
import { renderSarif } from "../../src/core/render/sarif.js";
import { scanFiles } from "../../src/core/scan.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv | Ajv2020) => void;

const schema = JSON.parse(readFileSync(new URL("./sarif-schema-2.1.0.json", import.meta.url), "utf8")) as Record<string, unknown>;
const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;

/** See SOURCE.md: the vendored copy declares 2020-12; its keywords mean the same in draft-07. */
function validators(): ValidateFunction[] {
  const { $schema: _declared, ...body } = schema;
  const draft07 = new Ajv({ strict: false, allErrors: true });
  addFormats(draft07);
  const draft2020 = new Ajv2020({ strict: false, allErrors: true });
  addFormats(draft2020);
  return [draft07.compile(body), draft2020.compile(schema)];
}

const [validateDraft07, validate2020] = validators() as [ValidateFunction, ValidateFunction];
const run = { toolVersion: "1.2.3", color: false };

function expectValid(log: unknown): void {
  const draft07 = validateDraft07(log);
  expect(validateDraft07.errors ?? []).toEqual([]);
  expect(draft07).toBe(true);
  expect(validate2020(log)).toBe(true);
}

describe("SARIF output against the SARIF 2.1.0 JSON schema", () => {
  const empty: ScanResult = { findings: [], secrets: [], diagnostics: [], manifest: null, stats: { files: 0, bytes: 0 }, skipped: [] };

  it.each([
    ["representative", load("representative")],
    ["hostile", load("hostile")],
    ["empty", empty],
  ])("the %s result validates", (_name, result) => {
    expectValid(JSON.parse(renderSarif(result, run)));
  });

  it("states the repository root as originalUriBaseIds when it is known", () => {
    const log = JSON.parse(renderSarif(load("representative"), { ...run, root: "/work/my repo" }));
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/my%20repo/", description: { text: "The repository root; every result's path is relative to it." } } });
    expectValid(log);
  });

  it("a real scan of every extractor fixture validates", () => {
    const root = new URL("../../fixtures/extract/", import.meta.url);
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = `${entry.parentPath}/${entry.name}`.slice(root.pathname.length);
        // Workflow fixtures only reach the Actions extractor under .github/workflows/.
        const scanned = path.startsWith("github-actions/") ? `.github/workflows/${path.slice("github-actions/".length).replace(/\//g, "-")}` : path;
        return { path: scanned, text: readFileSync(new URL(path, root), "utf8") };
      });
    const result = scanFiles(files);
    expect(result.findings.length).toBeGreaterThan(10);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expectValid(JSON.parse(renderSarif(result, run)));
  });

  // Proves the validator is not vacuous: each of these breaks the schema in one place.
  it.each([
    ["an unknown level", (log: SarifDoc) => ((log.runs[0].results[0] as Record<string, unknown>).level = "fatal")],
    ["a result without a message", (log: SarifDoc) => delete (log.runs[0].results[0] as Record<string, unknown>).message],
    ["a 0-based line", (log: SarifDoc) => (regionOf(log).startLine = 0)],
    ["an unknown suppression kind", (log: SarifDoc) => ((log.runs[0].results[5] as { suppressions: { kind: string }[] }).suppressions[0]!.kind = "baseline")],
    ["a wrong version", (log: SarifDoc) => ((log as unknown as Record<string, unknown>).version = "2.0.0")],
    ["an unknown driver property", (log: SarifDoc) => ((log.runs[0].tool.driver as Record<string, unknown>).severity = "high")],
  ])("rejects %s", (_name, breakIt) => {
    const log = JSON.parse(renderSarif(load("representative"), run)) as SarifDoc;
    breakIt(log);
    expect(validateDraft07(log)).toBe(false);
    expect(validate2020(log)).toBe(false);
  });
});

interface SarifDoc {
  runs: [{ tool: { driver: object }; results: object[] }];
}

function regionOf(log: SarifDoc): { startLine: number } {
  const result = log.runs[0].results[0] as { locations: { physicalLocation: { region: { startLine: number } } }[] };
  return result.locations[0]!.physicalLocation.region;
}
