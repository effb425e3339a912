import type { ExistingIssue } from "../core/remediation/reconcile.js";
import type { GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";

/** Every issue carrying `label`, open or closed, reduced to what reconciliation reads. */
export async function listLabelledIssues(client: GitHubClient, repository: RepositoryName, label: string): Promise<ExistingIssue[]> {
  const items = await client.paginate("GET /repos/{owner}/{repo}/issues", { ...repository, labels: label, state: "all", per_page: 100 });
  return items
    .filter((item) => !item.pull_request)
    .map((item) => ({
      number: item.number,
      state: item.state === "closed" ? "closed" : "open",
      stateReason: item.state_reason ?? null,
      title: item.title,
      body: item.body ?? null,
      labels: item.labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))).filter((name) => name !== ""),
      assignees: (item.assignees ?? []).map((user) => user.login),
    }));
}

export async function createIssue(
  client: GitHubClient,
  repository: RepositoryName,
  issue: { title: string; body: string; labels: readonly string[]; assignees: readonly string[] },
): Promise<number> {
  const { data } = await client.request("POST /repos/{owner}/{repo}/issues", {
    ...repository,
    title: issue.title,
    body: issue.body,
    labels: [...issue.labels],
    ...(issue.assignees.length > 0 ? { assignees: [...issue.assignees] } : {}),
  });
  return data.number;
}

export async function updateIssue(
  client: GitHubClient,
  repository: RepositoryName,
  number: number,
  changes: { title?: string; body?: string; labels?: readonly string[]; assignees?: readonly string[]; state?: "open" | "closed"; stateReason?: "completed" | "not_planned" | "reopened" },
): Promise<void> {
  await client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...repository,
    issue_number: number,
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.body !== undefined ? { body: changes.body } : {}),
    ...(changes.labels !== undefined ? { labels: [...changes.labels] } : {}),
    ...(changes.assignees !== undefined ? { assignees: [...changes.assignees] } : {}),
    ...(changes.state !== undefined ? { state: changes.state } : {}),
    ...(changes.stateReason !== undefined ? { state_reason: changes.stateReason } : {}),
  });
}

export async function commentOnIssue(client: GitHubClient, repository: RepositoryName, number: number, body: string): Promise<void> {
  await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repository, issue_number: number, body });
}
