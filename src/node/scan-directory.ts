import type { ScanResult } from "../core/model.js";
import { scanPaths, type PathScanOptions } from "./scan-paths.js";

export { UsageError } from "./usage-error.js";

/** `scanPaths` options for one folder scanned as a repository of its own; `manifestPath` may be relative to the process's working directory. */
export type DirectoryScanOptions = Pick<PathScanOptions, "manifestPath" | "baseline" | "severities" | "maxFileBytes" | "exclude" | "gitignore" | "now">;

/** Scans the whole folder `root` as a repository of its own (the Action's checkout, tests). */
export function scanDirectory(root: string, options: DirectoryScanOptions = {}): ScanResult {
  return scanPaths([root], { ...options, root }).result;
}
