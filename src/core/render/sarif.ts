import type { Diagnostic, Finding, Location, ScanResult, Severity, SkippedFile } from "../model.js";
import { RULES } from "../policy/index.js";
import type { PolicyRule } from "../policy/rule.js";
import type { RunInfo } from "./index.js";

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 * Only the subset we emit is typed here; the vendored OASIS schema test checks the rest.
 */
export interface SarifLog {
  readonly $schema: string;
  readonly version: "2.1.0";
  readonly runs: readonly [SarifRun];
}

export interface SarifRun {
  readonly tool: { readonly driver: SarifDriver };
  readonly invocations: readonly SarifInvocation[];
  readonly columnKind: "utf16CodeUnits";
  readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string; readonly description: SarifText }>>;
  readonly results: readonly SarifResult[];
}

interface SarifDriver {
  readonly name: string;
  readonly version: string;
  readonly semanticVersion: string;
  readonly informationUri: string;
  readonly rules: readonly SarifRule[];
}

interface SarifText {
  readonly text: string;
}

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifText;
  readonly fullDescription: SarifText;
  readonly helpUri: string;
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: Severity };
  readonly properties: { readonly tags: readonly string[]; readonly "security-severity": string };
}

interface SarifPhysicalLocation {
  readonly artifactLocation: { readonly uri: string; readonly uriBaseId: "%SRCROOT%" };
  readonly region?: {
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine?: number;
    readonly endColumn?: number;
  };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex?: number;
  readonly level: Severity;
  readonly message: SarifText;
  readonly locations: readonly { readonly physicalLocation: SarifPhysicalLocation }[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly { readonly kind: "external" | "inSource"; readonly justification: string }[];
  readonly properties: Readonly<Record<string, unknown>>;
}

interface SarifInvocation {
  readonly executionSuccessful: boolean;
  readonly toolExecutionNotifications: readonly SarifNotification[];
}

interface SarifNotification {
  readonly level: "warning" | "note";
  readonly message: SarifText;
  readonly descriptor: { readonly id: string };
  readonly locations: readonly { readonly physicalLocation: SarifPhysicalLocation }[];
}

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const FINGERPRINT_KEY = "secretowners/v1";
const INFORMATION_URI = "https://github.com/secretowners/secretowners";

/**
 * GitHub ranks security alerts by `security-severity` (0.0–10.0; >= 9 critical, >= 7 high,
 * >= 4 medium). A committed credential is directly exploitable, so it ranks above the default.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", note: "2.0" };
const SECURITY_SEVERITY_OVERRIDES: Readonly<Record<string, string>> = { "hardcoded-secret": "9.0" };

export function buildSarif(result: ScanResult, run: RunInfo, rules: readonly PolicyRule[] = RULES): SarifLog {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "secretowners",
            version: run.toolVersion,
            semanticVersion: run.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map(toSarifRule),
          },
        },
        invocations: [
          {
            // The scan itself succeeded even when it has findings; what it could not read is
            // reported as notifications rather than as a failed execution.
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...result.diagnostics.map(diagnosticNotification),
              ...result.skipped.map(skippedNotification),
            ],
          },
        ],
        // Extractors count columns in JavaScript string indices.
        columnKind: "utf16CodeUnits",
        ...(run.root !== undefined ? { originalUriBaseIds: { "%SRCROOT%": { uri: rootUri(run.root), description: { text: "The repository root; every result's path is relative to it." } } } } : {}),
        results: result.findings.map((finding) => toSarifResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
}

export function renderSarif(result: ScanResult, run: RunInfo): string {
  return `${JSON.stringify(buildSarif(result, run), null, 2)}\n`;
}

/** `/work/repo` → `file:///work/repo/`; a base URI must end with `/` (SARIF §3.14.14). */
export function rootUri(root: string): string {
  const path = root.replace(/\\/g, "/").replace(/\/?$/, "/");
  const absolute = path.startsWith("/") ? path : `/${path}`;
  return `file://${absolute.split("/").map((segment) => encodeURIComponent(segment).replace(/%3A/g, ":")).join("/")}`;
}

/** `unowned-secret` → `UnownedSecret`: SARIF wants a name distinct from the opaque id. */
export function pascalCase(id: string): string {
  return id
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Plain text for clients that do not render markdown: drop emphasis and code markers. */
function markdownToText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "");
}

function toSarifRule(rule: PolicyRule): SarifRule {
  const { meta } = rule;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.description },
    helpUri: meta.url,
    help: {
      text: `${markdownToText(meta.help)}\n\nDocumentation: ${meta.url}`,
      markdown: `${meta.help}\n\n[Documentation](${meta.url})`,
    },
    defaultConfiguration: { level: meta.defaultSeverity },
    properties: {
      tags: ["security", ...meta.controls],
      "security-severity": SECURITY_SEVERITY_OVERRIDES[meta.id] ?? SECURITY_SEVERITY[meta.defaultSeverity],
    },
  };
}

function physicalLocation(location: Location): SarifPhysicalLocation {
  return {
    artifactLocation: { uri: encodeUri(location.file), uriBaseId: "%SRCROOT%" },
    region: {
      startLine: location.line,
      startColumn: location.column,
      ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
      ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
    },
  };
}

/**
 * `uri` must be a URI reference: a file named `a b#1.yml` would otherwise be read as a path
 * plus a fragment. Each segment is percent-encoded; the `/` separators stay.
 */
function encodeUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function toSarifResult(finding: Finding, ruleIndex: number | undefined): SarifResult {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: finding.severity,
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.suppressed
      ? {
          suppressions: [
            finding.suppressed.kind === "inline"
              ? { kind: "inSource" as const, justification: finding.suppressed.reason }
              : { kind: "external" as const, justification: "accepted in the baseline file" },
          ],
        }
      : {}),
    properties: {
      secret: finding.secret,
      detector: finding.detector,
      controls: [...finding.controls],
      ...(finding.system ? { system: finding.system } : {}),
      ...(finding.preview ? { preview: finding.preview } : {}),
      identity: finding.identity ?? false,
      ...(finding.context ? { context: finding.context } : {}),
    },
  };
}

function diagnosticNotification(diagnostic: Diagnostic): SarifNotification {
  return {
    level: "warning",
    message: { text: diagnostic.message },
    descriptor: { id: `diagnostic/${diagnostic.source}` },
    locations: [{ physicalLocation: physicalLocation(diagnostic.location) }],
  };
}

function skippedNotification(skipped: SkippedFile): SarifNotification {
  return {
    level: "note",
    message: { text: `Skipped ${skipped.file}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ""}` },
    descriptor: { id: `skipped/${skipped.reason}` },
    // No region: the file was never read, so there is no line to point at.
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(skipped.file), uriBaseId: "%SRCROOT%" } } }],
  };
}
