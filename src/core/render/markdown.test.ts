import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding, ScanResult } from "../model.js";
import { cell, COLLAPSE_AFTER_ROWS, renderMarkdown } from "./markdown.js";

const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;
const run = { toolVersion: "1.2.3", color: false };
const DOCS = "https://github.com/secretowners/secretowners/blob/main/docs/rules/";

/** Cells of a table row, splitting only on pipes that are not backslash-escaped. */
function cellsOf(row: string): string[] {
  const parts = row.replace(/\\\\/g, "\u0000").split(/(?<!\\)\|/);
  return parts.slice(1, -1).map((part) => part.trim());
}

describe("markdown renderer", () => {
  const text = renderMarkdown(load("representative"), { ...run, failOn: "error" });
  const lines = text.split("\n");

  it("opens with a heading, the counts and the verdict", () => {
    expect(lines.slice(0, 6)).toEqual([
      "## secretowners",
      "",
      "**3 errors, 1 warning, 1 note** (2 suppressed)",
      "",
      "**Result:** ❌ failed: 3 findings at severity `error` or above",
      "",
    ]);
  });

  it("has a severity → count table", () => {
    const start = lines.indexOf("| Severity | Count |");
    expect(lines.slice(start, start + 5)).toEqual(["| Severity | Count |", "| --- | ---: |", "| 🔴 error | 3 |", "| 🟠 warning | 1 |", "| 🔵 note | 1 |"]);
  });

  it("lists unsuppressed findings with the rule linked to its doc and file:line", () => {
    const start = lines.indexOf("### Findings (5)");
    expect(lines.slice(start + 2, start + 4)).toEqual(["| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]);
    expect(lines[start + 5]).toBe(
      `| 🔴 error | [unowned-secret](${DOCS}unowned-secret.md) | .github/workflows/release.yml:31 | Secret DEPLOY_TOKEN has no owner in secretowners.yml. |`,
    );
    expect(lines.filter((line) => line.startsWith("| 🔴 error | ["))).toHaveLength(4); // 3 active + 1 suppressed
  });

  it("folds suppressed findings with who suppressed them", () => {
    const start = lines.indexOf("<summary>Suppressed findings (2)</summary>");
    expect(lines[start - 1]).toBe("<details>");
    expect(lines.slice(start + 4, start + 6).map((row) => cellsOf(row)[4])).toEqual(["inline: decommissioned in Q3, see INFRA-412", "baseline"]);
  });

  it("has an inventory table with owner, **unowned** and reference counts", () => {
    const start = lines.indexOf("### Secrets: 3 secrets, 1 unowned, 1 platform token");
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 2, start + 10)).toEqual([
      "Manifest: `secretowners.yml`.",
      "",
      "| Name | System | Owner | References |",
      "| --- | --- | --- | --- |",
      "| DEPLOY_TOKEN | github-actions | **unowned** | 1 |",
      "| GITHUB_TOKEN | github-actions | _platform token_ | 2 |",
      "| SLACK_WEBHOOK | github-actions | `@alice` | 1 |",
      "| db-password | kubernetes | `@acme/platform` | 1 |",
    ]);
  });

  it("writes owners so they are not notified, unless mentions are asked for (remediation issues)", () => {
    const quiet = renderMarkdown(load("representative"), run);
    // A live mention is an @handle outside a code span.
    expect(quiet).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
    expect(quiet).toContain("`@alice`");
    const loud = renderMarkdown(load("representative"), { ...run, mentions: true });
    expect(loud).toContain("| @acme/platform |");
    expect(cell("Owner @alice of X, mail bob@example.com, team @acme/iam-platform")).toBe("Owner `@alice` of X, mail bob@example.com, team `@acme/iam-platform`");
    expect(cell("@alice", true)).toBe("@alice");
    // A backtick in the input cannot close our code span early.
    expect(cell("`@alice`")).toBe("\\``@alice`\\`");
  });

  it("says when the run passes", () => {
    expect(renderMarkdown(load("representative"), { ...run, failOn: "never" })).toContain("**Result:** ✅ passed (`--fail-on never`)");
    const clean: ScanResult = { ...load("representative"), findings: [] };
    expect(renderMarkdown(clean, { ...run, failOn: "note" })).toContain("**Result:** ✅ passed: no findings at severity `note` or above");
    expect(renderMarkdown(clean, run)).not.toContain("**Result:**");
  });

  it("folds a table longer than the limit into <details>", () => {
    const base = load("representative");
    const template = base.findings[1] as Finding;
    const many = (count: number): ScanResult => ({
      ...base,
      findings: Array.from({ length: count }, (_, index) => ({ ...template, location: { ...template.location, line: index + 1 } })),
    });
    const long = renderMarkdown(many(COLLAPSE_AFTER_ROWS + 1), run).split("\n");
    const heading = long.indexOf(`### Findings (${COLLAPSE_AFTER_ROWS + 1})`);
    expect(long.slice(heading + 2, heading + 5)).toEqual(["<details>", `<summary>Show all ${COLLAPSE_AFTER_ROWS + 1} rows</summary>`, ""]);
    const short = renderMarkdown(many(COLLAPSE_AFTER_ROWS), run).split("\n");
    const shortHeading = short.indexOf(`### Findings (${COLLAPSE_AFTER_ROWS})`);
    expect(short[shortHeading + 2]).toBe("| Severity | Rule | Location | Message |");
  });

  describe("with crafted names, paths and messages", () => {
    const hostile = renderMarkdown(load("hostile"), run);
    const rows = hostile.split("\n").filter((line) => line.startsWith("|"));

    it("keeps every row to its table's column count", () => {
      const findings = rows.filter((row) => /^\| (🔴|🟠) \w+ \| \[/.test(row));
      expect(findings).toHaveLength(2);
      for (const row of findings) expect(cellsOf(row)).toHaveLength(4);
      const inventory = rows.find((row) => row.includes("script"));
      expect(cellsOf(inventory ?? "")).toEqual(["&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "github-actions", "`@a`\\|b \\| x \\|", "1"]);
    });

    it("lets no HTML tag through except its own", () => {
      const tags = hostile.match(/<\/?[a-z][^>]*>/gi) ?? [];
      expect(new Set(tags)).toEqual(new Set(["<sub>", "</sub>"]));
    });

    it("lets no link through except the rule docs", () => {
      const links = [...hostile.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)].map((match) => match[1]);
      expect(links.every((url) => url?.startsWith(DOCS))).toBe(true);
      expect(links).toHaveLength(2);
    });
  });

  it("escapes each dangerous character in a cell", () => {
    expect(cell("a|b")).toBe("a\\|b");
    expect(cell("`x`")).toBe("\\`x\\`");
    expect(cell("<b>&")).toBe("&lt;b&gt;&amp;");
    expect(cell("one\ntwo\r\nthree")).toBe("one two three");
    expect(cell("[t](u)")).toBe("\\[t\\](u)");
    // A backslash must not be able to cancel the escape of the pipe after it.
    expect(cell("\\|")).toBe("\\\\\\|");
  });
});
