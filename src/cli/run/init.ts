import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderStarterManifest } from "../../core/init.js";
import { STARTER_FORMATS, type StarterFormat } from "../../core/render/formats.js";
import { scanPaths } from "../../node/scan-paths.js";
import { EXIT_OK, UsageError, flagOption, listOption, stringOption, type CliIO, type ParsedArgs } from "../command.js";
import { DEFAULT_TARGET } from "../commands/init.js";
import { parseSize, writeOutput } from "../options.js";

/** `secretowners init` (its options and help: commands/init.ts). */
export function runInit(args: ParsedArgs, io: CliIO): number {
  const format = (stringOption(args, "format") ?? "yaml") as StarterFormat;
  if (!STARTER_FORMATS.includes(format)) throw new UsageError(`init --format "${format}": use ${STARTER_FORMATS.join(" or ")} (report formats such as json belong to scan)`);
  const scanned = scanPaths([args.positionals[0] ?? "."], {
    ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
    wholeRepository: true,
    maxFileBytes: parseSize(stringOption(args, "max-file-size")),
    exclude: listOption(args, "exclude"),
    gitignore: !flagOption(args, "no-gitignore"),
  });
  for (const warning of scanned.warnings) io.stderr(`secretowners: warning: ${warning}\n`);
  const output = stringOption(args, "output");
  const target = output !== undefined ? resolve(io.cwd ?? ".", output) : join(scanned.root, DEFAULT_TARGET[format]);
  // A second manifest beside (or above) the one in use would be ignored or shadow it, whatever --force says.
  const existing = scanned.result.manifest;
  if (output === undefined && existing !== null && resolve(scanned.root, existing) !== target) {
    throw new UsageError(`${join(scanned.root, existing)} is already this repository's manifest; writing ${target} as well would leave two. Edit the one there, delete it first, or pass --output FILE to write a draft elsewhere`);
  }
  if (existsSync(target) && !flagOption(args, "force")) throw new UsageError(`${target} already exists; pass --force to overwrite it`);
  writeOutput(target, renderStarterManifest(scanned.result.secrets, format));
  const secrets = scanned.result.secrets.filter((entry) => entry.kind === "secret").length;
  io.stderr(`Wrote ${target} with ${secrets} secret${secrets === 1 ? "" : "s"}. Fill in every TODO, then run \`secretowners scan\`.\n`);
  return EXIT_OK;
}
