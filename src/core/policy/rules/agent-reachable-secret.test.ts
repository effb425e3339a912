import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { githubActions } from "../../extract/github-actions.js";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./agent-reachable-secret.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: [
    "version: 1",
    "defaults:",
    "  rotation: 90d",
    "rules:",
    '  - secrets: ["ANTHROPIC_API_KEY"]',
    '    owner: "@acme/dev-productivity"',
    "    agents: allowed",
    "    rotation: 30d",
    '    scope: { workflows: [".github/workflows/claude.yml"] }',
    '  - secrets: ["OKTA_*"]',
    '    owner: "@acme/iam"',
    '  - secrets: ["NPM_TOKEN"]',
    '    owner: "@acme/web"',
    "    agents: allowed",
    '  - secrets: ["PROD_DB_*"]',
    '    owner: "@acme/data"',
    "    agents: denied",
    "",
  ].join("\n"),
};

const agent = { agent: "Claude Code" };

describe("agent-reachable-secret", () => {
  it("accepts a secret whose rule allows agents with a scope and a 30-day rotation", () => {
    expect(rule.check(contextFor({ manifest: MANIFEST, refs: [actionsRef("ANTHROPIC_API_KEY", 5, { workflow: agent })] }))).toEqual([]);
  });

  it("lists what each rule lacks; identity-system secrets say so and rank first", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [
        actionsRef("OKTA_API_TOKEN", 6, { workflow: agent }),
        actionsRef("NPM_TOKEN", 7, { workflow: agent }),
        actionsRef("PROD_DB_PASSWORD", 8, { workflow: agent }),
        actionsRef("JIRA_TOKEN", 9, { workflow: agent }),
      ],
    });
    const reports = rule.check(ctx);
    expect(brief(reports).map((r) => [r.messageId, r.secret])).toEqual([
      ["reachableIdentity", "OKTA_API_TOKEN"],
      ["reachable", "NPM_TOKEN"],
      ["reachable", "PROD_DB_PASSWORD"],
      ["reachable", "JIRA_TOKEN"],
    ]);
    expect(reports.map((r) => r.data["gaps"])).toEqual([
      "its rule does not say `agents: allowed`, its rule has no `scope`, its rotation 90d is longer than 30d",
      "its rule has no `scope`, its rotation 90d is longer than 30d",
      "its rule says `agents: denied`",
      "no ownership rule covers it",
    ]);
    expect(reports.map((r) => r.identity)).toEqual([true, false, false, false]);
  });

  it("ignores secrets no agent can read", () => {
    expect(rule.check(contextFor({ manifest: MANIFEST, refs: [actionsRef("OKTA_API_TOKEN", 6, { workflow: { triggers: ["push"] } })] }))).toEqual([]);
  });
});

describe("agent-reachable-secret on a workflow", () => {
  it("follows secrets from the step, the job and the workflow env into agent steps, and no further", () => {
    const text = readFileSync(new URL("../../../../fixtures/policy/agent-workflows.yml", import.meta.url), "utf8");
    const refs = githubActions.extract({ path: ".github/workflows/triage.yml", text }).refs;
    const reports = rule.check(contextFor({ manifest: MANIFEST, refs }));
    expect(reports.map((r) => [r.secret, r.location.line, r.data["agent"]])).toEqual([
      ["SENTRY_AUTH_TOKEN", 6, "Claude Code"],
      ["OKTA_API_TOKEN", 11, "Claude Code"],
      ["LINEAR_CLIENT_SECRET", 20, "Claude Code"],
      ["GEMINI_API_KEY", 32, "Gemini CLI"],
    ]);
    // ANTHROPIC_API_KEY's rule allows the agent; NPM_TOKEN is in a step that runs no agent.
  });
});
