import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderStarterManifest, STARTER_FORMATS, type StarterFormat } from "../../core/init.js";
import { scanPaths } from "../../node/scan-paths.js";
import { EXIT_OK, UsageError, flagOption, listOption, stringOption, type Command } from "../command.js";
import { EXCLUDE_OPTION, MAX_FILE_SIZE_OPTION, NO_GITIGNORE_OPTION, parseSize, writeOutput } from "../options.js";

const DEFAULT_TARGET: Readonly<Record<StarterFormat, string>> = {
  yaml: ".github/secretowners.yml",
  secretowners: ".github/SECRETOWNERS",
};

const init: Command = {
  name: "init",
  synopsis: "[PATH]",
  summary: "Write a starter manifest listing every secret found, with TODO owners",
  description: [
    "Scans the repository holding PATH (default .) and writes a starter ownership manifest at its",
    "root, one rule per system and name prefix, owners left as TODO so that `secretowners scan`",
    "keeps pointing at what is left to fill in. Refuses to overwrite a file without --force.",
  ].join("\n"),
  maxPositionals: 1,
  options: {
    format: { type: "string", value: "FORMAT", description: `Manifest form: ${STARTER_FORMATS.join(" or ")} (the one-line SECRETOWNERS form) (default yaml)` },
    output: { type: "string", short: "o", value: "FILE", description: `Where to write (default ROOT/${DEFAULT_TARGET.yaml}, or ROOT/${DEFAULT_TARGET.secretowners})` },
    force: { type: "boolean", description: "Overwrite an existing file" },
    exclude: EXCLUDE_OPTION,
    "no-gitignore": NO_GITIGNORE_OPTION,
    "max-file-size": MAX_FILE_SIZE_OPTION,
  },
  examples: [
    { command: "secretowners init", explanation: "write .github/secretowners.yml for the repository in the current folder" },
    { command: "secretowners init --format secretowners", explanation: "write the one-line form, .github/SECRETOWNERS" },
    { command: "secretowners init ../other-repo --output /tmp/draft.yml", explanation: "draft a manifest for another repository without touching it" },
  ],
  run(args, io) {
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
  },
};

export default init;
