import type {
  Credential,
  InventoryEntry,
  Location,
  SecretRef,
  SecretSystem,
  Severity,
  StoredSecret,
} from "../model.js";
import type { OwnerDirectory } from "../manifest/directory.js";
import type { Codeowners } from "../manifest/codeowners.js";
import type { Manifest, ManifestDiagnostic, ManifestMatch } from "../manifest/types.js";
import type { PathContext } from "../path-context.js";

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
  /**
   * The rule reports what a scanned file contains, so where the file sits matters: findings in
   * test fixtures, documentation and examples carry that context and are notes by default
   * (see path-context.ts). Rules about the manifest leave this out: a broken manifest in
   * `docs/secretowners.yml` must still block.
   */
  readonly pathContext?: true;
  /**
   * The rule reads `ctx.now`: its reports can change from one day to the next with nothing else
   * changed (a rotation falls due). A cached result is reused only while these rules would say the
   * same (see `stableThrough`).
   */
  readonly dated?: true;
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
  readonly severity?: Severity;  /** For rules with `pathContext`: the context of the finding's lines when it is not the file's (embedded docs). */
  readonly context?: PathContext;
}

export interface PolicyContext {
  readonly refs: readonly SecretRef[];
  readonly credentials: readonly Credential[];
  readonly manifest: Manifest | null;
  readonly manifestDiagnostics: readonly ManifestDiagnostic[];
  /** The manifest file's path, also when it could not be parsed (`manifest` is then null). */
  readonly manifestFile?: string | null;
  /** Memoised `matchSecret` for a named ref; null when no rule matches. */
  match(ref: SecretRef): ManifestMatch | null;
  /** Whether the scan saw the whole repository (stale-rule needs that). */
  readonly complete: boolean;
  /** Which teams and users the manifest names still exist (the App looks them up); absent in the CLI. */
  readonly directory?: OwnerDirectory;
  /** The secrets GitHub holds for the repository; empty when they were not (or could not be) listed. */
  readonly storedSecrets: readonly StoredSecret[];
  /**
   * "Today" for the date rules, passed in by the shell: the core never reads the clock. Absent,
   * rules that compare dates (rotation-overdue, review-overdue) stay quiet.
   */
  readonly now?: Date;
  /** The repository's CODEOWNERS, the one GitHub uses; null when it has none. */
  readonly codeowners: Codeowners | null;
}

/** One repository of an organization-wide scan, as the cross-repository checks see it. */
export interface OrgRepository {
  /** `owner/name`. */
  readonly name: string;
  /** Its inventory: every secret it uses, the owner its manifest gives and where it is used. */
  readonly secrets: readonly InventoryEntry[];
  /** What GitHub holds for it (its own, its environments' and the organization secrets it sees); empty when not listed. */
  readonly storedSecrets: readonly StoredSecret[];
}

/** An Actions secret of the organization, as `GET /orgs/{org}/actions/secrets` lists it. */
export interface OrganizationSecret {
  readonly name: string;
  readonly visibility: "all" | "private" | "selected";
  /** For `selected`: the repositories (`owner/name`) it is shared with, when they were listed. */
  readonly repositories?: readonly string[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

export interface OrgPolicyContext {
  readonly org: string;
  readonly repositories: readonly OrgRepository[];
  readonly organizationSecrets: readonly OrganizationSecret[];
  /** How many repositories an organization secret with visibility `all` / `private` reaches (archived ones excluded). */
  readonly repositoryCount: { readonly all: number; readonly private: number };
}

/** A cross-repository report: the place it points at is in `repo`. */
export interface OrgReport extends Report {
  readonly repo: string;
}

export interface PolicyRule {
  readonly meta: RuleMeta & { readonly url: string };
  check(ctx: PolicyContext): Report[];
  /**
   * Checks that need every repository of an organization at once (a secret shared across teams'
   * repositories). Reports only what no single repository's `check` can see, so an org-wide
   * report holds each problem once.
   */
  checkOrg?(ctx: OrgPolicyContext): OrgReport[];
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Fills in what every rule shares (its docs URL) and refuses malformed metadata at load time. */
export function defineRule(rule: { meta: RuleMeta; check(ctx: PolicyContext): Report[]; checkOrg?(ctx: OrgPolicyContext): OrgReport[] }): PolicyRule {
  const { meta } = rule;
  if (!KEBAB_CASE.test(meta.id)) throw new Error(`rule id "${meta.id}" is not kebab-case`);
  if (meta.controls.length === 0) throw new Error(`rule ${meta.id} maps to no control`);
  if (Object.keys(meta.messages).length === 0) throw new Error(`rule ${meta.id} has no messages`);
  return { meta: { ...meta, url: `${DOCS_BASE_URL}${meta.id}.md` }, check: rule.check, ...(rule.checkOrg ? { checkOrg: rule.checkOrg } : {}) };
}

/** Replaces `{{field}}`; a template naming a field the report lacks is a bug in the rule. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message template needs "${key}"`);
    return String(value);
  });
}
