/**
 * What the triggering event asks for: a pull-request comparison (base and head commits) or a full
 * scan. Read from the webhook payload the runner writes to GITHUB_EVENT_PATH.
 */

export type Mode = "pr" | "full" | "auto";

export const PULL_REQUEST_EVENTS: readonly string[] = ["pull_request", "pull_request_target", "merge_group"];

export type ScanPlan =
  | {
      readonly kind: "pr";
      readonly base: string;
      /** The commit to judge; null means the checked-out HEAD. */
      readonly head: string | null;
      /** For the log: `pull request #12`, `merge group refs/heads/gh-readonly-queue/...`. */
      readonly label: string;
      /** The pull request's number, to read its changes through the API; null for a merge group. */
      readonly pullNumber: number | null;
    }
  | { readonly kind: "full"; readonly reason: string };

interface Payload {
  readonly pull_request?: { readonly number?: number; readonly base?: { readonly sha?: string }; readonly head?: { readonly sha?: string } };
  readonly merge_group?: { readonly base_sha?: string; readonly head_sha?: string; readonly head_ref?: string };
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Throws (a usage error for the step) when `mode: pr` is asked for on an event without a pull request. */
export function planScan(mode: Mode, eventName: string, payload: unknown): ScanPlan {
  if (mode === "full") return { kind: "full", reason: "mode: full" };
  const isPullRequestEvent = PULL_REQUEST_EVENTS.includes(eventName);
  if (mode === "auto" && !isPullRequestEvent) return { kind: "full", reason: `a ${eventName || "unknown"} event scans everything` };
  const event = (typeof payload === "object" && payload !== null ? payload : {}) as Payload;
  if (event.merge_group) {
    const base = event.merge_group.base_sha;
    if (!base || !SHA.test(base)) throw new Error("the merge_group event has no base_sha");
    return { kind: "pr", base, head: null, label: `merge group ${event.merge_group.head_ref ?? ""}`.trim(), pullNumber: null };
  }
  const pull = event.pull_request;
  const base = pull?.base?.sha;
  if (!pull || !base || !SHA.test(base)) {
    throw new Error(`\`mode: pr\` needs a pull_request, pull_request_target or merge_group event; this is \`${eventName || "unknown"}\`. Use \`mode: auto\` or \`full\`.`);
  }
  // pull_request_target checks out the base branch by default: judge the PR's head commit instead.
  const head = eventName === "pull_request_target" && pull.head?.sha && SHA.test(pull.head.sha) ? pull.head.sha : null;
  const pullNumber = typeof pull.number === "number" ? pull.number : null;
  return { kind: "pr", base, head, label: `pull request #${pullNumber ?? "?"}`, pullNumber };
}
