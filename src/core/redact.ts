import { createHash } from "node:crypto";

/**
 * The only two things the scanner ever shows of a secret value. Anything that renders a credential
 * goes through here; no other module may put a value (or a slice of one) into a string.
 */

/** Never reveal more than a quarter of a value, and never more than four characters. */
const MAX_PREVIEW_CHARS = 4;

export function redact(value: string): string {
  const length = [...value].length;
  const shown = Math.min(MAX_PREVIEW_CHARS, Math.floor(length / 4));
  const head = [...value].slice(0, shown).join("");
  return `${head}…(${length} chars)`;
}

export function hashValue(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
