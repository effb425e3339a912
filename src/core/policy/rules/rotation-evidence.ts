import { matchSecret } from "../../manifest/match.js";
import { formatIsoDate, parseDuration, parseIsoDate } from "../../manifest/text.js";
import type { ManifestRule } from "../../manifest/types.js";
import type { Location, StoredSecret } from "../../model.js";
import type { PolicyContext } from "../rule.js";
import { ruleLabel } from "./manifest-rules.js";

const DAY_MS = 86_400_000;

/** Whole UTC days since 1970-01-01, the unit every date rule compares in. */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** The start (00:00 UTC) of a day counted as `dayOf` counts it. */
export function startOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** GitHub's `updated_at` (`2026-09-14T10:11:12Z`) or a plain date → its UTC day; null if unreadable. */
export function dayOfTimestamp(text: string): number | null {
  const plain = parseIsoDate(text);
  if (plain !== null) return plain;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS);
}

/** One secret (or one rule's secrets) with the evidence of its last rotation. */
export interface RotationSubject {
  readonly rule: ManifestRule;
  /** What the finding names: a stored secret (`OKTA_TOKEN`, environment secret in production) or the rule's patterns. */
  readonly subject: string;
  /** The stored secret's name; null when the subject is a whole rule. */
  readonly secret: string | null;
  /** Part of the fingerprint: stable while the dates change. */
  readonly key: string;
  readonly lastRotated: number;
  /** Where `lastRotated` comes from, phrased for a message. */
  readonly source: string;
  readonly cadence: string;
  readonly due: number;
  readonly location: Location;
}

const STORE_LABELS: Record<StoredSecret["store"], string> = {
  actions: "repository secret",
  environment: "environment secret",
  organization: "organization secret",
  dependabot: "Dependabot secret",
};

export function storedSecretLabel(secret: StoredSecret): string {
  const where = secret.store === "environment" && secret.environment ? ` (${secret.environment})` : "";
  return `${secret.name}, ${STORE_LABELS[secret.store]}${where}`;
}

/**
 * Every rotation that can be checked: for each rule with a cadence, each GitHub-held secret it
 * owns (its `updated_at` changes when the value is replaced), or the rule as a whole when GitHub's
 * data is not available. Where the manifest's `rotated:` and GitHub's date both exist, the later
 * one is the last rotation: either can lag behind a real rotation, neither can run ahead of it.
 */
export function rotationSubjects(ctx: PolicyContext): RotationSubject[] {
  const manifest = ctx.manifest;
  if (!manifest) return [];
  const stored = new Map<ManifestRule, StoredSecret[]>();
  for (const secret of ctx.storedSecrets) {
    const winner = matchSecret(manifest, secret.name, "github-actions")?.rule;
    if (winner) stored.set(winner, [...(stored.get(winner) ?? []), secret]);
  }
  const subjects: RotationSubject[] = [];
  for (const rule of manifest.rules) {
    const cadence = rule.rotation ?? manifest.defaults.rotation;
    const days = cadence === undefined ? null : parseDuration(cadence);
    if (cadence === undefined || days === null) continue;
    const location = rule.fieldLocations["rotated"] ?? rule.fieldLocations["rotation"] ?? rule.location;
    const recorded = rule.rotated === undefined ? null : parseIsoDate(rule.rotated);
    const manifestSource = `\`rotated: ${rule.rotated ?? ""}\` in ${manifest.path}`;
    const held = stored.get(rule) ?? [];
    if (held.length === 0) {
      if (recorded === null) continue;
      const patterns = ruleLabel(rule);
      subjects.push({ rule, subject: `the rule for ${patterns}`, secret: null, key: patterns, lastRotated: recorded, source: manifestSource, cadence, due: recorded + days, location });
      continue;
    }
    for (const secret of held) {
      const stamp = secret.updatedAt ?? secret.createdAt;
      const fromGitHub = stamp === undefined ? null : dayOfTimestamp(stamp);
      if (fromGitHub === null && recorded === null) continue;
      const githubSource = `GitHub's ${secret.updatedAt === undefined ? "created_at" : "updated_at"} of the ${STORE_LABELS[secret.store]}`;
      const useGitHub = fromGitHub !== null && (recorded === null || fromGitHub > recorded);
      const last = (useGitHub ? fromGitHub : recorded) as number;
      const source = useGitHub
        ? `${githubSource}${recorded === null ? "" : `, later than ${manifestSource}`}`
        : `${manifestSource}${fromGitHub === null ? "" : `, later than ${githubSource} (${formatIsoDate(fromGitHub)})`}`;
      subjects.push({
        rule,
        subject: storedSecretLabel(secret),
        secret: secret.name,
        key: `${ruleLabel(rule)}:${secret.store}:${secret.environment ?? ""}:${secret.name.toUpperCase()}`,
        lastRotated: last,
        source,
        cadence,
        due: last + days,
        location,
      });
    }
  }
  return subjects;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
