import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding, ScanResult } from "../model.js";
import { countFailing, RENDERERS, summarize } from "./index.js";

const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;

const finding = (severity: Finding["severity"], suppressed?: Finding["suppressed"]): Finding => ({
  ruleId: "unowned-secret",
  severity,
  message: "m",
  location: { file: "a.yml", line: 1, column: 1 },
  secret: "A",
  detector: null,
  fingerprint: "f",
  controls: ["NHI1"],
  ...(suppressed ? { suppressed } : {}),
});

describe("RENDERERS", () => {
  it("offers exactly the four formats, frozen", () => {
    expect(Object.keys(RENDERERS).sort()).toEqual(["json", "markdown", "sarif", "text"]);
    expect(Object.isFrozen(RENDERERS)).toBe(true);
  });

  it.each(Object.entries(RENDERERS))("%s is deterministic and leaves its input alone", (_format, render) => {
    const result = load("representative");
    const before = JSON.stringify(result);
    const first = render(result, { toolVersion: "1.2.3", color: true, failOn: "warning" });
    expect(render(load("representative"), { toolVersion: "1.2.3", color: true, failOn: "warning" })).toBe(first);
    expect(JSON.stringify(result)).toBe(before);
    expect(first.endsWith("\n")).toBe(true);
  });
});

describe("summarize", () => {
  it("counts each severity and keeps suppressed findings out of them", () => {
    const findings = [
      finding("error"),
      finding("error"),
      finding("warning"),
      finding("note"),
      finding("error", { kind: "baseline" }),
      finding("note", { kind: "inline", reason: "r" }),
    ];
    expect(summarize(findings)).toEqual({ error: 2, warning: 1, note: 1, suppressed: 2 });
    expect(summarize([])).toEqual({ error: 0, warning: 0, note: 0, suppressed: 0 });
  });

  it("counts what fails a --fail-on threshold", () => {
    const summary = { error: 2, warning: 3, note: 5, suppressed: 7 };
    expect(countFailing(summary, "error")).toBe(2);
    expect(countFailing(summary, "warning")).toBe(5);
    expect(countFailing(summary, "note")).toBe(10);
    expect(countFailing(summary, "never")).toBe(0);
  });
});

describe("a finding's context", () => {
  const inFixture: Finding = { ...finding("note"), location: { file: "test/fixtures/ci.yml", line: 4, column: 9 }, context: "test" };
  const result: ScanResult = { ...load("representative"), findings: [inFixture] };
  const run = { toolVersion: "1.2.3", color: false, failOn: "error" as const };

  it("is a field in JSON, null outside a context", () => {
    const report = JSON.parse(RENDERERS.json(result, run)) as { findings: { context: string | null }[] };
    expect(report.findings[0]?.context).toBe("test");
    const plain = JSON.parse(RENDERERS.json({ ...result, findings: [finding("error")] }, run)) as { findings: { context: string | null }[] };
    expect(plain.findings[0]?.context).toBeNull();
  });

  it("is a result property in SARIF", () => {
    const log = JSON.parse(RENDERERS.sarif(result, run)) as { runs: { results: { properties: Record<string, unknown> }[] }[] };
    expect(log.runs[0]?.results[0]?.properties["context"]).toBe("test");
  });

  it("is shown beside the message in text and beside the place in Markdown", () => {
    expect(RENDERERS.text(result, run)).toContain("4:9  note     (test fixture) m  [unowned-secret]");
    expect(RENDERERS.markdown(result, run)).toContain("| test/fixtures/ci.yml:4 _(test fixture)_ | m |");
  });
});
