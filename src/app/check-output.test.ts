import { describe, expect, it } from "vitest";
import { compareResults } from "../core/compare.js";
import { scanFiles } from "../core/scan.js";
import { clip, CHECK_TEXT_LIMIT } from "../github/checks.js";
import { buildCheckResult } from "./check-output.js";

const manifest = {
  path: ".github/secretowners.yml",
  text: 'version: 1\ndefaults:\n  custodian: "@acme/ops"\n  backup: ["@acme/ops"]\n  purpose: "sync"\n  rotation: 90d\n  revoker: "@acme/secops"\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n',
};
const workflow = (names: string[]) => ({
  path: ".github/workflows/ci.yml",
  text: ["on: push", "jobs:", "  a:", "    runs-on: x", "    steps:", ...names.map((name) => `      - run: echo \${{ secrets.${name} }}`)].join("\n"),
});

function check(before: string[], after: string[]) {
  const base = scanFiles([manifest, workflow(before)], { complete: false });
  const head = scanFiles([manifest, workflow(after)], { complete: false });
  return buildCheckResult(head, compareResults(base.findings, head.findings), () => true);
}

describe("buildCheckResult", () => {
  it("fails on a new blocking finding and annotates only it", () => {
    const result = check(["JIRA_TOKEN"], ["JIRA_TOKEN", "SLACK_TOKEN"]);
    expect(result.conclusion).toBe("failure");
    expect(result.output.title).toBe("1 new blocking finding");
    expect(result.annotations.map((a) => [a.start_line, a.annotation_level, a.title])).toEqual([[7, "failure", "unowned-secret"]]);
  });

  it("is neutral when findings remain but none is new, and success when none remain", () => {
    expect(check(["JIRA_TOKEN"], ["OKTA_KEY", "JIRA_TOKEN"]).conclusion).toBe("neutral");
    expect(check(["JIRA_TOKEN"], ["OKTA_KEY"]).conclusion).toBe("success");
  });

  it("pings nobody: every @ from the scan is defanged, in the summary and the annotations", () => {
    const personal = { ...manifest, text: `${manifest.text}  - secrets: ["JIRA_*"]\n    owner: "@jdoe"\n` };
    const head = scanFiles([personal, workflow(["JIRA_TOKEN"])], { complete: false });
    const { output, annotations } = buildCheckResult(head, compareResults([], head.findings), () => true);
    expect(annotations.map((a) => a.message).join("\n")).toContain("@\u200djdoe");
    // Code spans never notify; everywhere else the @ is followed by a zero-width joiner.
    for (const text of [output.summary.replace(/`[^`\n]*`/g, ""), ...annotations.map((a) => a.message)]) expect(text).not.toMatch(/@(jdoe|acme)/);
  });

  it("leaves files outside the repository (the organization's manifest) out of the annotations", () => {
    const head = scanFiles([manifest, workflow(["JIRA_TOKEN"])], { complete: false });
    const result = buildCheckResult(head, compareResults([], head.findings), () => false);
    expect(result.annotations).toEqual([]);
    expect(result.conclusion).toBe("failure");
  });
});

it("clips check run text to GitHub's 65,535 characters, saying so", () => {
  const long = "line\n".repeat(20_000);
  const clipped = clip(long);
  expect(clipped.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
  expect(clipped).toMatch(/truncated/);
  expect(clip("short")).toBe("short");
});
