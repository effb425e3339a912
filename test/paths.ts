import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever CI cloned it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** `shared/` always sits beside the clone (see ../shared/README.md). */
export const SHARED = resolve(REPO_ROOT, "..", "shared");
export const CLI = resolve(REPO_ROOT, "dist/cli/bin.js");
export const EXAMPLE_REPO = resolve(REPO_ROOT, "examples/acme");

/** Set in CI (.ci/run): a missing ../shared then fails the tests that need it instead of skipping them. */
export const REQUIRE_SHARED_ENV = "SECRETOWNERS_REQUIRE_SHARED";

/**
 * Whether `../shared` is here for `what`. On a plain clone it is not: the caller skips, and one line
 * says why. With SECRETOWNERS_REQUIRE_SHARED=1 its absence is an error, so CI cannot go green by
 * silently skipping the corpus tests.
 */
export function sharedAvailable(what: string, path: string = SHARED): boolean {
  if (existsSync(path)) return true;
  if (process.env[REQUIRE_SHARED_ENV] === "1") {
    throw new Error(`${what} needs ${path}, which is absent, and ${REQUIRE_SHARED_ENV}=1 makes that a failure`);
  }
  console.warn(`skipped: ${what} needs ${path}, which is absent (set ${REQUIRE_SHARED_ENV}=1 to fail instead)`);
  return false;
}
