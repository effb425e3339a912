import { compareStrings } from "../order.js";
import type { IssueDraft } from "./issues.js";
import { parseMarker } from "./marker.js";

/** An issue as GitHub returns it, reduced to what reconciliation reads. */
export interface ExistingIssue {
  readonly number: number;
  readonly state: "open" | "closed";
  /** GitHub's `state_reason`; `not_planned` means a person decided to leave it closed. */
  readonly stateReason?: string | null;
  readonly title: string;
  readonly body: string | null;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

export interface IssueChanges {
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly assignees?: readonly string[];
}

export type IssueAction =
  | { readonly kind: "create"; readonly key: string; readonly draft: IssueDraft }
  | { readonly kind: "update"; readonly key: string; readonly number: number; readonly changes: IssueChanges }
  | { readonly kind: "reopen"; readonly key: string; readonly number: number; readonly changes: IssueChanges; readonly comment: string }
  | { readonly kind: "close"; readonly key: string; readonly number: number; readonly reason: "completed" | "duplicate"; readonly comment: string };

export const CLOSE_COMMENT = "secretowners no longer finds this problem on the default branch, so this issue is closed. It will be reopened if the problem returns.";
export const REOPEN_COMMENT = "secretowners finds this problem again on the default branch, so this issue is reopened. The description is up to date.";
export const DUPLICATE_COMMENT = "secretowners already tracks this problem in #{number}; closing this duplicate.";

/**
 * What to do so that GitHub's issues match the drafts: a pure function of the two, so it can be
 * re-run on any state (a re-delivered webhook, a retry after a half-applied run) and converge.
 * Applying its actions and calling it again yields no actions.
 *
 * - A draft with no issue is created; one whose issue differs is updated in place.
 * - An open issue whose problem is gone is closed with a comment; a closed one whose problem is
 *   back is reopened, unless a person closed it as "not planned" (their call stands).
 * - Two issues with one key (written by racing deliveries before serialization existed, or by
 *   hand) are folded into the oldest: the others are closed as duplicates.
 * - Issues without a marker are not secretowners' and are never touched; labels and assignees a
 *   person added are kept.
 */
export function reconcileIssues(drafts: readonly IssueDraft[], existing: readonly ExistingIssue[]): IssueAction[] {
  const actions: IssueAction[] = [];
  const byKey = new Map<string, ExistingIssue[]>();
  for (const issue of existing) {
    const marker = parseMarker(issue.body);
    if (marker === null) continue;
    byKey.set(marker.key, [...(byKey.get(marker.key) ?? []), issue]);
  }

  const canonical = new Map<string, ExistingIssue>();
  for (const [key, issues] of [...byKey].sort(([a], [b]) => compareStrings(a, b))) {
    const sorted = [...issues].sort((a, b) => a.number - b.number);
    const keep = sorted.find((issue) => issue.state === "open") ?? (sorted[0] as ExistingIssue);
    canonical.set(key, keep);
    for (const other of sorted) {
      if (other === keep || other.state !== "open") continue;
      actions.push({ kind: "close", key, number: other.number, reason: "duplicate", comment: DUPLICATE_COMMENT.replace("{number}", String(keep.number)) });
    }
  }

  const wanted = new Set<string>();
  for (const draft of drafts) {
    wanted.add(draft.key);
    const issue = canonical.get(draft.key);
    if (issue === undefined) {
      actions.push({ kind: "create", key: draft.key, draft });
      continue;
    }
    const changes = changesFor(issue, draft);
    if (issue.state === "open") {
      if (Object.keys(changes).length > 0) actions.push({ kind: "update", key: draft.key, number: issue.number, changes });
    } else if (issue.stateReason !== "not_planned") {
      actions.push({ kind: "reopen", key: draft.key, number: issue.number, changes, comment: REOPEN_COMMENT });
    }
  }

  for (const [key, issue] of canonical) {
    if (wanted.has(key) || issue.state !== "open") continue;
    actions.push({ kind: "close", key, number: issue.number, reason: "completed", comment: CLOSE_COMMENT });
  }
  return actions.sort(compareActions);
}

function changesFor(issue: ExistingIssue, draft: IssueDraft): IssueChanges {
  const changes: { -readonly [K in keyof IssueChanges]: IssueChanges[K] } = {};
  if (issue.title !== draft.title) changes.title = draft.title;
  if ((issue.body ?? "") !== draft.body) changes.body = draft.body;
  const labels = new Set(issue.labels.map((label) => label.toLowerCase()));
  if (draft.labels.some((label) => !labels.has(label.toLowerCase()))) {
    changes.labels = [...issue.labels, ...draft.labels.filter((label) => !labels.has(label.toLowerCase()))];
  }
  // Someone may have reassigned the issue on purpose; only an unassigned issue gets the defaults.
  if (issue.assignees.length === 0 && draft.assignees.length > 0) changes.assignees = draft.assignees;
  return changes;
}

const ORDER: Record<IssueAction["kind"], number> = { close: 0, reopen: 1, update: 2, create: 3 };

/** Closing duplicates first, creating last; within a kind by key, so runs are reproducible. */
function compareActions(a: IssueAction, b: IssueAction): number {
  return ORDER[a.kind] - ORDER[b.kind] || compareStrings(a.key, b.key) || ("number" in a && "number" in b ? a.number - b.number : 0);
}
