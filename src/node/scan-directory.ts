import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { MANIFEST_CANDIDATES, locateManifest } from "../core/manifest/locate.js";
import type { ScanResult, Severity, SourceFile, StoredSecret } from "../core/model.js";
import { Scanner } from "../core/scan.js";
import { DEFAULT_MAX_FILE_BYTES, readSourceFile, walk } from "./walk.js";

export interface DirectoryScanOptions {
  /** An explicit manifest (absolute, or relative to the process's working directory). */
  readonly manifestPath?: string;
  readonly baseline?: ReadonlySet<string>;
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly maxFileBytes?: number;
  readonly exclude?: readonly string[];
  /** "Today" for rotation and review dates. */
  readonly now?: Date;
  /** Secrets GitHub holds (the Action and the App read them through the API). */
  readonly storedSecrets?: readonly StoredSecret[];
}

/** Thrown for problems the user must fix before a scan can start (exit code 2 in the CLI). */
export class UsageError extends Error {
  override name = "UsageError";
}

export function scanDirectory(root: string, options: DirectoryScanOptions = {}): ScanResult {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { manifest, diagnostics } = loadManifest(root, options.manifestPath);
  const scanner = new Scanner({
    manifest,
    manifestDiagnostics: diagnostics,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.severities ? { severities: options.severities } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.storedSecrets ? { storedSecrets: options.storedSecrets } : {}),
  });
  for (const entry of walk(root, { maxFileBytes, ...(options.exclude ? { exclude: options.exclude } : {}) })) {
    if (entry.kind === "skipped") {
      scanner.skip(entry.skipped);
      continue;
    }
    const read = readSourceFile(entry.path, entry.absolute, maxFileBytes);
    if (read.kind === "skipped") scanner.skip(read.skipped);
    else scanner.add(read.file);
  }
  return scanner.finish();
}

export function loadManifest(root: string, explicit: string | undefined): { manifest: SourceFile | null; diagnostics: ReturnType<typeof locateManifest>["diagnostics"] } {
  if (explicit !== undefined) {
    const absolute = resolve(explicit);
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch {
      throw new UsageError(`cannot read manifest ${explicit}: no such file or not readable`);
    }
    return { manifest: { path: displayPath(root, absolute), text }, diagnostics: [] };
  }
  const present = MANIFEST_CANDIDATES.filter((candidate) => existsSync(join(root, candidate)));
  const located = locateManifest(present);
  if (located.path === null) return { manifest: null, diagnostics: located.diagnostics };
  return {
    manifest: { path: located.path, text: readFileSync(join(root, located.path), "utf8") },
    diagnostics: located.diagnostics,
  };
}

/** Findings name files relative to the scanned root; a manifest outside it keeps its own path. */
function displayPath(root: string, absolute: string): string {
  const rel = relative(resolve(root), absolute);
  return rel.startsWith("..") ? absolute.split(sep).join("/") : rel.split(sep).join("/");
}
