import { isMap, isScalar, isSeq } from "yaml";
import type { Extractor, Location, SecretRef, SourceFile } from "../model.js";
import { baseName, byPosition, isYamlPath, locationAt, mapGet, parseYaml, positioner, ref, scalarLocation, slashed, textGate, walkYaml } from "./shared.js";
import { escapeRegExp } from "../regexp.js";

/**
 * Helm charts.
 *
 * - Values files: keys that point a chart at a Secret that already exists in the cluster
 *   (`existingSecret`, `secretName`, `*SecretName`, `imagePullSecrets`); the value is the Secret's
 *   name. Literal credential *values* in values files are the detectors' job, not this one's.
 * - Templates are Go templates, not YAML, so they are read line by line: `secretKeyRef`/`secretRef`
 *   `name:`, `secretName:` and `imagePullSecrets` with a literal name, and `lookup "v1" "Secret"`.
 *   Names built from `{{ }}` come from values and are found there.
 */

/** Values keys whose value names an existing Secret: these exactly, or any word ending in a suffix. */
const EXISTING_SECRET_KEYS = ["existingSecret", "existingSecretName", "secretName", "existingSecretRef"];
const EXISTING_SECRET_SUFFIXES = ["SecretName", "ExistingSecret"];
export const PULL_SECRETS_KEY = "imagePullSecrets";
export const EXISTING_SECRET_KEY = new RegExp(
  `^(?:${EXISTING_SECRET_KEYS.map(escapeRegExp).join("|")}|[A-Za-z0-9]+(?:${EXISTING_SECRET_SUFFIXES.map(escapeRegExp).join("|")}))$`,
);

/** A values file that mentions none of these keys cannot yield a ref (see `valuesMayHaveRefs`). */
export const HELM_VALUES_GATE = textGate([...EXISTING_SECRET_KEYS, ...EXISTING_SECRET_SUFFIXES, PULL_SECRETS_KEY]);

/** Parents under which a `name:` is the name of a Secret. */
const NAME_PARENTS = new Set(["secretKeyRef", "secretRef", "imagePullSecrets", "secret"]);
const SECRET_NAME_KEY = "secretName";
const LOOKUP = "lookup";

/** The keys a template line can name a Secret under. */
export const TEMPLATE_KEYS: readonly string[] = [SECRET_NAME_KEY, ...NAME_PARENTS];

/**
 * A part every key this extractor looks for (values gate tokens and template keys) holds exactly
 * once, so one indexOf pass over a file finds every place any of them is written.
 */
export const KEYS_SHARE = "ecret";

/** A template that mentions none of these cannot yield a ref. */
export const HELM_TEMPLATE_GATE = textGate([...NAME_PARENTS, SECRET_NAME_KEY, LOOKUP]);

export const helm: Extractor = {
  id: "helm",
  description: "Helm charts: existing Secrets named in values files, Secret references and lookups in templates",
  matches(path) {
    if (!isYamlPath(path) && !/\.tpl$/i.test(path)) return false;
    if (/^values([.-][^/]*)?\.ya?ml$/i.test(baseName(path))) return true;
    return /\/templates\/.*\.(ya?ml|tpl)$/i.test(slashed(path));
  },
  extract(file: SourceFile) {
    if (/\/templates\//.test(slashed(file.path))) return extractTemplate(file);
    if (!valuesMayHaveRefs(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "helm");
    const refs: SecretRef[] = [];
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        if (key === null) return;
        const k = String(key.value);
        if (EXISTING_SECRET_KEY.test(k) && isScalar(node)) {
          if (typeof node.value === "string" && node.value.trim() !== "" && !node.value.includes("{{")) {
            refs.push(ref("helm", "reference", node.value, scalarLocation(file.path, pos, node), route));
          }
        } else if (k === PULL_SECRETS_KEY && isSeq(node)) {
          node.items.forEach((item, i) => {
            const n = isMap(item) ? mapGet(item, "name") : item;
            if (isScalar(n) && typeof n.value === "string" && n.value !== "" && !n.value.includes("{{")) {
              refs.push(ref("helm", "reference", n.value, scalarLocation(file.path, pos, n), `${route}[${i}]`));
            }
          });
        }
      });
    }
    return { refs: byPosition(refs), diagnostics };
  },
};

/**
 * Values files are most of a chart's YAML and parsing is slow (a few MB/s), while charts mostly
 * carry the keys with nothing in them (`existingSecret: ""`). So beyond the gate, every line that
 * mentions a key is looked at: the file is parsed only if one of those lines could hold a name.
 * A line is inert when it is a comment, a `key: value` pair whose key is not one of ours (the word
 * sits in a longer key such as `existingSecretPasswordKey`, or in a plain or quoted value), or one
 * of our keys with an empty string (`""`, `''`) or an empty list (`[]`). Anything else (a name, a
 * value on the next lines, flow collections, anchors, tags) sends the file to the parser.
 */
export function valuesMayHaveRefs(text: string): boolean {
  // An escape could spell a key where no token is written; then the gate's word is final.
  if (text.includes("\\")) return HELM_VALUES_GATE(text);
  // Every line holding a token, each looked at once: found through the part all tokens share.
  const tokens = HELM_VALUES_GATE.tokens.map((token) => ({ token, mark: token.indexOf(KEYS_SHARE) }));
  for (let from = 0; ; ) {
    const hit = text.indexOf(KEYS_SHARE, from);
    if (hit < 0) return false;
    from = hit + KEYS_SHARE.length;
    if (!tokens.some(({ token, mark }) => hit >= mark && text.startsWith(token, hit - mark))) continue;
    const start = text.lastIndexOf("\n", hit) + 1;
    const newline = text.indexOf("\n", hit);
    const end = newline < 0 ? text.length : newline;
    if (!inertValuesLine(text.slice(start, end))) return true;
    // The rest of this line needs no second look.
    from = end + 1;
  }
}

const KEY_LINE = /^[ ]*(?:-[ ]+)*([A-Za-z0-9_][A-Za-z0-9_./-]*)[ ]*:(?:[ ]+(.*))?$/;

function inertValuesLine(line: string): boolean {
  if (/^[ \t]*#/.test(line)) return true;
  const m = KEY_LINE.exec(line.endsWith("\r") ? line.slice(0, -1) : line);
  if (m === null) return false;
  const key = m[1] as string;
  const rest = (m[2] ?? "").replace(/(?:^|[ \t]+)#.*$/, "").trim();
  if (EXISTING_SECRET_KEY.test(key)) return rest === '""' || rest === "''";
  if (key === PULL_SECRETS_KEY) return rest === "[]";
  if (rest === "") return true;
  if (/^[-?:](?: |$)/.test(rest)) return false;
  if (/^["']/.test(rest)) return /^(?:"[^"\\]*"|'[^']*')$/.test(rest);
  // A plain scalar: nothing that could open a collection, an anchor, a tag or a nested pair.
  return /^[^[\]{}&*!|>%@`#]/.test(rest) && !/: |:$|[{}[\]]/.test(rest);
}

function extractTemplate(file: SourceFile) {
  const refs: SecretRef[] = [];
  if (!HELM_TEMPLATE_GATE(file.text)) return { refs, diagnostics: [] };
  // Sniff: a chart template uses Helm's template objects; mustache templates (Azure starter
  // pipelines) and plain manifests under some other `templates/` folder do not.
  if (!/\{\{-?[^}]*(\.Values|\.Release|\.Chart|\binclude\s|\btemplate\s|\blookup\s)/.test(file.text)) return { refs, diagnostics: [] };
  // `{{/* … */}}` is a template comment: chart authors document values there with examples.
  const text = file.text.includes("/*") ? blankTemplateComments(file.text) : file.text;
  if (!templateMayNameSecret(text)) return { refs, diagnostics: [] };
  return { refs: byPosition(templateRefs(file.path, text, refs)), diagnostics: [] };
}

/**
 * The line-by-line reading of a template: every line that looks like `key: value` is placed under
 * the nearest line above it that is indented less (which is what the stack keeps), so a `name:`
 * knows its parent and a ref gets its route.
 */
export function templateRefs(path: string, text: string, refs: SecretRef[] = []): SecretRef[] {
  const pos = positioner(text);
  const at = (offset: number) => locationAt(path, pos, offset);
  const stack: { indent: number; key: string }[] = [];
  for (let lineOffset = 0; lineOffset <= text.length; ) {
    const newline = text.indexOf("\n", lineOffset);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineOffset, lineEnd);
    const here = lineOffset;
    lineOffset = lineEnd + 1;
    if (line.includes(LOOKUP)) lookups(at, line, here, stack, refs);
    const m = templateKeyLine(line);
    if (m === null) continue;
    const { indent, key, raw } = m;
    while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.key;
    stack.push({ indent, key });
    if (!(key === SECRET_NAME_KEY || (key === "name" && parent !== undefined && NAME_PARENTS.has(parent)))) continue;
    const value = literalTemplateName(raw);
    if (value === null || raw === undefined) continue;
    const col = line.indexOf(raw) + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
    refs.push(ref("helm", "reference", value, at(here + col), stack.map((s) => s.key).join(".")));
  }
  return refs;
}

const TEMPLATE_KEY_LINE = /^(\s*)(- +)?([A-Za-z0-9_.-]+):(?:\s+(.*?))?\s*$/;

/** A template line read as `key: value` (indent counts a `- ` item marker), or null. */
function templateKeyLine(line: string): { indent: number; key: string; raw: string | undefined } | null {
  const m = TEMPLATE_KEY_LINE.exec(line);
  if (m === null) return null;
  return { indent: (m[1] as string).length + (m[2] ?? "").length, key: m[3] as string, raw: m[4] };
}

/** The Secret name a template value spells literally; null when empty, a comment, or built by the template. */
function literalTemplateName(raw: string | undefined): string | null {
  if (raw === undefined || raw === "" || raw.startsWith("#")) return null;
  const value = unquote(raw.replace(/\s+#.*$/, ""));
  if (value === null || /\{\{|\$[({]/.test(value) || value === "") return null;
  return value;
}

/**
 * Whether `templateRefs` can report anything in `text`, found without reading every line: most
 * templates that mention secrets build every name from values (`secretName: {{ … }}`), and the
 * CRDs some charts keep under `templates/` name `secretKeyRef` and `secretName` hundreds of times
 * in their schemas without a single value. Exact, not a heuristic: a key line is found by its
 * `key:` text, a `name:` under a parent by reading only that parent's block with the same stack
 * rule, and a lookup needs its `"Secret"` argument written out.
 */
export function templateMayNameSecret(text: string): boolean {
  const common = KEYS_SHARE;
  for (let hit = text.indexOf(common); hit >= 0; hit = text.indexOf(common, hit + common.length)) {
    if (text.startsWith(LOOKUP_SECRET_KIND, hit - 2) && text.includes(LOOKUP)) return true;
    let keyStart = hit;
    while (keyStart > 0 && isTemplateKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
    let keyEnd = hit + common.length;
    while (isTemplateKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
    if (text.charCodeAt(keyEnd) !== 58 /* : */) continue;
    const key = text.slice(keyStart, keyEnd);
    if (!TEMPLATE_KEYS.includes(key)) continue;
    const start = text.lastIndexOf("\n", keyStart) + 1;
    const newline = text.indexOf("\n", keyEnd);
    const end = newline < 0 ? text.length : newline;
    const m = templateKeyLine(text.slice(start, end));
    if (m === null || m.key !== key) continue;
    if (key === SECRET_NAME_KEY ? literalTemplateName(m.raw) !== null : namesLiteralChild(text, end + 1, m.indent)) return true;
  }
  return false;
}

/** `[A-Za-z0-9_.-]`, the characters of a key in `TEMPLATE_KEY_LINE`. */
function isTemplateKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/**
 * Whether a `name:` whose parent is the key line ending before `from` (indented `indent`) holds a
 * literal name. The block ends at the first key line indented no deeper than the parent, which is
 * where `templateRefs` pops it off its stack; the stack below keeps the block's own nesting.
 */
function namesLiteralChild(text: string, from: number, indent: number): boolean {
  const open: number[] = [];
  for (let lineOffset = from; lineOffset <= text.length; ) {
    const newline = text.indexOf("\n", lineOffset);
    const lineEnd = newline < 0 ? text.length : newline;
    const m = templateKeyLine(text.slice(lineOffset, lineEnd));
    lineOffset = lineEnd + 1;
    if (m === null) continue;
    if (m.indent <= indent) return false;
    while (open.length > 0 && (open[open.length - 1] as number) >= m.indent) open.pop();
    if (open.length === 0 && m.key === "name" && literalTemplateName(m.raw) !== null) return true;
    open.push(m.indent);
  }
  return false;
}

/** Template comments (`{{/*` to `*\/}}`, with optional trim markers), blanked with newlines kept. */
function blankTemplateComments(text: string): string {
  return text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, (comment) => comment.replace(/[^\n]/g, " "));
}

const LOOKUP_SECRET_KIND = '"Secret"';
const LOOKUP_SECRET = new RegExp(String.raw`\b${LOOKUP}\s+"v1"\s+${LOOKUP_SECRET_KIND}(?=\s)`, "g");

/**
 * `lookup "v1" "Secret" NAMESPACE NAME` reads a Secret from the cluster at install time
 * (https://helm.sh/docs/chart_template_guide/functions_and_pipelines/#using-the-lookup-function).
 * Either argument may be any template expression (`.Release.Namespace`, `$ns`,
 * `(include "common.names.namespace" .)`), so both are read as Go template operands. A literal
 * name is the Secret's name; an empty one lists every Secret in the namespace; any expression
 * cannot be known, and its text is never taken for a name.
 */
function lookups(at: (offset: number) => Location, line: string, lineOffset: number, stack: { key: string }[], refs: SecretRef[]): void {
  const re = LOOKUP_SECRET;
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    const namespace = templateOperand(line, m.index + m[0].length);
    const name = namespace === null ? null : templateOperand(line, namespace.end);
    if (name === null) continue;
    const offset = lineOffset + name.start;
    const route = [...stack.map((s) => s.key), LOOKUP].join(".");
    if (name.text === '""') refs.push(ref("helm", "overbroad", null, at(offset), route, { overbroad: "inherit" }));
    else if (/^"(?:[^"\\{}]|\\.)*"$/.test(name.text)) refs.push(ref("helm", "reference", name.text.slice(1, -1), at(offset + 1), route));
    else refs.push(ref("helm", "overbroad", null, at(offset), route, { overbroad: "dynamic-index" }));
  }
}

/**
 * The Go template operand starting after `from` (spaces skipped): a quoted or raw string, a
 * parenthesised pipeline (nested, with strings inside), or a bare word such as `.Values.x`,
 * `$name` or `$.Release.Namespace`. Null when the action ends first.
 */
export function templateOperand(line: string, from: number): { text: string; start: number; end: number } | null {
  let i = from;
  while (line[i] === " " || line[i] === "\t") i++;
  const start = i;
  const first = line[i];
  if (first === undefined || first === ")" || first === "}" || first === "|") return null;
  if (first === '"' || first === "`") {
    for (i++; i < line.length && line[i] !== first; i++) if (first === '"' && line[i] === "\\") i++;
    if (i >= line.length) return null;
    i++;
  } else if (first === "(") {
    let depth = 0;
    for (; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"' || ch === "`") {
        const close = templateOperand(line, i);
        if (close === null) return null;
        i = close.end - 1;
      } else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) break;
    }
    if (i >= line.length) return null;
    i++;
  } else {
    while (i < line.length && !/[\s()}|]/.test(line[i] as string)) i++;
  }
  return { text: line.slice(start, i), start, end: i };
}

function unquote(raw: string): string | null {
  const v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) return v.length >= 2 && v.endsWith(v[0] as string) ? v.slice(1, -1) : null;
  if (v.startsWith("{") || v.startsWith("[") || v.startsWith("|") || v.startsWith(">")) return null;
  return v;
}
