import type { OrgFinding, ScanResult } from "./model.js";
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
