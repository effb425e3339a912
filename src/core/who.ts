import { codeownersOf, type Codeowners } from "./manifest/codeowners.js";
import { matchSecret, ruleMatches } from "./manifest/match.js";
import { compileSecretGlob, isSecretSystem, SECRET_SYSTEMS, splitSystemPrefix } from "./manifest/names.js";
import { detectCredentials } from "./detect/scan.js";
import { formatIsoDate, parseDuration, parseIsoDate, show } from "./manifest/text.js";
import { didYouMean, nearestNames } from "./suggest.js";
import type { Governance, Manifest, ManifestRule, Scope } from "./manifest/types.js";
import type { InventoryEntry, InventoryReference, SecretSystem, StoredSecret } from "./model.js";
import { compareStrings } from "./order.js";
import { scrubCredentials } from "./scrub.js";
import { ruleLabel } from "./policy/rules/manifest-rules.js";
import { dayOf, dayOfTimestamp, storedSecretLabel } from "./policy/rules/rotation-evidence.js";

/**
 * `secretowners who NAME`: the incident-response lookup. "This key leaked — who can revoke it,
 * now?" For every secret the name (a glob, optionally `system:`-prefixed) matches: the winning
 * rule and all its governance, every place the secret is used, and the rules that matched and lost.
 */

export interface WhoRule {
  readonly file: string;
  readonly line: number;
  readonly patterns: string;
  readonly owner: string | null;
}

export interface WhoRotation {
  /** Last rotation, `YYYY-MM-DD`, and where that date comes from. */
  readonly last: string;
  readonly source: string;
  /** When the next rotation is due, with a cadence. */
  readonly due?: string;
  readonly overdue?: boolean;
}

export interface WhoSecret {
  readonly name: string;
  readonly system: SecretSystem;
  readonly kind: "secret" | "platform";
  /** False when the name is not used in the repository but a rule covers it. */
  readonly used: boolean;
  readonly rule: WhoRule | null;
  readonly owner: string | null;
  readonly custodian: string | null;
  readonly backup: readonly string[];
  readonly revoker: string | null;
  readonly purpose: string | null;
  readonly rotation: string | null;
  readonly lastRotation: WhoRotation | null;
  readonly review: string | null;
  readonly reviewed: string | null;
  readonly vendor: string | null;
  readonly emergencyOnly: boolean;
  readonly agents: "allowed" | "denied" | null;
  readonly scope: Scope | null;
  /** Every use, with the owners CODEOWNERS gives its file (empty without CODEOWNERS or an entry). */
  readonly references: readonly (InventoryReference & { readonly system: SecretSystem; readonly fileOwners: readonly string[] })[];
  /** Other rules whose patterns match, in manifest order: they lost to `rule` (last match wins). */
  readonly overridden: readonly WhoRule[];
  /** Secrets GitHub holds under this name (from the Action or App). */
  readonly stored: readonly string[];
}

export interface WhoAnswer {
  readonly query: string;
  readonly manifest: string | null;
  /** At least one matching secret is used in the repository. */
  readonly found: boolean;
  readonly secrets: readonly WhoSecret[];
  /** Names in use that look like the query, when nothing in use matches it. */
  readonly nearNames: readonly string[];
}

export class WhoQueryError extends Error {
  override name = "WhoQueryError";
}

export interface WhoInput {
  readonly inventory: readonly InventoryEntry[];
  readonly manifest: Manifest | null;
  readonly storedSecrets?: readonly StoredSecret[];
  readonly now?: Date;
  /** The repository's CODEOWNERS: who owns each file a secret is used in. */
  readonly codeowners?: Codeowners | null;
}

export function whoIs(query: string, input: WhoInput): WhoAnswer {
  const { system, glob } = parseQuery(query);
  const pattern = compileSecretGlob(glob);
  const matching = input.inventory.filter((entry) => (system === undefined || entry.system === system) && pattern.test(entry.name));
  const secrets = matching.map((entry) => describe(entry.name, entry.system, entry.kind, entry.references, input));
  if (secrets.length > 0) return { query, manifest: input.manifest?.path ?? null, found: true, secrets, nearNames: [] };

  // Not used here. A literal name may still be covered by a rule (a key only GitHub holds, or one
  // that leaked from elsewhere): say who the manifest would make accountable.
  const unused: WhoSecret[] = [];
  if (!/[*?[]/.test(glob) && input.manifest !== null) {
    const answer = describe(glob, system ?? "github-actions", "secret", [], input);
    if (answer.rule !== null) unused.push(answer);
  }
  const names = [...new Set(input.inventory.map((entry) => entry.name))];
  return { query, manifest: input.manifest?.path ?? null, found: false, secrets: unused, nearNames: nearestNames(glob.replace(/[*?[\]]/g, ""), names, 5) };
}

/**
 * A responder holding a leaked key may paste the key itself. Echoing it back would put it in the
 * terminal scrollback and CI logs, so a query that is, or looks like, a value is refused, redacted.
 */
function refuseCredentialValue(query: string): void {
  const scrubbed = scrubCredentials(query);
  const mixedCaseValue = query.length >= 20 && !/[\s*?[]/.test(query) && /[a-z]/.test(query) && /[A-Z]/.test(query) && /[0-9]/.test(query);
  if (scrubbed === query && !mixedCaseValue) return;
  const shown = scrubbed !== query ? scrubbed : `(a ${query.length}-character value)`;
  throw new WhoQueryError(
    `${shown} looks like a credential value, not a secret name: who looks a secret up by the name workflows and manifests use (e.g. OKTA_API_TOKEN). To find where a value is committed, run \`secretowners scan\`; rotate it now`,
  );
}

function parseQuery(query: string): { system?: SecretSystem; glob: string } {
  refuseCredentialValue(query);
  const { prefix, glob } = splitSystemPrefix(query.trim());
  if (glob === "") throw new WhoQueryError("give a secret name or a glob, e.g. OKTA_API_TOKEN or 'OKTA_*'");
  if (prefix === null) return { glob };
  if (!isSecretSystem(prefix)) {
    const guess = didYouMean(prefix, SECRET_SYSTEMS);
    throw new WhoQueryError(`unknown system "${prefix}" in "${query}": ${guess === null ? `use one of ${SECRET_SYSTEMS.join(", ")}` : `did you mean ${guess}?`}`);
  }
  return { system: prefix, glob };
}

function describe(
  name: string,
  system: SecretSystem,
  kind: "secret" | "platform",
  references: readonly InventoryReference[],
  input: WhoInput,
): WhoSecret {
  const manifest = input.manifest;
  const match = manifest === null ? null : matchSecret(manifest, name, system);
  const governance: Governance = match?.effective ?? {};
  const stored = (input.storedSecrets ?? []).filter((secret) => secret.name.toUpperCase() === name.toUpperCase() && system === "github-actions");
  const overridden =
    manifest === null ? [] : manifest.rules.filter((rule) => rule !== match?.rule && ruleMatches(manifest, rule, name, system)).map((rule) => whoRule(rule, manifest));
  return {
    name,
    system,
    kind,
    used: references.length > 0,
    rule: match && manifest ? whoRule(match.rule, manifest) : null,
    owner: governance.owner ?? null,
    custodian: governance.custodian ?? null,
    backup: governance.backup ?? [],
    revoker: governance.revoker ?? null,
    purpose: governance.purpose === undefined ? null : withoutCredentials(governance.purpose, manifest?.path ?? ""),
    rotation: governance.rotation ?? null,
    lastRotation: lastRotation(governance, stored, input.now),
    review: governance.review ?? null,
    reviewed: governance.reviewed ?? null,
    vendor: governance.vendor === undefined ? null : withoutCredentials(governance.vendor, manifest?.path ?? ""),
    emergencyOnly: governance.emergencyOnly === true,
    agents: governance.agents ?? null,
    scope: match?.rule.scope ?? null,
    references: references.map((reference) => ({
      system,
      ...reference,
      fileOwners: input.codeowners ? (codeownersOf(input.codeowners, reference.file)?.owners ?? []) : [],
    })),
    overridden,
    stored: stored.map(storedSecretLabel).sort(compareStrings),
  };
}

function whoRule(rule: ManifestRule, manifest: Manifest): WhoRule {
  return { file: manifest.path, line: rule.location.line, patterns: ruleLabel(rule), owner: rule.owner ?? null };
}

/** The later of `rotated:` and GitHub's dates, as rotation-overdue judges it. */
function lastRotation(governance: Governance, stored: readonly StoredSecret[], now: Date | undefined): WhoRotation | null {
  let best: { day: number; source: string } | null = null;
  const recorded = governance.rotated === undefined ? null : parseIsoDate(governance.rotated);
  if (recorded !== null) best = { day: recorded, source: "rotated: in the manifest" };
  for (const secret of stored) {
    const stamp = secret.updatedAt ?? secret.createdAt;
    const day = stamp === undefined ? null : dayOfTimestamp(stamp);
    if (day !== null && (best === null || day > best.day)) best = { day, source: `GitHub's ${secret.updatedAt ? "updated_at" : "created_at"} (${storedSecretLabel(secret)})` };
  }
  if (best === null) return null;
  const cadence = governance.rotation === undefined ? null : parseDuration(governance.rotation);
  if (cadence === null) return { last: formatIsoDate(best.day), source: best.source };
  const due = best.day + cadence;
  return { last: formatIsoDate(best.day), source: best.source, due: formatIsoDate(due), ...(now === undefined ? {} : { overdue: due < dayOf(now) }) };
}

/**
 * Free text from the manifest is echoed, so a credential pasted into it must not be: text a
 * detector flags is withheld, and any token that looks like a value is shown only by its length.
 */
function withoutCredentials(text: string, path: string): string {
  if (detectCredentials({ path, text }).length > 0) return "(withheld: this text holds a credential; see hardcoded-secret)";
  return text
    .split(/(\s+)/)
    .map((token) => (/^\s*$/.test(token) || show(token).startsWith("`") ? token : show(token)))
    .join("");
}
