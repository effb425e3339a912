/** Regex fragments shared by the detector table (rules.ts, providers.ts). */

// Shared fragments. Lookarounds instead of consumed boundaries keep capture offsets exact.
export const L = "(?<![A-Za-z0-9_])";
export const R = "(?![A-Za-z0-9_])";
// Horizontal space only: a YAML key with a nested block (`password:\n  file: x`) assigns nothing.
export const OP = "[ \\t]*(?::=|=>|[:=])[ \\t]*";
/**
 * A shell default (`TOKEN="${TOKEN:-literal}"`) hard-codes its fallback just as surely as a plain
 * assignment, so the `${NAME:-` / `${NAME:=` opener is skipped before the value.
 */
export const SHELL_DEFAULT = "(?:\\$\\{[A-Za-z_][A-Za-z0-9_]*:?[-=])?";
/** Groups: 1 key quote, 2 key, 3 value quote; the value group is appended by each detector. */
// Not after `${`: in `${NAME:-fallback}` the `:` is shell syntax, not an assignment to NAME.
export const assign = (key: string): string => `(?<![\\w.\\-]|\\$\\{)(["']?)(${key})\\1${OP}(["'\`]?)${SHELL_DEFAULT}`;


/**
 * Files where a literal credential is always a quoted string: programming-language sources, and
 * Terraform/HCL, where an unquoted right-hand side is an expression (`local.enabled ? var.x : ""`,
 * `{ "DATADOG_ACCESS_KEY" = local.config.accessKey }`), never a literal.
 */
export const QUOTED_LITERAL_PATHS: readonly string[] = [
  "\\.(?:[cm]?[jt]sx?|py|go|java|kts?|rb|php|cs|rs|swift|scala|c|cc|cpp|h|hpp|dart|lua|exs?|clj)$",
  // Single-file components: their <script> is code (`const token = isOAuth2 ? …` in a .vue file).
  "\\.(?:vue|svelte|astro|razor)$",
  "\\.(?:tf|tfvars|hcl)$",
];
