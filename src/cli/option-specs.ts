import { FORMATS } from "../core/render/formats.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import type { OptionSpec } from "./command.js";

/**
 * Option specs several commands share. Apart from their parsers (options.ts) because every
 * command's help and argument check reads them before, or without, loading the command's code.
 */

export const FORMAT_OPTION: OptionSpec = { type: "string", value: "FORMAT", description: `Report format: ${FORMATS.join(", ")} (default text)` };
export const OUTPUT_OPTION: OptionSpec = { type: "string", short: "o", value: "FILE", description: "Write the report to FILE instead of standard output" };
export const FAIL_ON_OPTION: OptionSpec = { type: "string", value: "LEVEL", description: "Exit 1 when a finding at or above LEVEL is left: error, warning, note or never (default error)" };
export const EXCLUDE_OPTION: OptionSpec = { type: "string", multiple: true, value: "PATTERN", description: "Leave out paths matching PATTERN (gitignore syntax, relative to the repository root)" };
export const NO_GITIGNORE_OPTION: OptionSpec = { type: "boolean", description: "Also scan files that .gitignore files leave out" };
export const NOW_OPTION: OptionSpec = { type: "string", value: "YYYY-MM-DD", description: "Judge rotation and review dates as of this day (default today, UTC)" };
export const MAX_FILE_SIZE_OPTION: OptionSpec = { type: "string", value: "BYTES", description: `Skip (and report) files larger than BYTES (default ${DEFAULT_MAX_FILE_BYTES})` };
