import { DETECTORS, FILE_NAME_DETECTORS, STRUCTURAL_DETECTORS, compileManifestDetection, detectCredentials, fileNameCredentials, isAllowedByManifest, vetLiterals } from "./detect/scan.js";
import type { ManifestDetection } from "./detect/scan.js";
import { hashValue } from "./redact.js";
import { EXTRACTORS } from "./extract/index.js";
import type { OwnerDirectory } from "./manifest/directory.js";
import { locateManifest } from "./manifest/locate.js";
import { combineManifests } from "./manifest/organization.js";
import { matchSecret } from "./manifest/match.js";
import { parseManifest } from "./manifest/parse.js";
import type { Manifest, ManifestDiagnostic, ManifestMatch } from "./manifest/types.js";
import type {
  Credential,
  Diagnostic,
  Extractor,
  InventoryEntry,
  InventoryReference,
  PlainDeclaration,
  ScanResult,
  SecretRef,
  SkippedFile,
  SourceFile,
  StoredSecret,
} from "./model.js";
import { CODEOWNERS_CANDIDATES, parseCodeowners } from "./manifest/codeowners.js";
import { evaluate, stableThrough } from "./policy/evaluate.js";
import type { PolicyContext } from "./policy/rule.js";
import { formatIsoDate } from "./manifest/text.js";
import { RULES_BY_ID } from "./policy/index.js";
import { checkSeveritySetting, type Level, type SeveritySettings } from "./policy/severity.js";
import { compareLocations, compareStrings } from "./order.js";
import { collectInlineIgnores, type InlineIgnore } from "./policy/suppress.js";
import { FINDING_FIELDS, scrubDeep } from "./scrub.js";

export interface ScanOptions {
  /** The manifest file, already read; null/undefined when the repository has none. */
  readonly manifest?: SourceFile | null;
  /** Diagnostics from locating the manifest (two candidates in one folder). */
  readonly manifestDiagnostics?: readonly ManifestDiagnostic[];
  /** Rule, context and rule@context levels (policy/severity.ts); these win over the manifest's. */
  readonly severities?: SeveritySettings;
  readonly baseline?: ReadonlySet<string>;
  /**
   * False when the files are only part of the repository (a PR's changed files): rules that
   * need to see everything, such as stale-rule, then stay quiet.
   */
  readonly complete?: boolean;
  readonly extractors?: readonly Extractor[];
  /** The organization's manifest (its `.github` repository); its rules come before the repository's. */
  readonly organizationManifest?: SourceFile | null;
  /** Which teams and users the manifest names still exist, for orphaned-owner (the App fills it in). */
  readonly directory?: OwnerDirectory;
  /** The secrets GitHub holds for the repository (names and dates), when the shell could list them. */
  readonly storedSecrets?: readonly StoredSecret[];
  /** "Today" for rotation and review dates; the shell passes it, the core never reads the clock. */
  readonly now?: Date;
  /**
   * The CODEOWNERS file GitHub uses (the first of CODEOWNERS_CANDIDATES present), read by the
   * shell like the manifest: a partial scan may not include it among its files.
   */
  readonly codeowners?: SourceFile | null;
}

/**
 * Streaming entry point: the shells hand over one file at a time and let go of it, so memory is
 * bounded by the largest file plus what was found, never by the size of the tree.
 */
export class Scanner {
  readonly #options: ScanOptions;
  readonly #extractors: readonly Extractor[];
  readonly #refs: SecretRef[] = [];
  readonly #candidates: SecretRef[] = [];
  readonly #presumed: SecretRef[] = [];
  readonly #plainDeclarations: PlainDeclaration[] = [];
  readonly #credentials: Credential[] = [];
  readonly #diagnostics: Diagnostic[] = [];
  readonly #skipped: SkippedFile[] = [];
  readonly #inlineIgnores = new Map<string, Map<number, InlineIgnore>>();
  #files = 0;
  #bytes = 0;
  /**
   * The manifest's `detectors:` and `allowlist:`, when the manifest is known up front (a local
   * scan): they run on each file as it is scanned, here or on a worker thread (`detectionSpec`).
   * A manifest that arrives only at `finish` still has its allowlist's paths and values applied.
   */
  readonly #detection: ManifestDetection | undefined;
  readonly #detectionSpec: ManifestDetectionSpec | undefined;
  readonly #detectionDiagnostics: ManifestDiagnostic[] = [];

  constructor(options: ScanOptions = {}) {
    this.#options = options;
    this.#extractors = options.extractors ?? EXTRACTORS;
    const manifest = options.manifest ? parseManifest(options.manifest).manifest : null;
    if (manifest?.detectors !== undefined || manifest?.allowlist !== undefined) {
      this.#detectionSpec = { detectors: ownDetectors(manifest, this.#detectionDiagnostics), ...(manifest.allowlist ? { allowlist: manifest.allowlist } : {}) };
      this.#detection = compileManifestDetection(this.#detectionSpec.detectors, this.#detectionSpec.allowlist);
    }
  }

  /** Plain data for worker threads, which compile it with `compileManifestDetection`. */
  get detectionSpec(): ManifestDetectionSpec | undefined {
    return this.#detectionSpec;
  }

  add(file: SourceFile): void {
    this.addScanned(scanFile(file, this.#extractors, this.#detection));
  }

  /**
   * Takes what `scanFile` found in one file, computed here or elsewhere (a worker thread). Files
   * must arrive in the same order whoever scanned them, for the result to be the same.
   */
  addScanned(scan: FileScan): void {
    this.#files += 1;
    this.#bytes += scan.bytes;
    this.#refs.push(...scan.refs);
    this.#diagnostics.push(...scan.diagnostics);
    this.#credentials.push(...scan.credentials);
    this.#candidates.push(...scan.candidates);
    this.#presumed.push(...scan.presumed);
    this.#plainDeclarations.push(...scan.plainDeclarations);
    if (scan.ignores.length > 0) this.#inlineIgnores.set(scan.path, new Map(scan.ignores));
  }

  skip(skipped: SkippedFile): void {
    this.#skipped.push(skipped);
    // A binary keystore is skipped unread, yet its name says what it holds.
    this.#credentials.push(...fileNameCredentials(skipped.file, this.#detection));
  }

  /**
   * `late` supplies the manifest when it is only known once every file was seen (a tarball
   * streams in archive order, and the manifest may come after the files it governs), and the
   * stored secrets when which ones to list depends on what the files use (their environments),
   * and the directory of owners when which ones to look up depends on that late manifest.
   * Calling it again with other `late` values re-judges the same files.
   */
  finish(late: Pick<ScanOptions, "manifest" | "manifestDiagnostics" | "codeowners" | "storedSecrets" | "directory"> = {}): ScanResult {
    const options = { ...this.#options, ...late };
    const refs = [
      ...this.#refs,
      ...declaredCandidates(this.#refs, this.#candidates),
      ...undeclaredPresumed(this.#presumed, this.#plainDeclarations),
    ];
    const own = options.manifest ? parseManifest(options.manifest) : null;
    const organization = options.organizationManifest;
    const parsed = organization ? combineManifests(parseManifest(organization), own) : own;
    const manifest = parsed?.manifest ?? null;
    const manifestDiagnostics = [...(options.manifestDiagnostics ?? []), ...(parsed?.diagnostics ?? []), ...this.#detectionDiagnostics];
    const severities = { ...manifestSeverities(manifest, manifestDiagnostics), ...this.#options.severities };
    const credentials = dedupeCredentials(allowedByLateManifest(this.#credentials, manifest, this.#detection !== undefined));
    const match = memoisedMatcher(manifest);
    const manifestFile = options.manifest ?? null;
    // A manifest given from outside the tree was never add()ed: its own ignores still count.
    if (manifestFile !== null && !this.#inlineIgnores.has(manifestFile.path)) {
      const ignores = collectInlineIgnores(manifestFile);
      if (ignores.size > 0) this.#inlineIgnores.set(manifestFile.path, ignores);
    }
    const ruleErrors: Diagnostic[] = [];
    const context: PolicyContext = {
      refs,
      credentials,
      manifest,
      manifestDiagnostics,
      manifestFile: manifestFile?.path ?? null,
      match,
      complete: this.#options.complete ?? true,
      ...(options.directory ? { directory: options.directory } : {}),
      storedSecrets: options.storedSecrets ?? [],
      ...(this.#options.now === undefined ? {} : { now: this.#options.now }),
      codeowners: options.codeowners ? parseCodeowners(options.codeowners) : null,
    };
    const findings = evaluate(context, {
      severities,
      ...(this.#options.baseline ? { baseline: this.#options.baseline } : {}),
      inlineIgnores: this.#inlineIgnores,
      onRuleError: (ruleId, error) => ruleErrors.push(ruleErrorDiagnostic(ruleId, error, manifestFile?.path ?? null)),
    });
    const stable = stableThrough(context, { severities });
    // The model boundary: nothing a detector would flag leaves the core, whatever field holds it.
    const rest = scrubDeep({
      secrets: buildInventory(refs, match),
      diagnostics: [...this.#diagnostics, ...ruleErrors].sort(compareDiagnostics),
      manifest: options.manifest?.path ?? options.organizationManifest?.path ?? null,
      stats: { files: this.#files, bytes: this.#bytes },
      skipped: [...this.#skipped].sort((a, b) => compareStrings(a.file, b.file)),
    });
    return { findings: scrubDeep(findings, FINDING_FIELDS), ...rest, ...(stable === null ? {} : { stableThrough: formatIsoDate(stable) }) };
  }
}

/**
 * What one file yields, before anything is matched against the manifest: the per-file half of a
 * scan. Plain data (no values, only hashes and previews of credentials), so a worker thread can
 * compute it and post it to the thread that owns the `Scanner`.
 */
export interface FileScan {
  readonly path: string;
  /** Characters of text, as `stats.bytes` counts them. */
  readonly bytes: number;
  readonly refs: readonly SecretRef[];
  readonly diagnostics: readonly Diagnostic[];
  readonly credentials: readonly Credential[];
  readonly candidates: readonly SecretRef[];
  readonly presumed: readonly SecretRef[];
  readonly plainDeclarations: readonly PlainDeclaration[];
  /** Inline `secretowners:ignore` comments, keyed by the line they apply to. */
  readonly ignores: readonly (readonly [number, InlineIgnore])[];
}

export function scanFile(file: SourceFile, extractors: readonly Extractor[] = EXTRACTORS, detection?: ManifestDetection): FileScan {
  const refs: SecretRef[] = [];
  const diagnostics: Diagnostic[] = [];
  const credentials: Credential[] = [];
  const candidates: SecretRef[] = [];
  const presumed: SecretRef[] = [];
  const plainDeclarations: PlainDeclaration[] = [];
  for (const extractor of extractors) {
    if (!extractor.matches(file.path)) continue;
    const result = safeExtract(extractor, file);
    refs.push(...result.refs);
    diagnostics.push(...result.diagnostics);
    if (result.literals) credentials.push(...vetLiterals(file.path, result.literals, detection));
    if (result.candidates) candidates.push(...result.candidates);
    if (result.presumed) presumed.push(...result.presumed);
    if (result.plainDeclarations) plainDeclarations.push(...result.plainDeclarations);
  }
  credentials.push(...detectCredentials(file, detection), ...fileNameCredentials(file.path, detection));
  const ignores = collectInlineIgnores(file);
  return { path: file.path, bytes: file.text.length, refs, diagnostics, credentials, candidates, presumed, plainDeclarations, ignores: [...ignores] };
}

/**
 * Convenience for callers that hold every file already (tests, a PR's changed files): finds the
 * manifest among them the way the CLI does on disk.
 */
export function scanFiles(files: readonly SourceFile[], options: Omit<ScanOptions, "manifest"> = {}): ScanResult {
  const located = locateManifest(files.map((file) => file.path));
  const manifest = located.path === null ? null : (files.find((file) => file.path === located.path) ?? null);
  const codeowners = CODEOWNERS_CANDIDATES.map((path) => files.find((file) => file.path === path)).find((file) => file !== undefined) ?? null;
  const scanner = new Scanner({
    codeowners,
    ...options,
    manifest,
    manifestDiagnostics: [...(options.manifestDiagnostics ?? []), ...located.diagnostics],
  });
  for (const file of files) scanner.add(file);
  return scanner.finish();
}

/**
 * The manifest's `severity:` settings, checked against the registered rules here because the
 * manifest parser knows nothing of policy. An unknown id is reported where it is written.
 */
function manifestSeverities(manifest: Manifest | null, diagnostics: ManifestDiagnostic[]): Record<string, Level> {
  const severities: Record<string, Level> = {};
  for (const setting of manifest?.severity ?? []) {
    const problem = checkSeveritySetting(setting.rule, setting.level, RULES_BY_ID);
    if (problem === null) {
      severities[setting.rule] = setting.level;
      continue;
    }
    diagnostics.push({ location: setting.location, kind: problem.kind, message: `\`severity\` ${problem.message}`, suggestion: problem.suggestion });
  }
  return severities;
}

/** An extractor bug must not take the whole scan down: it becomes a diagnostic on that file. */
function safeExtract(extractor: Extractor, file: SourceFile): ReturnType<Extractor["extract"]> {
  try {
    return extractor.extract(file);
  } catch (error) {
    const reason = error instanceof Error ? error.name : "unknown error";
    return {
      refs: [],
      diagnostics: [
        {
          source: extractor.id,
          location: { file: file.path, line: 1, column: 1 },
          message: `internal error in the ${extractor.id} extractor (${reason}); this file was not scanned for ${extractor.id} secrets. Please report it.`,
        },
      ],
    };
  }
}

/** A rule bug must not take the report down: the other rules' findings stand, and this says what is missing. */
function ruleErrorDiagnostic(ruleId: string, error: unknown, manifest: string | null): Diagnostic {
  // The error's name only: a message could quote scanned text.
  const reason = error instanceof Error ? error.name : "unknown error";
  return {
    source: ruleId,
    location: { file: manifest ?? ".", line: 1, column: 1 },
    message: `internal error in the ${ruleId} rule (${reason}); its findings may be missing from this report. Please report it.`,
  };
}

/** The candidates whose system, name and folder match a declaration seen in any file. */
function declaredCandidates(refs: readonly SecretRef[], candidates: readonly SecretRef[]): SecretRef[] {
  if (candidates.length === 0) return [];
  const key = (ref: SecretRef) => `${ref.system}\0${folderOf(ref.location.file)}\0${ref.name}`;
  const declared = new Set(refs.filter((ref) => ref.kind === "declaration").map(key));
  return candidates.filter((candidate) => declared.has(key(candidate)));
}

/** The presumed uses no file of their folder declares as not secret. */
function undeclaredPresumed(presumed: readonly SecretRef[], plain: readonly PlainDeclaration[]): SecretRef[] {
  if (presumed.length === 0 || plain.length === 0) return [...presumed];
  const declared = new Set(plain.map((p) => `${p.system}\0${folderOf(p.file)}\0${p.name}`));
  return presumed.filter((use) => !declared.has(`${use.system}\0${folderOf(use.location.file)}\0${use.name}`));
}

function folderOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf("/")));
}

/** The key/value detectors of last resort: any specific detector on the same line outranks them. */
const GENERIC_DETECTORS = new Set(["generic-credential", "generic-name-value-credential"]);

/**
 * A provider detector and a structural extractor may both see one value; report it once. A
 * Kubernetes Secret's `data` value is seen base64-encoded by the generic detector and decoded by
 * the Secret's own: the specific finding on a line makes the generic one there redundant.
 */
function dedupeCredentials(credentials: readonly Credential[]): Credential[] {
  const byPlace = new Map<string, Credential>();
  const specificLines = new Set<string>();
  for (const credential of credentials) {
    const line = `${credential.location.file}\0${credential.location.line}`;
    if (!GENERIC_DETECTORS.has(credential.detector)) specificLines.add(line);
    const key = `${line}\0${credential.valueHash}`;
    if (!byPlace.has(key)) byPlace.set(key, credential);
  }
  return [...byPlace.values()].filter((c) => !GENERIC_DETECTORS.has(c.detector) || !specificLines.has(`${c.location.file}\0${c.location.line}`));
}

/** `detectors:` and `allowlist:` from the manifest, as plain data a worker thread can receive. */
export interface ManifestDetectionSpec {
  readonly detectors: NonNullable<Manifest["detectors"]>;
  readonly allowlist?: Manifest["allowlist"];
}

const BUILT_IN_DETECTORS = new Set([...DETECTORS, ...STRUCTURAL_DETECTORS, ...FILE_NAME_DETECTORS].map((d) => d.id));

/** The manifest's `detectors:`, less those that reuse a built-in id (reported where they are written). */
function ownDetectors(manifest: Manifest, diagnostics: ManifestDiagnostic[]): NonNullable<Manifest["detectors"]> {
  return (manifest.detectors ?? []).filter((detector) => {
    if (!BUILT_IN_DETECTORS.has(detector.id)) return true;
    diagnostics.push({
      location: detector.location,
      kind: "duplicate-detector",
      message: `detector id \`${detector.id}\` is a built-in detector; this one is ignored`,
      suggestion: `name it after your own format, e.g. \`acme-${detector.id}\``,
    });
    return false;
  });
}

/**
 * A manifest that arrives only at `finish` (a tarball streams it after the files it governs) still
 * has its allowlist's paths and exact values applied; values are compared as this process's hashes.
 */
function allowedByLateManifest(credentials: readonly Credential[], manifest: Manifest | null, appliedEarly: boolean): readonly Credential[] {
  const allowlist = manifest?.allowlist;
  if (appliedEarly || allowlist === undefined) return credentials;
  const late = compileManifestDetection([], { values: [], regexes: [], paths: allowlist.paths });
  const hashes = new Set(allowlist.values.map((value) => hashValue(value)));
  return credentials.filter((c) => !hashes.has(c.valueHash) && !isAllowedByManifest(late, c.location.file));
}

function memoisedMatcher(manifest: Manifest | null): (ref: SecretRef) => ManifestMatch | null {
  const cache = new Map<string, ManifestMatch | null>();
  return (ref) => {
    if (manifest === null || ref.name === null) return null;
    const key = `${ref.system}\0${ref.name}`;
    let match = cache.get(key);
    if (match === undefined) {
      match = matchSecret(manifest, ref.name, ref.system);
      cache.set(key, match);
    }
    return match;
  };
}

/** GitHub stores secret names upper-cased and matches them case-insensitively. */
function inventoryKey(ref: SecretRef & { name: string }): string {
  const name = ref.system === "github-actions" ? ref.name.toUpperCase() : ref.name;
  return `${ref.system}\0${name}`;
}

function buildInventory(refs: readonly SecretRef[], match: (ref: SecretRef) => ManifestMatch | null): InventoryEntry[] {
  const entries = new Map<string, { entry: Omit<InventoryEntry, "references">; references: InventoryReference[] }>();
  for (const ref of refs) {
    if (ref.name === null) continue;
    const named = ref as SecretRef & { name: string };
    const key = inventoryKey(named);
    let slot = entries.get(key);
    if (!slot) {
      const platform = ref.kind === "platform";
      const found = match(ref);
      const governance = found?.effective;
      slot = {
        entry: {
          name: ref.system === "github-actions" ? named.name.toUpperCase() : named.name,
          system: ref.system,
          kind: platform ? "platform" : "secret",
          owner: governance?.owner ?? null,
          rule: found?.rule.location ?? null,
          ...(governance?.custodian ? { custodian: governance.custodian } : {}),
          ...(governance?.backup ? { backup: governance.backup } : {}),
          ...(governance?.purpose ? { purpose: governance.purpose } : {}),
          ...(governance?.rotation ? { rotation: governance.rotation } : {}),
          ...(governance?.revoker ? { revoker: governance.revoker } : {}),
          ...(governance?.vendor ? { vendor: governance.vendor } : {}),
          ...(governance?.emergencyOnly !== undefined ? { emergencyOnly: governance.emergencyOnly } : {}),
          ...(governance?.rotated ? { rotated: governance.rotated } : {}),
          ...(governance?.reviewed ? { reviewed: governance.reviewed } : {}),
          ...(governance?.review ? { review: governance.review } : {}),
          ...(governance?.agents ? { agents: governance.agents } : {}),
        },
        references: [],
      };
      entries.set(key, slot);
    }
    slot.references.push({
      file: ref.location.file,
      line: ref.location.line,
      column: ref.location.column,
      kind: ref.kind,
      ...(ref.environment !== undefined ? { environment: ref.environment } : {}),
    });
  }
  return [...entries.values()]
    .map(({ entry, references }) => ({ ...entry, references: references.sort(compareLocations) }))
    .sort((a, b) => compareStrings(a.system, b.system) || compareStrings(a.name, b.name));
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareLocations(a.location, b.location) || compareStrings(a.message, b.message);
}
