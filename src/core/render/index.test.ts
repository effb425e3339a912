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
