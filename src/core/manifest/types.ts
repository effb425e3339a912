import type { Location, SecretSystem, Severity } from "../model.js";

/** Governance fields a rule carries; `defaults:` may supply any of them except `owner`. */
export interface Governance {
  readonly owner?: string;
  readonly custodian?: string;
  readonly backup?: readonly string[];
  readonly purpose?: string;
  /** As written: `30d`, `4w`, `3m`, `1y`. */
  readonly rotation?: string;
  readonly revoker?: string;
  readonly vendor?: string;
  readonly emergencyOnly?: boolean;
  /** Last rotation, an ISO date as written (`2026-09-14`): evidence for rotation-overdue. */
  readonly rotated?: string;
  /** Last access review, an ISO date as written. */
  readonly reviewed?: string;
  /** Review cadence as written (`180d`), like `rotation`. */
  readonly review?: string;
  /** `allowed`: an AI agent may use the secret; `denied`: it never may. */
  readonly agents?: AgentsPolicy;
}

export type AgentsPolicy = "allowed" | "denied";

export interface Scope {
  /** Workflow file paths (CODEOWNERS path semantics). */
  readonly workflows?: readonly string[];
  /** Paths where the secret may be referenced (CODEOWNERS path semantics). */
  readonly paths?: readonly string[];
  /** Deployment environments (case-insensitive). */
  readonly environments?: readonly string[];
}

export interface SecretPattern {
  /** Glob over secret names, as written (case-insensitive when matched). */
  readonly glob: string;
  /** `jenkins:DEPLOY_*` addresses one system's secrets only. */
  readonly system?: SecretSystem;
  readonly location: Location;
}

export interface ManifestRule extends Governance {
  /** 0-based position among the rules; later rules win. */
  readonly index: number;
  readonly patterns: readonly SecretPattern[];
  readonly scope?: Scope;
  /** Where the rule starts (the `- secrets:` item or the SECRETOWNERS line). */
  readonly location: Location;
  /** Location of each field as written, for findings about a particular field. */
  readonly fieldLocations: Readonly<Record<string, Location>>;
  /** Comes from the organization's manifest (see organization.ts), not the repository's. */
  readonly inherited?: boolean;
}

/** `severity: { stale-rule: off }`: a policy rule's severity for this repository. */
export interface SeveritySetting {
  /** The policy rule id as written; the scanner checks it names a rule. */
  readonly rule: string;
  readonly level: Severity | "off";
  readonly location: Location;
}

/**
 * `detectors:` — the repository's own credential formats, run beside the built-in table. The regex
 * is RE2 syntax (linear-time matching: a pattern cannot hang the scan).
 */
export interface ManifestDetector {
  readonly id: string;
  readonly description: string;
  readonly regex: string;
  /** Lowercase literals; the regex runs only on lines holding one. */
  readonly keywords: readonly string[];
  readonly identity: boolean;
  readonly location: Location;
}

/** `allowlist:` — what is never a hard-coded credential in this repository. */
export interface ManifestAllowlist {
  /** Exact values. */
  readonly values: readonly string[];
  /** RE2 patterns over the value. */
  readonly regexes: readonly string[];
  /** CODEOWNERS-style globs over the file path. */
  readonly paths: readonly string[];
}

export interface Manifest {
  readonly path: string;
  readonly format: "yaml" | "secretowners";
  readonly defaults: Governance;
  /** Where each `defaults:` field is written (YAML form), for findings about a default. */
  readonly defaultsLocations?: Readonly<Record<string, Location>>;
  readonly rules: readonly ManifestRule[];
  /** Per-rule severities (YAML form only); command-line `--severity` wins over these. */
  readonly severity?: readonly SeveritySetting[];
  /** Extra credential detectors (YAML form only). */
  readonly detectors?: readonly ManifestDetector[];
  /** Values, patterns and paths that are never hard-coded credentials (YAML form only). */
  readonly allowlist?: ManifestAllowlist;
}

/** Modelled on GitHub's CODEOWNERS error report: line, column, kind, message, suggestion. */
export interface ManifestDiagnostic {
  readonly location: Location;
  readonly kind: string;
  readonly message: string;
  readonly suggestion?: string;
  /**
   * `error`: the manifest says something that cannot be honoured as written (the affected rule or
   * field is dropped or left ownerless). `warning`: honoured, but probably not what was meant.
   * Absent is treated as `error`.
   */
  readonly severity?: "error" | "warning";
}

export interface ParsedManifest {
  /** null only when nothing usable could be read (e.g. the YAML does not parse at all). */
  readonly manifest: Manifest | null;
  readonly diagnostics: readonly ManifestDiagnostic[];
}

export interface ManifestMatch {
  readonly rule: ManifestRule;
  /** Governance after applying `defaults` to the rule. */
  readonly effective: Governance;
}
