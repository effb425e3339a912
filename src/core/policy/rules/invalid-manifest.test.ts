import { describe, expect, it } from "vitest";
import { contextFor } from "../testing.js";
import { evaluate } from "../evaluate.js";
import rule from "./invalid-manifest.js";

describe("invalid-manifest", () => {
  it("reports each manifest diagnostic at its line and column, with the suggestion", () => {
    const ctx = contextFor({
      manifest: { path: "secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["NPM_*"]\n    owner: "@acme/release"\n    rotation: 30 days\n' },
    });
    const reports = rule.check(ctx);
    expect(reports.map((r) => [r.location.line, r.location.column, r.messageId])).toEqual([[5, 15, "invalidWithSuggestion"]]);
    expect(String(reports[0]?.data["suggestion"])).toContain("90d");
    expect(evaluate(ctx, { rules: [rule] }).map((f) => f.message)).toEqual([
      "rotation `30 days` is not a duration. Fix: write Nd, Nw, Nm or Ny, e.g. 90d.",
    ]);
  });

  it("is silent for a valid manifest", () => {
    expect(rule.check(contextFor({ manifest: { path: "SECRETOWNERS", text: "* @acme/secops\n" } }))).toEqual([]);
  });
});

describe("invalid-manifest severities", () => {
  it("carries a diagnostic's own weight: a warning stays a warning", () => {
    const ctx = contextFor({
      manifest: { path: "secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["A_*"]\n    owner: "@acme/x"\n    scope:\n      paths: ["src/[ab]/**"]\n' },
    });
    const reports = rule.check(ctx);
    expect(reports.map((r) => [r.location.line, r.severity ?? "error"])).toEqual([[6, "warning"]]);
  });
});
