import { describe, expect, it } from "vitest";
import { compareResults } from "../compare.js";
import type { SourceFile } from "../model.js";
import { scanFiles } from "../scan.js";
import { blockingFindings, renderChangeMarkdown, type ChangeReport } from "./change.js";

const workflow = (...names: string[]): SourceFile => ({
  path: ".github/workflows/ci.yml",
  text: `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${names.map((name) => `      - run: x\n        env:\n          V: \${{ secrets.${name} }}\n`).join("")}`,
});
const yaml: SourceFile = { path: ".github/secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n    rotation: 30d\n' };
const codeowners: SourceFile = { path: "SECRETOWNERS", text: "OKTA_* @acme/iam\n" };

function report(base: SourceFile[] | null, head: SourceFile[], failOn: ChangeReport["failOn"] = "error"): ChangeReport {
  const result = scanFiles(head);
  return { result, comparison: base === null ? null : compareResults(scanFiles(base).findings, result.findings), scope: "test scope", notices: [], failOn, toolVersion: "0.0.0-test" };
}

describe("renderChangeMarkdown", () => {
  it("blocks on new findings only, and says what to paste for each unowned secret", () => {
    const change = report([yaml, workflow("OKTA_TOKEN", "OLD_KEY")], [yaml, workflow("OKTA_TOKEN", "OLD_KEY", "NEW_KEY")]);
    expect(blockingFindings(change).map((finding) => finding.secret)).toEqual(["NEW_KEY"]);
    const markdown = renderChangeMarkdown(change);
    expect(markdown).toContain("**❌ Failed:** 1 new finding at severity `error` or above.");
    expect(markdown).toContain('```yaml\n  - secrets: ["NEW_KEY"]\n    owner: "@your-org/team"');
    expect(markdown).not.toContain('secrets: ["OLD_KEY"]');
    expect(markdown).toMatch(/<summary>Existing findings, not blocking \(\d+\)<\/summary>/);
  });

  it("shows owners without notifying them, with where each secret is used and its rotation", () => {
    const markdown = renderChangeMarkdown(report(null, [yaml, workflow("OKTA_TOKEN")], "never"));
    expect(markdown).toContain("| OKTA_TOKEN | github-actions | `@acme/iam` | .github/workflows/ci.yml:8 | 30d |");
    expect(markdown).not.toMatch(/(?<!`)@acme\/iam/);
    expect(markdown).toContain("**✅ Passed** (`fail-on: never`;");
  });

  it("writes the paste-in line in the manifest's own form for a SECRETOWNERS file", () => {
    const markdown = renderChangeMarkdown(report(null, [codeowners, workflow("SLACK_TOKEN")]));
    expect(markdown).toContain("Add a rule like this to `SECRETOWNERS`");
    expect(markdown).toContain("```\nSLACK_TOKEN @your-org/team\n```");
  });

  it("keeps a crafted secret name from breaking out of its table cell", () => {
    const markdown = renderChangeMarkdown(report(null, [yaml, { path: ".github/workflows/x.yml", text: "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets['A|B<script>'] }}\n" }]));
    expect(markdown).not.toContain("<script>");
  });
});
