import type { GitHubClient } from "./client.js";
import type { RepositoryName } from "./secrets.js";

/** GitHub accepts at most 50 annotations per create/update request; more go in follow-up updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** The documented limit of a check run's output `title`, `summary` and `text`. */
export const CHECK_TEXT_LIMIT = 65_535;

export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

export interface CheckOutput {
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
}

export type CheckConclusion = "success" | "failure" | "neutral";

export async function startCheckRun(client: GitHubClient, repository: RepositoryName, name: string, headSha: string): Promise<number> {
  const { data } = await client.request("POST /repos/{owner}/{repo}/check-runs", {
    ...repository,
    name,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
  });
  return Number(data.id);
}

/**
 * Completes a check run. The first request carries the conclusion, the output and the first 50
 * annotations; each further batch of 50 is an update with the same output, as GitHub's docs ask.
 */
export async function completeCheckRun(
  client: GitHubClient,
  repository: RepositoryName,
  checkRunId: number,
  result: { conclusion: CheckConclusion; output: CheckOutput; annotations: readonly CheckAnnotation[] },
): Promise<void> {
  const output = { title: clip(result.output.title), summary: clip(result.output.summary), ...(result.output.text ? { text: clip(result.output.text) } : {}) };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < result.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(result.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const [first = [], ...rest] = batches;
  await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...repository,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...output, annotations: first },
  });
  for (const batch of rest) {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...repository, check_run_id: checkRunId, output: { ...output, annotations: batch } });
  }
}

/** A check run that could not finish is completed as such, so the PR does not wait forever. */
export async function failCheckRun(client: GitHubClient, repository: RepositoryName, checkRunId: number, output: CheckOutput): Promise<void> {
  await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...repository,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: "failure",
    completed_at: new Date().toISOString(),
    output: { title: clip(output.title), summary: clip(output.summary) },
  });
}

/** Cut at the limit, on a line boundary where possible, saying so. */
export function clip(text: string, limit = CHECK_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const note = "\n\n… (truncated to GitHub's 65,535-character limit)";
  const room = text.slice(0, limit - note.length);
  const cut = room.lastIndexOf("\n");
  return (cut > limit / 2 ? room.slice(0, cut) : room) + note;
}
