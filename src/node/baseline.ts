import { readFileSync } from "node:fs";
import { UsageError } from "./scan-directory.js";

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
