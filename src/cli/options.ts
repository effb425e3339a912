import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SEVERITIES, type Severity } from "../core/model.js";
import { RULES_BY_ID } from "../core/policy/index.js";
import { checkSeveritySetting, type Level } from "../core/policy/severity.js";
import { dayOfTimestamp, startOfDay } from "../core/policy/rules/rotation-evidence.js";
import { FORMATS, type Format } from "../core/render/formats.js";
import { DEFAULT_MAX_FILE_BYTES } from "../node/max-file-size.js";
import { UsageError, stringOption, type ParsedArgs } from "./command.js";

/** Value parsers several commands share (scan, init, and any later report command); their specs are in option-specs.ts. */

export type FailOn = Severity | "never";
export const FAIL_ON: readonly FailOn[] = [...SEVERITIES, "never"];

export function parseFormat(args: ParsedArgs): Format {
  const format = stringOption(args, "format") ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}": use one of ${FORMATS.join(", ")}`);
  return format as Format;
}

export function parseFailOn(args: ParsedArgs): FailOn {
  const failOn = stringOption(args, "fail-on") ?? "error";
  if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`unknown --fail-on "${failOn}": use one of ${FAIL_ON.join(", ")}`);
  return failOn as FailOn;
}

export function parseSeverities(specs: readonly string[]): Record<string, Level> {
  const severities: Record<string, Level> = {};
  for (const spec of specs) {
    const [key, level, ...extra] = spec.split("=");
    if (!key || !level || extra.length > 0) throw new UsageError(`--severity "${spec}" must be RULE=LEVEL, CONTEXT=LEVEL or RULE@CONTEXT=LEVEL, e.g. stale-rule=warning or test=warning`);
    const problem = checkSeveritySetting(key, level, RULES_BY_ID);
    if (problem !== null) throw new UsageError(`--severity "${spec}" ${problem.message}: ${problem.suggestion}`);
    severities[key] = level as Level;
  }
  return severities;
}

export function parseSize(value: string | undefined): number {
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

export function writeOutput(path: string, text: string | Iterable<string>): void {
  const unwritable = () => new UsageError(`cannot write ${path}: check that the folder exists and is writable`);
  let fd: number;
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    fd = openSync(path, "w");
  } catch {
    throw unwritable();
  }
  try {
    for (const batch of typeof text === "string" ? [text] : batched(text)) {
      const bytes = Buffer.from(batch, "utf8");
      for (let at = 0; at < bytes.length; ) {
        try {
          at += writeSync(fd, bytes, at);
        } catch {
          throw unwritable();
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A report's pieces joined into writes of about 64 KB: few system calls, little held at once. */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length < size) continue;
    yield pending.join("");
    pending = [];
    length = 0;
  }
  if (length > 0) yield pending.join("");
}

/**
 * Colour for text meant for a terminal: `--no-color` and `NO_COLOR` turn it off, `--color` and
 * `FORCE_COLOR` (any value but 0/false) turn it on, otherwise a terminal gets colour.
 * See https://no-color.org and https://force-color.org.
 */
export function wantsColor(flags: { color: boolean; noColor: boolean }, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0" && force.toLowerCase() !== "false") return true;
  if (env["NO_COLOR"]) return false;
  return isTTY;
}

/** `--now 2026-12-01` (or a full ISO timestamp) fixes "today"; otherwise it is the clock's date. */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const day = dayOfTimestamp(value);
  if (day === null) throw new UsageError(`--now "${value}" must be a date that exists, YYYY-MM-DD (e.g. 2026-12-01)`);
  return startOfDay(day);
}
