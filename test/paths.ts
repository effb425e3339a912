import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever CI cloned it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** `shared/` always sits beside the clone (see ../shared/README.md). */
export const SHARED = resolve(REPO_ROOT, "..", "shared");
export const CLI = resolve(REPO_ROOT, "dist/cli/bin.js");
export const EXAMPLE_REPO = resolve(REPO_ROOT, "examples/acme");
