import { describe, expect, it } from "vitest";
import type { IssueDraft } from "./issues.js";
import { renderMarker } from "./marker.js";
import { reconcileIssues, type ExistingIssue, type IssueAction } from "./reconcile.js";

function draft(key: string, extra: Partial<IssueDraft> = {}): IssueDraft {
  return {
    key,
    title: `secretowners: ${key}`,
    body: `${renderMarker({ key, fingerprints: [] })}\nbody of ${key}`,
    labels: ["secretowners", "unowned-secret"],
    assignees: ["alice"],
    ...extra,
  };
}

function issueOf(number: number, d: IssueDraft, extra: Partial<ExistingIssue> = {}): ExistingIssue {
  return { number, state: "open", title: d.title, body: d.body, labels: [...d.labels], assignees: [...d.assignees], ...extra };
}

/** Applies actions the way the app does against GitHub, to prove a second run has nothing to do. */
function apply(existing: ExistingIssue[], actions: readonly IssueAction[]): ExistingIssue[] {
  let next = existing.map((issue) => ({ ...issue }));
  let number = Math.max(0, ...existing.map((issue) => issue.number));
  for (const action of actions) {
    if (action.kind === "create") {
      const d = action.draft;
      next.push({ number: ++number, state: "open", title: d.title, body: d.body, labels: [...d.labels], assignees: [...d.assignees] });
      continue;
    }
    next = next.map((issue) => {
      if (issue.number !== action.number) return issue;
      if (action.kind === "close") return { ...issue, state: "closed", stateReason: action.reason === "duplicate" ? "not_planned" : "completed" };
      return { ...issue, ...action.changes, ...(action.kind === "reopen" ? { state: "open" as const, stateReason: "reopened" } : {}) };
    });
  }
  return next;
}

describe("reconcileIssues", () => {
  it("creates an issue per draft when none exists, and nothing on the second run", () => {
    const drafts = [draft("b"), draft("a")];
    const actions = reconcileIssues(drafts, []);
    expect(actions.map((a) => [a.kind, a.key])).toEqual([["create", "a"], ["create", "b"]]);
    expect(reconcileIssues(drafts, apply([], actions))).toEqual([]);
  });

  it("leaves an identical issue alone", () => {
    const d = draft("a");
    expect(reconcileIssues([d], [issueOf(7, d)])).toEqual([]);
  });

  it("updates title and body in place when details change", () => {
    const old = draft("a");
    const now = draft("a", { title: "secretowners: a (2 places)", body: `${old.body}\nsecond place` });
    const actions = reconcileIssues([now], [issueOf(7, old)]);
    expect(actions).toEqual([{ kind: "update", key: "a", number: 7, changes: { title: now.title, body: now.body } }]);
    expect(reconcileIssues([now], apply([issueOf(7, old)], actions))).toEqual([]);
  });

  it("closes an open issue whose problem is gone, with a comment", () => {
    const actions = reconcileIssues([], [issueOf(3, draft("gone"))]);
    expect(actions).toEqual([expect.objectContaining({ kind: "close", key: "gone", number: 3, reason: "completed" })]);
    expect((actions[0] as { comment: string }).comment).toMatch(/no longer finds/);
  });

  it("reopens a closed issue whose problem returned, updating it, unless a person closed it as not planned", () => {
    const d = draft("back", { body: `${draft("back").body}\nnew place` });
    const closed = issueOf(4, draft("back"), { state: "closed", stateReason: "completed" });
    const actions = reconcileIssues([d], [closed]);
    expect(actions).toEqual([expect.objectContaining({ kind: "reopen", number: 4, changes: { body: d.body } })]);
    expect(reconcileIssues([d], apply([closed], actions))).toEqual([]);
    expect(reconcileIssues([d], [{ ...closed, stateReason: "not_planned" }])).toEqual([]);
  });

  it("never touches issues without a marker, and never creates a second issue for a key", () => {
    const human: ExistingIssue = { number: 1, state: "open", title: "secretowners: a", body: "a person wrote this", labels: [], assignees: [] };
    const d = draft("a");
    const first = reconcileIssues([d], [human]);
    expect(first.map((a) => a.kind)).toEqual(["create"]);
    const after = apply([human], first);
    expect(reconcileIssues([d], after)).toEqual([]);
    expect(after.find((issue) => issue.number === 1)).toEqual(human);
  });

  it("folds duplicates written by racing deliveries into the oldest open issue", () => {
    const d = draft("a");
    const actions = reconcileIssues([d], [issueOf(9, d), issueOf(5, d), issueOf(6, d, { state: "closed" })]);
    expect(actions).toEqual([expect.objectContaining({ kind: "close", number: 9, reason: "duplicate" })]);
    expect((actions[0] as { comment: string }).comment).toContain("#5");
  });

  it("keeps labels and assignees a person set, adding only the missing labels", () => {
    const d = draft("a");
    const issue = issueOf(2, d, { labels: ["secretowners", "priority"], assignees: ["bob"] });
    expect(reconcileIssues([d], [issue])).toEqual([
      { kind: "update", key: "a", number: 2, changes: { labels: ["secretowners", "priority", "unowned-secret"] } },
    ]);
  });

  it("assigns the draft's assignees to an issue nobody is assigned to", () => {
    const d = draft("a");
    expect(reconcileIssues([d], [issueOf(2, d, { assignees: [] })])).toEqual([
      { kind: "update", key: "a", number: 2, changes: { assignees: ["alice"] } },
    ]);
  });
});
