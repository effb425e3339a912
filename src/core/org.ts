import type { InventoryEntry, OrgFinding, ScanResult, StoredSecret } from "./model.js";
import { parseDuration } from "./manifest/text.js";
import { SEVERITY_RANK } from "./model.js";
import { compareLocations, compareStrings } from "./order.js";

/** What became of one repository in an organization-wide scan. */
export interface RepoOutcome {
  /** `owner/name`. */
  readonly name: string;
  /** Its files were scanned (now, or at the same `pushed_at` by an earlier run: `cached`). */
  readonly scanned: boolean;
  /** Why it was not scanned: archived, disabled or empty repositories are no error. */
  readonly skipped: "archived" | "disabled" | "empty" | null;
  /** Why its scan failed, in one line; the other repositories are scanned all the same. */
  readonly error: string | null;
  /** The result is an earlier run's, kept because the repository has not been pushed to since. */
  readonly cached?: boolean;
  /** The commit the tarball was made from. */
  readonly commit?: string | null;
  /** Stores of secrets that could not be listed, and what permission would fix it. */
  readonly notices?: readonly string[];
}

export interface RepoResult {
  readonly repo: string;
  readonly result: ScanResult;
  /** What GitHub holds for the repository, when listed: the basis of rotation due dates. */
  readonly storedSecrets?: readonly StoredSecret[];
}

/** An organization-wide scan: each repository's own result, plus what only the whole org shows. */
export interface OrgScanResult {
  readonly org: string;
  /** Every repository the organization listed, by name. */
  readonly repos: readonly RepoOutcome[];
  /** The scanned repositories' results, by name. */
  readonly results: readonly RepoResult[];
  /** The cross-repository checks' findings (`checkOrg`). */
  readonly findings: readonly OrgFinding[];
  /** Organization-level problems that made the scan see less (an unreadable secret listing). */
  readonly notices: readonly string[];
}

/** Every finding of the scan, each repository's and the cross-repository ones, worst first. */
export function allOrgFindings(scan: OrgScanResult): OrgFinding[] {
  const findings: OrgFinding[] = [...scan.findings];
  for (const { repo, result } of scan.results) for (const finding of result.findings) findings.push({ ...finding, repo });
  return findings.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareStrings(a.repo, b.repo) || compareLocations(a.location, b.location) || compareStrings(a.ruleId, b.ruleId),
  );
}

/**
 * When a secret is next due for rotation: its last update in GitHub (`updated_at`) plus the
 * manifest's rotation period, as `YYYY-MM-DD`; null without both. GitHub resolves the name the
 * way a job without an environment would: repository secret, else organization secret.
 */
export function rotationDue(entry: InventoryEntry, stored: readonly StoredSecret[]): string | null {
  if (entry.system !== "github-actions" || entry.rotation === undefined) return null;
  const days = parseDuration(entry.rotation);
  const name = entry.name.toUpperCase();
  const secret = stored.find((item) => item.store === "actions" && item.name.toUpperCase() === name) ?? stored.find((item) => item.store === "organization" && item.name.toUpperCase() === name);
  const updated = secret?.updatedAt ?? secret?.createdAt;
  if (days === null || updated === undefined) return null;
  const time = Date.parse(updated);
  if (Number.isNaN(time)) return null;
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}
