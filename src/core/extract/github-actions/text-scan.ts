import { Lexer } from "yaml";
import type { Segment } from "./route.js";

/** Marker tokens the `yaml` lexer interleaves with the source; they occupy no characters. */
const MARKERS = new Set(["\x02", "\x18", "\x1f"]);

/**
 * Offsets of YAML comments, from the `yaml` lexer. The lexer keeps going where the composer gives
 * up, and it knows block scalars, so a `#` line inside `run: |` (a shell comment, still expanded
 * by GitHub) is not mistaken for a YAML comment the way a line-based guess would.
 */
export function commentRanges(text: string): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (token.startsWith("#") && !token.includes("\n")) ranges.push([offset, offset + token.length]);
    offset += token.length;
  }
  return ranges;
}

export function inRanges(ranges: ReadonlyArray<readonly [number, number]>, offset: number): boolean {
  // Ranges arrive sorted; binary search keeps the recovery pass linear-ish on large files.
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = ranges[mid];
    if (range === undefined) return false;
    if (offset < range[0]) hi = mid - 1;
    else if (offset >= range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * A route for text the YAML composer could not place, reconstructed from indentation: each less
 * indented `key:` above the offset is a parent, and `- ` items are counted for sequence indices.
 * Only used for refs recovered from broken files, where an approximate route beats none.
 */
export function guessRoute(lines: readonly string[], line: number, column: number): Segment[] {
  const route: Segment[] = [];
  let indent = column;
  for (let i = line; i >= 0 && indent > 0; i -= 1) {
    const text = lines[i] ?? "";
    const match = /^(\s*)(-\s+)?(?:(["']?)([^"'#:\s][^:#]*?)\3\s*:(?:\s|$))?/.exec(text);
    if (match === null || text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const lead = match[1]?.length ?? 0;
    const keyIndent = lead + (match[2]?.length ?? 0);
    if (i === line) {
      // The offset's own line: its key is part of the route when the offset is in its value.
      if (match[4] !== undefined && keyIndent < column) {
        route.unshift(match[4]);
        indent = keyIndent;
      }
      if (match[2] !== undefined && lead < column) {
        route.unshift(countItems(lines, i, lead));
        indent = lead;
      }
      continue;
    }
    if (match[4] !== undefined && keyIndent < indent) {
      route.unshift(match[4]);
      indent = keyIndent;
    }
    if (match[2] !== undefined && lead < indent) {
      route.unshift(countItems(lines, i, lead));
      indent = lead;
    }
  }
  return route;
}

function countItems(lines: readonly string[], line: number, lead: number): number {
  let index = 0;
  for (let i = line - 1; i >= 0; i -= 1) {
    const text = lines[i] ?? "";
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const indent = text.length - text.trimStart().length;
    if (indent < lead) break;
    if (indent === lead && text.trimStart().startsWith("-")) index += 1;
    else if (indent === lead) break;
  }
  return index;
}
