import { SEVERITY_RANK, type Severity } from "../model.js";
import { isPathContext, PATH_CONTEXTS, type PathContext } from "../path-context.js";
import { didYouMean } from "../suggest.js";
import type { PolicyRule } from "./rule.js";

export type Level = Severity | "off";

/**
 * Severity settings from the manifest's `severity:` map and `--severity`, keyed as written:
 * - `RULE` (`stale-rule: off`): the rule's level everywhere outside a context; `off` turns it off;
 * - `CONTEXT` (`test: warning`): the highest level findings in that context may have;
 * - `RULE@CONTEXT` (`hardcoded-secret@test: error`): exactly that level for that rule there.
 */
export type SeveritySettings = Readonly<Record<string, Level>>;

/** Findings in a test fixture, documentation or an example are notes unless a setting raises them. */
export const CONTEXT_DEFAULT: Severity = "note";

export const LEVELS: readonly Level[] = ["error", "warning", "note", "off"];

export interface SeverityKeyProblem {
  readonly kind: "unknown-rule" | "unknown-context" | "invalid-severity";
  /** Reads after the setting's source: "`severity` …" or "--severity …". */
  readonly message: string;
  readonly suggestion: string;
}

/**
 * Checks one setting against the registered rules and contexts; null when it is valid. The
 * manifest parser and the CLI both call this, so both accept and refuse the same settings.
 */
export function checkSeveritySetting(key: string, level: string, rules: ReadonlyMap<string, PolicyRule>): SeverityKeyProblem | null {
  const at = key.indexOf("@");
  const rule = at < 0 ? (isPathContext(key) ? null : key) : key.slice(0, at);
  const context = at < 0 ? (isPathContext(key) ? key : null) : key.slice(at + 1);
  if (rule !== null) {
    const found = rules.get(rule);
    if (found === undefined) {
      const ids = [...rules.keys()];
      const guess = didYouMean(rule, [...ids, ...PATH_CONTEXTS]);
      return {
        kind: "unknown-rule",
        message: `names ${JSON.stringify(rule)}, which is not a secretowners rule${at < 0 ? " or context" : ""}`,
        suggestion: guess === null ? `use a rule (${ids.join(", ")}) or a context (${PATH_CONTEXTS.join(", ")})` : `did you mean \`${guess}\`?`,
      };
    }
    if (context !== null && found.meta.pathContext !== true) {
      return {
        kind: "unknown-context",
        message: `sets \`${key}\`, but ${rule} is about the manifest itself and has no per-context severity`,
        suggestion: `write \`${rule}: ${level}\`, or use a rule that reports what files contain: ${[...rules.values()].filter((r) => r.meta.pathContext === true).map((r) => r.meta.id).join(", ")}`,
      };
    }
  }
  if (context !== null && !isPathContext(context)) {
    const guess = didYouMean(context, PATH_CONTEXTS);
    return {
      kind: "unknown-context",
      message: `names context ${JSON.stringify(context)}, which is not one of ${PATH_CONTEXTS.join(", ")}`,
      suggestion: guess === null ? `use one of: ${PATH_CONTEXTS.join(", ")}` : `did you mean \`${guess}\`?`,
    };
  }
  if (!(LEVELS as readonly string[]).includes(level)) {
    return { kind: "invalid-severity", message: `sets \`${key}\` to ${JSON.stringify(level)}, which is not one of ${LEVELS.join(", ")}`, suggestion: `write e.g. \`${key}: warning\`` };
  }
  if (context !== null && level === "off") {
    return {
      kind: "invalid-severity",
      message: `turns \`${key}\` off, but findings in a ${context} context are never hidden: a real credential there is still a leak`,
      suggestion: `leave \`${key}\` at note (the default), or exclude the paths with --exclude if they are not yours`,
    };
  }
  return null;
}

/**
 * The severity of one finding. Outside a context: the rule's setting, else what the rule said,
 * else its default. In a context: `RULE@CONTEXT` if set; otherwise the level outside the
 * context, lowered to the `CONTEXT` setting (default note).
 */
export function resolveSeverity(settings: SeveritySettings, rule: PolicyRule, reported: Severity | undefined, context: PathContext | null): Level {
  const own = settings[rule.meta.id];
  if (own === "off") return "off";
  const usual = own ?? reported ?? rule.meta.defaultSeverity;
  if (context === null) return usual;
  const exact = settings[`${rule.meta.id}@${context}`];
  if (exact !== undefined) return exact;
  const ceiling = settings[context];
  const cap = ceiling === undefined || ceiling === "off" ? CONTEXT_DEFAULT : ceiling;
  return SEVERITY_RANK[usual] >= SEVERITY_RANK[cap] ? usual : cap;
}
