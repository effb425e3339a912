import { INVENTORY_MARKER } from "../core/render/org/index.js";
import type { GitHubClient } from "./client.js";

/**
 * The inventory dashboard: one issue, kept up to date in place (by default in the organization's
 * `.github` repository), found again by its label and the marker in its body. An unchanged body
 * is not rewritten, so an unchanged organization costs one request.
 */

export const INVENTORY_LABEL = "secretowners-inventory";
export const INVENTORY_TITLE = "Secret inventory (secretowners)";

export interface InventoryIssueTarget {
  readonly owner: string;
  /** Default `.github`, the organization's community-health repository. */
  readonly repo?: string;
}

export interface InventoryIssueUpdate {
  readonly number: number;
  readonly action: "created" | "updated" | "unchanged";
}

interface ApiIssue {
  readonly number: number;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

export async function updateInventoryIssue(client: GitHubClient, target: InventoryIssueTarget, body: string): Promise<InventoryIssueUpdate> {
  const owner = target.owner;
  const repo = target.repo ?? ".github";
  const { data } = await client.request("GET /repos/{owner}/{repo}/issues", { owner, repo, labels: INVENTORY_LABEL, state: "open", per_page: 100 });
  const existing = (data as ApiIssue[]).filter((issue) => !issue.pull_request && (issue.body ?? "").includes(INVENTORY_MARKER)).sort((a, b) => a.number - b.number)[0];
  if (existing === undefined) {
    const created = await client.request("POST /repos/{owner}/{repo}/issues", { owner, repo, title: INVENTORY_TITLE, body, labels: [INVENTORY_LABEL] });
    return { number: (created.data as ApiIssue).number, action: "created" };
  }
  if ((existing.body ?? "") === body) return { number: existing.number, action: "unchanged" };
  await client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: existing.number, body });
  return { number: existing.number, action: "updated" };
}
