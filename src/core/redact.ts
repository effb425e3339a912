import { createHmac, randomBytes } from "node:crypto";

/**
 * The only two things the scanner ever shows of, or keeps about, a secret value. Anything that
 * renders a credential goes through here; no other module may put a value (or a slice of one) into
 * a string.
 */

/**
 * Prefixes a provider publishes as the fixed start of every credential of a kind (`ghp_` is "a
 * GitHub classic token", not a secret). Only these may be shown; characters after them never are.
 */
const PUBLIC_PREFIX =
  /^(?:gh[pousr]_|github_pat_|glpat-|glptt-|glrt-|gldt-|GR1348941|xox[abposre]-|xapp-|sk_live_|rk_live_|AKIA|ASIA|AGPA|AIDA|AROA|AIza|npm_|pypi-|hv[sbr]\.|dp\.(?:pt|st|sa|ct|scim|audit)\.|ops_|SG\.|SSWS |eyJ|-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----)/;

/** Detectors whose values have no public shape (a password, a key's high-entropy body). */
const NO_PUBLIC_PREFIX = /^(?:generic-|url-credentials$|kubernetes-secret-literal$|terraform-provider-literal$|aws-secret-access-key$|twilio-auth-token$|azure-)/;

/** Length classes, not lengths: an exact length narrows a guess; a class says "short" or "long". */
const LENGTH_CLASSES: readonly (readonly [number, string])[] = [
  [16, "under 16 chars"],
  [32, "16-31 chars"],
  [64, "32-63 chars"],
  [128, "64-127 chars"],
];

export function lengthClass(length: number): string {
  for (const [below, label] of LENGTH_CLASSES) if (length < below) return label;
  return "128+ chars";
}

/**
 * `ghp_…(32-63 chars)`: the provider's public prefix, if the detector has one, and the length class.
 * A generic password shows no character at all: `…(under 16 chars)`.
 */
export function redact(value: string, detector?: string): string {
  const prefix = detector !== undefined && NO_PUBLIC_PREFIX.test(detector) ? "" : (PUBLIC_PREFIX.exec(value)?.[0] ?? "");
  return `${prefix}…(${lengthClass([...value].length)})`;
}

/**
 * A digest of a value under a key made fresh for each process: two places holding one value can be
 * told apart from two values within a scan (to report a credential once), but the digest is worth
 * nothing outside the process, so a report can never be used to test guesses of a value offline.
 * Never published: fingerprints are built from where a credential is, not from what it is.
 */
const PROCESS_KEY = randomBytes(32);

export function hashValue(value: string): string {
  return createHmac("sha256", PROCESS_KEY).update(value, "utf8").digest("hex");
}
