/**
 * AI agents a CI step can start, as data: a step that runs one hands every secret it can read to a
 * program that decides for itself what to do next (agent-reachable-secret). Add a row to extend.
 *
 * Ambiguous command names carry a `requires` test on the rest of the command, so a database
 * migration (`goose up`) or AWS Copilot (`copilot deploy`) is not mistaken for an agent.
 */

export interface AgentAction {
  /** `owner/repo` or `owner/repo/path` of the action, compared case-insensitively without the `@ref`. */
  readonly action: string;
  readonly name: string;
}

export interface AgentCommand {
  /** The program as typed in a `run:` script (`claude`), or the npm/PyPI package a runner starts. */
  readonly command: string;
  readonly name: string;
  /** Matched against the arguments after the command; without it the command alone is enough. */
  readonly requires?: RegExp;
}

export const AGENT_ACTIONS: readonly AgentAction[] = [
  { action: "anthropics/claude-code-action", name: "Claude Code" },
  { action: "anthropics/claude-code-base-action", name: "Claude Code" },
  { action: "openai/codex-action", name: "OpenAI Codex" },
  { action: "google-github-actions/run-gemini-cli", name: "Gemini CLI" },
  { action: "sst/opencode/github", name: "opencode" },
  { action: "qodo-ai/pr-agent", name: "PR-Agent" },
  { action: "codium-ai/pr-agent", name: "PR-Agent" },
  { action: "coderabbitai/ai-pr-reviewer", name: "CodeRabbit AI PR reviewer" },
];

export const AGENT_COMMANDS: readonly AgentCommand[] = [
  { command: "claude", name: "Claude Code" },
  { command: "@anthropic-ai/claude-code", name: "Claude Code" },
  { command: "codex", name: "OpenAI Codex" },
  { command: "@openai/codex", name: "OpenAI Codex" },
  { command: "gemini", name: "Gemini CLI" },
  { command: "@google/gemini-cli", name: "Gemini CLI" },
  { command: "aider", name: "Aider" },
  { command: "aider-chat", name: "Aider" },
  { command: "cursor-agent", name: "Cursor Agent" },
  { command: "opencode", name: "opencode", requires: /^run\b/ },
  { command: "opencode-ai", name: "opencode" },
  { command: "goose", name: "Goose", requires: /^(?:run|session)\b/ },
  { command: "copilot", name: "GitHub Copilot CLI", requires: /(?:^|\s)(?:-p|--prompt|--allow-all-tools)\b/ },
  { command: "@github/copilot", name: "GitHub Copilot CLI" },
  { command: "qwen", name: "Qwen Code" },
  { command: "@qwen-code/qwen-code", name: "Qwen Code" },
];

const ACTIONS_BY_NAME = new Map(AGENT_ACTIONS.map((row) => [row.action.toLowerCase(), row.name]));
const COMMANDS_BY_NAME = new Map<string, AgentCommand[]>();
for (const row of AGENT_COMMANDS) COMMANDS_BY_NAME.set(row.command, [...(COMMANDS_BY_NAME.get(row.command) ?? []), row]);

/** The agent a `uses:` value starts, if any (`anthropics/claude-code-action@v1` → Claude Code). */
export function agentOfAction(uses: string): string | undefined {
  const at = uses.indexOf("@");
  const path = (at < 0 ? uses : uses.slice(0, at)).trim().toLowerCase().replace(/\/+$/, "");
  return ACTIONS_BY_NAME.get(path);
}

/** Words that run the next word as the command. */
const PREFIXES = new Set(["sudo", "time", "exec", "env", "nohup", "command", "xvfb-run"]);
/** Package runners: the package (after their own options) is the command. */
const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  npx: [],
  bunx: [],
  pnpx: [],
  uvx: [],
  "pnpm dlx": [],
  "yarn dlx": [],
  "npm exec": [],
  "pipx run": [],
  "bun x": [],
};
const RUNNER_OPTIONS_WITH_VALUE = new Set(["-p", "--package", "--from", "--with"]);

/**
 * The agent a `run:` script starts, if any. A command is a word at the start of a line or after
 * `&&`, `||`, `;`, `|` or `$(`, past environment assignments, `sudo`-like prefixes and package
 * runners (`npx -y @anthropic-ai/claude-code`); paths are reduced to their last part.
 */
export function agentOfScript(script: string): string | undefined {
  if (!mentionsAgent(script)) return undefined;
  for (const segment of script.split(/\n|&&|\|\||;|\||\$\(|`/)) {
    const found = agentOfCommand(segment.trim().split(/\s+/).filter((word) => word !== ""));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Cheap gate: most scripts mention no agent at all. */
const GATE = new RegExp(AGENT_COMMANDS.map((row) => row.command.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"));
function mentionsAgent(script: string): boolean {
  return GATE.test(script);
}

function agentOfCommand(words: string[]): string | undefined {
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || PREFIXES.has(word) || word === "!" || word === "{" || word === "(") {
      i++;
      continue;
    }
    const pair = `${word} ${words[i + 1] ?? ""}`;
    const runner = RUNNERS[pair] !== undefined ? 2 : RUNNERS[word] !== undefined ? 1 : 0;
    if (runner > 0) {
      i += runner;
      while (i < words.length && (words[i] as string).startsWith("-")) {
        const option = (words[i] as string).split("=")[0] as string;
        if (RUNNER_OPTIONS_WITH_VALUE.has(option) && !(words[i] as string).includes("=")) {
          const pkg = agentOfPackage(words[i + 1] ?? "");
          if (pkg !== undefined) return pkg;
          i++;
        }
        i++;
      }
      const pkg = agentOfPackage(words[i] ?? "");
      return pkg ?? agentOfProgram(words.slice(i));
    }
    return agentOfProgram(words.slice(i));
  }
  return undefined;
}

function agentOfPackage(spec: string): string | undefined {
  // `@anthropic-ai/claude-code@1.2.3` → `@anthropic-ai/claude-code`; `aider-chat==0.5` → `aider-chat`.
  const name = spec.replace(/(?<=.)@[^/]*$/, "").replace(/[=<>~!].*$/, "");
  return (COMMANDS_BY_NAME.get(name) ?? []).find((row) => row.requires === undefined)?.name;
}

function agentOfProgram(words: readonly string[]): string | undefined {
  const [program, ...args] = words;
  if (program === undefined) return undefined;
  const base = program.replace(/^["']|["']$/g, "").replace(/^.*\//, "");
  const rest = args.join(" ");
  return (COMMANDS_BY_NAME.get(base) ?? []).find((row) => row.requires === undefined || row.requires.test(rest))?.name;
}
