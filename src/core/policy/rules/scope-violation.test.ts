import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./scope-violation.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: [
    "version: 1",
    "rules:",
    '  - secrets: ["AWS_*"]',
    '    owner: "@acme/cloud"',
    "    scope:",
    '      workflows: [".github/workflows/deploy.yml"]',
    "      environments: [production]",
    "",
  ].join("\n"),
};

function at(file: string, line: number, environment?: string) {
  return actionsRef("AWS_SECRET_ACCESS_KEY", line, {
    location: { file, line, column: 9 },
    ...(environment ? { environment } : {}),
  });
}

describe("scope-violation", () => {
  it("accepts a use inside every dimension of the scope", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [at(".github/workflows/deploy.yml", 4, "production")] });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("reports a use in a workflow the scope does not list", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [at(".github/workflows/report.yml", 12, "production")] });
    expect(brief(rule.check(ctx))).toEqual([{ messageId: "workflow", line: 12, column: 9, secret: "AWS_SECRET_ACCESS_KEY" }]);
    expect(rule.check(ctx)[0]?.data["allowed"]).toBe(".github/workflows/deploy.yml");
  });

  it("reports a use in another environment, or in none", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [at(".github/workflows/deploy.yml", 4, "staging"), at(".github/workflows/deploy.yml", 8)],
    });
    expect(brief(rule.check(ctx)).map((r) => [r.messageId, r.line])).toEqual([
      ["environment", 4],
      ["environment", 8],
    ]);
  });

  it("leaves unscoped and unowned secrets alone", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [actionsRef("NPM_TOKEN", 3)] });
    expect(rule.check(ctx)).toEqual([]);
  });
});
