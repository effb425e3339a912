import { RE2JS } from "re2js";
import type { Credential, SourceFile } from "../model.js";
import { compileCodeownersPattern } from "../manifest/codeowners.js";
import type { ManifestAllowlist, ManifestDetector } from "../manifest/types.js";
import { lineStarts, positionAt } from "../lines.js";
import { hashValue, redact } from "../redact.js";
import { COMPILED_GLOBAL_ALLOWLIST, isAllowedPath, isAllowedValue } from "./allowlist.js";

/**
 * The repository's own detection rules from the manifest (`detectors:` and `allowlist:`), compiled
 * once per scan. User patterns run on RE2 (re2js): matching takes time linear in the input, so no
 * pattern can backtrack catastrophically; on top of that each detector only runs on the lines that
 * hold one of its keywords, over at most MAX_WINDOW characters around the keyword.
 */
export interface ManifestDetection {
  readonly detectors: readonly CompiledManifestDetector[];
  readonly values: ReadonlySet<string>;
  readonly regexes: readonly RE2JS[];
  readonly paths: readonly RegExp[];
}

interface CompiledManifestDetector {
  readonly spec: ManifestDetector;
  readonly re: RE2JS;
  /** The secret is the first capture group when the pattern has one, else the whole match. */
  readonly group: number;
}

const MAX_WINDOW = 4_096;
/** Past this many findings in one file, a user pattern is matching something that is not a credential. */
const MAX_MATCHES_PER_FILE = 100;

export function compileManifestDetection(detectors: readonly ManifestDetector[] = [], allowlist?: ManifestAllowlist): ManifestDetection | undefined {
  if (detectors.length === 0 && allowlist === undefined) return undefined;
  return {
    detectors: detectors.map((spec) => {
      const re = RE2JS.compile(spec.regex);
      return { spec, re, group: re.groupCount() > 0 ? 1 : 0 };
    }),
    values: new Set(allowlist?.values ?? []),
    regexes: (allowlist?.regexes ?? []).map((source) => RE2JS.compile(source)),
    paths: (allowlist?.paths ?? []).map((pattern) => compileCodeownersPattern(pattern)),
  };
}

export function isAllowedByManifest(detection: ManifestDetection | undefined, path: string, secret?: string): boolean {
  if (detection === undefined) return false;
  if (detection.paths.some((re) => re.test(path))) return true;
  if (secret === undefined) return false;
  return detection.values.has(secret) || detection.regexes.some((re) => re.matcher(secret).find());
}

/** The manifest's detectors over one file; the global allowlist applies to them as to the built-ins. */
export function detectWithManifest(file: SourceFile, detection: ManifestDetection | undefined): Credential[] {
  if (detection === undefined || detection.detectors.length === 0) return [];
  const { path, text } = file;
  if (text.length === 0 || isAllowedPath(COMPILED_GLOBAL_ALLOWLIST, path) || text.slice(0, 8_000).includes("\0")) return [];
  if (isAllowedByManifest(detection, path)) return [];
  const lower = text.toLowerCase();
  let starts: readonly number[] | undefined;
  const out: Credential[] = [];
  for (const { spec, re, group } of detection.detectors) {
    // Two keywords of one detector can wake it on the same match: one finding per place.
    const seen = new Set<number>();
    for (const keyword of spec.keywords) {
      let covered = -1;
      for (let at = lower.indexOf(keyword); at !== -1 && seen.size < MAX_MATCHES_PER_FILE; at = lower.indexOf(keyword, at + 1)) {
        if (at < covered) continue;
        const lineStart = text.lastIndexOf("\n", at - 1) + 1;
        let lineEnd = text.indexOf("\n", at);
        if (lineEnd === -1) lineEnd = text.length;
        const from = Math.max(lineStart, at - MAX_WINDOW);
        const to = Math.min(lineEnd, at + MAX_WINDOW);
        covered = to;
        const m = re.matcher(text.slice(from, to));
        while (m.find() && seen.size < MAX_MATCHES_PER_FILE) {
          const secret = m.group(group);
          const start = from + m.start(group);
          if (secret === null || secret === "" || seen.has(start)) continue;
          if (isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, secret, m.group(0) ?? secret, undefined) || isAllowedByManifest(detection, path, secret)) continue;
          seen.add(start);
          starts ??= lineStarts(text);
          const begin = positionAt(starts, start);
          const end = positionAt(starts, from + m.end(group));
          out.push({
            detector: spec.id,
            description: spec.description,
            location: { file: path, line: begin.line, column: begin.column, endLine: end.line, endColumn: end.column },
            preview: redact(secret, spec.id),
            valueHash: hashValue(secret),
            length: [...secret].length,
            identity: spec.identity,
          });
        }
      }
    }
  }
  return out;
}
