import { parseArgs } from "node:util";
import { didYouMean } from "../core/suggest.js";
import { UsageError } from "../node/usage-error.js";

/** Where a command writes and what it may know of its surroundings; tests pass their own. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether standard output is a terminal (colour by default). */
  readonly isTTY: boolean;
  /** Whether standard error is a terminal (colour in the one-line summary); false when unknown. */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory paths are resolved against; the process's when absent. */
  readonly cwd?: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export { UsageError } from "../node/usage-error.js";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Repeatable: every value is kept, in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in help, e.g. `FILE`. */
  readonly value?: string;
  readonly description: string;
}

export interface ParsedArgs {
  readonly values: ReadonlyMap<string, string | boolean | readonly string[]>;
  readonly positionals: readonly string[];
}

/**
 * One subcommand. Adding one is a new module under commands/ plus one line in commands/index.ts:
 * parsing, argument errors and `--help` come from here. That module says what the command accepts
 * and shows; its code is under run/, and `run` imports it (`import()`), so that the bundle keeps it
 * in a chunk loaded only when the command runs: `-V`, `--help` and the other commands never parse it.
 */
export interface Command {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** Arguments after the command name, e.g. `[PATH...]`. */
  readonly synopsis: string;
  /** What it does, a few lines for `secretowners <command> --help`. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Most positionals accepted; undefined for any number. */
  readonly maxPositionals?: number;
  readonly examples: readonly { readonly command: string; readonly explanation: string }[];
  /** Extra help sections (the rule list, exit codes); asynchronous when they list what the command loads. */
  readonly helpSections?: () => readonly string[] | Promise<readonly string[]>;
  /** A long-running command (the App server) resolves with its exit code when it stops. */
  run(args: ParsedArgs, io: CliIO): number | Promise<number>;
}

/** Every command understands these; `--help` is answered before the command runs. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "Show this help" },
};

/**
 * Parses a command's arguments. Node's own parser is used for tokenizing only; every mistake is
 * reported here in words that name the command and the fix, never as Node's generic message.
 */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...command.options };
  const shorts = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const name = token.rawName.startsWith("--") ? token.name : (shorts.get(token.name) ?? token.name);
    const spec = options[name];
    if (spec === undefined) throw new UsageError(unknownOption(command, token.rawName, Object.keys(options)));
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (got "${token.value}")${seeHelp(command)}`);
      values.set(name, true);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith("-") && value.length > 1)) {
      throw new UsageError(`${token.rawName} needs a value: ${token.rawName} ${spec.value ?? "VALUE"}${value === undefined ? "" : ` (write ${token.rawName}=${value} if "${value}" is meant)`}${seeHelp(command)}`);
    }
    if (spec.multiple) {
      const list = (values.get(name) as string[] | undefined) ?? [];
      list.push(value);
      values.set(name, list);
    } else {
      if (values.has(name)) throw new UsageError(`${token.rawName} is given twice; give it once${seeHelp(command)}`);
      values.set(name, value);
    }
  }
  if (!values.get("help") && command.maxPositionals !== undefined && positionals.length > command.maxPositionals) {
    throw new UsageError(
      `${command.name} takes ${command.maxPositionals === 0 ? "no arguments" : `at most ${command.maxPositionals} ${command.synopsis}`}, got ${positionals.length}: ${positionals.join(" ")}${seeHelp(command)}`,
    );
  }
  return { values, positionals };
}

function unknownOption(command: Command, raw: string, known: readonly string[]): string {
  const guess = raw.startsWith("--") ? didYouMean(raw.slice(2), known) : null;
  const hint = guess === null ? "" : ` (did you mean --${guess}?)`;
  return `${command.name} has no option ${raw}${hint}${seeHelp(command)}`;
}

function seeHelp(command: Command): string {
  return `; see secretowners ${command.name} --help`;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values.get(name);
  return typeof value === "string" ? value : undefined;
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values.get(name) === true;
}

export function listOption(args: ParsedArgs, name: string): readonly string[] {
  const value = args.values.get(name);
  return Array.isArray(value) ? value : [];
}

/** `secretowners <command> --help`: synopsis, description, options, examples and extra sections. */
export async function commandHelp(command: Command): Promise<string> {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    return [flag, `${spec.description}${spec.multiple ? " (repeatable)" : ""}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [
    `Usage: secretowners ${command.name} ${command.synopsis}`.trimEnd(),
    "",
    command.description,
    "",
    "Options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
  ];
  if (command.examples.length > 0) {
    lines.push("", "Examples:");
    for (const example of command.examples) lines.push(`  ${example.command}`, `      ${example.explanation}`);
  }
  for (const section of (await command.helpSections?.()) ?? []) lines.push("", section);
  return `${lines.join("\n")}\n`;
}
