import { isMap, isScalar } from "yaml";
import type { Diagnostic, Extractor, Location, SecretRef, SourceFile } from "../model.js";
import { indentQuotedContinuations } from "./pyyaml-compat.js";
import { baseName, byPosition, isCredentialName, isYamlPath, joinRoute, locationAt, mapPairs, parseYaml, ref, scalarLocation, scalarSource, scalarText, slashed, walkYaml } from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * Ansible playbooks, roles and inventory variables.
 *
 * - Vault-encrypted values (`!vault |` scalars, `$ANSIBLE_VAULT;` blobs, whole vault files) are
 *   secrets declared in the repository: a declaration named by their variable.
 * - `lookup('env', 'X')` of a credential-like name reads a secret from the controller's
 *   environment; `lookup('hashi_vault', …)`, `community.hashi_vault.vault_kv2_get` and friends read
 *   one from a secret manager, named by its path.
 */

/** Lookup plugins that read from a secret manager (short and fully-qualified names). */
const SECRET_LOOKUPS = [
  "hashi_vault", "community.hashi_vault.hashi_vault", "community.hashi_vault.vault_kv2_get", "community.hashi_vault.vault_kv1_get",
  "community.hashi_vault.vault_read", "aws_secret", "amazon.aws.aws_secret", "amazon.aws.secretsmanager_secret", "aws_ssm",
  "amazon.aws.aws_ssm", "azure_keyvault_secret", "azure.azcollection.azure_keyvault_secret", "onepassword", "community.general.onepassword",
  "community.general.bitwarden", "cyberarkpassword", "community.general.cyberarkpassword", "google.cloud.gcp_secret_manager",
];

/** Modules (task keys) that read a secret, and the argument that names it. */
const SECRET_MODULES: Record<string, string> = {
  "community.hashi_vault.vault_kv2_get": "path",
  "community.hashi_vault.vault_kv1_get": "path",
  "community.hashi_vault.vault_read": "path",
  vault_kv2_get: "path",
  vault_kv1_get: "path",
  vault_read: "path",
};

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const LOOKUP_ENV = /\b(?:lookup|query|q)\(\s*(['"])(?:ansible\.builtin\.)?env\1\s*,\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2/g;
/** Group 4: a quoted term's text; group 5: an unquoted (computed) term. */
const LOOKUP_SECRET = new RegExp(`\\b(?:lookup|query|q)\\(\\s*(['"])(${SECRET_LOOKUPS.map(esc).join("|")})\\1\\s*,\\s*(?:(['"])([^'"]*)\\3|([^,)\\s][^,)]*))`, "g");
const SNIFF = /!vault|\$ANSIBLE_VAULT;|\b(?:lookup|query|q)\(|vault_kv|vault_read/;

export const ansible: Extractor = {
  id: "ansible",
  description: "Ansible: vault-encrypted variables, env lookups of credentials and secret-manager lookups",
  matches(path) {
    if (!isYamlPath(path) && !path.includes("_vars")) return false;
    const p = slashed(path);
    const base = baseName(path);
    if (/\/(group_vars|host_vars)\//.test(p)) return !/\.(j2|md|txt|json|ini|cfg)$/i.test(base);
    if (!/\.ya?ml$/i.test(base)) return false;
    return /^(site|playbook[^/]*)\.ya?ml$/i.test(base) || /playbook/i.test(p) || /\/(roles|tasks|vars|handlers|defaults)\//.test(p);
  },
  extract(file: SourceFile) {
    if (file.text.startsWith("$ANSIBLE_VAULT;")) {
      // The whole file is encrypted (`ansible-vault encrypt vars.yml`): its variables are unknown.
      const name = baseName(file.path).replace(/\.ya?ml$/i, "");
      return { refs: [ref("ansible", "declaration", name, { file: file.path, line: 1, column: 1 }, "(vault file)")], diagnostics: [] };
    }
    if (!SNIFF.test(file.text)) return { refs: [], diagnostics: [] };
    const result = extractYaml(file);
    if (result.diagnostics.length === 0) return result;
    // Ansible reads YAML with PyYAML, which accepts what `yaml` refused here if the refusal is an
    // under-indented quoted scalar: read it again with those lines indented, as PyYAML sees it.
    const reindented = indentQuotedContinuations(file.text);
    if (reindented === null) return result;
    const retry = extractYaml({ path: file.path, text: reindented.text });
    if (retry.diagnostics.length >= result.diagnostics.length) return result;
    const back = (line: number, column: number) => column - Math.min(reindented.padding.get(line) ?? 0, column - 1);
    const unpad = <T extends { location: Location }>(item: T): T => {
      const { line, column, endLine, endColumn } = item.location;
      const end = endLine !== undefined && endColumn !== undefined ? { endColumn: back(endLine, endColumn) } : {};
      return { ...item, location: { ...item.location, column: back(line, column), ...end } };
    };
    return { refs: retry.refs.map(unpad), diagnostics: retry.diagnostics.map(unpad) };
  },
};

function extractYaml(file: SourceFile): { refs: SecretRef[]; diagnostics: Diagnostic[] } {
  const refs: SecretRef[] = [];
  const { docs, pos, diagnostics } = parseYaml(file, "ansible");
  for (const doc of docs) {
    walkYaml(doc.contents, "", (node, route, key) => {
      if (isMap(node)) {
        moduleRefs(file, pos, node, route, refs);
        return;
      }
      if (!isScalar(node)) return;
      const text = scalarText(node) ?? "";
      if (node.tag === "!vault" || text.startsWith("$ANSIBLE_VAULT;")) {
        const name = key !== null ? String(key.value) : route.slice(route.lastIndexOf(".") + 1);
        refs.push(ref("ansible", "declaration", name, scalarLocation(file.path, pos, key ?? node), route));
        return;
      }
      const { raw, offset } = scalarSource(file.text, node);
      if (!/\b(?:lookup|query|q)\(/.test(raw)) return;
      for (const m of raw.matchAll(LOOKUP_ENV)) {
        const name = m[3] as string;
        if (!isCredentialName(name)) continue;
        const at = offset + (m.index as number) + (m[0] as string).length - name.length - 1;
        refs.push(ref("ansible", "reference", name, locationAt(file.path, pos, at), route));
      }
      for (const m of raw.matchAll(LOOKUP_SECRET)) secretLookup(file, pos, m, offset, route, refs);
    });
  }
  return { refs: byPosition(refs), diagnostics };
}

/** `community.hashi_vault.vault_kv2_get: { path: billing/db }` as a task. */
function moduleRefs(file: SourceFile, pos: Positioner, node: unknown, route: string, refs: SecretRef[]): void {
  for (const pair of mapPairs(node)) {
    if (!isScalar(pair.key)) continue;
    const arg = SECRET_MODULES[String(pair.key.value)];
    if (arg === undefined) continue;
    const argRoute = joinRoute(joinRoute(route, String(pair.key.value)), arg);
    for (const p of mapPairs(pair.value)) {
      if (!isScalar(p.key) || String(p.key.value) !== arg || !isScalar(p.value)) continue;
      const v = scalarText(p.value) ?? "";
      const loc = scalarLocation(file.path, pos, p.value);
      refs.push(v.includes("{{") || v === "" ? ref("ansible", "overbroad", null, loc, argRoute, { overbroad: "dynamic-index" }) : ref("ansible", "reference", v, loc, argRoute));
    }
  }
}

function secretLookup(file: SourceFile, pos: Positioner, m: RegExpMatchArray, offset: number, route: string, refs: SecretRef[]): void {
  const whole = m[0];
  const term = m[4];
  const start = offset + (m.index as number);
  // Legacy hashi_vault terms are `secret=path:field token=… url=…`; the path is the name.
  const secret = term === undefined ? null : /(?:^|\s)secret=(\S+)/.exec(term);
  const name = term === undefined ? "" : secret !== null ? (secret[1] as string) : (term.trim().split(/\s+/)[0] ?? "");
  if (term === undefined || name === "" || name.includes("{{")) {
    // A computed term (`lookup('hashi_vault', vault_path)`) names a secret no rule can know.
    const at = term === undefined ? start + whole.length - (m[5] ?? "").length : start + whole.length - term.length - 1;
    refs.push(ref("ansible", "overbroad", null, locationAt(file.path, pos, at), route, { overbroad: "dynamic-index" }));
    return;
  }
  const termStart = start + whole.length - term.length - 1;
  const at = termStart + (secret !== null ? secret.index + secret[0].indexOf("secret=") + "secret=".length : term.indexOf(name));
  refs.push(ref("ansible", "reference", name, locationAt(file.path, pos, at), route));
}
