import { describe, expect, it } from "vitest";
import { planScan } from "./event.js";

const BASE = "a".repeat(40);
const HEAD = "b".repeat(40);
const pull = { pull_request: { number: 5, base: { sha: BASE }, head: { sha: HEAD } } };

describe("planScan", () => {
  it("compares on pull_request, judging the checked-out merge commit", () => {
    expect(planScan("auto", "pull_request", pull)).toEqual({ kind: "pr", base: BASE, head: null, label: "pull request #5", pullNumber: 5 });
  });

  it("judges the PR head on pull_request_target, whose checkout is the base branch", () => {
    expect(planScan("auto", "pull_request_target", pull)).toMatchObject({ kind: "pr", base: BASE, head: HEAD });
  });

  it("compares a merge group against its base", () => {
    expect(planScan("auto", "merge_group", { merge_group: { base_sha: BASE, head_sha: HEAD, head_ref: "refs/heads/gh-readonly-queue/main/pr-5" } })).toMatchObject({ kind: "pr", base: BASE, head: null, pullNumber: null });
  });

  it("scans everything on other events and on mode full", () => {
    expect(planScan("auto", "push", {})).toEqual({ kind: "full", reason: "a push event scans everything" });
    expect(planScan("full", "pull_request", pull)).toEqual({ kind: "full", reason: "mode: full" });
  });

  it("refuses mode pr without a pull request, and a payload without a base", () => {
    expect(() => planScan("pr", "push", {})).toThrow(/`mode: pr` needs a pull_request/);
    expect(() => planScan("auto", "pull_request", { pull_request: { number: 1, base: {} } })).toThrow(/needs a pull_request/);
  });
});
