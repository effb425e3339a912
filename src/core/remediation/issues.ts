import type { Finding } from "../model.js";
import { compareLocations, compareStrings } from "../order.js";
import { fingerprint } from "../policy/evaluate.js";
import { RULES_BY_ID } from "../policy/index.js";
import { systemLabel } from "../policy/rules/refs.js";
import { ruleSnippet } from "../init.js";
import { cell } from "../render/markdown.js";
import { codeownersOf, type Codeowners } from "../manifest/codeowners.js";
import { renderMarker } from "./marker.js";
import { defangMentions } from "./mentions.js";

/** The findings that get a remediation issue unless configured otherwise: nobody owns the secret. */
export const DEFAULT_ISSUE_RULES: readonly string[] = ["unowned-secret", "hardcoded-secret", "orphaned-owner"];

/** Every remediation issue carries this label, plus the rule id of what it reports. */
export const ISSUE_LABEL = "secretowners";

/** GitHub refuses issue bodies over 65,536 characters; stay clear of it. */
export const MAX_ISSUE_BODY = 60_000;

/** GitHub allows at most 10 assignees per issue. */
const MAX_ASSIGNEES = 10;

export type IssueMode = "finding" | "repository";

export interface IssueInput {
  readonly findings: readonly Finding[];
  /** `owner/name`. */
  readonly repository: string;
  /** The commit the findings were made on; locations link to it. */
  readonly commit: string;
  /** `https://github.com`, or the GHES web URL. */
  readonly serverUrl: string;
  /** Where the rules to add belong; null when the repository has no manifest yet. */
  readonly manifestPath: string | null;
  readonly mode: IssueMode;
  readonly rules?: readonly string[];
  /** The repository's CODEOWNERS: its users are assigned, and mentioned, for the files concerned. */
  readonly codeowners?: Codeowners | null;
  /** Logins assigned when no CODEOWNERS user owns the files concerned. */
  readonly fallbackAssignees?: readonly string[];
}

/** An issue as it should be; `reconcileIssues` compares it with what GitHub holds. */
export interface IssueDraft {
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

interface Group {
  readonly key: string;
  readonly findings: Finding[];
}

/** One draft per problem (or one for the repository), in a deterministic order. */
export function buildIssueDrafts(input: IssueInput): IssueDraft[] {
  const wanted = new Set(input.rules ?? DEFAULT_ISSUE_RULES);
  const findings = input.findings.filter((finding) => !finding.suppressed && wanted.has(finding.ruleId));
  if (input.mode === "repository") {
    return findings.length === 0 ? [] : [repositoryDraft(findings, input)];
  }
  return groupFindings(findings).map((group) => problemDraft(group, input));
}

/**
 * One issue per secret, not per reference: a secret used in five workflows is one thing to own.
 * A hard-coded value or an orphaned owner has no secret name, so its own fingerprint is the key.
 */
function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of findings) {
    const key =
      finding.secret !== null && finding.system !== undefined
        ? fingerprint(finding.ruleId, "", `${finding.system}:${finding.secret.toUpperCase()}`)
        : finding.fingerprint;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, findings: [] }));
    group.findings.push(finding);
  }
  for (const group of groups.values()) group.findings.sort((a, b) => compareLocations(a.location, b.location));
  return [...groups.values()].sort((a, b) => compareStrings(a.key, b.key));
}

function problemDraft(group: Group, input: IssueInput): IssueDraft {
  const first = group.findings[0] as Finding;
  const lines = [
    renderMarker({ key: group.key, fingerprints: group.findings.map((finding) => finding.fingerprint).sort(compareStrings) }),
    `## ${headline(first)}`,
    "",
    ...whereSection(group.findings, input),
    ...whySection(),
    ...fixSection(first, input),
    ...controlsSection(group.findings),
    ...ownersSection(group.findings, input),
    footer(),
  ];
  return {
    key: group.key,
    title: `secretowners: ${headline(first).replace(/`/g, "")}`,
    body: fitBody(lines),
    labels: [ISSUE_LABEL, first.ruleId],
    assignees: assigneesFor(group.findings, input),
  };
}

function repositoryDraft(findings: readonly Finding[], input: IssueInput): IssueDraft {
  const groups = groupFindings(findings);
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))].sort(compareStrings);
  const lines = [
    // Capped so the marker alone can never push the body over GitHub's limit.
    renderMarker({ key: "repository", fingerprints: findings.map((finding) => finding.fingerprint).sort(compareStrings).slice(0, 500) }),
    `## ${groups.length} secret${groups.length === 1 ? "" : "s"} without an accountable owner`,
    "",
    ...whereSection(findings, input),
    ...whySection(),
    ...groups.flatMap((group) => fixSection(group.findings[0] as Finding, input, `Fix: ${headline(group.findings[0] as Finding)}`)),
    ...controlsSection(findings),
    ...ownersSection(findings, input),
    footer(),
  ];
  return {
    key: "repository",
    title: `secretowners: ${groups.length} secret${groups.length === 1 ? "" : "s"} need${groups.length === 1 ? "s" : ""} an accountable owner`,
    body: fitBody(lines),
    labels: [ISSUE_LABEL, ...ruleIds],
    assignees: assigneesFor(findings, input),
  };
}

/**
 * Where a finding's file is on GitHub: this repository at the scanned commit, or — for the
 * organization's manifest, named `OWNER/.github:PATH` — that repository's default branch.
 */
function blobLink(input: IssueInput, file: string, line: number): string {
  const encode = (path: string) => path.split("/").map(encodeURIComponent).join("/");
  const organization = /^([A-Za-z0-9-]+\/\.github):(.+)$/.exec(file);
  if (organization) return `${input.serverUrl}/${organization[1]}/blob/HEAD/${encode(organization[2] as string)}#L${line}`;
  return `${input.serverUrl}/${input.repository}/blob/${input.commit}/${encode(file)}#L${line}`;
}

/** Plain text (no Markdown but code spans) naming the problem; scanned text is escaped and defanged. */
function headline(finding: Finding): string {
  const system = finding.system ? ` (${systemLabel(finding.system)})` : "";
  const name = finding.secret === null ? "" : `\`${safe(finding.secret)}\``;
  switch (finding.ruleId) {
    case "unowned-secret":
      return `Unowned secret ${name}${system}`;
    case "hardcoded-secret":
      return `Hard-coded credential (${safe(finding.detector ?? "unknown")}) in ${safe(finding.location.file)}`;
    case "orphaned-owner":
      return `Manifest names an owner that no longer exists (${safe(finding.location.file)}:${finding.location.line})`;
    default:
      return `${safe(finding.ruleId)}${finding.secret === null ? "" : ` for ${name}`}${system} in ${safe(finding.location.file)}`;
  }
}

function whereSection(findings: readonly Finding[], input: IssueInput): string[] {
  const rows = findings.map((finding) => {
    const { file, line } = finding.location;
    const link = blobLink(input, file, line);
    const preview = finding.preview ? ` \`${safe(finding.preview)}\`` : "";
    return `| [${safe(`${file}:${line}`)}](${link}) | \`${finding.ruleId}\` | ${finding.severity} | ${safe(finding.message)}${preview} |`;
  });
  return [
    "### What was found, where",
    "",
    `Scanned commit \`${input.commit.slice(0, 12)}\`.`,
    "",
    "| Location | Rule | Severity | Finding |",
    "|---|---|---|---|",
    ...rows,
    "",
  ];
}

function whySection(): string[] {
  return [
    "### Why it matters",
    "",
    "A secret an automation uses is a non-human identity with real privileges. Without an owner on record,",
    "nobody can answer:",
    "",
    "- **Who approves its rotation?** Unrotated credentials are how old leaks stay exploitable.",
    "- **Who can revoke it** when it leaks or its creator leaves?",
    "- **Who answers for misuse** of what it can do?",
    "",
  ];
}

function fixSection(finding: Finding, input: IssueInput, heading = "How to fix it"): string[] {
  const manifest = input.manifestPath ?? ".github/secretowners.yml";
  const out = [`### ${heading}`, ""];
  if (finding.ruleId === "hardcoded-secret") {
    out.push(
      "Treat the value as leaked: **revoke and rotate it**, store the new value in a secret store (an Actions",
      "secret, a vault), reference it by name, and give that name an owner in " + `\`${manifest}\`. ` +
        "Removing it from the file alone is not enough: it stays in git history.",
      "",
    );
    return out;
  }
  if (finding.ruleId === "orphaned-owner") {
    out.push(`Edit \`${safe(finding.location.file)}\` line ${finding.location.line}: name a team or member who exists and accepts the duty.`, "");
    return out;
  }
  const oneLine = manifest.endsWith("SECRETOWNERS");
  const name = finding.secret ?? "NAME";
  const system = finding.system ?? "github-actions";
  const lines = oneLine ? [`${system === "github-actions" ? "" : `${system}:`}${name.replace(/[^A-Za-z0-9_./-]/g, "?")}  @your-org/owning-team  @your-org/backup-team`] : ruleSnippet({ name, system }).split("\n");
  out.push(
    `Add ${oneLine ? "this line" : "this rule under `rules:`"} to \`${manifest}\`${input.manifestPath === null ? " (create it; `npx secretowners init` writes a starter)" : ""}, naming the real team, then fill in custodian, backup, rotation and revoker:`,
    "",
    "```" + (oneLine ? "" : "yaml"),
    ...lines,
    "```",
    "",
  );
  return out;
}

function controlsSection(findings: readonly Finding[]): string[] {
  const controls = [...new Set(findings.flatMap((finding) => finding.controls))];
  const nhi = controls.filter((control) => control.startsWith("NHI"));
  const csf = controls.filter((control) => !control.startsWith("NHI"));
  const rules = [...new Set(findings.map((finding) => finding.ruleId))].sort(compareStrings);
  const docs = rules.map((id) => {
    const url = RULES_BY_ID.get(id)?.meta.url;
    return url ? `[\`${id}\`](${url})` : `\`${id}\``;
  });
  return [
    "### Controls",
    "",
    `OWASP Non-Human Identities Top 10 (2025): ${nhi.join(", ") || "none"} · NIST CSF 2.0: ${csf.join(", ") || "none"} · Rules: ${docs.join(", ")}`,
    "",
  ];
}

/** The only place an issue @-mentions anyone: the CODEOWNERS of the files concerned. */
function ownersSection(findings: readonly Finding[], input: IssueInput): string[] {
  const owners = new Set<string>();
  for (const finding of findings) for (const owner of ownersOf(input, finding.location.file)) owners.add(owner);
  if (owners.size === 0) return [];
  const mentions = [...owners].filter((owner) => /^@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(owner)).sort(compareStrings);
  if (mentions.length === 0) return [];
  return ["### Code owners of these files", "", mentions.join(" "), ""];
}

function footer(): string {
  return "<sub>Opened by secretowners. It updates this issue when the findings change, closes it when they are gone and reopens it if they return. To accept a finding, add `# secretowners:ignore[rule-id] reason` on its line.</sub>";
}

function assigneesFor(findings: readonly Finding[], input: IssueInput): string[] {
  const users = new Set<string>();
  for (const finding of findings) {
    for (const login of assignableUsers(ownersOf(input, finding.location.file))) users.add(login);
  }
  const chosen = users.size > 0 ? [...users] : [...(input.fallbackAssignees ?? [])];
  return [...new Set(chosen)].sort(compareStrings).slice(0, MAX_ASSIGNEES);
}

function ownersOf(input: IssueInput, path: string): readonly string[] {
  return input.codeowners ? (codeownersOf(input.codeowners, path)?.owners ?? []) : [];
}

/** `@login` owners can be issue assignees; teams (`@org/team`) and emails cannot. */
export function assignableUsers(owners: readonly string[]): string[] {
  return owners.filter((owner) => /^@[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner)).map((owner) => owner.slice(1));
}

/** Scanned text in Markdown: no table breaks, no HTML, no links, no mentions. */
function safe(text: string): string {
  return defangMentions(cell(text));
}

/** Long location tables are cut, never the marker: the marker is how the issue is found again. */
function fitBody(lines: readonly string[]): string {
  const body = lines.join("\n");
  if (body.length <= MAX_ISSUE_BODY) return body;
  const note = "\n\n… (truncated: the full list is in the scan report)\n";
  return body.slice(0, MAX_ISSUE_BODY - note.length) + note;
}
