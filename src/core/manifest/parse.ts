import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from "yaml";
import { scrubDeep } from "../scrub.js";
import type { Document, Node as YamlNode, Pair, YAMLMap } from "yaml";
import type { Location, SecretSystem, SourceFile } from "../model.js";
import { RE2JS } from "re2js";
import { LINE_ATTRIBUTES, isAttribute, readAttribute, tokenizeLine } from "./line-attributes.js";
import { checkCodeownersPattern } from "./codeowners.js";
import { checkSecretGlob, isSecretSystem, SECRET_SYSTEMS, splitSystemPrefix } from "./names.js";
import { didYouMean } from "../suggest.js";
import {
  DATE_SUGGESTION,
  DURATION_SUGGESTION,
  explainPrincipal,
  isPrincipal,
  parseDuration,
  parseIsoDate,
  PRINCIPAL_SUGGESTION,
  show,
} from "./text.js";
import type {
  AgentsPolicy,
  Governance,
  Manifest,
  ManifestAllowlist,
  ManifestDetector,
  ManifestDiagnostic,
  ManifestRule,
  ParsedManifest,
  Scope,
  SecretPattern,
  SeveritySetting,
} from "./types.js";

export { parseDuration } from "./text.js";

/**
 * Two forms, chosen by file name:
 * - `secretowners.yml` / `.yaml`: `version`, `defaults`, ordered `rules` carrying governance.
 * - `SECRETOWNERS`: one `PATTERN @owner [@backup ...]` per line, like CODEOWNERS.
 *
 * In both, the last matching rule wins (CODEOWNERS order), so parsing keeps rule order exactly.
 * Nothing here throws: every problem becomes a diagnostic at the offending token, and the valid rest
 * of the manifest is still returned.
 *
 * Fail-closed choices, made so that a mistake never makes a secret look *more* governed than it is:
 * - a rule with a missing, invalid or multiple `owner` is kept, ownerless (dropping it would hand its
 *   secrets to an earlier, broader rule's owner without anyone noticing);
 * - an empty scope list is kept empty, which allows no use at all;
 * - YAML that does not parse yields no manifest (a half-read file could misattribute ownership).
 */
export function parseManifest(file: SourceFile): ParsedManifest {
  const base = file.path.slice(file.path.lastIndexOf("/") + 1).toLowerCase();
  const result = base.endsWith(".yml") || base.endsWith(".yaml") ? parseYamlManifest(file) : parseLineManifest(file);
  // Free text (purpose, vendor, ...) is scrubbed here, at the boundary, for every consumer.
  return scrubDeep({ manifest: result.manifest, diagnostics: sortDiagnostics(result.diagnostics) });
}

function sortDiagnostics(diagnostics: readonly ManifestDiagnostic[]): ManifestDiagnostic[] {
  return diagnostics
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => a.location.line - b.location.line || a.location.column - b.location.column || i - j)
    .map(([d]) => d);
}

type Severity = "error" | "warning";

/** `fieldLocations` keys: the Governance property names, plus `secrets` and `scope`. */
const FIELD_BY_KEY: Readonly<Record<string, keyof Governance | "secrets" | "scope">> = {
  secrets: "secrets",
  owner: "owner",
  custodian: "custodian",
  backup: "backup",
  purpose: "purpose",
  rotation: "rotation",
  revoker: "revoker",
  scope: "scope",
  vendor: "vendor",
  "emergency-only": "emergencyOnly",
  rotated: "rotated",
  reviewed: "reviewed",
  review: "review",
  agents: "agents",
};
/** Evidence about one rule's secrets; as a default it would vouch for secrets nobody rotated. */
const RULE_ONLY_KEYS = ["secrets", "scope", "owner", "rotated", "reviewed"];
const AGENTS_VALUES: readonly AgentsPolicy[] = ["allowed", "denied"];
export const RULE_KEYS = Object.keys(FIELD_BY_KEY);
export const DEFAULTS_KEYS = RULE_KEYS.filter((k) => !RULE_ONLY_KEYS.includes(k));
const TOP_KEYS = ["version", "defaults", "rules", "severity", "detectors", "allowlist"];
const SEVERITY_LEVELS = ["error", "warning", "note", "off"] as const;
const SCOPE_KEYS = ["workflows", "paths", "environments"];

class Reporter {
  readonly diagnostics: ManifestDiagnostic[] = [];
  constructor(readonly file: string) {}

  at(line: number, column: number, kind: string, message: string, suggestion?: string, severity: Severity = "error"): void {
    this.diagnostics.push({
      location: { file: this.file, line, column },
      kind,
      message,
      ...(suggestion === undefined ? {} : { suggestion }),
      severity,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// YAML form
// ---------------------------------------------------------------------------------------------

interface YamlContext {
  readonly report: Reporter;
  readonly lines: LineCounter;
  readonly doc: Document;
}

function locate(ctx: YamlContext, offset: number): { line: number; column: number } {
  const pos = ctx.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function startOf(ctx: YamlContext, node: YamlNode | null | undefined, fallback: number): { line: number; column: number } {
  return locate(ctx, node?.range?.[0] ?? fallback);
}

function locationOf(ctx: YamlContext, from: number, to: number): Location {
  const start = locate(ctx, from);
  const end = locate(ctx, Math.max(from, to));
  return { file: ctx.report.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function report(ctx: YamlContext, node: YamlNode | null | undefined, fallback: number, kind: string, message: string, suggestion?: string, severity?: Severity): void {
  const { line, column } = startOf(ctx, node, fallback);
  ctx.report.at(line, column, kind, message, suggestion, severity);
}

function resolve(ctx: YamlContext, node: unknown): YamlNode | null {
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    return (target as YamlNode | undefined) ?? null;
  }
  return (node as YamlNode | null) ?? null;
}

/** Column of the first character of a scalar's *content* (past an opening quote). */
function contentStart(node: Scalar): number {
  const start = node.range?.[0] ?? 0;
  return node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? start + 1 : start;
}

function describe(node: YamlNode | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "nothing";
    if (typeof v === "string") return "a string";
    if (typeof v === "number") return "a number";
    if (typeof v === "boolean") return "a boolean";
  }
  return "an unsupported value";
}

interface Entry {
  readonly key: string;
  readonly keyNode: YamlNode;
  readonly value: YamlNode | null;
  readonly pair: Pair;
  /** Offset after the key: where a missing value would be. */
  readonly keyEnd: number;
}

/** Walk a mapping's pairs, reporting non-string, duplicate and unknown keys once, here. */
function entries(ctx: YamlContext, map: YAMLMap, allowed: readonly string[], where: string, extra?: (key: string) => { kind: string; message: string; suggestion: string } | null): Entry[] {
  const seen = new Map<string, number>();
  const out: Entry[] = [];
  for (const pair of map.items) {
    const keyNode = resolve(ctx, pair.key);
    const keyStart = keyNode?.range?.[0] ?? map.range?.[0] ?? 0;
    if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
      report(ctx, keyNode, keyStart, "wrong-type", `keys in ${where} must be plain words, got ${describe(keyNode)}`, `use one of: ${allowed.join(", ")}`);
      continue;
    }
    const key = keyNode.value;
    const keyPos = locate(ctx, keyStart);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report(ctx, keyNode, keyStart, "duplicate-key", `\`${key}\` is set twice in ${where}; this one is ignored (first set at line ${earlier})`, `keep one \`${key}\``);
      continue;
    }
    seen.set(key, keyPos.line);
    if (!allowed.includes(key)) {
      const special = extra?.(key) ?? null;
      if (special !== null) {
        report(ctx, keyNode, keyStart, special.kind, special.message, special.suggestion);
      } else {
        const guess = didYouMean(key, allowed);
        report(
          ctx,
          keyNode,
          keyStart,
          "unknown-key",
          `unknown key ${show(key)} in ${where}`,
          guess === null ? `valid keys: ${allowed.join(", ")}` : `did you mean \`${guess}\`?`,
        );
      }
      continue;
    }
    const value = resolve(ctx, pair.value);
    out.push({ key, keyNode, value, pair, keyEnd: keyNode.range?.[1] ?? keyStart });
  }
  return out;
}

function entryLocation(ctx: YamlContext, e: Entry): Location {
  const from = e.keyNode.range?.[0] ?? 0;
  const to = e.value?.range?.[1] ?? e.keyEnd;
  return locationOf(ctx, from, to);
}

/** A string scalar, or a diagnostic. Empty strings count as missing. */
function stringValue(ctx: YamlContext, e: Entry, what: string, suggestion: string): string | null {
  const v = e.value;
  if (isScalar(v) && typeof v.value === "string" && v.value.trim() !== "") return v.value.trim();
  if (v === null || (isScalar(v) && (v.value === null || v.value === ""))) {
    report(ctx, e.keyNode, e.keyEnd, "wrong-type", `\`${e.key}\` is empty; expected ${what}`, suggestion);
  } else {
    report(ctx, v, e.keyEnd, "wrong-type", `\`${e.key}\` must be ${what}, got ${describe(v)}`, suggestion);
  }
  return null;
}

function principalValue(ctx: YamlContext, node: Scalar, key: string, kind: "invalid-owner" | "invalid-principal"): string | null {
  const value = String(node.value).trim();
  if (isPrincipal(value)) return value;
  ctx.report.at(
    locate(ctx, contentStart(node)).line,
    locate(ctx, contentStart(node)).column,
    kind,
    `${key} ${show(value)} ${explainPrincipal(value)}`,
    PRINCIPAL_SUGGESTION,
  );
  return null;
}

function stringScalar(node: YamlNode | null): node is Scalar<string> {
  return isScalar(node) && typeof node.value === "string";
}

/** Fields shared by rules and `defaults`; writes into `out` and `fields`. */
function parseGovernanceField(ctx: YamlContext, e: Entry, out: Record<string, unknown>, fields: Record<string, Location>): void {
  const field = FIELD_BY_KEY[e.key];
  if (field === undefined) return;
  let value: unknown = undefined;
  switch (e.key) {
    case "owner":
      value = parseOwner(ctx, e);
      break;
    case "custodian":
    case "revoker": {
      const node = e.value;
      if (stringScalar(node) && node.value.trim() !== "") value = principalValue(ctx, node, e.key, "invalid-principal") ?? undefined;
      else stringValue(ctx, e, "one @org/team, @user or email", PRINCIPAL_SUGGESTION);
      break;
    }
    case "backup":
      value = parseBackup(ctx, e);
      break;
    case "purpose":
    case "vendor":
      value = stringValue(ctx, e, "a short text", `e.g. ${e.key}: "…"`) ?? undefined;
      break;
    case "rotation":
    case "review": {
      const node = e.value;
      const text = isScalar(node) && node.value !== null ? String(node.value).trim() : null;
      if (text !== null && parseDuration(text) !== null) {
        value = text;
      } else if (text === null || text === "") {
        report(ctx, node ?? e.keyNode, e.keyEnd, "bad-duration", `\`${e.key}\` is empty`, DURATION_SUGGESTION);
      } else {
        report(ctx, node, e.keyEnd, "bad-duration", `${e.key} ${show(text)} is not a duration`, DURATION_SUGGESTION);
      }
      break;
    }
    case "rotated":
    case "reviewed": {
      const node = e.value;
      const text = isScalar(node) && node.value !== null ? String(node.value).trim() : null;
      if (text !== null && parseIsoDate(text) !== null) {
        value = text;
      } else if (text === null || text === "") {
        report(ctx, node ?? e.keyNode, e.keyEnd, "bad-date", `\`${e.key}\` is empty`, DATE_SUGGESTION);
      } else {
        report(ctx, node, e.keyEnd, "bad-date", `${e.key} ${show(text)} is not a date (YYYY-MM-DD) that exists`, DATE_SUGGESTION);
      }
      break;
    }
    case "agents": {
      const node = e.value;
      const text = isScalar(node) && typeof node.value === "string" ? node.value.trim() : null;
      if (text !== null && (AGENTS_VALUES as readonly string[]).includes(text)) {
        value = text;
      } else {
        const shown = text === null ? describe(node) : show(text);
        const guess = text === null ? null : didYouMean(text, AGENTS_VALUES);
        report(
          ctx,
          node ?? e.keyNode,
          e.keyEnd,
          "unknown-value",
          `\`agents\` must be ${AGENTS_VALUES.join(" or ")}, got ${shown}`,
          guess === null ? "write `agents: allowed` to let AI agents use the secret, or `agents: denied`" : `did you mean \`${guess}\`?`,
        );
      }
      break;
    }
    case "emergency-only": {
      const node = e.value;
      if (isScalar(node) && typeof node.value === "boolean") value = node.value;
      else report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`emergency-only\` must be true or false, got ${describe(node)}`, "write `emergency-only: true` or `emergency-only: false`");
      break;
    }
  }
  // Invalid values are dropped; the location is still recorded so later findings can point here.
  fields[field] = entryLocation(ctx, e);
  if (value !== undefined) out[field] = value;
}

function parseOwner(ctx: YamlContext, e: Entry): string | undefined {
  const node = e.value;
  if (isSeq(node)) {
    const items = node.items.map((item) => resolve(ctx, item));
    if (items.length === 1 && stringScalar(items[0] ?? null)) {
      report(ctx, node, e.keyEnd, "wrong-type", "`owner` is a one-element list; it takes a single value", "write `owner: \"@org/team\"` without brackets", "warning");
      return principalValue(ctx, items[0] as Scalar, "owner", "invalid-owner") ?? undefined;
    }
    report(
      ctx,
      node,
      e.keyEnd,
      "multiple-owners",
      `a rule has exactly one accountable owner, got ${items.length}; the rule is left without an owner`,
      "keep one in `owner` and move the others to `backup`",
    );
    return undefined;
  }
  if (stringScalar(node) && node.value.trim() !== "") return principalValue(ctx, node, "owner", "invalid-owner") ?? undefined;
  if (node === null || (isScalar(node) && (node.value === null || node.value === ""))) {
    report(ctx, e.keyNode, e.keyEnd, "missing-owner", "`owner` is empty", PRINCIPAL_SUGGESTION);
  } else {
    report(ctx, node, e.keyEnd, "invalid-owner", `\`owner\` must be a string, got ${describe(node)}`, PRINCIPAL_SUGGESTION);
  }
  return undefined;
}

function parseBackup(ctx: YamlContext, e: Entry): string[] | undefined {
  const node = e.value;
  const items = isSeq(node) ? node.items.map((item) => resolve(ctx, item)) : [node];
  if (!isSeq(node) && !stringScalar(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`backup\` must be a list of @org/team, @user or emails, got ${describe(node)}`, 'e.g. backup: ["@acme/secops"]');
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    if (stringScalar(item)) {
      const p = principalValue(ctx, item, "backup", "invalid-principal");
      if (p !== null) out.push(p);
    } else {
      report(ctx, item, e.keyEnd, "wrong-type", `\`backup\` entries must be strings, got ${describe(item)}`, PRINCIPAL_SUGGESTION);
    }
  }
  return out;
}

interface PatternRegistry {
  /** `system:glob` lower-cased → line of first occurrence. */
  readonly seen: Map<string, number>;
}

function parsePatterns(ctx: YamlContext, e: Entry, registry: PatternRegistry): SecretPattern[] {
  const node = e.value;
  const items = isSeq(node) ? node.items.map((item) => resolve(ctx, item)) : [node];
  if (!isSeq(node) && !stringScalar(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "missing-secrets", `\`secrets\` must be a secret name pattern or a list of them, got ${describe(node)}`, 'e.g. secrets: ["OKTA_*", "SCIM_TOKEN"]');
    return [];
  }
  if (items.length === 0) {
    report(ctx, node, e.keyEnd, "missing-secrets", "`secrets` is an empty list; the rule matches nothing", 'list at least one pattern, e.g. secrets: ["OKTA_*"]');
    return [];
  }
  const inRule = new Set<string>();
  const out: SecretPattern[] = [];
  for (const item of items) {
    if (!stringScalar(item)) {
      report(ctx, item, e.keyEnd, "wrong-type", `secret patterns must be strings, got ${describe(item)}`, "quote the pattern, e.g. \"OKTA_*\"");
      continue;
    }
    const start = locate(ctx, contentStart(item));
    const pattern = checkPattern(ctx.report, item.value.trim(), start.line, start.column + (item.value.length - item.value.trimStart().length), registry, inRule);
    if (pattern !== null) out.push(pattern);
  }
  return out;
}

/** Shared by both forms: validate one pattern, register it for duplicate detection. */
function checkPattern(rep: Reporter, text: string, line: number, column: number, registry: PatternRegistry, inRule: Set<string>): SecretPattern | null {
  const { prefix, glob, globOffset } = splitSystemPrefix(text);
  let system: SecretSystem | undefined;
  if (prefix !== null) {
    if (!isSecretSystem(prefix)) {
      const guess = didYouMean(prefix, SECRET_SYSTEMS);
      rep.at(line, column, "unknown-system", `unknown system prefix ${show(prefix)}`, guess === null ? `systems: ${SECRET_SYSTEMS.join(", ")}` : `did you mean \`${guess}\`?`);
      return null;
    }
    system = prefix;
  }
  const problem = checkSecretGlob(glob);
  if (problem !== null) {
    rep.at(line, column + globOffset + problem.offset, "unsupported-pattern", `${show(text)}: ${problem.message}`, problem.suggestion);
    return null;
  }
  const key = `${system ?? ""}:${glob.toLowerCase()}`;
  if (inRule.has(key)) {
    rep.at(line, column, "duplicate-pattern", `${show(text)} is listed twice in this rule`, "remove the repeated pattern", "warning");
    return null;
  }
  inRule.add(key);
  const earlier = registry.seen.get(key);
  if (earlier !== undefined) {
    rep.at(
      line,
      column,
      "duplicate-pattern",
      `${show(text)} also appears at line ${earlier}; this later rule wins, so the earlier one never applies to it`,
      "remove it from one of the rules (patterns compare case-insensitively)",
      "warning",
    );
  } else {
    registry.seen.set(key, line);
  }
  return { glob, ...(system === undefined ? {} : { system }), location: { file: rep.file, line, column } };
}

function parseScope(ctx: YamlContext, e: Entry): Scope | undefined {
  const node = e.value;
  if (!isMap(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`scope\` must be a mapping with workflows, paths and/or environments, got ${describe(node)}`, "e.g. scope: { paths: [\"infra/**\"] }");
    return undefined;
  }
  const scope: { workflows?: string[]; paths?: string[]; environments?: string[] } = {};
  const list = entries(ctx, node, SCOPE_KEYS, "scope");
  if (list.length === 0 && node.items.length === 0) {
    report(ctx, node, e.keyEnd, "empty-scope", "`scope` is empty, so it restricts nothing", "list workflows, paths or environments, or remove `scope`", "warning");
    return undefined;
  }
  for (const s of list) {
    const value = s.value;
    const items = isSeq(value) ? value.items.map((item) => resolve(ctx, item)) : [value];
    if (!isSeq(value) && !stringScalar(value)) {
      report(ctx, value ?? s.keyNode, s.keyEnd, "wrong-type", `\`scope.${s.key}\` must be a list of strings, got ${describe(value)}`, `e.g. ${s.key}: ["…"]`);
      continue;
    }
    if (items.length === 0) {
      report(
        ctx,
        value,
        s.keyEnd,
        "empty-scope",
        `\`scope.${s.key}\` is an empty list, which allows no use at all`,
        `list the allowed ${s.key}, or remove \`${s.key}\` to leave it unrestricted`,
      );
    }
    const kept: string[] = [];
    for (const item of items) {
      if (!stringScalar(item)) {
        report(ctx, item, s.keyEnd, "wrong-type", `\`scope.${s.key}\` entries must be strings, got ${describe(item)}`, `quote the entry`);
        continue;
      }
      const text = item.value.trim();
      if (s.key === "environments") {
        if (text === "") report(ctx, item, s.keyEnd, "wrong-type", "empty environment name", "write the environment's name, e.g. production");
        else kept.push(text);
        continue;
      }
      const problems = checkCodeownersPattern(text);
      const at = locate(ctx, contentStart(item));
      for (const p of problems) ctx.report.at(at.line, at.column + p.offset, p.kind, `${show(text)}: ${p.message}`, p.suggestion, p.severity);
      if (!problems.some((p) => p.severity === "error")) kept.push(text);
    }
    scope[s.key as "workflows" | "paths" | "environments"] = kept;
  }
  return scope;
}

function parseRule(ctx: YamlContext, item: YamlNode | null, index: number, registry: PatternRegistry): ManifestRule | null {
  if (!isMap(item)) {
    report(ctx, item, 0, "not-a-mapping", `each rule must be a mapping, got ${describe(item)}`, 'write `- secrets: ["NAME_*"]` followed by `owner: "@org/team"`');
    return null;
  }
  const start = item.range?.[0] ?? 0;
  const out: Record<string, unknown> = {};
  const fields: Record<string, Location> = {};
  let patterns: SecretPattern[] | null = null;
  let scope: Scope | undefined;
  for (const e of entries(ctx, item, RULE_KEYS, "a rule")) {
    if (e.key === "secrets") {
      patterns = parsePatterns(ctx, e, registry);
      fields.secrets = entryLocation(ctx, e);
    } else if (e.key === "scope") {
      scope = parseScope(ctx, e);
      fields.scope = entryLocation(ctx, e);
    } else {
      parseGovernanceField(ctx, e, out, fields);
    }
  }
  const pos = locate(ctx, start);
  if (patterns === null) {
    ctx.report.at(pos.line, pos.column, "missing-secrets", "rule has no `secrets`, so it matches nothing and is ignored", 'add `secrets: ["NAME_*"]`');
    return null;
  }
  if (patterns.length === 0) return null;
  // A rule without `owner` is not malformed: it is how `secretowners init` leaves TODOs, and
  // unowned-secret already reports every secret it covers, at the place the secret is used.
  return {
    ...(out as Governance),
    index,
    patterns,
    ...(scope === undefined ? {} : { scope }),
    location: locationOf(ctx, start, start),
    fieldLocations: fields,
  };
}

function parseDefaults(ctx: YamlContext, e: Entry): { governance: Governance; fields: Record<string, Location> } {
  const node = e.value;
  if (!isMap(node)) {
    if (!(isScalar(node) && node.value === null) && node !== null) {
      report(ctx, node, e.keyEnd, "not-a-mapping", `\`defaults\` must be a mapping, got ${describe(node)}`, "e.g. defaults: { rotation: 90d }");
    }
    return { governance: {}, fields: {} };
  }
  const out: Record<string, unknown> = {};
  const fields: Record<string, Location> = {};
  const special = (key: string): { kind: string; message: string; suggestion: string } | null => {
    // No default owner: it would make every secret look owned, which is exactly what the tool exists
    // to catch. CODEOWNERS expresses a fallback as an explicit catch-all rule, visible in review.
    if (key === "owner") {
      return {
        kind: "owner-in-defaults",
        message: "`owner` cannot be set in defaults: a default owner would make every secret look owned",
        suggestion: 'add a catch-all rule first in `rules` (later rules win): `- secrets: "*"` with `owner: "@org/team"`',
      };
    }
    if (key === "secrets" || key === "scope") {
      return { kind: "unknown-key", message: `\`${key}\` belongs in a rule, not in defaults`, suggestion: "move it into a rule under `rules`" };
    }
    if (key === "rotated" || key === "reviewed") {
      return {
        kind: "unknown-key",
        message: `\`${key}\` records when one rule's secrets were ${key === "rotated" ? "rotated" : "reviewed"}; as a default it would vouch for every secret`,
        suggestion: `move \`${key}\` into each rule it is true for`,
      };
    }
    return null;
  };
  for (const d of entries(ctx, node, DEFAULTS_KEYS, "defaults", special)) parseGovernanceField(ctx, d, out, fields);
  return { governance: out as Governance, fields };
}

/**
 * The two syntax errors this format invites: in YAML a leading `*` is an alias and a leading `@` is
 * reserved, so the catch-all `*` and every `@org/team` must be quoted.
 */
function syntaxSuggestion(code: string, ch: string | undefined): string {
  if (code === "BAD_ALIAS" || (code === "BAD_SCALAR_START" && ch === "*")) {
    return 'quote patterns that start with `*`, e.g. `secrets: "*"` (unquoted, YAML reads `*` as an alias)';
  }
  if (code === "BAD_SCALAR_START" && ch === "@") {
    return 'quote owners, e.g. `owner: "@org/team"` (YAML reserves a leading `@`)';
  }
  return "fix the YAML syntax; nothing in this file is used until it parses";
}

function parseYamlManifest(file: SourceFile): { manifest: Manifest | null; diagnostics: ManifestDiagnostic[] } {
  const lines = new LineCounter();
  const rep = new Reporter(file.path);
  let doc: Document;
  try {
    doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    // `yaml` reports problems in `doc.errors`; this only guards against a library bug.
    rep.at(1, 1, "yaml-syntax", `could not read YAML: ${error instanceof Error ? error.name : "unknown error"}`, "check the file is valid YAML");
    return { manifest: null, diagnostics: rep.diagnostics };
  }
  const ctx: YamlContext = { report: rep, lines, doc };
  const [firstError, ...laterErrors] = doc.errors;
  if (firstError !== undefined) {
    // Said once, at the first error: the ones after it are usually its echo, and the verdict is
    // the same (no rule is used, every secret is unowned).
    const at = locate(ctx, firstError.pos[0]);
    const more = laterErrors.length > 0 ? ` (${laterErrors.length} more YAML error${laterErrors.length === 1 ? "" : "s"} after it)` : "";
    const reason = (firstError.message.split("\n")[0] ?? "invalid YAML").replace(/ at line \d+, column \d+:?$/, "");
    rep.at(at.line, at.column, "yaml-syntax", `the manifest is not valid YAML, so no rule in it is used and every secret is unowned: ${reason}${more}`, syntaxSuggestion(firstError.code, file.text[firstError.pos[0]]));
    return { manifest: null, diagnostics: rep.diagnostics };
  }
  for (const warning of doc.warnings) {
    const at = locate(ctx, warning.pos[0]);
    rep.at(at.line, at.column, "yaml-warning", warning.message.split("\n")[0] ?? "YAML warning", "", "warning");
  }

  const root = resolve(ctx, doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) {
    rep.at(1, 1, "no-rules", "the manifest is empty: every secret is unowned", "add `version: 1` and a `rules:` list", "warning");
    return { manifest: { path: file.path, format: "yaml", defaults: {}, rules: [] }, diagnostics: rep.diagnostics };
  }
  if (!isMap(root)) {
    report(ctx, root, 0, "not-a-mapping", `the manifest must be a mapping with version, defaults and rules, got ${describe(root)}`, "start the file with `version: 1`");
    return { manifest: null, diagnostics: rep.diagnostics };
  }

  let defaults: Governance = {};
  let defaultsLocations: Record<string, Location> = {};
  let severity: SeveritySetting[] = [];
  let detectors: ManifestDetector[] = [];
  let allowlist: ManifestAllowlist | undefined;
  const rules: ManifestRule[] = [];
  let sawVersion = false;
  let sawRules = false;
  const registry: PatternRegistry = { seen: new Map() };
  for (const e of entries(ctx, root, TOP_KEYS, "the manifest")) {
    if (e.key === "version") {
      sawVersion = true;
      if (!(isScalar(e.value) && e.value.value === 1)) {
        const shown = isScalar(e.value) && e.value.value !== null ? show(String(e.value.value)) : "nothing";
        report(ctx, e.value ?? e.keyNode, e.keyEnd, "unsupported-version", `version must be 1, got ${shown}`, "write `version: 1`");
      }
    } else if (e.key === "defaults") {
      ({ governance: defaults, fields: defaultsLocations } = parseDefaults(ctx, e));
    } else if (e.key === "severity") {
      severity = parseSeverity(ctx, e);
    } else if (e.key === "detectors") {
      detectors = parseDetectors(ctx, e);
    } else if (e.key === "allowlist") {
      allowlist = parseAllowlist(ctx, e);
    } else {
      sawRules = true;
      const node = e.value;
      if (!isSeq(node)) {
        if (node !== null && !(isScalar(node) && node.value === null)) {
          report(ctx, node, e.keyEnd, "wrong-type", `\`rules\` must be a list of rules, got ${describe(node)}`, 'start each rule with `- secrets: ["NAME_*"]`');
          continue;
        }
      }
      const items = isSeq(node) ? node.items : [];
      if (items.length === 0) report(ctx, e.keyNode, e.keyEnd, "no-rules", "`rules` is empty: every secret is unowned", 'add rules such as `- secrets: ["NAME_*"]` with an `owner`', "warning");
      for (const item of items) {
        const rule = parseRule(ctx, resolve(ctx, item), rules.length, registry);
        if (rule !== null) rules.push(rule);
      }
    }
  }
  if (!sawVersion) rep.at(1, 1, "missing-version", "the manifest has no `version`", "add `version: 1` as the first line", "warning");
  if (!sawRules) rep.at(1, 1, "no-rules", "the manifest has no `rules`: every secret is unowned", "add a `rules:` list", "warning");
  return {
    manifest: {
      path: file.path,
      format: "yaml",
      defaults,
      defaultsLocations,
      rules,
      ...(severity.length > 0 ? { severity } : {}),
      ...(detectors.length > 0 ? { detectors } : {}),
      ...(allowlist === undefined ? {} : { allowlist }),
    },
    diagnostics: rep.diagnostics,
  };
}

/** `severity:` maps policy rule ids to `error`, `warning`, `note` or `off`. */
function parseSeverity(ctx: YamlContext, e: Entry): SeveritySetting[] {
  const node = e.value;
  if (!isMap(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`severity\` must map rule ids to levels, got ${describe(node)}`, "write e.g. `severity: { stale-rule: warning }`");
    return [];
  }
  const settings: SeveritySetting[] = [];
  for (const pair of node.items) {
    const keyNode = resolve(ctx, pair.key);
    const valueNode = resolve(ctx, pair.value);
    if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
      report(ctx, keyNode, node.range?.[0] ?? 0, "wrong-type", "keys in `severity` must be rule ids", "write e.g. `stale-rule: warning`");
      continue;
    }
    const level = isScalar(valueNode) ? String(valueNode.value) : "";
    if (!(SEVERITY_LEVELS as readonly string[]).includes(level)) {
      report(ctx, valueNode ?? keyNode, keyNode.range?.[0] ?? 0, "invalid-severity", `severity for \`${keyNode.value}\` must be ${SEVERITY_LEVELS.join(", ")}, got ${valueNode ? describe(valueNode) : "nothing"}`, `write e.g. \`${keyNode.value}: warning\``);
      continue;
    }
    const at = locate(ctx, keyNode.range?.[0] ?? 0);
    settings.push({ rule: keyNode.value, level: level as SeveritySetting["level"], location: { file: ctx.report.file, line: at.line, column: at.column } });
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// detectors: and allowlist: — the repository's own detection rules (like gitleaks' [extend])

const DETECTOR_KEYS = ["id", "description", "regex", "keywords", "identity"];
const ALLOWLIST_KEYS = ["values", "regexes", "paths"];
const DETECTOR_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Long patterns are a smell and cost compile time; RE2 keeps matching linear whatever the length. */
const MAX_REGEX_LENGTH = 1000;
const MIN_KEYWORD_LENGTH = 3;

/** A regex in RE2 syntax, or a diagnostic saying why not (at the pattern's own line). */
function re2Pattern(ctx: YamlContext, node: YamlNode | null, fallback: number, what: string): string | null {
  if (!stringScalar(node) || node.value.trim() === "") {
    report(ctx, node, fallback, "wrong-type", `${what} must be a regular expression, got ${describe(node)}`, "quote it, e.g. 'acme_[A-Za-z0-9]{32}'");
    return null;
  }
  const source = node.value;
  if (source.length > MAX_REGEX_LENGTH) {
    report(ctx, node, fallback, "invalid-regex", `${what} is ${source.length} characters long; at most ${MAX_REGEX_LENGTH} are accepted`, "describe the token's shape, not a list of values");
    return null;
  }
  try {
    const compiled = RE2JS.compile(source);
    if (compiled.matcher("").find()) {
      report(ctx, node, fallback, "invalid-regex", `${what} ${show(source)} matches the empty string, so it would match everywhere`, "require at least the token's fixed prefix");
      return null;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : "invalid";
    report(
      ctx,
      node,
      fallback,
      "invalid-regex",
      `${what} ${show(source)} is not a valid RE2 regular expression: ${reason}`,
      "RE2 syntax: no backreferences or lookaround; matching then takes linear time, so no pattern can hang the scan",
    );
    return null;
  }
  return source;
}

function stringList(ctx: YamlContext, e: Entry, what: string, example: string): { value: string; node: Scalar<string> }[] {
  const node = e.value;
  const items = isSeq(node) ? node.items.map((item) => resolve(ctx, item)) : [node];
  const out: { value: string; node: Scalar<string> }[] = [];
  for (const item of items) {
    if (!stringScalar(item) || item.value === "") {
      report(ctx, item ?? e.keyNode, e.keyEnd, "wrong-type", `\`${e.key}\` must list ${what}, got ${describe(item)}`, example);
      continue;
    }
    out.push({ value: item.value, node: item });
  }
  return out;
}

/** `detectors:` — a list of `{id, regex, keywords, description?, identity?}`. */
function parseDetectors(ctx: YamlContext, e: Entry): ManifestDetector[] {
  const node = e.value;
  const example = "- id: acme-api-token\n    regex: 'acme_[A-Za-z0-9]{32}'\n    keywords: [acme_]";
  if (!isSeq(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`detectors\` must be a list of detectors, got ${describe(node)}`, `write e.g. ${example}`);
    return [];
  }
  const out: ManifestDetector[] = [];
  const seen = new Map<string, number>();
  for (const raw of node.items) {
    const item = resolve(ctx, raw);
    if (!isMap(item)) {
      report(ctx, item, node.range?.[0] ?? 0, "wrong-type", `each detector must be a mapping with id, regex and keywords, got ${describe(item)}`, `write e.g. ${example}`);
      continue;
    }
    const at = locate(ctx, item.range?.[0] ?? 0);
    const fields = new Map(entries(ctx, item, DETECTOR_KEYS, "a detector").map((f) => [f.key, f]));
    let ok = true;
    const idEntry = fields.get("id");
    const id = idEntry === undefined ? null : stringValue(ctx, idEntry, "a kebab-case id", "e.g. `id: acme-api-token`");
    if (idEntry === undefined) report(ctx, item, item.range?.[0] ?? 0, "missing-field", "this detector has no `id`", "add e.g. `id: acme-api-token`");
    if (id !== null && idEntry !== undefined) {
      if (!DETECTOR_ID.test(id)) {
        report(ctx, idEntry.value, idEntry.keyEnd, "invalid-detector", `detector id ${show(id)} must be kebab-case (lowercase letters, digits, single dashes)`, "e.g. `id: acme-api-token`");
        ok = false;
      } else if (seen.has(id)) {
        report(ctx, idEntry.value, idEntry.keyEnd, "duplicate-detector", `detector \`${id}\` is defined twice; this one is ignored (first at line ${seen.get(id)})`, "give each detector its own id");
        ok = false;
      } else {
        seen.set(id, at.line);
      }
    } else ok = false;
    const regexEntry = fields.get("regex");
    const regex = regexEntry === undefined ? null : re2Pattern(ctx, regexEntry.value, regexEntry.keyEnd, "`regex`");
    if (regexEntry === undefined) report(ctx, item, item.range?.[0] ?? 0, "missing-field", `detector ${id === null ? "" : `\`${id}\` `}has no \`regex\``, "add e.g. `regex: 'acme_[A-Za-z0-9]{32}'`");
    const keywordsEntry = fields.get("keywords");
    const keywords = keywordsEntry === undefined ? [] : stringList(ctx, keywordsEntry, "literal strings", "e.g. `keywords: [acme_]`");
    if (keywordsEntry === undefined || keywords.length === 0) {
      report(
        ctx,
        keywordsEntry?.keyNode ?? item,
        item.range?.[0] ?? 0,
        "missing-field",
        `detector ${id === null ? "" : `\`${id}\` `}needs \`keywords\`: literals one of which every match contains`,
        "e.g. `keywords: [acme_]`; the regex only runs where one occurs",
      );
      ok = false;
    }
    for (const keyword of keywords) {
      if (keyword.value.trim().length < MIN_KEYWORD_LENGTH) {
        report(ctx, keyword.node, keywordsEntry?.keyEnd ?? 0, "invalid-detector", `keyword ${show(keyword.value)} is shorter than ${MIN_KEYWORD_LENGTH} characters and would wake the detector almost everywhere`, "use the token's fixed prefix, e.g. `acme_`");
        ok = false;
      }
    }
    const descriptionEntry = fields.get("description");
    const description = descriptionEntry === undefined ? null : stringValue(ctx, descriptionEntry, "a short text", "e.g. `description: ACME internal API token`");
    const identityEntry = fields.get("identity");
    let identity = false;
    if (identityEntry !== undefined) {
      if (isScalar(identityEntry.value) && typeof identityEntry.value.value === "boolean") identity = identityEntry.value.value;
      else report(ctx, identityEntry.value ?? identityEntry.keyNode, identityEntry.keyEnd, "wrong-type", `\`identity\` must be true or false, got ${describe(identityEntry.value)}`, "write `identity: true` for credentials that act on an identity system");
    }
    if (!ok || id === null || regex === null) continue;
    out.push({
      id,
      description: description ?? `${id} (from ${ctx.report.file})`,
      regex,
      keywords: keywords.map((k) => k.value.toLowerCase()),
      identity,
      location: { file: ctx.report.file, line: at.line, column: at.column },
    });
  }
  return out;
}

/** `allowlist:` — `values`, `regexes` and `paths`, each a list. */
function parseAllowlist(ctx: YamlContext, e: Entry): ManifestAllowlist | undefined {
  const node = e.value;
  if (!isMap(node)) {
    report(ctx, node ?? e.keyNode, e.keyEnd, "wrong-type", `\`allowlist\` must be a mapping with values, regexes or paths, got ${describe(node)}`, "write e.g. `allowlist: { paths: [\"fixtures/**\"] }`");
    return undefined;
  }
  const values: string[] = [];
  const regexes: string[] = [];
  const paths: string[] = [];
  for (const field of entries(ctx, node, ALLOWLIST_KEYS, "`allowlist`")) {
    if (field.key === "values") {
      for (const { value } of stringList(ctx, field, "exact values", 'e.g. `values: ["not-a-secret-1234"]`')) values.push(value);
    } else if (field.key === "regexes") {
      for (const { node: item } of stringList(ctx, field, "regular expressions", "e.g. `regexes: ['^test-']`")) {
        const source = re2Pattern(ctx, item, field.keyEnd, "allowlist regex");
        if (source !== null) regexes.push(source);
      }
    } else {
      for (const { value, node: item } of stringList(ctx, field, "path patterns", 'e.g. `paths: ["fixtures/**"]`')) {
        const problems = checkCodeownersPattern(value);
        const start = locate(ctx, contentStart(item));
        for (const p of problems) ctx.report.at(start.line, start.column + p.offset, p.kind, `${show(value)}: ${p.message}`, p.suggestion, p.severity);
        if (!problems.some((p) => p.severity === "error")) paths.push(value);
      }
    }
  }
  return { values, regexes, paths };
}

// ---------------------------------------------------------------------------------------------
// SECRETOWNERS form
// ---------------------------------------------------------------------------------------------

/** The first token of a line that sets `defaults` for every rule (attributes only, no owner). */
const DEFAULTS_LINE = "defaults";

function parseLineManifest(file: SourceFile): { manifest: Manifest; diagnostics: ManifestDiagnostic[] } {
  const rep = new Reporter(file.path);
  const rules: ManifestRule[] = [];
  const registry: PatternRegistry = { seen: new Map() };
  const defaults: Record<string, unknown> = {};
  let defaultsLine: number | null = null;
  const lines = file.text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const [first, ...rest] = tokenizeLine(raw);
    if (first === undefined) return;
    const attributes = rest.filter(isAttribute);
    const owners = rest.filter((token) => !isAttribute(token));
    const readAll = (into: Record<string, unknown>, allowed: readonly string[], fields?: Record<string, Location>): void => {
      for (const token of attributes) {
        for (const problem of readAttribute(token, into, allowed)) rep.at(line, problem.column, problem.kind, problem.message, problem.suggestion);
        const spec = LINE_ATTRIBUTES[token.text.slice(0, token.text.indexOf("="))];
        if (fields && spec) fields[spec.field] ??= { file: file.path, line, column: token.column, endLine: line, endColumn: token.endColumn };
      }
    };

    if (first.text === DEFAULTS_LINE) {
      if (defaultsLine !== null) {
        rep.at(line, first.column, "duplicate-key", `a second \`defaults\` line (the first is line ${defaultsLine})`, "merge the two into one defaults line");
      }
      defaultsLine ??= line;
      for (const token of owners) {
        rep.at(line, token.column, "invalid-owner", `\`defaults\` takes attributes only, not an owner (${show(token.text)})`, "give each pattern its owner on its own line; defaults fill custodian, backup, purpose, rotation, revoker, vendor");
      }
      readAll(defaults, DEFAULTS_KEYS.filter((key) => key in LINE_ATTRIBUTES));
      return;
    }

    const pattern = checkPattern(rep, first.text, line, first.column, registry, new Set());
    if (pattern === null) return;

    const fields: Record<string, Location> = {
      secrets: { file: file.path, line, column: first.column, endLine: line, endColumn: first.column + first.text.length },
    };
    let owner: string | undefined;
    const backup: string[] = [];
    owners.forEach((token, k) => {
      const valid = isPrincipal(token.text);
      if (!valid) {
        rep.at(line, token.column, k === 0 ? "invalid-owner" : "invalid-principal", `${k === 0 ? "owner" : "backup"} ${show(token.text)} ${explainPrincipal(token.text)}`, PRINCIPAL_SUGGESTION);
      }
      const location = { file: file.path, line, column: token.column, endLine: line, endColumn: token.column + token.text.length };
      if (k === 0) {
        fields.owner = location;
        // The first owner position is the accountable owner; an invalid one is not replaced by a
        // backup, which would silently promote someone who did not sign up for it.
        if (valid) owner = token.text;
      } else {
        fields.backup ??= location;
        if (valid) backup.push(token.text);
      }
    });
    const governance: Record<string, unknown> = backup.length === 0 ? {} : { backup };
    readAll(governance, Object.keys(LINE_ATTRIBUTES), fields);
    // A pattern with no owner is valid, as in CODEOWNERS: it marks those secrets unowned, and
    // unowned-secret reports them where they are used.
    rules.push({
      ...(governance as Governance),
      ...(owner === undefined ? {} : { owner }),
      index: rules.length,
      patterns: [pattern],
      location: { file: file.path, line, column: first.column },
      fieldLocations: fields,
    });
  });
  return { manifest: { path: file.path, format: "secretowners", defaults: defaults as Governance, rules }, diagnostics: rep.diagnostics };
}
