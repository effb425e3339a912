import { DETECTORS, FILE_NAME_DETECTORS, STRUCTURAL_DETECTORS, compileManifestDetection, detectCredentials, fileNameCredentials, vetLiterals } from "./detect/scan.js";
import type { ManifestDetection } from "./detect/scan.js";
import { EXTRACTORS } from "./extract/index.js";
import { locateManifest } from "./manifest/locate.js";
import { matchSecret } from "./manifest/match.js";
import { parseManifest } from "./manifest/parse.js";
import { didYouMean } from "./manifest/text.js";
import type { Manifest, ManifestDiagnostic, ManifestMatch } from "./manifest/types.js";
import type {
  Credential,
  Diagnostic,
  Extractor,
  InventoryEntry,
  InventoryReference,
  ScanResult,
  SecretRef,
  Severity,
  SkippedFile,
  SourceFile,
  StoredSecret,
} from "./model.js";
import { evaluate } from "./policy/evaluate.js";
import { RULES_BY_ID } from "./policy/index.js";
import { compareLocations, compareStrings } from "./order.js";
import { collectInlineIgnores, type InlineIgnore } from "./policy/suppress.js";

export interface ScanOptions {
  /** The manifest file, already read; null/undefined when the repository has none. */
  readonly manifest?: SourceFile | null;
  /** Diagnostics from locating the manifest (two candidates in one folder). */
  readonly manifestDiagnostics?: readonly ManifestDiagnostic[];
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly baseline?: ReadonlySet<string>;
  /**
   * False when the files are only part of the repository (a PR's changed files): rules that
   * need to see everything, such as stale-rule, then stay quiet.
   */
  readonly complete?: boolean;
  readonly extractors?: readonly Extractor[];
  /** The secrets GitHub holds for the repository (names and dates), when the shell could list them. */
  readonly storedSecrets?: readonly StoredSecret[];
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
  readonly #credentials: Credential[] = [];
  readonly #diagnostics: Diagnostic[] = [];
  readonly #skipped: SkippedFile[] = [];
  readonly #inlineIgnores = new Map<string, Map<number, InlineIgnore>>();
  #files = 0;
  #bytes = 0;
  /** Parsed up front: its `detectors:` and `allowlist:` apply to every file as it is added. */
  readonly #parsed: ReturnType<typeof parseManifest> | null;
  readonly #detectionDiagnostics: ManifestDiagnostic[] = [];
  readonly #detection: ManifestDetection | undefined;

  constructor(options: ScanOptions = {}) {
    this.#options = options;
    this.#extractors = options.extractors ?? EXTRACTORS;
    this.#parsed = options.manifest ? parseManifest(options.manifest) : null;
    const manifest = this.#parsed?.manifest ?? null;
    this.#detection = compileManifestDetection(ownDetectors(manifest, this.#detectionDiagnostics), manifest?.allowlist);
  }

  add(file: SourceFile): void {
    this.#files += 1;
    this.#bytes += file.text.length;
    for (const extractor of this.#extractors) {
      if (!extractor.matches(file.path)) continue;
      const result = safeExtract(extractor, file);
      this.#refs.push(...result.refs);
      this.#diagnostics.push(...result.diagnostics);
      if (result.literals) this.#credentials.push(...vetLiterals(file.path, result.literals, this.#detection));
      if (result.candidates) this.#candidates.push(...result.candidates);
    }
    this.#credentials.push(...detectCredentials(file, this.#detection), ...fileNameCredentials(file.path, this.#detection));
    const ignores = collectInlineIgnores(file);
    if (ignores.size > 0) this.#inlineIgnores.set(file.path, ignores);
  }

  skip(skipped: SkippedFile): void {
    this.#skipped.push(skipped);
    // A binary keystore is skipped unread, yet its name says what it holds.
    this.#credentials.push(...fileNameCredentials(skipped.file, this.#detection));
  }

  finish(): ScanResult {
    const refs = [...this.#refs, ...declaredCandidates(this.#refs, this.#candidates)];
    const parsed = this.#parsed;
    const manifest = parsed?.manifest ?? null;
    const manifestDiagnostics = [...(this.#options.manifestDiagnostics ?? []), ...(parsed?.diagnostics ?? []), ...this.#detectionDiagnostics];
    const severities = { ...manifestSeverities(manifest, manifestDiagnostics), ...this.#options.severities };
    const credentials = dedupeCredentials(this.#credentials);
    const match = memoisedMatcher(manifest);
    const findings = evaluate(
      {
        refs,
        credentials,
        manifest,
        manifestDiagnostics,
        match,
        complete: this.#options.complete ?? true,
        storedSecrets: this.#options.storedSecrets ?? [],
      },
      {
        severities,
        ...(this.#options.baseline ? { baseline: this.#options.baseline } : {}),
        inlineIgnores: this.#inlineIgnores,
      },
    );
    return {
      findings,
      secrets: buildInventory(refs, match),
      diagnostics: [...this.#diagnostics].sort(compareDiagnostics),
      manifest: this.#options.manifest?.path ?? null,
      stats: { files: this.#files, bytes: this.#bytes },
      skipped: [...this.#skipped].sort((a, b) => compareStrings(a.file, b.file)),
    };
  }
}

/**
 * Convenience for callers that hold every file already (tests, a PR's changed files): finds the
 * manifest among them the way the CLI does on disk.
 */
export function scanFiles(files: readonly SourceFile[], options: Omit<ScanOptions, "manifest"> = {}): ScanResult {
  const located = locateManifest(files.map((file) => file.path));
  const manifest = located.path === null ? null : (files.find((file) => file.path === located.path) ?? null);
  const scanner = new Scanner({
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
function manifestSeverities(manifest: Manifest | null, diagnostics: ManifestDiagnostic[]): Record<string, Severity | "off"> {
  const severities: Record<string, Severity | "off"> = {};
  for (const setting of manifest?.severity ?? []) {
    if (RULES_BY_ID.has(setting.rule)) {
      severities[setting.rule] = setting.level;
      continue;
    }
    const ids = [...RULES_BY_ID.keys()];
    const guess = didYouMean(setting.rule, ids);
    diagnostics.push({
      location: setting.location,
      kind: "unknown-rule",
      message: `\`severity\` names ${JSON.stringify(setting.rule)}, which is not a secretowners rule`,
      suggestion: guess === null ? `use one of: ${ids.join(", ")}` : `did you mean \`${guess}\`?`,
    });
  }
  return severities;
}

const BUILT_IN_DETECTORS = new Set([...DETECTORS, ...STRUCTURAL_DETECTORS, ...FILE_NAME_DETECTORS].map((d) => d.id));

/** The manifest's `detectors:`, less those that reuse a built-in id (reported where they are written). */
function ownDetectors(manifest: Manifest | null, diagnostics: ManifestDiagnostic[]): NonNullable<Manifest["detectors"]> {
  return (manifest?.detectors ?? []).filter((detector) => {
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

/** The candidates whose system, name and folder match a declaration seen in any file. */
function declaredCandidates(refs: readonly SecretRef[], candidates: readonly SecretRef[]): SecretRef[] {
  if (candidates.length === 0) return [];
  const key = (ref: SecretRef) => `${ref.system}\0${folderOf(ref.location.file)}\0${ref.name}`;
  const declared = new Set(refs.filter((ref) => ref.kind === "declaration").map(key));
  return candidates.filter((candidate) => declared.has(key(candidate)));
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
    });
  }
  return [...entries.values()]
    .map(({ entry, references }) => ({ ...entry, references: references.sort(compareLocations) }))
    .sort((a, b) => compareStrings(a.system, b.system) || compareStrings(a.name, b.name));
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareLocations(a.location, b.location) || compareStrings(a.message, b.message);
}
