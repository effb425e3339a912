/**
 * The one list of credential-like names and the one list of placeholders. Detectors (which test
 * the key a literal is assigned to) and extractors (which test the name of a variable or secret
 * they see used) both read these; neither keeps a list of its own.
 *
 * Names are compared in normalised form (see `normalizeKey`): `clientSecret`, `CLIENT-SECRET` and
 * `client.secret` are all `client_secret`, so each word below is written once, in lowercase.
 */

/** `clientSecret` / `CLIENT-SECRET` / `client.secret` → `client_secret`. */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Words that name a credential wherever they stand as a word of a name (`db_password`, `api_token`). */
export const CREDENTIAL_WORDS: readonly string[] = [
  "password", "passwords", "passwd", "passphrase", "pwd", "pass", "secret", "secrets", "token", "tokens", "apikey",
  "auth", "credential", "credentials", "creds", "cred", "bearer", "pat", "accesskey", "privatekey", "secretkey",
];

/** Long enough to be unambiguous at the end of a run-together word (`npmtoken`, `dbpassword`). */
export const CREDENTIAL_SUFFIXES: readonly string[] = ["token", "secret", "password", "passwd", "apikey", "credentials", "passphrase"];

/** `<qualifier>_key` is a cryptographic or API key (`signing_key`, `api_key`), not a lookup key. */
export const KEY_QUALIFIERS: readonly string[] = [
  "access", "private", "secret", "client", "signing", "sign", "encryption", "master", "account", "session", "shared",
  "app", "webhook", "license", "api", "ssh", "deploy", "gpg", "pgp", "hmac", "storage", "service",
];

/**
 * Words that make the *name of a variable or secret* read as a credential (`$TLS_CERT`,
 * `$DEPLOY_KEY`, `secrets.JWT`) but are too loose for the key of a literal: `key:` and `cert:` are
 * on every other line of a Kubernetes manifest, holding names and public certificates.
 */
export const NAME_ONLY_WORDS: readonly string[] = ["key", "keys", "cert", "certs", "certificate", "private", "webhook", "jwt"];

/** `key` after these is a data-structure or lookup key (`cache_key`, `ssh_public_key`). */
export const NON_CREDENTIAL_KEY_QUALIFIERS: readonly string[] = [
  "cache", "sort", "partition", "primary", "foreign", "lookup", "routing", "public", "idempotency", "map", "hash",
  "kms", "label", "annotation", "object", "issue", "translation", "i18n", "shard", "range", "row", "column", "lock",
  "dedup", "unique", "config", "setting", "index",
];

/**
 * A name ending in one of these words holds a setting *about* a credential (`secret_name`,
 * `token_ttl`, `password_rotation_days`, `kms_key_id`, `auth_url`), not the credential itself.
 */
export const METADATA_TAILS: readonly string[] = [
  "name", "names", "ref", "refs", "file", "files", "path", "paths", "dir", "url", "uri", "endpoint", "host", "hostname",
  "domain", "region", "port", "ttl", "timeout", "length", "len", "type", "kind", "mode", "method", "policy", "version",
  "header", "prefix", "suffix", "format", "id", "ids", "identifier", "enabled", "enable", "required", "env", "var", "field",
  "location", "arn", "arns", "provider", "providers", "backend", "count", "expiry", "expiration", "expires_at", "expires_in", "hint",
  "label", "description", "source", "template", "store", "mount", "manager", "selector", "annotation", "regex",
  "pattern", "min", "max", "rotation", "rotate", "age", "lifetime", "duration", "size", "bits", "algorithm", "alg", "scope",
  "scopes", "audience", "issuer", "user", "username", "login", "email", "role", "group", "param", "parameter", "arg",
  "args", "command", "cmd", "script", "key_ref", "secret_ref", "schema", "config", "generator", "sha", "hash",
  "checksum", "digest", "days", "hours", "minutes", "seconds", "interval", "schedule", "expression", "immediately",
  "window", "status", "state", "option", "options", "mtime", "time", "date", "image", "tag", "repository", "registry",
  "stdin", "fingerprint", "thumbprint", "kid", "usage", "length", "limit", "level", "flag", "strategy", "validator",
  "visibility", "placeholder", "message", "error", "dialog", "button", "title", "subtitle", "text", "column", "class",
  "encryption", "hashing", "complexity", "strength", "reset", "validation", "history", "prompt", "input", "changed",
  // Where a secret lives and what class models a token: `provisioner-secret-namespace` (a
  // Kubernetes CSI annotation), `OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL` (a Django model path), and
  // API collection names (`_credential_types`, `_credential_input_sources`).
  "namespace", "namespaces", "model", "models", "types", "sources",
  // iSCSI CHAP: the mutual-authentication user names.
  "username_in", "username_out",
  // etcd's initial cluster token keeps clusters apart at bootstrap; etcd documents it as an ID,
  // not an authentication secret.
  "initial_cluster_token",
  // JOSE: the content-encryption algorithm of an encrypted token (`id_token_encrypted_response_enc`).
  "enc",
  // A .NET strong name's public key token is the hash of a public key, printed in every reference.
  "public_key_token",
];

/** Keys that count or bound something (`max_tokens`, `min_password_length`, `num_keys`). */
export const COUNT_PREFIXES: readonly string[] = ["max", "min", "num", "count", "total"];

/** Names that end in a metadata word yet are credentials: half of an AWS key pair, a webhook URL (it embeds its token). */
export const CREDENTIAL_NAME_TAILS: readonly string[] = ["access_key_id", "webhook_url"];

/** Shell and runner variables that happen to look like credentials (`$PWD` is the directory). */
export const WELL_KNOWN_NON_SECRETS: ReadonlySet<string> = new Set(["PWD", "OLDPWD", "HOME", "PATH", "USER", "SHELL"]);

const alt = (words: readonly string[]): string => [...new Set(words)].sort((a, b) => b.length - a.length).join("|");

/**
 * Keys that name a credential, tested against the normalised key. Segment-anchored so `author`,
 * `passthrough` or `tokenizer` do not count; run-together suffixes (`dbpassword`) do.
 */
export const CREDENTIAL_KEY_PATTERN =
  `(?:^|_)(?:${alt(CREDENTIAL_WORDS)})(?:_|$)|[a-z0-9](?:${alt(CREDENTIAL_SUFFIXES)})(?:_|$)|(?:^|_)(?:${alt(KEY_QUALIFIERS)})_?keys?(?:_|$)`;

/** Keys that hold metadata about a credential (`secret_name`, `token_ttl`…) or are metadata (`url`). */
export const NON_CREDENTIAL_KEY_PATTERN = `(?:^|_)(?:${alt(METADATA_TAILS)})$|^(?:${alt(COUNT_PREFIXES)})_`;

const CREDENTIAL_KEY_RE = new RegExp(CREDENTIAL_KEY_PATTERN);
const NON_CREDENTIAL_KEY_RE = new RegExp(NON_CREDENTIAL_KEY_PATTERN);
const NAME_ONLY = new Set(NAME_ONLY_WORDS);
const NON_KEY_QUALIFIERS = new Set(NON_CREDENTIAL_KEY_QUALIFIERS);

/**
 * Does the name of a variable or secret read as a credential (`API_KEY`, `DBPASSWORD`, `TLS_CERT`
 * yes; `KEYBOARD_LAYOUT`, `CACHE_KEY`, `TOKEN_TTL` no)?
 */
export function isCredentialName(name: string): boolean {
  if (WELL_KNOWN_NON_SECRETS.has(name)) return false;
  const key = normalizeKey(name);
  if (key === "") return false;
  const words = key.split("_");
  if (CREDENTIAL_NAME_TAILS.some((tail) => key === tail || key.endsWith(`_${tail}`))) return true;
  if (NON_CREDENTIAL_KEY_RE.test(key)) return false;
  if (CREDENTIAL_KEY_RE.test(key)) return true;
  return words.some((word, i) => NAME_ONLY.has(word) && !((word === "key" || word === "keys") && i > 0 && NON_KEY_QUALIFIERS.has(words[i - 1] ?? "")));
}

/** Is this the key of a literal credential (`db_password:` yes, `key:`, `secret_name:` no)? */
export function isCredentialKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return CREDENTIAL_KEY_RE.test(normalized) && !NON_CREDENTIAL_KEY_RE.test(normalized);
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/** Whole values (any case) that are placeholders, defaults or booleans, never a credential. */
export const PLACEHOLDER_WORDS: readonly string[] = [
  "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "undefined", "empty", "required", "optional",
  "password", "passwd", "secret", "token", "test", "testing", "admin", "root", "guest", "default", "string", "value",
  "foo", "bar", "foobar", "baz", "abc123", "123456", "12345678", "qwerty", "letmein", "password123", "p@ssw0rd",
  "secret123", "replace", "tbd", "apikey", "changeme", "changeit",
];

/** Lowercase fragments that mark a value as a placeholder wherever they occur in it. */
export const PLACEHOLDER_FRAGMENTS: readonly string[] = [
  "example", "sample", "dummy", "placeholder", "redacted", "changeme", "change_me", "change-me", "changeit", "your_",
  "your-", "yourkey", "yourtoken", "yoursecret", "yourpassword", "yourapikey", "insert_", "insert-", "replace_",
  "replace-", "replaceme", "xxxx", "****", "todo", "fixme", "...", "…", "fake", "notreal", "not_real", "not-a-real",
  "notasecret", "lorem", "shhh",
  // A value that names its encoding instead of being encoded (`accountkey: base64encodedaccountkey`).
  "base64encoded", "base64_encoded", "base64-encoded",
  // Keyboard and counting sequences: documentation values, not generated secrets.
  "abcdef", "1234567", "aabbcc",
];

/**
 * Values built only of these words (any case, run together or joined by `-`, `_`, `.` or a
 * space) are placeholders: `my-password`, `mysecretkey`, `SuperSecret`, `admin_pass`. A word
 * with a digit or a symbol in it (`Summer2024Secret`, `k7#Rq2%Lx`) is never one of them.
 */
export const PLACEHOLDER_VOCABULARY: readonly string[] = [
  "my", "your", "our", "the", "a", "an", "some", "super", "very", "strong", "secure", "secret", "secrets", "password",
  "passwords", "passwd", "pass", "pwd", "token", "key", "api", "access", "private", "public", "client", "app", "auth",
  "db", "database", "admin", "user", "username", "root", "test", "dev", "demo", "default", "new", "old", "another",
  "other", "value", "here", "goes", "bearer", "webhook", "shared", "signing", "master", "service", "account", "login",
  "mysql", "postgres", "redis", "mongo", "rabbitmq", "grafana", "minio", "jenkins", "gitlab", "github", "docker",
  "foo", "bar", "baz", "foobar",
  // What a value is made of, named instead of given (`"token": base64Token`).
  "base64", "encoded",
];

/** Regex sources over the value: template syntax, references and repeated characters. */
export const PLACEHOLDER_PATTERNS: readonly string[] = [
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
  "^\\[[^\\]]*\\]$",
  // An escaped shell variable (`\$VALKEY_PASSWORD`) is a reference for the next shell, not a literal.
  "^\\\\\\$",
  // A printf format string (`authelia_%s_`): filled in by code.
  "%[sdvq](?![A-Za-z0-9])",
  // One repeated character: xxxxxxxx, ********, 00000000.
  "^(.)\\1+$",
];
