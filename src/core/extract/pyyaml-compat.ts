/**
 * Ansible reads YAML with PyYAML, which accepts a multi-line quoted scalar whose continuation
 * lines are indented less than the YAML 1.2 spec requires, even at column 0:
 *
 *     db_password: "{{ lookup('env', 'DB_PASSWORD') |
 *   default('') }}"
 *
 * The `yaml` package refuses that ("Missing closing quote"), and one such scalar takes the rest of
 * the file with it. Leading white space on a continuation line is folded away in a quoted scalar,
 * so indenting those lines changes no value: this pads them, keeping every line where it was.
 */

export interface Reindented {
  readonly text: string;
  /** 1-based line → spaces added at its start; columns after them moved right by that much. */
  readonly padding: ReadonlyMap<number, number>;
}

type Quote = '"' | "'";

/** Null when no continuation line needed padding (the common case: nothing to do). */
export function indentQuotedContinuations(text: string): Reindented | null {
  if (!text.includes('"') && !text.includes("'")) return null;
  const lines = text.split("\n");
  const padding = new Map<number, number>();
  let quote: Quote | null = null;
  let required = 0;
  let blockIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const indent = line.length - line.trimStart().length;
    let from = 0;
    if (quote !== null) {
      if (indent < required && line.trim() !== "") {
        lines[n] = " ".repeat(required - indent) + line;
        padding.set(n + 1, required - indent);
      }
      const close = closingQuote(line, 0, quote);
      if (close < 0) continue;
      quote = null;
      from = close + 1;
    } else if (blockIndent >= 0) {
      // Inside a literal/folded block scalar: quotes there are text.
      if (line.trim() === "" || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const scan = scanLine(line, from);
    if (scan.open !== null) {
      quote = scan.open;
      required = contentColumn(line) + 1;
    } else if (scan.blockScalar) {
      blockIndent = indent;
    }
  }
  if (padding.size === 0) return null;
  return { text: lines.join("\n"), padding };
}

/** Where the node on this line starts, past indentation and `- ` sequence markers. */
function contentColumn(line: string): number {
  const m = /^[ ]*(?:-[ ]+)*/.exec(line);
  return m === null ? 0 : m[0].length;
}

/** Offset of the quote closing a scalar, from `from`; -1 when the line ends inside it. */
function closingQuote(line: string, from: number, quote: Quote): number {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"' && ch === "\\") i++;
    else if (ch === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * Reads one line outside any quoted scalar: returns the quote left open at its end, and whether
 * it ends with a block scalar header (`key: |`, `- >-`). A quote opens a scalar only where a node
 * can start (after `: `, `- `, `? `, `[`, `{`, `,` or at the start), so `name: Don't` is plain text.
 */
function scanLine(line: string, from: number): { open: Quote | null; blockScalar: boolean } {
  let previous = from === 0 ? "" : "x";
  for (let i = from; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === " " || ch === "\t") continue;
    if (ch === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) break;
    const nodeStart = previous === "" || previous === "[" || previous === "{" || previous === "," || ((previous === ":" || previous === "-" || previous === "?") && (line[i - 1] === " " || line[i - 1] === "\t"));
    if ((ch === '"' || ch === "'") && nodeStart) {
      const close = closingQuote(line, i + 1, ch);
      if (close < 0) return { open: ch, blockScalar: false };
      i = close;
      previous = "x";
      continue;
    }
    if ((ch === "|" || ch === ">") && nodeStart && /^[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(line.slice(i))) return { open: null, blockScalar: true };
    // A plain scalar runs to `: `, ` #`, or a flow indicator; what is in it is text.
    if (!nodeStart || /[:\-?[\]{},]/.test(ch)) {
      previous = ch;
      continue;
    }
    previous = "x";
  }
  return { open: null, blockScalar: false };
}
