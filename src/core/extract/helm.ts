import { isMap, isScalar, isSeq } from "yaml";
import type { Extractor, SecretRef, SourceFile } from "../model.js";
import { baseName, byPosition, locationAt, mapGet, parseYaml, positioner, ref, scalarLocation, slashed, walkYaml } from "./shared.js";
import type { Positioner } from "./shared.js";

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

const EXISTING_SECRET_KEY = /^(existingSecret(Name)?|secretName|[A-Za-z0-9]+(SecretName|ExistingSecret)|existingSecretRef)$/;

export const helm: Extractor = {
  id: "helm",
  description: "Helm charts: existing Secrets named in values files, Secret references and lookups in templates",
  matches(path) {
    if (/^values([.-][^/]*)?\.ya?ml$/i.test(baseName(path))) return true;
    return /\/templates\/.*\.(ya?ml|tpl)$/i.test(slashed(path));
  },
  extract(file: SourceFile) {
    if (/\/templates\//.test(slashed(file.path))) return extractTemplate(file);
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
        } else if (k === "imagePullSecrets" && isSeq(node)) {
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

/** Parents under which a `name:` is the name of a Secret. */
const NAME_PARENTS = new Set(["secretKeyRef", "secretRef", "imagePullSecrets", "secret"]);

function extractTemplate(file: SourceFile) {
  const pos = positioner(file.text);
  const refs: SecretRef[] = [];
  // Sniff: a chart template uses Helm's template objects; mustache templates (Azure starter
  // pipelines) and plain manifests under some other `templates/` folder do not.
  if (!/\{\{-?[^}]*(\.Values|\.Release|\.Chart|\binclude\s|\btemplate\s|\blookup\s)/.test(file.text)) return { refs, diagnostics: [] };
  const stack: { indent: number; key: string }[] = [];
  let offset = 0;
  for (const line of file.text.split("\n")) {
    const lineOffset = offset;
    offset += line.length + 1;
    lookups(file, pos, line, lineOffset, stack, refs);
    const m = /^(\s*)(- +)?([A-Za-z0-9_.-]+):(?:\s+(.*?))?\s*$/.exec(line);
    if (m === null) continue;
    const indent = (m[1] as string).length + (m[2] ?? "").length;
    const key = m[3] as string;
    while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.key;
    const route = [...stack.map((s) => s.key), key].join(".");
    stack.push({ indent, key });
    const raw = m[4];
    if (raw === undefined || raw === "" || raw.startsWith("#")) continue;
    if (!(key === "secretName" || (key === "name" && parent !== undefined && NAME_PARENTS.has(parent)))) continue;
    const value = unquote(raw.replace(/\s+#.*$/, ""));
    if (value === null || /\{\{|\$[({]/.test(value) || value === "") continue;
    const col = line.indexOf(raw) + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
    refs.push(ref("helm", "reference", value, locationAt(file.path, pos, lineOffset + col), route));
  }
  return { refs: byPosition(refs), diagnostics: [] };
}

/**
 * `lookup "v1" "Secret" "ns" "name"` reads a Secret from the cluster at install time
 * (https://helm.sh/docs/chart_template_guide/functions_and_pipelines/#using-the-lookup-function).
 * An empty name lists every Secret in the namespace; a computed one cannot be known.
 */
function lookups(file: SourceFile, pos: Positioner, line: string, lineOffset: number, stack: { key: string }[], refs: SecretRef[]): void {
  const re = /\blookup\s+"v1"\s+"Secret"\s+("[^"]*"|\S+)\s+("[^"]*"|\([^)]*\)|[^\s})]+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    const arg = m[2] as string;
    const at = lineOffset + (m.index as number) + (m[0] as string).lastIndexOf(arg);
    const route = [...stack.map((s) => s.key), "lookup"].join(".");
    if (arg === '""') refs.push(ref("helm", "overbroad", null, locationAt(file.path, pos, at), route, { overbroad: "inherit" }));
    else if (arg.startsWith('"')) refs.push(ref("helm", "reference", arg.slice(1, -1), locationAt(file.path, pos, at + 1), route));
    else refs.push(ref("helm", "overbroad", null, locationAt(file.path, pos, at), route, { overbroad: "dynamic-index" }));
  }
}

function unquote(raw: string): string | null {
  const v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) return v.length >= 2 && v.endsWith(v[0] as string) ? v.slice(1, -1) : null;
  if (v.startsWith("{") || v.startsWith("[") || v.startsWith("|") || v.startsWith(">")) return null;
  return v;
}
