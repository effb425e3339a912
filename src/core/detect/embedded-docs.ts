import { lineStarts, positionAt } from "../lines.js";
import type { PathContext } from "../path-context.js";

/**
 * Documentation that lives inside a source file rather than beside it. An Ansible module is a
 * Python file whose module-level `DOCUMENTATION`, `EXAMPLES` and `RETURN` strings are not code:
 * `ansible-doc` and the collection docs site render them, and their `api_key: "..."` lines are
 * sample playbook tasks. path-context.ts classifies whole files by path; this classifies line
 * ranges by what the file declares them to be, so a credential there carries the same context (and
 * the same `note` default) as one in a README, and is still reported: a real key pasted into an
 * example is still a leak.
 */

export interface EmbeddedDocs {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly context: PathContext;
}

const PYTHON_PATH = /\.py$/i;
/** A module-level assignment of a triple-quoted string to one of Ansible's documentation variables. */
const ANSIBLE_DOC_BLOCK = /^(DOCUMENTATION|EXAMPLES|RETURN)[ \t]*=[ \t]*[rRuU]?('''|""")/gm;
const CONTEXT_OF: Readonly<Record<string, PathContext>> = { DOCUMENTATION: "docs", RETURN: "docs", EXAMPLES: "example" };

/**
 * Configuration formats whose comment lines are read by nobody but people: a setting commented
 * out there (`#   client_secret: …` in a Helm values file, `;secret_key = …` in a sample
 * grafana.ini) documents what could be set. `;` comments only where the format has them (INI).
 */
const CONFIG_COMMENTS: readonly { readonly path: RegExp; readonly markers: string }[] = [
  { path: /\.(?:ya?ml|toml)$|(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i, markers: "#" },
  { path: /\.(?:ini|cfg|conf)$/i, markers: "#;" },
  { path: /\.properties$/i, markers: "#!" },
];

/** The comment markers of a configuration file's format; undefined for every other file. */
export function configCommentMarkers(path: string): string | undefined {
  return CONFIG_COMMENTS.find((entry) => entry.path.test(path))?.markers;
}

/** Whether the line starting at offset `start` is a comment: its first non-blank is one of `markers`. */
export function isCommentLine(text: string, start: number, markers: string): boolean {
  let i = start;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i += 1;
  const first = text.charAt(i);
  return first !== "" && markers.includes(first);
}

export function embeddedDocs(path: string, text: string): readonly EmbeddedDocs[] {
  if (!PYTHON_PATH.test(path) || !(text.includes("EXAMPLES") || text.includes("DOCUMENTATION") || text.includes("RETURN"))) return [];
  const blocks: EmbeddedDocs[] = [];
  let starts: readonly number[] | undefined;
  ANSIBLE_DOC_BLOCK.lastIndex = 0;
  for (let m = ANSIBLE_DOC_BLOCK.exec(text); m !== null; m = ANSIBLE_DOC_BLOCK.exec(text)) {
    const [opener, name = "", quote = "'''"] = m;
    const bodyStart = m.index + opener.length;
    const close = text.indexOf(quote, bodyStart);
    // An unterminated string is a syntax error: the rest of the file is not trusted as docs.
    if (close === -1) break;
    starts ??= lineStarts(text);
    blocks.push({ startLine: positionAt(starts, m.index).line, endLine: positionAt(starts, close).line, context: CONTEXT_OF[name] ?? "docs" });
    ANSIBLE_DOC_BLOCK.lastIndex = close + quote.length;
  }
  return blocks;
}

