import { parseManifest } from "../core/manifest/parse.js";
import { renderWho, WHO_FORMATS, type WhoFormat } from "../core/render/who.js";
import { whoIs, WhoQueryError } from "../core/who.js";
import { loadManifest, scanDirectory, UsageError } from "../node/scan-directory.js";

export interface WhoOptions {
  readonly root: string;
  readonly format: string;
  readonly manifestPath?: string;
  readonly exclude: readonly string[];
  readonly maxFileBytes: number;
  readonly now: Date;
  readonly toolVersion: string;
}

export interface WhoOutcome {
  readonly report: string;
  /** Said on standard error: what limits the answer (a broken manifest). */
  readonly warning?: string;
  /** 0: found in use; 1: not used in the repository. */
  readonly exitCode: 0 | 1;
}

/**
 * `secretowners who NAME [PATH]`: scans the repository (every use is needed, not just the
 * manifest) and answers who is accountable for the secrets NAME matches.
 */
export function runWho(name: string, options: WhoOptions): WhoOutcome {
  if (!(WHO_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown --format "${options.format}" for who: use one of ${WHO_FORMATS.join(", ")}`);
  }
  const located = loadManifest(options.root, options.manifestPath);
  const result = scanDirectory(options.root, {
    ...(options.manifestPath !== undefined ? { manifestPath: options.manifestPath } : {}),
    exclude: options.exclude,
    maxFileBytes: options.maxFileBytes,
    now: options.now,
  });
  const parsed = located.manifest === null ? null : parseManifest(located.manifest);
  let answer;
  try {
    answer = whoIs(name, { inventory: result.secrets, manifest: parsed?.manifest ?? null, now: options.now });
  } catch (error) {
    if (error instanceof WhoQueryError) throw new UsageError(error.message);
    throw error;
  }
  const errors = (parsed?.diagnostics ?? []).filter((diagnostic) => diagnostic.severity !== "warning").length;
  const warning =
    located.manifest === null
      ? "no secretowners.yml or SECRETOWNERS manifest found: nothing is owned"
      : errors > 0
        ? `${located.manifest.path} has ${errors} error${errors === 1 ? "" : "s"} (run \`secretowners scan\` to see them); this answer uses what could be read`
        : undefined;
  return {
    report: renderWho(answer, options.format as WhoFormat, options.toolVersion),
    ...(warning === undefined ? {} : { warning }),
    exitCode: answer.found ? 0 : 1,
  };
}
