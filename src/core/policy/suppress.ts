import type { SourceFile } from "../model.js";

export interface InlineIgnore {
  /** Rule ids it applies to; null for every rule. */
  readonly rules: readonly string[] | null;
  readonly reason: string;
}

const MARKER = "secretowners:ignore";
const IGNORE = /secretowners:ignore(?:\[([a-z0-9,\s-]*)\])?(?:[ \t]+(.*?))?\s*(?:-->|\*\/)?\s*$/;

/**
 * `secretowners:ignore[rule-id,...] <reason>` in any comment syntax silences findings on its own
 * line and on the next one, so it can sit at the end of the line or on the line above.
 * Keyed by the 1-based line it applies to.
 */
export function collectInlineIgnores(file: SourceFile): Map<number, InlineIgnore> {
  const ignores = new Map<number, InlineIgnore>();
  if (!file.text.includes(MARKER)) return ignores;
  const lines = file.text.split(/\r?\n/);
  lines.forEach((text, index) => {
    if (!text.includes(MARKER)) return;
    const match = IGNORE.exec(text);
    if (!match) return;
    const rules = match[1]
      ?.split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    const ignore: InlineIgnore = {
      rules: rules && rules.length > 0 ? rules : null,
      reason: match[2]?.trim() || "no reason given",
    };
    ignores.set(index + 1, ignore);
    if (!ignores.has(index + 2)) ignores.set(index + 2, ignore);
  });
  return ignores;
}
