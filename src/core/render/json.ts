import type {
  Diagnostic,
  Finding,
  InventoryEntry,
  Location,
  ScanResult,
  SecretRefKind,
  SecretSystem,
  Severity,
  SkippedFile,
} from "../model.js";
import type { PathContext } from "../path-context.js";
import { RULES_BY_ID } from "../policy/index.js";
import type { RunInfo } from "./index.js";
import { summarize } from "./summary.js";

/**
 * `--format json`, version 1. Integrations may rely on every field typed here: fields are only
 * ever added within a version; renaming or removing one bumps `version`.
 */
export interface JsonReportV1 {
  readonly version: 1;
  readonly tool: { readonly name: "secretowners"; readonly version: string };
  /** The manifest used, relative path; null when the repository has none. */
  readonly manifest: string | null;
  readonly findings: readonly JsonFinding[];
  readonly secrets: readonly JsonSecret[];
  readonly summary: { readonly error: number; readonly warning: number; readonly note: number; readonly suppressed: number };
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly skipped: readonly JsonSkipped[];
  readonly stats: { readonly files: number; readonly bytes: number };
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The secret's name; null for hard-coded values and over-broad uses. */
  readonly secret: string | null;
  /** Detector id for `hardcoded-secret`, otherwise null. */
  readonly detector: string | null;
  readonly fingerprint: string;
  readonly controls: readonly string[];
  readonly system: SecretSystem | null;
  /** Redacted preview of a hard-coded value (`ghp_…(40 chars)`), never the value. */
  readonly preview: string | null;
  readonly identity: boolean;
  /**
   * `test`, `docs` or `example` when the file is a test fixture, documentation or an example
   * (such findings are notes unless `severity:` raises them); null for the repository's own files.
   */
  readonly context: PathContext | null;
  /** Present only on suppressed findings, which the summary does not count. */
  readonly suppressed?: { readonly kind: "baseline" | "inline"; readonly reason: string | null };
  /** The rule's documentation page; null for a rule this version does not know. */
  readonly url: string | null;
}

export interface JsonSecret {
  readonly name: string;
  readonly system: SecretSystem;
  readonly kind: "secret" | "platform";
  /** null when no manifest rule gives it an owner. */
  readonly owner: string | null;
  readonly rule: { readonly file: string; readonly line: number; readonly column: number } | null;
  readonly custodian: string | null;
  readonly backup: readonly string[];
  readonly purpose: string | null;
  readonly rotation: string | null;
  readonly revoker: string | null;
  /** Who issues and manages the key, when a vendor does. */
  readonly vendor: string | null;
  readonly emergencyOnly: boolean;
  /** `YYYY-MM-DD` as the manifest records them; null when it does not. */
  readonly rotated: string | null;
  readonly reviewed: string | null;
  /** Review cadence (`180d`). */
  readonly review: string | null;
  /** `allowed` or `denied`: may an AI agent use it; null when the rule does not say. */
  readonly agents: "allowed" | "denied" | null;
  readonly references: readonly {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly kind: SecretRefKind;
    /** The deployment environment the use runs in, when it has one. */
    readonly environment?: string;
  }[];
}

export interface JsonDiagnostic {
  readonly source: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message: string;
}

export interface JsonSkipped {
  readonly file: string;
  readonly reason: SkippedFile["reason"];
  readonly detail?: string;
}

export function buildJsonReport(result: ScanResult, run: RunInfo): JsonReportV1 {
  return {
    version: 1,
    tool: { name: "secretowners", version: run.toolVersion },
    manifest: result.manifest,
    findings: result.findings.map(toJsonFinding),
    secrets: result.secrets.map(toJsonSecret),
    summary: summarize(result.findings),
    diagnostics: result.diagnostics.map(toJsonDiagnostic),
    skipped: result.skipped.map(toJsonSkipped),
    stats: { files: result.stats.files, bytes: result.stats.bytes },
  };
}

export function toJsonSkipped(skipped: SkippedFile): JsonSkipped {
  return { file: skipped.file, reason: skipped.reason, ...(skipped.detail !== undefined ? { detail: skipped.detail } : {}) };
}

/** A list `prettyJsonChunks` writes element by element, producing each only when it is written. */
export class JsonList {
  constructor(readonly items: () => Iterable<unknown>) {}
}

/**
 * An object as `JSON.stringify(object, null, 2)` writes it, in pieces: the value of a `JsonList`
 * field one element at a time, so a long report is never held whole, as text or as objects.
 */
export function* prettyJsonChunks(fields: readonly (readonly [string, unknown])[]): Generator<string> {
  yield "{";
  for (const [index, [key, value]] of fields.entries()) {
    yield `${index === 0 ? "" : ","}\n  ${JSON.stringify(key)}: `;
    if (!(value instanceof JsonList)) {
      yield JSON.stringify(value, null, 2).replace(/\n/g, "\n  ");
      continue;
    }
    let empty = true;
    for (const item of value.items()) {
      yield `${empty ? "[" : ","}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, "\n    ")}`;
      empty = false;
    }
    yield empty ? "[]" : "\n  ]";
  }
  yield fields.length === 0 ? "}\n" : "\n}\n";
}

export function renderJson(result: ScanResult, run: RunInfo): string {
  return `${JSON.stringify(buildJsonReport(result, run), null, 2)}\n`;
}

function span(location: Location): { endLine?: number; endColumn?: number } {
  return {
    ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
    ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
  };
}

export function toJsonFinding(finding: Finding): JsonFinding {
  const { location } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: location.file,
    line: location.line,
    column: location.column,
    ...span(location),
    secret: finding.secret,
    detector: finding.detector,
    fingerprint: finding.fingerprint,
    controls: [...finding.controls],
    system: finding.system ?? null,
    preview: finding.preview ?? null,
    identity: finding.identity ?? false,
    context: finding.context ?? null,
    ...(finding.suppressed
      ? {
          suppressed: {
            kind: finding.suppressed.kind,
            reason: finding.suppressed.kind === "inline" ? finding.suppressed.reason : null,
          },
        }
      : {}),
    url: RULES_BY_ID.get(finding.ruleId)?.meta.url ?? null,
  };
}

export function toJsonSecret(entry: InventoryEntry): JsonSecret {
  return {
    name: entry.name,
    system: entry.system,
    kind: entry.kind,
    owner: entry.owner,
    rule: entry.rule ? { file: entry.rule.file, line: entry.rule.line, column: entry.rule.column } : null,
    custodian: entry.custodian ?? null,
    backup: [...(entry.backup ?? [])],
    purpose: entry.purpose ?? null,
    rotation: entry.rotation ?? null,
    revoker: entry.revoker ?? null,
    vendor: entry.vendor ?? null,
    emergencyOnly: entry.emergencyOnly === true,
    rotated: entry.rotated ?? null,
    reviewed: entry.reviewed ?? null,
    review: entry.review ?? null,
    agents: entry.agents ?? null,
    references: entry.references.map((ref) => ({
      file: ref.file,
      line: ref.line,
      column: ref.column,
      kind: ref.kind,
      ...(ref.environment !== undefined ? { environment: ref.environment } : {}),
    })),
  };
}

export function toJsonDiagnostic(diagnostic: Diagnostic): JsonDiagnostic {
  const { location } = diagnostic;
  return {
    source: diagnostic.source,
    file: location.file,
    line: location.line,
    column: location.column,
    ...span(location),
    message: diagnostic.message,
  };
}
