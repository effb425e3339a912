import { isMap, isScalar, isSeq } from "yaml";
import type { Scalar } from "yaml";
import type { Extractor, Literal, SecretRef, SourceFile } from "../model.js";
import {
  baseName, byPosition, isYamlPath, mapGet, mapPairs, parseYaml, ref, scalarLocation, scalarText, slashed, textGate, walkYaml,
} from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * Kubernetes manifests. A workload names the Secrets it needs (`secretKeyRef`, `envFrom.secretRef`,
 * `secret` volumes, `imagePullSecrets`, Ingress TLS `secretName`); the Secret's name is the name
 * and the key, when there is one, goes into the route.
 *
 * A `Secret` manifest with literal `data` / `stringData` is a credential committed to the
 * repository: each value is returned as a literal of the `kubernetes-secret-literal` detector
 * (which the scanner vets against the detector table) and the Secret itself as a declaration.
 */

const DETECTOR = "kubernetes-secret-literal";

/** The keys under which a workload names a Secret, and the kind of a Secret manifest. */
export const KEY = {
  secretKeyRef: "secretKeyRef",
  secretRef: "secretRef",
  volumeSecret: "secret",
  secretName: "secretName",
  imagePullSecrets: "imagePullSecrets",
  serviceAccountSecrets: "secrets",
  remoteRef: "remoteRef",
} as const;
export const SECRET_KIND = "Secret";

/** A manifest that mentions none of these cannot yield a ref or a credential: it is not parsed. */
export const KUBERNETES_GATE = textGate([...Object.values(KEY), SECRET_KIND]);

/** YAML that is not a manifest even though it is `*.yaml`: other extractors' files. */
const NOT_MANIFESTS = [/\/\.github\//, /\/\.gitlab-ci\.ya?ml$/, /\/\.circleci\//, /\/bitbucket-pipelines\.yml$/, /\/(docker-)?compose[^/]*\.ya?ml$/, /\/Chart\.ya?ml$/, /\/values[^/]*\.ya?ml$/, /\/templates\//, /\/(group_vars|host_vars|tasks|handlers)\//];

export const kubernetes: Extractor = {
  id: "kubernetes",
  description: "Kubernetes manifests: Secrets referenced by workloads, and Secret manifests with literal values",
  matches(path) {
    if (!isYamlPath(path)) return false;
    const p = slashed(path);
    return !NOT_MANIFESTS.some((re) => re.test(p)) && !/^azure-pipelines/i.test(baseName(path));
  },
  extract(file: SourceFile) {
    // Cheap sniff before parsing: every manifest has both keys at the start of a line.
    if (!/^apiVersion\s*:/m.test(file.text) || !/^kind\s*:/m.test(file.text)) return { refs: [], diagnostics: [] };
    if (!KUBERNETES_GATE(file.text)) return { refs: [], diagnostics: [] };
    const text = withoutInertDocuments(file.text);
    if (text === null) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(text === file.text ? file : { path: file.path, text }, "kubernetes");
    const refs: SecretRef[] = [];
    const literals: Literal[] = [];
    for (const doc of docs) {
      const root = doc.contents;
      const kind = scalarText(mapGet(root, "kind"));
      if (kind === null || scalarText(mapGet(root, "apiVersion")) === null) continue;
      const name = scalarText(mapGet(mapGet(root, "metadata"), "name"));
      const prefix = `${kind}/${name ?? "?"}`;
      if (kind === SECRET_KIND) secretManifest(file, pos, root, prefix, refs, literals);
      else workloadRefs(file, pos, root, prefix, refs);
      if (kind === "List") {
        const items = mapGet(root, "items");
        if (isSeq(items)) items.items.forEach((item, i) => {
          if (scalarText(mapGet(item, "kind")) === SECRET_KIND) secretManifest(file, pos, item, `${prefix}.items[${i}]`, refs, literals);
        });
      }
    }
    return { refs: byPosition(refs), diagnostics, literals: byPosition(literals) };
  },
};

/**
 * Kinds that never name a Secret nor hold one. A CustomResourceDefinition is the reason this
 * exists: its OpenAPI schema mentions `secret`, `secretKeyRef` and `secretName` in property
 * names and descriptions throughout, so it passes the text gate, and at hundreds of kilobytes to
 * megabytes it was most of a chart repository's scan time, for nothing.
 */
export const INERT_KINDS = new Set([
  "CustomResourceDefinition", "ConfigMap", "Namespace", "Service", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding",
  "PriorityClass", "PodDisruptionBudget", "NetworkPolicy", "LimitRange", "ResourceQuota", "HorizontalPodAutoscaler",
]);

const TOP_LEVEL_KIND = /kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?\r?$/my;
const DOCUMENT_START = /---[ \t]*(?:#.*)?\r?$/my;

/**
 * The matches of `line` (a sticky, multiline pattern starting with `word`) at the start of a line,
 * in order: what `^`-anchored `matchAll` finds, but located with indexOf, since a regex anchored
 * at every line start runs at a fraction of the speed on a manifest of thousands of lines.
 */
export function lineStartMatches(text: string, word: string, line: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    // `^` in multiline mode: the start, or after \n, \r, U+2028 or U+2029.
    const before = text.charCodeAt(at - 1);
    if (at > 0 && before !== 10 && before !== 13 && before !== 0x2028 && before !== 0x2029) continue;
    line.lastIndex = at;
    const m = line.exec(text);
    if (m !== null) found.push(m);
  }
  return found;
}

/**
 * Reads each document's top-level `kind:` line (column 0, so never inside a nested map or a
 * block scalar) before any parsing. Documents of an inert kind are blanked (their newlines kept,
 * so lines stay true); null when nothing is left to parse. Most files have no inert kind at all
 * and are returned as they are after one pass over their `kind:` lines.
 */
export function withoutInertDocuments(text: string): string | null {
  const kinds = lineStartMatches(text, "kind", TOP_LEVEL_KIND);
  if (!kinds.some((m) => INERT_KINDS.has(m[1] as string))) return text;
  const starts = [0, ...lineStartMatches(text, "---", DOCUMENT_START).map((m) => m.index).filter((at) => at > 0)];
  let blanked = 0;
  const kept: string[] = [];
  let k = 0;
  for (let d = 0; d < starts.length; d++) {
    const from = starts[d] as number;
    const to = starts[d + 1] ?? text.length;
    // This document's kind: the first kind line inside it.
    while (k < kinds.length && (kinds[k]?.index as number) < from) k++;
    const kind = k < kinds.length && (kinds[k]?.index as number) < to ? (kinds[k]?.[1] as string) : undefined;
    if (kind !== undefined && INERT_KINDS.has(kind)) {
      blanked++;
      kept.push("\n".repeat(countNewlines(text, from, to)));
    } else {
      kept.push(text.slice(from, to));
    }
  }
  if (blanked === starts.length) return null;
  return kept.join("");
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function nameRef(file: SourceFile, pos: Positioner, node: unknown, route: string, refs: SecretRef[]): void {
  if (!isScalar(node) || typeof node.value !== "string" || node.value === "" || /\{\{|\$\{|\$\(/.test(node.value)) return;
  refs.push(ref("kubernetes", "reference", node.value, scalarLocation(file.path, pos, node), route));
}

function workloadRefs(file: SourceFile, pos: Positioner, root: unknown, prefix: string, refs: SecretRef[]): void {
  walkYaml(root, "", (node, route, key) => {
    const k = key === null ? null : String(key.value);
    const at = (r: string) => `${prefix}:${r}`;
    if (k === KEY.secretKeyRef && isMap(node)) {
      const secretKey = scalarText(mapGet(node, "key"));
      nameRef(file, pos, mapGet(node, "name"), at(secretKey === null ? route : `${route}[${secretKey}]`), refs);
    } else if (k === KEY.secretRef && isMap(node)) {
      nameRef(file, pos, mapGet(node, "name"), at(route), refs);
    } else if (k === KEY.volumeSecret && isMap(node) && /\.(volumes\[\d+\]|sources\[\d+\])\.secret$/.test(`.${route}`)) {
      // Volume (`secretName`) and projected-volume source (`name`).
      nameRef(file, pos, mapGet(node, "secretName") ?? mapGet(node, "name"), at(route), refs);
    } else if (k === KEY.secretName && isScalar(node) && !/\.secret$/.test(route.slice(0, route.lastIndexOf(".")))) {
      // Ingress `tls[].secretName`, cert-manager Certificate `spec.secretName`.
      nameRef(file, pos, node, at(route), refs);
    } else if ((k === KEY.imagePullSecrets || (k === KEY.serviceAccountSecrets && prefix.startsWith("ServiceAccount/"))) && isSeq(node)) {
      node.items.forEach((item, i) => nameRef(file, pos, isMap(item) ? mapGet(item, "name") : item, at(`${route}[${i}]`), refs));
    } else if (k === KEY.remoteRef && isMap(node)) {
      // external-secrets.io ExternalSecret: the key in the external secret manager.
      nameRef(file, pos, mapGet(node, "key"), at(route), refs);
    }
  });
}

function secretManifest(file: SourceFile, pos: Positioner, root: unknown, prefix: string, refs: SecretRef[], literals: Literal[]): void {
  const nameNode = mapGet(mapGet(root, "metadata"), "name");
  if (isScalar(nameNode) && typeof nameNode.value === "string" && nameNode.value !== "") {
    refs.push(ref("kubernetes", "declaration", nameNode.value, scalarLocation(file.path, pos, nameNode), `${prefix}:metadata.name`));
  }
  // A service-account token Secret is filled in by the cluster; its `data` is never literal.
  for (const field of ["data", "stringData"] as const) {
    for (const pair of mapPairs(mapGet(root, field))) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const raw = scalarText(pair.value);
      if (raw === null) continue;
      const value = field === "data" ? decodeBase64(raw) : raw;
      if (value === null) continue;
      literals.push({
        detector: DETECTOR,
        location: scalarLocation(file.path, pos, pair.value as Scalar),
        value,
        key: String(pair.key.value),
        description: `Kubernetes Secret with a literal value in ${field}: anyone who can read the repository can read it`,
        raw,
      });
    }
  }
}

/** `data` values are base64; an undecodable one is still a committed value, so keep it as written. */
function decodeBase64(raw: string): string | null {
  const compact = raw.replace(/\s+/g, "");
  if (compact === "") return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return compact;
  return Buffer.from(compact, "base64").toString("utf8");
}
