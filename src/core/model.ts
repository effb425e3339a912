/**
 * The core's vocabulary. Every stage (extract, detect, manifest, policy, render) speaks in these
 * types; the shells (CLI, Action, App) only ever build `SourceFile`s and consume `Finding`s.
 *
 * Conventions: paths are relative to the scanned root with `/` separators; lines and columns are
 * 1-based; nothing in here ever holds a secret *value* — only a redacted preview and a hash.
 */

import type { PathContext } from "./path-context.js";

/** A file handed to the core: the shells read it from disk, a tarball or the API. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** Where a secret lives: the extractor (CI system / orchestration tool) that found it. */
export type SecretSystem =
  | "github-actions"
  | "gitlab-ci"
  | "circleci"
  | "azure-pipelines"
  | "jenkins"
  | "bitbucket-pipelines"
  | "kubernetes"
  | "helm"
  | "compose"
  | "terraform"
  | "ansible";

/**
 * - `reference`: a use of a named secret (`${{ secrets.X }}`, `credentials('x')`, `secretKeyRef`…).
 * - `declaration`: a secret declared but not used at this place (`on.workflow_call.secrets.X`,
 *   a Terraform `sensitive` variable). Recorded in the inventory; needs an owner like a reference.
 * - `overbroad`: a use that hands over *all* secrets or an unknowable one (`secrets: inherit`,
 *   `toJSON(secrets)`, `secrets[expr]`). `name` is null.
 * - `platform`: a token the platform issues per run (`GITHUB_TOKEN`, `github.token`). Tracked in the
 *   inventory, never required to have an owner.
 */
export type SecretRefKind = "reference" | "declaration" | "overbroad" | "platform";

export type OverbroadKind = "inherit" | "tojson" | "dynamic-index";

export interface SecretRef {
  readonly system: SecretSystem;
  readonly kind: SecretRefKind;
  /** The secret's name as written (case preserved); null for over-broad uses. */
  readonly name: string | null;
  readonly overbroad?: OverbroadKind;
  /** Points at the `secrets` word (Actions) or the name (other systems). */
  readonly location: Location;
  /** Symbolic route inside the document, e.g. `jobs.build.steps[2].env.TOKEN`. */
  readonly route: string;
  /** The deployment environment the use runs in (Actions job `environment:`), for scope checks. */
  readonly environment?: string;
  /** GitHub Actions only: what the workflow around the use does with it (triggers, step, agents). */
  readonly workflow?: WorkflowPlacement;
}

/**
 * Facts about the workflow a GitHub Actions reference sits in, read by the extractor so that
 * policy rules need no YAML: what starts the workflow, whether the job is protected by an
 * environment, which action the secret is handed to, and whether an AI agent can read it.
 */
export interface WorkflowPlacement {
  /** The workflow's `on:` events; absent in action metadata, where the calling workflow decides. */
  readonly triggers?: readonly string[];
  /** The job declares an `environment:` (a literal name or an expression), so its protection rules apply. */
  readonly jobEnvironment?: boolean;
  /** The job's or step's `if:` runs it only on a manual start (`github.event_name == 'workflow_dispatch'`). */
  readonly manualOnly?: boolean;
  /**
   * The action or reusable workflow the secret is handed to, as written (`owner/repo@ref`,
   * `./local`, `docker://image@sha256:…`): set when the use sits in a step's `with:` or `env:` or
   * in a job's `with:` / `secrets:` for a reusable workflow.
   */
  readonly uses?: string;
  /** The `with:` input the secret is passed as, when it is one (`aws-secret-access-key`). */
  readonly input?: string;
  /** Where the step (or calling job) begins. */
  readonly stepLocation?: Location;
  /**
   * The AI agent the secret reaches (see core/agents.ts): its own step runs one, or the secret is
   * set in a job's or the workflow's `env:` and a step there runs one.
   */
  readonly agent?: string;
}

/** Something an extractor or the manifest parser could not read. Never a crash, never silent. */
export interface Diagnostic {
  readonly source: string;
  readonly location: Location;
  readonly message: string;
}

export interface ExtractResult {
  readonly refs: SecretRef[];
  readonly diagnostics: Diagnostic[];
  /**
   * Literal values an extractor recognises structurally (a Kubernetes `Secret`'s `data`, a
   * Terraform provider's `token`): the scanner vets them like every detector's matches.
   */
  readonly literals?: Literal[];
  /**
   * Uses that are secrets only if another file of the same folder declares them (a Terraform
   * `var.x` whose `sensitive` variable lives in variables.tf). The scanner keeps each candidate
   * whose system, name and folder match a `declaration` once every file has been seen.
   */
  readonly candidates?: SecretRef[];
  /**
   * Uses whose name reads as a credential and whose declaration is not in this file: secrets
   * unless another file of the same folder declares the name as not secret (`plainDeclarations`).
   */
  readonly presumed?: SecretRef[];
  /** Names this file declares as not secret (a Terraform variable without `sensitive = true`). */
  readonly plainDeclarations?: PlainDeclaration[];
}

export interface PlainDeclaration {
  readonly system: SecretSystem;
  readonly name: string;
  readonly file: string;
}

/**
 * A literal credential an extractor read from a file's structure, under the id of its structural
 * detector in the detector table. It carries the value only as far as the scanner, which applies
 * the global, the detector's and the manifest's allowlists and keeps a hash and a redacted preview.
 */
export interface Literal {
  readonly detector: string;
  readonly location: Location;
  readonly value: string;
  /** The key the value is assigned to (`password`, `api_token`). */
  readonly key: string;
  /** What is known here beyond the detector's description (which provider, which field). */
  readonly description?: string;
  /** Acts on an identity system, whatever the detector's default. */
  readonly identity?: boolean;
  /**
   * The text as written (before base64 decoding): a PEM block in it is left to the `private-key`
   * detector, which sees the same text.
   */
  readonly raw?: string;
}

/** One CI system or orchestration tool. `extract` must not throw: bad input becomes diagnostics. */
export interface Extractor {
  readonly id: SecretSystem;
  readonly description: string;
  /** Cheap test on the path alone; `extract` may still find nothing. */
  matches(path: string): boolean;
  extract(file: SourceFile): ExtractResult;
}

/** A hard-coded credential. The value itself is never stored: only its hash and a redacted preview. */
export interface Credential {
  readonly detector: string;
  readonly description: string;
  readonly location: Location;
  /** e.g. `ghp_…(32-63 chars)`: public prefix and length class only; see redact.ts. */
  readonly preview: string;
  /**
   * A digest of the value keyed per process (redact.ts `hashValue`): tells values apart within one
   * scan, worthless outside it. Never published; fingerprints do not use it.
   */
  readonly valueHash: string;
  readonly length: number;
  /** The credential acts on an identity system (IdP, IAM, vault, password manager). */
  readonly identity: boolean;
  /** The key it was assigned to, when the detector saw one (`OKTA_API_TOKEN = "..."`). */
  readonly key?: string;
  /** The detector's own level when below the rule's default (an encrypted private key is a `note`). */
  readonly severity?: Severity;
  /**
   * Set when the credential sits in documentation embedded in a source file (an Ansible module's
   * `EXAMPLES`); it overrides the file's path context (see detect/embedded-docs.ts).
   */
  readonly context?: PathContext;
}

export type Severity = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

/** Worst first: the order findings are sorted in and `--fail-on` thresholds compare by. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

export type Suppression =
  | { readonly kind: "baseline" }
  | { readonly kind: "inline"; readonly reason: string };

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
  /** The secret's name; null where none exists (hard-coded values, over-broad uses). */
  readonly secret: string | null;
  /** Detector id for `hardcoded-secret`, otherwise null. */
  readonly detector: string | null;
  /** Stable across runs and line moves: rule + file + secret name or value hash, never the line. */
  readonly fingerprint: string;
  /** OWASP NHI Top 10 (2025) and NIST CSF 2.0 ids. */
  readonly controls: readonly string[];
  readonly system?: SecretSystem;
  /** Redacted preview of a hard-coded value. */
  readonly preview?: string;
  readonly identity?: boolean;
  readonly suppressed?: Suppression;
  /** Set when the file is a test fixture, documentation or an example (see path-context.ts). */
  readonly context?: PathContext;
}

/**
 * A secret GitHub holds for the repository, as its API lists it: a name and dates, never a value
 * (the API has none to give). The shells fetch these; the core judges them (unowned, unused,
 * rotation). Dates are ISO 8601 strings as the API returns them.
 */
export interface StoredSecret {
  readonly name: string;
  readonly store: "actions" | "environment" | "organization" | "dependabot";
  /** The deployment environment, for `store: "environment"`. */
  readonly environment?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  /** Organization secrets only: which repositories may use it. */
  readonly visibility?: "all" | "private" | "selected";
}

/** A finding of an organization-wide scan: which repository it is in (`owner/name`). */
export interface OrgFinding extends Finding {
  readonly repo: string;
}

/** A file the shell chose not to read; reported, never silently dropped. */
export interface SkippedFile {
  readonly file: string;
  /**
   * `link`: a symbolic or hard link in an archive (its target, if inside, is scanned where it is).
   * `outside-root`: an archive entry whose path escapes the repository (`..`, absolute, another top folder).
   */
  readonly reason: "binary" | "too-large" | "symlink-outside-root" | "unreadable" | "not-utf8" | "link" | "outside-root";
  readonly detail?: string;
}

export interface InventoryReference {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: SecretRefKind;
  /** The deployment environment the use runs in (an Actions job's `environment:`), when it has one. */
  readonly environment?: string;
}

/** One named secret, as the inventory and `--format json` `secrets[]` show it. */
export interface InventoryEntry {
  readonly name: string;
  readonly system: SecretSystem;
  /** `platform` for tokens the CI issues per run (GITHUB_TOKEN): tracked, never owned. */
  readonly kind: "secret" | "platform";
  readonly owner: string | null;
  /** The winning manifest rule, if any. */
  readonly rule: Location | null;
  readonly custodian?: string;
  readonly backup?: readonly string[];
  readonly purpose?: string;
  readonly rotation?: string;
  readonly revoker?: string;
  readonly vendor?: string;
  readonly emergencyOnly?: boolean;
  /** Last rotation and last review as the manifest records them (`YYYY-MM-DD`), and the review cadence. */
  readonly rotated?: string;
  readonly reviewed?: string;
  readonly review?: string;
  readonly agents?: "allowed" | "denied";
  readonly references: readonly InventoryReference[];
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly secrets: readonly InventoryEntry[];
  /** Inputs that could not be read in full (broken YAML, unparseable workflow). */
  readonly diagnostics: readonly Diagnostic[];
  /** The manifest used, relative path; null when the repository has none. */
  readonly manifest: string | null;
  readonly stats: { readonly files: number; readonly bytes: number };
  readonly skipped: readonly SkippedFile[];
  /**
   * When the scan was given "today": the last day (`YYYY-MM-DD`, UTC, at most a month ahead) on
   * which this result still holds if the files and GitHub's secrets do not change; the date rules
   * (rotation, review) may judge differently the day after. What a cache of results keys on.
   */
  readonly stableThrough?: string;
}
