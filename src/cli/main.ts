import { commandHelp, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, flagOption, type CliIO, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { didYouMean } from "../core/suggest.js";
import { VERSION } from "../version.js";

export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from "./command.js";

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => `${command.name} ${command.synopsis}`.length)) + 2;
  return [
    "Usage: secretowners <command> [options]",
    "",
    "Every automation secret needs a governance owner: find the secrets a repository uses, match",
    "them to its ownership manifest (secretowners.yml), report what is unowned or under-governed.",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${`${command.name} ${command.synopsis}`.padEnd(width)}${command.summary}`),
    "",
    "Options:",
    "  -h, --help       Show this help; secretowners <command> --help shows a command's options and examples",
    "  -V, --version    Show the version",
    "",
    "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error or unreadable input.",
    "",
  ].join("\n");
}

export function runCli(argv: readonly string[], io: CliIO): number | Promise<number> {
  const usage = (error: unknown): number => {
    if (error instanceof UsageError) {
      io.stderr(`secretowners: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  };
  try {
    const code = dispatch(argv, io);
    // An async command (org-scan, app) rejects with its usage errors rather than throwing them.
    return typeof code === "number" ? code : code.catch(usage);
  } catch (error) {
    return usage(error);
  }
}

function dispatch(argv: readonly string[], io: CliIO): number | Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("missing command: use `secretowners scan [PATH...]` or `secretowners init [PATH]` (see secretowners --help)");
  if (first === "-V" || first === "-v" || first === "--version") {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === "-h" || first === "--help") {
    io.stdout(topLevelHelp());
    return EXIT_OK;
  }
  if (first === "help") {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(topLevelHelp());
      return EXIT_OK;
    }
    return printHelp(findCommand(topic), io);
  }
  if (first.startsWith("-")) throw new UsageError(`${first} must come after a command, e.g. secretowners scan ${first} (see secretowners --help)`);
  const command = findCommand(first);
  const args = parseCommandArgs(command, rest);
  if (flagOption(args, "help")) return printHelp(command, io);
  return command.run(args, io);
}

async function printHelp(command: Command, io: CliIO): Promise<number> {
  io.stdout(await commandHelp(command));
  return EXIT_OK;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  const names = COMMANDS.map((candidate) => candidate.name);
  const guess = didYouMean(name, names);
  throw new UsageError(`unknown command "${name}"${guess === null ? "" : ` (did you mean ${guess}?)`}: use one of ${names.join(", ")} (see secretowners --help)`);
}
