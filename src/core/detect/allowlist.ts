import type { DetectorAllowlist } from "./rules.js";

/**
 * What is never a finding, whatever the detector: files whose high-entropy strings are hashes
 * (lockfiles), binaries and vendored trees, and values that are placeholders, templates or
 * documentation examples rather than credentials. Data only, like the per-detector allowlists.
 */
export const GLOBAL_ALLOWLIST: DetectorAllowlist = {
  paths: [
    // Lockfiles: integrity hashes and checksums, not secrets.
    "(?:^|/)(?:package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock|pnpm-lock\\.ya?ml|bun\\.lockb?|go\\.sum|go\\.work\\.sum|Cargo\\.lock|poetry\\.lock|Pipfile\\.lock|uv\\.lock|pdm\\.lock|composer\\.lock|Gemfile\\.lock|mix\\.lock|pubspec\\.lock|Podfile\\.lock|packages\\.lock\\.json|gradle\\.lockfile|flake\\.lock|\\.terraform\\.lock\\.hcl|Chart\\.lock)$",
    // Vendored and generated trees.
    "(?:^|/)(?:node_modules|vendor|bower_components|\\.git)/",
    // Binary and media formats, source maps.
    "\\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|ear|class|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|mp3|mp4|mov|avi|wasm|pyc|map)$",
  ],
  values: [
    // Template and interpolation syntax: the value is filled in elsewhere.
    "\\$\\{",
    "\\{\\{",
    "\\$\\(",
    "%\\(",
    "#\\{",
    "<%",
    "\\{%",
    "^\\$[A-Za-z_]\\w*$",
    "^<[^>]*>$",
    // One repeated character: xxxxxxxx, ********, 00000000.
    "^(.)\\1+$",
  ],
  words: [
    "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "undefined", "empty", "required", "optional",
    "password", "passwd", "secret", "token", "test", "testing", "admin", "root", "guest", "default", "string",
    "value", "foo", "bar", "foobar", "baz", "abc123", "123456", "12345678", "qwerty", "letmein", "password123",
    "p@ssw0rd", "secret123",
  ],
  stopwords: [
    "example", "sample", "dummy", "placeholder", "redacted", "changeme", "change_me", "change-me", "changeit",
    "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpassword", "insert_", "insert-", "replace_",
    "replace-", "replaceme", "xxxx", "****", "todo", "fixme", "...", "…", "fake", "notreal", "not_real",
    "not-a-real", "notasecret", "lorem",
  ],
};

export interface CompiledAllowlist {
  readonly values: readonly RegExp[];
  readonly stopwords: readonly string[];
  readonly words: ReadonlySet<string>;
  readonly matches: readonly RegExp[];
  readonly keys: readonly RegExp[];
  readonly paths: readonly RegExp[];
}

const compileAll = (sources: readonly string[] | undefined, flags: string): RegExp[] =>
  (sources ?? []).map((source) => new RegExp(source, flags));

export function compileAllowlist(list: DetectorAllowlist | undefined): CompiledAllowlist {
  return {
    values: compileAll(list?.values, ""),
    stopwords: (list?.stopwords ?? []).map((word) => word.toLowerCase()),
    words: new Set((list?.words ?? []).map((word) => word.toLowerCase())),
    matches: compileAll(list?.matches, "i"),
    keys: compileAll(list?.keys, ""),
    paths: compileAll(list?.paths, ""),
  };
}

export const COMPILED_GLOBAL_ALLOWLIST = compileAllowlist(GLOBAL_ALLOWLIST);

export function isAllowedPath(list: CompiledAllowlist, path: string): boolean {
  return list.paths.some((re) => re.test(path));
}

/** True when the candidate is a placeholder/known non-secret under `list`. */
export function isAllowedValue(list: CompiledAllowlist, secret: string, match: string, normalizedKey: string | undefined): boolean {
  if (list.values.some((re) => re.test(secret))) return true;
  if (list.stopwords.length > 0 || list.words.size > 0) {
    const lower = secret.toLowerCase();
    if (list.words.has(lower)) return true;
    if (list.stopwords.some((word) => lower.includes(word))) return true;
  }
  if (list.matches.some((re) => re.test(match))) return true;
  if (normalizedKey !== undefined && list.keys.some((re) => re.test(normalizedKey))) return true;
  return false;
}
