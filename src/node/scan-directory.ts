import type { ScanResult, Severity } from "../core/model.js";
import { scanPaths } from "./scan-paths.js";

export { UsageError } from "./usage-error.js";

export interface DirectoryScanOptions {
  /** An explicit manifest (absolute, or relative to the process's working directory). */
  readonly manifestPath?: string;
  readonly baseline?: ReadonlySet<string>;
  readonly severities?: Readonly<Record<string, Severity | "off">>;
  readonly maxFileBytes?: number;
  /** gitignore-syntax patterns relative to `root`. */
  readonly exclude?: readonly string[];
  /** Leave out what `.gitignore` files leave out (default true). */
  readonly gitignore?: boolean;
  /** "Today" for rotation and review dates. */
  readonly now?: Date;
}

/** Scans the whole folder `root` as a repository of its own (the Action's checkout, tests). */
export function scanDirectory(root: string, options: DirectoryScanOptions = {}): ScanResult {
  return scanPaths([root], { ...options, root }).result;
}
