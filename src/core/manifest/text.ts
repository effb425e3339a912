/** Small helpers shared by the two manifest parsers: principals, durations, suggestions, quoting. */

import { scrubCredentials } from "../scrub.js";

const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const EMAIL = /^[^\s@]+@[^\s@/]+\.[^\s@/]+$/;

/** `@org/team`, `@user` or an email — the three owner forms CODEOWNERS accepts. */
export function isPrincipal(value: string): boolean {
  return TEAM.test(value) || USER.test(value) || EMAIL.test(value);
}

/** Why a principal is rejected, phrased so the fix is obvious. */
export function explainPrincipal(value: string): string {
  if (value === "") return "is empty";
  if (value === "@") return "has no name after `@`";
  if (/^@[^/]+\/$/.test(value)) return "has no team name after the `/`";
  if (/^@\//.test(value)) return "has no organization before the `/`";
  if (!value.startsWith("@") && !value.includes("@")) return "is neither an @-mention nor an email";
  return "is not a valid @org/team, @user or email";
}

export const PRINCIPAL_SUGGESTION = "write a team as `@org/team`, a person as `@user`, or an email address";

const DURATION = /^([1-9][0-9]{0,5})([dwmy])$/;
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

/** `30d` → 30, `2w` → 14, `3m` → 90 (a month is 30 days), `1y` → 365; anything else → null. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (match === null) return null;
  const [, count, unit] = match;
  return Number(count) * (UNIT_DAYS[unit as string] as number);
}

export const DURATION_SUGGESTION = "write Nd, Nw, Nm or Ny, e.g. 90d";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * `2026-09-14` → days since 1970-01-01 (UTC); anything else, including dates that do not exist
 * (`2026-02-30`), → null. Whole days in UTC, so a rotation date means the same everywhere.
 */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return time / DAY_MS;
}

/** Days since 1970-01-01 (UTC) → `2026-09-14`. */
export function formatIsoDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export const DATE_SUGGESTION = "write the date as YYYY-MM-DD, e.g. 2026-09-14";

/**
 * Echo a value from the manifest back in a message. A manifest should hold names, not values, but a
 * pasted token must not be repeated by our own diagnostics: anything that looks like a credential
 * (long, no spaces, letters mixed with digits) is shown only as a preview length.
 */
export function show(text: string): string {
  // Redacted before clipping: a clipped credential is no longer recognisable, but still a slice of one.
  const value = scrubCredentials(text);
  const credentialLike = value.length >= 16 && !/\s/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
  if (credentialLike) return `(a ${value.length}-character value)`;
  const clipped = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return `\`${clipped}\``;
}
