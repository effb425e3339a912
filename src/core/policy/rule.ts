import type {
  Credential,
  Location,
  SecretRef,
  SecretSystem,
  Severity,
  StoredSecret,
} from "../model.js";
import type { OwnerDirectory } from "../manifest/directory.js";
import type { Manifest, ManifestDiagnostic, ManifestMatch } from "../manifest/types.js";

export const DOCS_BASE_URL = "https://github.com/secretowners/secretowners/blob/main/docs/rules/";

export interface RuleMeta {
  /** kebab-case; also the file name, the docs page, the SARIF ruleId and the suppression key. */
  readonly id: string;
  /** One line, shown in SARIF `shortDescription` and the docs page. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** OWASP NHI Top 10 (2025) ids first, then NIST CSF 2.0 subcategories. */
  readonly controls: readonly string[];
  /** Message templates keyed by messageId; `{{field}}` is replaced from a report's `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** Markdown: why it matters and how to fix it (SARIF `help`). */
  readonly help: string;
}

/** What a rule says about one place; `evaluate` turns it into a `Finding`. */
export interface Report {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly location: Location;
  readonly secret: string | null;
  /** What identifies the finding apart from rule and file: a secret name, a value hash, a route. */
  readonly fingerprintKey: string;
  readonly detector?: string;
  readonly system?: SecretSystem;
  readonly preview?: string;
  readonly identity?: boolean;
  /** When one rule reports problems of different weight; a user's override still wins. */
  readonly severity?: Severity;
}

export interface PolicyContext {
  readonly refs: readonly SecretRef[];
  readonly credentials: readonly Credential[];
  readonly manifest: Manifest | null;
  readonly manifestDiagnostics: readonly ManifestDiagnostic[];
  /** Memoised `matchSecret` for a named ref; null when no rule matches. */
  match(ref: SecretRef): ManifestMatch | null;
  /** Whether the scan saw the whole repository (stale-rule needs that). */
  readonly complete: boolean;
  /** Which teams and users the manifest names still exist (the App looks them up); absent in the CLI. */
  readonly directory?: OwnerDirectory;
  /** The secrets GitHub holds for the repository; empty when they were not (or could not be) listed. */
  readonly storedSecrets: readonly StoredSecret[];
}

export interface PolicyRule {
  readonly meta: RuleMeta & { readonly url: string };
  check(ctx: PolicyContext): Report[];
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Fills in what every rule shares (its docs URL) and refuses malformed metadata at load time. */
export function defineRule(rule: { meta: RuleMeta; check(ctx: PolicyContext): Report[] }): PolicyRule {
  const { meta } = rule;
  if (!KEBAB_CASE.test(meta.id)) throw new Error(`rule id "${meta.id}" is not kebab-case`);
  if (meta.controls.length === 0) throw new Error(`rule ${meta.id} maps to no control`);
  if (Object.keys(meta.messages).length === 0) throw new Error(`rule ${meta.id} has no messages`);
  return { meta: { ...meta, url: `${DOCS_BASE_URL}${meta.id}.md` }, check: rule.check };
}

/** Replaces `{{field}}`; a template naming a field the report lacks is a bug in the rule. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message template needs "${key}"`);
    return String(value);
  });
}
