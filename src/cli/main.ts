import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SEVERITIES, type ScanResult, type Severity } from "../core/model.js";
import { RULES_BY_ID } from "../core/policy/index.js";
import { RENDERERS } from "../core/render/index.js";
import { countFailing, summarize } from "../core/render/summary.js";
import { renderStarterManifest } from "../core/init.js";
import { scanDirectory, UsageError } from "../node/scan-directory.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/walk.js";
import { VERSION } from "../version.js";

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

type FailOn = Severity | "never";
const FAIL_ON: readonly FailOn[] = [...SEVERITIES, "never"];

const USAGE = `Usage: secretowners <command> [options]

Commands:
  scan [PATH]   Find every secret the repository at PATH (default .) uses and check its ownership
  init [PATH]   Write a starter secretowners.yml listing every secret found, with TODO owners
  app           Start the GitHub App server (configured by environment; see secretowners app --help)

Options for scan:
  --format text|json|sarif|markdown   Output format (default text)
  --output FILE                       Write the report to FILE instead of standard output
  --fail-on error|warning|note|never  Exit 1 when a finding at or above this severity is left (default error)
  --manifest FILE                     Use this manifest instead of looking in .github/, the root, then docs/
  --baseline FILE                     Accept the findings whose fingerprints FILE lists (a JSON report works)
  --severity RULE=LEVEL               Change a rule's severity (error|warning|note|off); repeatable
  --exclude GLOB                      Leave out paths matching GLOB (relative to PATH); repeatable
  --max-file-size BYTES               Skip (and report) files larger than this (default ${DEFAULT_MAX_FILE_BYTES})
  --color / --no-color                Force colour on or off in text output (default: on for a terminal)

Options for init:
  --output FILE                       Where to write (default PATH/.github/secretowners.yml)
  --force                             Overwrite an existing file

  -h, --help                          Show this help
  -v, --version                       Show the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error or unreadable path.
`;

const OPTIONS = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  "fail-on": { type: "string" },
  manifest: { type: "string" },
  baseline: { type: "string" },
  severity: { type: "string", multiple: true },
  exclude: { type: "string", multiple: true },
  "max-file-size": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

export function runCli(argv: readonly string[], io: CliIO): number {
  try {
    return dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`secretowners: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function dispatch(argv: readonly string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${firstLine(error)} (see secretowners --help)`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === "help") {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === undefined) throw new UsageError("missing command: use `secretowners scan [PATH]` or `secretowners init [PATH]` (see --help)");
  if (rest.length > 1) throw new UsageError(`${command} takes one PATH, got ${rest.length}: ${rest.join(" ")}`);
  const root = resolve(rest[0] ?? ".");
  if (command === "scan") return scan(root, rest[0] ?? ".", values, io);
  if (command === "init") return init(root, values, io);
  throw new UsageError(`unknown command "${command}": use scan or init (see --help)`);
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>["values"];

function scan(root: string, shownRoot: string, values: Values, io: CliIO): number {
  const format = values.format ?? "text";
  if (!Object.hasOwn(RENDERERS, format)) {
    throw new UsageError(`unknown --format "${format}": use one of ${Object.keys(RENDERERS).join(", ")}`);
  }
  const failOn = (values["fail-on"] ?? "error") as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`unknown --fail-on "${failOn}": use one of ${FAIL_ON.join(", ")}`);
  requireDirectory(root, shownRoot);
  const result = scanDirectory(root, {
    ...(values.manifest !== undefined ? { manifestPath: values.manifest } : {}),
    ...(values.baseline !== undefined ? { baseline: readBaseline(values.baseline) } : {}),
    severities: parseSeverities(values.severity ?? []),
    maxFileBytes: parseSize(values["max-file-size"]),
    exclude: values.exclude ?? [],
  });
  const color = values["no-color"] ? false : values.color ? true : format === "text" && values.output === undefined && io.isTTY && !io.env["NO_COLOR"];
  const renderer = RENDERERS[format as keyof typeof RENDERERS];
  const report = renderer(result, { toolVersion: VERSION, color, failOn });
  if (values.output !== undefined) writeOutput(values.output, report);
  else io.stdout(report);
  return exitCode(result, failOn);
}

export function exitCode(result: ScanResult, failOn: FailOn): number {
  return countFailing(summarize(result.findings), failOn) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function init(root: string, values: Values, io: CliIO): number {
  requireDirectory(root, root);
  const target = values.output !== undefined ? resolve(values.output) : join(root, ".github", "secretowners.yml");
  if (existsSync(target) && !values.force) {
    throw new UsageError(`${target} already exists; pass --force to overwrite it`);
  }
  const result = scanDirectory(root, {
    maxFileBytes: parseSize(values["max-file-size"]),
    exclude: values.exclude ?? [],
  });
  writeOutput(target, renderStarterManifest(result.secrets));
  const secrets = result.secrets.filter((entry) => entry.kind === "secret").length;
  io.stderr(`Wrote ${target} with ${secrets} secret${secrets === 1 ? "" : "s"}. Fill in every TODO, then run \`secretowners scan\`.\n`);
  return EXIT_OK;
}

function requireDirectory(root: string, shown: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`cannot read ${shown}: no such directory`);
  }
  if (!isDirectory) throw new UsageError(`cannot scan ${shown}: not a directory`);
}

function parseSeverities(specs: readonly string[]): Record<string, Severity | "off"> {
  const severities: Record<string, Severity | "off"> = {};
  for (const spec of specs) {
    const [rule, level, ...extra] = spec.split("=");
    if (!rule || !level || extra.length > 0) throw new UsageError(`--severity "${spec}" must be RULE=LEVEL, e.g. stale-rule=warning`);
    if (!RULES_BY_ID.has(rule)) throw new UsageError(`--severity: unknown rule "${rule}": use one of ${[...RULES_BY_ID.keys()].join(", ")}`);
    if (![...SEVERITIES, "off"].includes(level)) throw new UsageError(`--severity: unknown level "${level}": use error, warning, note or off`);
    severities[rule] = level as Severity | "off";
  }
  return severities;
}

function parseSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_BYTES;
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UsageError(`--max-file-size "${value}" must be a positive number of bytes`);
  return Number(value);
}

/**
 * A baseline is a list of accepted fingerprints: either `{"fingerprints": [...]}` or a previous
 * `--format json` report, so `scan --format json --output baseline.json` makes one.
 */
export function readBaseline(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read baseline ${path}: no such file or not readable`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input; a baseline should hold no secret, but never risk it.
    throw new UsageError(`baseline ${path} is not valid JSON; write {"fingerprints": ["..."]} or a --format json report`);
  }
  const fingerprints = extractFingerprints(document);
  if (fingerprints === null) {
    throw new UsageError(`baseline ${path} has neither a "fingerprints" list of strings nor a "findings" list with "fingerprint" fields`);
  }
  return new Set(fingerprints);
}

function extractFingerprints(document: unknown): string[] | null {
  if (typeof document !== "object" || document === null) return null;
  const record = document as Record<string, unknown>;
  if (Array.isArray(record["fingerprints"]) && record["fingerprints"].every((item) => typeof item === "string")) {
    return record["fingerprints"] as string[];
  }
  if (Array.isArray(record["findings"])) {
    const prints = record["findings"].map((finding: unknown) =>
      typeof finding === "object" && finding !== null ? (finding as Record<string, unknown>)["fingerprint"] : undefined,
    );
    if (prints.every((print) => typeof print === "string")) return prints as string[];
  }
  return null;
}

function writeOutput(path: string, text: string): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(path, text);
  } catch {
    throw new UsageError(`cannot write ${path}: check that the folder exists and is writable`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
