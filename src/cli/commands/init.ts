import { STARTER_FORMATS, type StarterFormat } from "../../core/render/formats.js";
import type { Command } from "../command.js";
import { EXCLUDE_OPTION, MAX_FILE_SIZE_OPTION, NO_GITIGNORE_OPTION } from "../option-specs.js";

export const DEFAULT_TARGET: Readonly<Record<StarterFormat, string>> = {
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
  run: async (args, io) => (await import("../run/local.js")).runInit(args, io),
};

export default init;
