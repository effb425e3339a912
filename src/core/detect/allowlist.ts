import type { DetectorAllowlist } from "./rules.js";
import { PLACEHOLDER_FRAGMENTS, PLACEHOLDER_PATTERNS, PLACEHOLDER_VOCABULARY, PLACEHOLDER_WORDS, normalizeKey } from "./vocabulary.js";

/**
 * What is never a finding, whatever the detector: files whose high-entropy strings are hashes
 * (lockfiles), binaries and vendored trees, and values that are placeholders, templates or
 * documentation examples rather than credentials. Data only, like the per-detector allowlists.
 */
export const GLOBAL_ALLOWLIST: DetectorAllowlist = {
  paths: [
    // Lockfiles: integrity hashes and checksums, not secrets.
    "(?:^|/)(?:package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock|pnpm-lock\\.ya?ml|bun\\.lockb?|go\\.sum|go\\.work\\.sum|Cargo\\.lock|poetry\\.lock|Pipfile\\.lock|uv\\.lock|pdm\\.lock|composer\\.lock|Gemfile\\.lock|mix\\.lock|pubspec\\.lock|Podfile\\.lock|go\\.mod|go\\.work|packages\\.lock\\.json|gradle\\.lockfile|flake\\.lock|\\.terraform\\.lock\\.hcl|Chart\\.lock)$",
    // Vendored and generated trees.
    "(?:^|/)(?:node_modules|vendor|bower_components|\\.git)/",
    // Binary and media formats, source maps.
    "\\.(?:png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|ear|class|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|mp3|mp4|mov|avi|wasm|pyc|map)$",
  ],
  values: [
    ...PLACEHOLDER_PATTERNS,
    // Public material: certificates (as PEM or base64 PEM) are meant to be shared.
    "-----BEGIN (?:TRUSTED )?CERTIFICATE-----",
    "^LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
    "^LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0",
    // Password hashes (bcrypt, argon2, sha-crypt) are what a system stores instead of the password.
    "^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$",
    "^\\$argon2(?:id|i|d)\\$",
    "^\\$[56]\\$(?:rounds=\\d+\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43,86}$",
    // The token shown on jwt.io and copied into countless READMEs and tests.
    "\\.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c$",
  ],
  words: PLACEHOLDER_WORDS,
  stopwords: PLACEHOLDER_FRAGMENTS,
  vocabulary: PLACEHOLDER_VOCABULARY,
};

export interface CompiledAllowlist {
  readonly values: readonly RegExp[];
  readonly stopwords: readonly string[];
  readonly words: ReadonlySet<string>;
  readonly matches: readonly RegExp[];
  readonly keys: readonly RegExp[];
  readonly paths: readonly RegExp[];
  /** Lowercase values made only of `vocabulary` words; matched against the lowercased secret. */
  readonly vocabulary: RegExp | undefined;
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
    vocabulary:
      list?.vocabulary === undefined || list.vocabulary.length === 0
        ? undefined
        : new RegExp(`^(?:(?:${[...list.vocabulary].sort((a, b) => b.length - a.length).join("|")})[-_. :/]?){1,8}$`),
  };
}

export const COMPILED_GLOBAL_ALLOWLIST = compileAllowlist(GLOBAL_ALLOWLIST);

export function isAllowedPath(list: CompiledAllowlist, path: string): boolean {
  return list.paths.some((re) => re.test(path));
}

/** A value no detector or extractor reports: a placeholder, template, reference or public material. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return v === "" || isAllowedValue(COMPILED_GLOBAL_ALLOWLIST, v, v, undefined);
}

/** True when the candidate is a placeholder/known non-secret under `list`. */
export function isAllowedValue(list: CompiledAllowlist, secret: string, match: string, normalizedKey: string | undefined): boolean {
  if (list.values.some((re) => re.test(secret))) return true;
  if (list.stopwords.length > 0 || list.words.size > 0 || list.vocabulary !== undefined) {
    const lower = secret.toLowerCase();
    if (list.words.has(lower)) return true;
    if (list.stopwords.some((word) => lower.includes(word))) return true;
    if (list.vocabulary?.test(lower) === true) return true;
  }
  if (list.matches.some((re) => re.test(match))) return true;
  if (normalizedKey !== undefined && list.keys.some((re) => re.test(normalizedKey))) return true;
  // A value that repeats its own key is a name (`DeleteRegistrySecrets = "DeleteRegistrySecrets"`).
  if (normalizedKey !== undefined && normalizedKey !== "" && normalizeKey(secret) === normalizedKey) return true;
  return false;
}
