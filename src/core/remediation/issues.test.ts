import { describe, expect, it } from "vitest";
import { scanFiles } from "../scan.js";
import { parseCodeowners } from "../manifest/codeowners.js";
import { assignableUsers, buildIssueDrafts, MAX_ISSUE_BODY, type IssueInput } from "./issues.js";
import { parseMarker } from "./marker.js";

const workflow = (names: string[]) =>
  ["on: push", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...names.map((name) => `      - run: echo \${{ secrets.${name} }}`)].join("\n");

const AWS_KEY = ["AKIA", "Z7Q4", "WXKP", "3MNB", "VC2D"].join("");

function input(files: { path: string; text: string }[], extra: Partial<IssueInput> = {}): IssueInput {
  return {
    findings: scanFiles(files).findings,
    repository: "acme/ops",
    commit: "0123456789abcdef0123456789abcdef01234567",
    serverUrl: "https://github.com",
    manifestPath: ".github/secretowners.yml",
    mode: "finding",
    ...extra,
  };
}

const manifest = { path: ".github/secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["OKTA_*"]\n    owner: "@acme/iam"\n' };

describe("buildIssueDrafts", () => {
  it("opens one issue per unowned secret, however many places use it", () => {
    const drafts = buildIssueDrafts(
      input([manifest, { path: ".github/workflows/a.yml", text: workflow(["JIRA_TOKEN", "OKTA_KEY"]) }, { path: ".github/workflows/b.yml", text: workflow(["JIRA_TOKEN"]) }]),
    );
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    expect(draft?.title).toBe("secretowners: Unowned secret JIRA_TOKEN (GitHub Actions)");
    expect(draft?.labels).toEqual(["secretowners", "unowned-secret"]);
    expect(parseMarker(draft?.body)?.fingerprints).toHaveLength(2);
    expect(draft?.body).toContain("https://github.com/acme/ops/blob/0123456789abcdef0123456789abcdef01234567/.github/workflows/a.yml#L6");
    expect(draft?.body).toContain('  - secrets: ["JIRA_TOKEN"]');
    expect(draft?.body).toContain("Who approves its rotation?");
    expect(draft?.body).toMatch(/NHI1.*GV\.RR-02, PR\.AA-01/);
  });

  it("keys an issue by what it is about, not by line, so moving lines changes nothing", () => {
    const before = buildIssueDrafts(input([manifest, { path: ".github/workflows/a.yml", text: workflow(["JIRA_TOKEN"]) }]));
    const after = buildIssueDrafts(input([manifest, { path: ".github/workflows/a.yml", text: workflow(["OKTA_KEY", "JIRA_TOKEN"]) }]));
    expect(after[0]?.key).toBe(before[0]?.key);
  });

  it("shows a hard-coded credential by redacted preview only", () => {
    const drafts = buildIssueDrafts(input([manifest, { path: "deploy.sh", text: `export AWS_ACCESS_KEY_ID=${AWS_KEY}\n` }]));
    expect(drafts.map((d) => d.title)).toEqual(["secretowners: Hard-coded credential (aws-access-key-id) in deploy.sh"]);
    for (const draft of drafts) expect(JSON.stringify(draft)).not.toContain(AWS_KEY.slice(4));
    expect(drafts[0]?.body).toContain("revoke and rotate it");
  });

  it("assigns CODEOWNERS users of the files, else the fallback, and mentions only code owners", () => {
    const files = [manifest, { path: ".github/workflows/a.yml", text: workflow(["JIRA_TOKEN"]) }];
    const codeowners = parseCodeowners({ path: ".github/CODEOWNERS", text: ".github/ @alice @acme/platform\n" });
    const owned = buildIssueDrafts(input(files, { codeowners, fallbackAssignees: ["secops-bot"] }));
    expect(owned[0]?.assignees).toEqual(["alice"]);
    expect(owned[0]?.body).toContain("@acme/platform @alice");
    // Outside code (where GitHub never links a mention) only the code owners are mentioned.
    const prose = (owned[0]?.body ?? "").replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    expect(prose.match(/(?<![\w`])@[\w-]+(\/[\w.-]+)?/g)).toEqual(["@acme/platform", "@alice"]);
    const unowned = buildIssueDrafts(input(files, { fallbackAssignees: ["secops-bot"] }));
    expect(unowned[0]?.assignees).toEqual(["secops-bot"]);
  });

  it("can keep one issue for the whole repository", () => {
    const drafts = buildIssueDrafts(
      input([manifest, { path: ".github/workflows/a.yml", text: workflow(["JIRA_TOKEN", "SLACK_TOKEN"]) }, { path: "deploy.sh", text: `K=${AWS_KEY}\n` }], { mode: "repository" }),
    );
    expect(drafts.map((d) => [d.key, d.title, d.labels])).toEqual([
      ["repository", "secretowners: 3 secrets need an accountable owner", ["secretowners", "hardcoded-secret", "unowned-secret"]],
    ]);
    expect(buildIssueDrafts(input([manifest], { mode: "repository" }))).toEqual([]);
  });

  it("escapes scanned text so a crafted name cannot inject HTML, links or mentions", () => {
    const drafts = buildIssueDrafts(
      input([{ path: "Jenkinsfile", text: "pipeline { environment { X = credentials('<img src=x>@everyone[a](b)') } }\n" }]),
    );
    const body = drafts.map((d) => d.body).join("\n");
    expect(body).not.toContain("<img");
    expect(body).not.toContain("@everyone");
  });

  it("stays within GitHub's body limit with thousands of places", () => {
    const names = Array.from({ length: 1500 }, () => "JIRA_TOKEN");
    const drafts = buildIssueDrafts(input([{ path: ".github/workflows/a.yml", text: workflow(names) }]));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    expect(parseMarker(drafts[0]?.body)).not.toBeNull();
  });

  it("assigns users only: teams and emails cannot be assignees", () => {
    expect(assignableUsers(["@alice", "@acme/infra", "ops@acme.example", "@bob-2"])).toEqual(["alice", "bob-2"]);
  });

  it("links a finding in the organization's manifest to the .github repository", () => {
    const organizationManifest = { path: "acme/.github:secretowners.yml", text: 'version: 1\nrules:\n  - secrets: ["X_*"]\n    owner: "@acme/gone"\n' };
    const findings = scanFiles([{ path: ".github/workflows/a.yml", text: workflow(["X_TOKEN"]) }], {
      organizationManifest,
      directory: { organization: "acme", exists: new Map([["@acme/gone", false]]) },
    }).findings;
    const drafts = buildIssueDrafts({ ...input([]), findings });
    expect(drafts.map((d) => d.labels[1])).toEqual(["orphaned-owner"]);
    expect(drafts[0]?.body).toContain("(https://github.com/acme/.github/blob/HEAD/secretowners.yml#L4)");
  });
});
