import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "../core/model.js";
import { annotationMessage, planAnnotations } from "./annotations.js";

const finding = (severity: Severity, line: number, ruleId = "unowned-secret"): Finding => ({
  ruleId,
  severity,
  message: `finding at ${line}`,
  location: { file: ".github/workflows/ci.yml", line, column: 3 },
  secret: `SECRET_${line}`,
  detector: null,
  fingerprint: `f${line}`,
  controls: [],
  system: "github-actions",
});

describe("planAnnotations", () => {
  it("puts errors before warnings and notes, whatever order they come in", () => {
    const { annotations, omitted } = planAnnotations([finding("note", 1), finding("warning", 2), finding("error", 3)], 20, null);
    expect(annotations.map((annotation) => [annotation.level, annotation.startLine])).toEqual([["error", 3], ["warning", 2], ["notice", 1]]);
    expect(omitted).toBe(0);
  });

  it("keeps to GitHub's 10 per level and the limit, counting what is left out", () => {
    const findings = [...Array.from({ length: 12 }, (_, i) => finding("error", i + 1)), ...Array.from({ length: 12 }, (_, i) => finding("warning", i + 100))];
    const planned = planAnnotations(findings, 15, null);
    expect(planned.annotations.filter((a) => a.level === "error")).toHaveLength(10);
    expect(planned.annotations.filter((a) => a.level === "warning")).toHaveLength(5);
    expect(planned.omitted).toBe(9);
    expect(planAnnotations(findings, 0, null)).toEqual({ annotations: [], omitted: 24 });
  });

  it("says what to add to the manifest for an unowned secret, and links the docs otherwise", () => {
    expect(annotationMessage(finding("error", 1), ".github/secretowners.yml")).toBe('finding at 1\nAdd to .github/secretowners.yml under rules:\n  - secrets: ["SECRET_1"]\n    owner: "@your-org/team"   # the accountable team\n    purpose: "..."');
    expect(annotationMessage(finding("error", 1), "docs/SECRETOWNERS")).toBe("finding at 1\nAdd to docs/SECRETOWNERS\nSECRET_1 @your-org/team");
    expect(annotationMessage({ ...finding("error", 1), ruleId: "scope-violation" }, null)).toMatch(/\nHow to fix: https:\/\/.*scope-violation\.md$/);
  });
});
