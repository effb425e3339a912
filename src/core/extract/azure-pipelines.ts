import { isMap, isScalar, isSeq } from "yaml";
import type { Document, Scalar } from "yaml";
import type { Extractor, SecretRef, SourceFile } from "../model.js";
import {
  byPosition, isCredentialName, isYamlPath, locationAt, mapGet, parseYaml, ref, scalarLocation, scalarSource, scalarText, slashed, walkYaml,
} from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * Azure Pipelines (`azure-pipelines*.yml` and templates). Three kinds of secret:
 *
 * - secret variables, used as `$(name)` macros (https://learn.microsoft.com/azure/devops/pipelines/process/variables):
 *   a credential-like name the file does not define under `variables:` is set in the pipeline's
 *   settings or a variable group;
 * - variable groups (`variables: - group: name`), which usually hold the secrets, or link a Key Vault;
 * - service connections, named by task inputs such as `azureSubscription`: a connection holds the
 *   credential the task acts with, so it needs an owner like any secret.
 *
 * Variable names are case-insensitive in Azure Pipelines, so definitions are compared that way.
 */

/** Predefined variable namespaces (https://learn.microsoft.com/azure/devops/pipelines/build/variables). */
const PREDEFINED_PREFIXES = ["build.", "system.", "agent.", "pipeline.", "release.", "environment.", "strategy.", "resources.", "checks.", "tf_build"];

/** Task inputs (and template parameters) whose value is a service connection name, lower-cased. */
const CONNECTION_KEYS = new Set([
  "azuresubscription", "azuresubscriptionendpoint", "connectedservicename", "connectedservicenamearm",
  "azureresourcemanagerconnection", "serviceconnection", "dockerregistryserviceconnection", "dockerregistryendpoint",
  "containerregistry", "kubernetesserviceendpoint", "kubernetesserviceconnection", "githubconnection",
  "gitHubConnection".toLowerCase(), "externalendpoint", "externalendpoints", "sonarqube", "serviceendpoint",
  "awscredentials", "nugetserviceconnections", "externalfeedcredentials", "publishfeedcredentials",
  "azurecontainerregistry", "azuresubscriptionforacr",
]);

/** Inputs that take a comma-separated list of connections. */
const LIST_KEYS = new Set(["externalendpoints", "nugetserviceconnections", "externalfeedcredentials", "publishfeedcredentials"]);

/** Keys that only mean something in a pipeline, to tell a template from any other YAML. */
const PIPELINE_KEYS = new Set(["steps", "jobs", "stages", "trigger", "pr", "pool", "variables", "extends", "resources", "schedules", "parameters"]);

export function classifyAzureVariable(name: string): "platform" | "ignore" | "secret" {
  const lower = name.toLowerCase();
  if (lower === "system.accesstoken") return "platform";
  if (PREDEFINED_PREFIXES.some((p) => lower.startsWith(p))) return "ignore";
  return "secret";
}

/** Mustache placeholders of the starter templates (`{{ azureRmConnection.Id }}`), not `${{ }}`. */
const isTemplated = (v: string) => /(^|[^$])\{\{.*\}\}/.test(v);
const MACRO = /\$\(([A-Za-z0-9_.-]+)\)/g;

export const azurePipelines: Extractor = {
  id: "azure-pipelines",
  description: "Azure Pipelines: secret $(variables), variable groups and service connections",
  matches(path) {
    if (!isYamlPath(path)) return false;
    return slashed(path)
      .split("/")
      .some((seg) => /^\.?azure-?pipelines/i.test(seg) || /^\.azuredevops$/i.test(seg) || /^\.?azure-?devops$/i.test(seg));
  },
  extract(file: SourceFile) {
    const { docs, pos, diagnostics } = parseYaml(file, "azure-pipelines");
    if (!docs.some(looksLikePipeline)) return { refs: [], diagnostics: [] };
    const refs: SecretRef[] = [];

    // Pass 1: what the file defines, variable values (to resolve `$(conn)`), parameter defaults.
    const defined = new Set<string>();
    const values = new Map<string, string>();
    const paramDefaults = new Map<string, string>();
    const keyVaultNames = new Set<string>();
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        const k = key === null ? null : String(key.value);
        if (k === "variables" && isMap(node)) {
          for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const name = String(pair.key.value).toLowerCase();
            defined.add(name);
            const v = scalarText(pair.value) ?? scalarText(mapGet(pair.value, "value"));
            if (v !== null) values.set(name, v);
          }
        } else if (k === "variables" && isSeq(node)) {
          node.items.forEach((item, i) => {
            const name = scalarText(mapGet(item, "name"));
            if (name !== null) {
              defined.add(name.toLowerCase());
              const v = scalarText(mapGet(item, "value"));
              if (v !== null) values.set(name.toLowerCase(), v);
            }
            const group = mapGet(item, "group");
            if (isScalar(group) && typeof group.value === "string" && !isTemplated(group.value)) {
              refs.push(ref("azure-pipelines", "reference", group.value, scalarLocation(file.path, pos, group), `${route}[${i}].group`));
            }
          });
        } else if (k === "parameters" && isSeq(node)) {
          for (const item of node.items) {
            const name = scalarText(mapGet(item, "name"));
            const def = scalarText(mapGet(item, "default"));
            if (name !== null) {
              defined.add(name.toLowerCase());
              if (def !== null) paramDefaults.set(name.toLowerCase(), def);
            }
          }
        } else if (isScalar(node)) {
          // `##vso[task.setvariable variable=X]` defines X at run time, from this file.
          const text = scalarText(node) ?? "";
          for (const m of text.matchAll(/task\.setvariable\s+variable=([A-Za-z0-9_.-]+)/gi)) defined.add((m[1] as string).toLowerCase());
        } else if (isMap(node) && /^AzureKeyVault@/i.test(scalarText(mapGet(node, "task")) ?? "")) {
          keyVaultSecrets(file, pos, node, route, refs, keyVaultNames);
        }
      });
    }
    for (const n of keyVaultNames) defined.add(n.toLowerCase());

    // Pass 2: macro uses and service connections.
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        if (!isScalar(node)) return;
        const k = key === null ? null : String(key.value).toLowerCase();
        if (k !== null && CONNECTION_KEYS.has(k) && !/(^|\.)variables(\.|\[|$)/.test(route.slice(0, route.lastIndexOf(".")))) {
          connectionRefs(file, pos, node, route, LIST_KEYS.has(k), { values, paramDefaults, defined }, refs);
        }
        const { raw, offset } = scalarSource(file.text, node);
        if (!raw.includes("$(")) return;
        for (const m of raw.matchAll(MACRO)) {
          const name = m[1] as string;
          const verdict = classifyAzureVariable(name);
          if (verdict === "ignore") continue;
          if (verdict === "secret" && (defined.has(name.toLowerCase()) || !isCredentialName(name))) continue;
          const at = offset + (m.index as number) + 2;
          refs.push(ref("azure-pipelines", verdict === "platform" ? "platform" : "reference", name, locationAt(file.path, pos, at), route));
        }
      });
    }
    return { refs: byPosition(refs), diagnostics };
  },
};

function looksLikePipeline(doc: Document.Parsed): boolean {
  const root = doc.contents;
  if (!isMap(root)) return isSeq(root) && root.items.some((i) => isMap(i) && (mapGet(i, "task") !== undefined || mapGet(i, "script") !== undefined));
  const keys = root.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ""));
  if (keys.includes("apiVersion") && keys.includes("kind")) return false;
  return keys.some((k) => PIPELINE_KEYS.has(k));
}

interface Resolution {
  readonly values: Map<string, string>;
  readonly paramDefaults: Map<string, string>;
  readonly defined: Set<string>;
}

/**
 * A connection input's value: a literal name; `$(var)` resolved through the file's variables (an
 * unresolvable one comes from elsewhere and cannot be known: over-broad); `${{ parameters.x }}`
 * resolved through the parameter's default (otherwise the caller names it, and is scanned itself).
 */
function connectionRefs(file: SourceFile, pos: Positioner, node: Scalar, route: string, list: boolean, res: Resolution, refs: SecretRef[]): void {
  const value = scalarText(node);
  if (value === null || value.trim() === "" || isTemplated(value)) return;
  const trimmed = value.trim();
  const loc = scalarLocation(file.path, pos, node);
  const macro = /^\$\(([A-Za-z0-9_.-]+)\)$/.exec(trimmed);
  const param = /^\$\{\{\s*(parameters|variables)\.([A-Za-z0-9_.-]+)\s*\}\}$/.exec(trimmed);
  let names: string[];
  if (macro !== null || param !== null) {
    const key = (macro?.[1] ?? param?.[2] ?? "").toLowerCase();
    const resolved = param?.[1] === "parameters" ? res.paramDefaults.get(key) : res.values.get(key);
    if (resolved === undefined || resolved.trim() === "" || /\$[({[]/.test(resolved)) {
      if (macro !== null && !res.defined.has(key)) refs.push(ref("azure-pipelines", "overbroad", null, loc, route, { overbroad: "dynamic-index" }));
      return;
    }
    if (isTemplated(resolved)) return;
    names = [resolved.trim()];
  } else if (/\$[({[]/.test(trimmed)) {
    refs.push(ref("azure-pipelines", "overbroad", null, loc, route, { overbroad: "dynamic-index" }));
    return;
  } else {
    names = [trimmed];
  }
  if (list) names = names.flatMap((n) => n.split(",")).map((n) => n.trim()).filter((n) => n !== "");
  for (const name of names) refs.push(ref("azure-pipelines", "reference", name, loc, route));
}

/**
 * `AzureKeyVault@2` with `SecretsFilter: 'a,b'` reads those Key Vault secrets into variables of
 * the same names; `*` (the default) reads every secret in the vault.
 */
function keyVaultSecrets(file: SourceFile, pos: Positioner, step: unknown, route: string, refs: SecretRef[], names: Set<string>): void {
  const inputs = mapGet(step, "inputs");
  if (!isMap(inputs)) return;
  const pair = inputs.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === "secretsfilter");
  const inputRoute = `${route}.inputs.${pair && isScalar(pair.key) ? String(pair.key.value) : "SecretsFilter"}`;
  const node = pair?.value;
  if (!isScalar(node)) {
    const at = isScalar(pair?.key) ? scalarLocation(file.path, pos, pair.key) : locationAt(file.path, pos, inputs.range?.[0] ?? 0);
    refs.push(ref("azure-pipelines", "overbroad", null, at, inputRoute, { overbroad: "inherit" }));
    return;
  }
  const { raw, offset } = scalarSource(file.text, node);
  for (const m of raw.matchAll(/[^,'"\s]+/g)) {
    const name = m[0];
    const at = locationAt(file.path, pos, offset + (m.index as number));
    if (name === "*") refs.push(ref("azure-pipelines", "overbroad", null, at, inputRoute, { overbroad: "inherit" }));
    else if (!/^\$/.test(name)) {
      names.add(name);
      refs.push(ref("azure-pipelines", "reference", name, at, inputRoute));
    }
  }
}
