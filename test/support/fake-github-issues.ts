import type { ApiAnswer, ApiRequest } from "./fake-github-server.js";
import { example, type Json } from "./fake-github-payloads.js";

/** A repository's issues as both fake GitHubs keep them, and the issue endpoints over them. */

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  comments: string[];
}

export interface IssueRepository {
  readonly owner: string;
  readonly name: string;
  readonly issues: FakeIssue[];
}

/** Answers `rest` (the path below `/repos/{owner}/{repo}`) when it is an issue endpoint; else null. */
export function answerIssues(request: ApiRequest, rest: string, repo: IssueRepository, apiUrl: string): ApiAnswer | null {
  const { method, query } = request;
  const body = request.body as Json | undefined;
  const json = (issue: FakeIssue) => issueJson(repo, issue, apiUrl);
  const notFound: ApiAnswer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
  let m: RegExpExecArray | null;
  if (method === "GET" && rest === "/issues") {
    const label = query.get("labels");
    const state = query.get("state") ?? "open";
    const page = Number(query.get("page") ?? "1");
    const perPage = Number(query.get("per_page") ?? "30");
    const items = repo.issues
      .filter((issue) => (label === null || issue.labels.includes(label)) && (state === "all" || issue.state === state))
      .sort((a, b) => b.number - a.number)
      .slice((page - 1) * perPage, page * perPage);
    return { status: 200, body: items.map(json) };
  }
  if (method === "POST" && rest === "/issues") {
    const issue: FakeIssue = {
      number: repo.issues.length + 1,
      title: String(body?.["title"]),
      body: String(body?.["body"] ?? ""),
      state: "open",
      state_reason: null,
      labels: (body?.["labels"] as string[] | undefined) ?? [],
      assignees: (body?.["assignees"] as string[] | undefined) ?? [],
      comments: [],
    };
    repo.issues.push(issue);
    return { status: 201, body: json(issue) };
  }
  if (method === "PATCH" && (m = /^\/issues\/(\d+)$/.exec(rest))) {
    const issue = repo.issues.find((candidate) => candidate.number === Number(m?.[1]));
    if (!issue) return notFound;
    if (body?.["title"] !== undefined) issue.title = String(body["title"]);
    if (body?.["body"] !== undefined) issue.body = String(body["body"]);
    if (body?.["labels"] !== undefined) issue.labels = body["labels"] as string[];
    if (body?.["assignees"] !== undefined) issue.assignees = body["assignees"] as string[];
    if (body?.["state"] !== undefined) {
      issue.state = body["state"] as "open" | "closed";
      issue.state_reason = issue.state === "open" ? "reopened" : String(body["state_reason"] ?? "completed");
    }
    return { status: 200, body: json(issue) };
  }
  if (method === "POST" && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
    const issue = repo.issues.find((candidate) => candidate.number === Number(m?.[1]));
    if (!issue) return notFound;
    issue.comments.push(String(body?.["body"]));
    return { status: 201, body: { ...example<Json>("issue-comment"), body: body?.["body"] } };
  }
  return null;
}

function issueJson(repo: IssueRepository, issue: FakeIssue, apiUrl: string): Json {
  const base = example<Json>("issue");
  const user = base["user"] as Json;
  return {
    ...base,
    number: issue.number,
    id: 5000 + issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map((name, index) => ({ id: index + 1, node_id: `L${index}`, url: `${apiUrl}/repos/${repo.owner}/${repo.name}/labels/${name}`, name, description: null, color: "ededed", default: false })),
    assignee: issue.assignees[0] ? { ...user, login: issue.assignees[0] } : null,
    assignees: issue.assignees.map((login) => ({ ...user, login })),
    pull_request: undefined,
    comments: issue.comments.length,
  };
}
