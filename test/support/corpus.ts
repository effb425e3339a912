import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SHARED } from "../paths.js";

/** The shared workflow corpus (see ../shared/README.md): many files are deliberately broken. */
export const WORKFLOW_CORPUS = join(SHARED, "corpora/workflows");

/** Every `.yml` / `.yaml` below `dir`, sorted, so test order and output are stable. */
export function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}
