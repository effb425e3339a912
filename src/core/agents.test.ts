import { describe, expect, it } from "vitest";
import { AGENT_ACTIONS, agentOfAction, agentOfScript } from "./agents.js";

describe("agentOfAction", () => {
  it.each([
    ["anthropics/claude-code-action@v1", "Claude Code"],
    ["Anthropics/Claude-Code-Action@0123456789abcdef0123456789abcdef01234567", "Claude Code"],
    ["openai/codex-action@main", "OpenAI Codex"],
    ["google-github-actions/run-gemini-cli@v0", "Gemini CLI"],
    ["sst/opencode/github@latest", "opencode"],
    ["actions/checkout@v4", undefined],
    ["anthropics/claude-code-action-lookalike@v1", undefined],
    ["./.github/actions/claude", undefined],
  ])("%s → %s", (uses, expected) => {
    expect(agentOfAction(uses)).toBe(expected);
  });

  it("knows every listed action by its own name", () => {
    for (const row of AGENT_ACTIONS) expect(agentOfAction(`${row.action}@v1`)).toBe(row.name);
  });
});

describe("agentOfScript", () => {
  it.each([
    ['claude -p "fix the failing test" --allowedTools Bash', "Claude Code"],
    ["npm i -g @anthropic-ai/claude-code\nclaude --print 'review'", "Claude Code"],
    ["npx -y @anthropic-ai/claude-code@latest -p review", "Claude Code"],
    ["cd app && codex exec --full-auto 'update deps'", "OpenAI Codex"],
    ["ANTHROPIC_API_KEY=x sudo ./node_modules/.bin/claude -p hi", "Claude Code"],
    ["gemini -p 'triage this issue' | tee out.txt", "Gemini CLI"],
    ["pipx run aider-chat --message 'fix lint'", "Aider"],
    ["goose run --text 'summarize'", "Goose"],
    ["copilot -p 'explain the diff' --allow-all-tools", "GitHub Copilot CLI"],
    ["opencode run 'fix it'", "opencode"],
  ])("%s → %s", (script, expected) => {
    expect(agentOfScript(script)).toBe(expected);
  });

  it.each([
    "echo 'ask claude later'",
    "goose postgres \"$DB_URL\" up",
    "copilot svc deploy --env prod",
    "npm install @anthropic-ai/sdk",
    "git log --grep codex",
    "opencode --version",
    "./scripts/claude-review.sh",
  ])("no agent in %s", (script) => {
    expect(agentOfScript(script)).toBeUndefined();
  });
});
