import { isIdentityKey } from "../../detect/scan.js";
import { parseDuration } from "../../manifest/text.js";
import type { Governance, ManifestMatch } from "../../manifest/types.js";
import { defineRule, type Report } from "../rule.js";
import { governedUses } from "./refs.js";

/** The longest rotation a secret an agent can read may have. */
export const AGENT_MAX_ROTATION_DAYS = 30;

/** What a rule still lacks before an AI agent may hold its secret; empty when nothing. */
export function agentGaps(match: ManifestMatch | null): string[] {
  if (match === null) return ["no ownership rule covers it"];
  const governance: Governance = match.effective;
  if (governance.agents === "denied") return ["its rule says `agents: denied`"];
  const gaps: string[] = [];
  if (governance.agents !== "allowed") gaps.push("its rule does not say `agents: allowed`");
  if (match.rule.scope === undefined) gaps.push("its rule has no `scope`");
  const days = governance.rotation === undefined ? null : parseDuration(governance.rotation);
  if (days === null) gaps.push(`its rule sets no rotation (at most ${AGENT_MAX_ROTATION_DAYS}d)`);
  else if (days > AGENT_MAX_ROTATION_DAYS) gaps.push(`its rotation ${governance.rotation} is longer than ${AGENT_MAX_ROTATION_DAYS}d`);
  return gaps;
}

export default defineRule({
  meta: {
    id: "agent-reachable-secret",
    description: "A secret reaches an AI agent step without a rule that allows agents, scopes the secret and rotates it within 30 days.",
    defaultSeverity: "error",
    pathContext: true,
    controls: ["NHI5", "NHI7", "PR.AA-05", "AI-RMF.GOVERN-2.1"],
    messages: {
      reachable: "Secret {{name}} reaches an AI agent ({{agent}}) but {{gaps}}. An agent may chain actions with whatever it can read: allow it explicitly, with a scope and a rotation of {{maxDays}}d or less.",
      reachableIdentity:
        "Identity-system secret {{name}} reaches an AI agent ({{agent}}) but {{gaps}}. With it the agent can change who has access to what: keep it away from the agent, or allow it explicitly, with a scope and a rotation of {{maxDays}}d or less.",
    },
    help: [
      "An AI agent decides its next action from its input — issue text, a diff, a web page — and can",
      "run tools with every secret in its environment. Where identity automation is part of an agentic",
      "workflow the key may unlock chained actions nobody reviewed, so ownership must be stricter",
      "(OWASP NHI5, overprivileged NHI; NHI7, long-lived secrets; NIST AI RMF GOVERN 2.1, roles and",
      "responsibilities for AI risk).",
      "",
      "A secret reaches an agent when it is set in the agent step's `with:`, `env:` or `run:`, or in",
      "the `env:` of its job or workflow. Agents are recognised from a list kept as data",
      "(`src/core/agents.ts`): agent actions such as `anthropics/claude-code-action`, and agent CLIs",
      "such as `claude`, `codex`, `gemini` started in a `run:` script.",
      "",
      "**Fix:** pass the agent only what it needs. For each secret it must have, the owner adds",
      "`agents: allowed` to the secret's rule with a `scope:` and a `rotation:` of 30 days or less.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const { ref, name, match } of governedUses(ctx)) {
      const agent = ref.workflow?.agent;
      if (agent === undefined) continue;
      const gaps = agentGaps(match);
      if (gaps.length === 0) continue;
      const identity = isIdentityKey(name);
      reports.push({
        messageId: identity ? "reachableIdentity" : "reachable",
        data: { name, agent, gaps: gaps.join(", "), maxDays: AGENT_MAX_ROTATION_DAYS },
        location: ref.location,
        secret: name,
        fingerprintKey: `${ref.system}:${name.toUpperCase()}:${agent}`,
        system: ref.system,
        identity,
      });
    }
    return reports;
  },
});
