import type { ManifestDiagnostic } from "./types.js";

/**
 * Where the manifest lives, in the order GitHub looks for CODEOWNERS: `.github/`, the root, `docs/`.
 * The first directory holding one wins; files in later directories are ignored (as GitHub does).
 */
export const MANIFEST_DIRECTORIES: readonly string[] = [".github/", "", "docs/"];

/** Within one directory the YAML form is preferred: it is the only one that carries governance. */
export const MANIFEST_NAMES: readonly string[] = ["secretowners.yml", "secretowners.yaml", "SECRETOWNERS"];

/** Every candidate path, in lookup order. */
export const MANIFEST_CANDIDATES: readonly string[] = MANIFEST_DIRECTORIES.flatMap((dir) =>
  MANIFEST_NAMES.map((name) => `${dir}${name}`),
);

export interface LocatedManifest {
  readonly path: string | null;
  readonly diagnostics: ManifestDiagnostic[];
}

export function locateManifest(paths: readonly string[]): LocatedManifest {
  // Shells may hand over `./x` or `/x`; compare on the normalized form but report the path as given.
  const present = new Map<string, string>();
  for (const path of paths) {
    const normalized = path.replace(/^(?:\.\/|\/)+/, "");
    if (!present.has(normalized)) present.set(normalized, path);
  }

  const diagnostics: ManifestDiagnostic[] = [];
  let chosen: string | null = null;
  for (const dir of MANIFEST_DIRECTORIES) {
    const found = MANIFEST_NAMES.map((name) => present.get(`${dir}${name}`)).filter((p): p is string => p !== undefined);
    if (found.length === 0) continue;
    const [used, ...ignored] = found as [string, ...string[]];
    if (chosen === null) {
      chosen = used;
      for (const other of ignored) {
        diagnostics.push({
          location: { file: other, line: 1, column: 1 },
          kind: "conflicting-manifests",
          severity: "error",
          message: `${other} is ignored: ${used} is used because both are in the same directory`,
          suggestion: `delete ${other}, or merge its rules into ${used} and then delete it`,
        });
      }
    } else {
      for (const other of found) {
        diagnostics.push({
          location: { file: other, line: 1, column: 1 },
          kind: "shadowed-manifest",
          severity: "warning",
          message: `${other} is ignored: ${chosen} takes precedence (lookup order: .github/, the root, docs/)`,
          suggestion: `merge its rules into ${chosen} and delete ${other}`,
        });
      }
    }
  }
  return { path: chosen, diagnostics };
}
