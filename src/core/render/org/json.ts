import { allOrgFindings, type OrgScanResult, type RepoOutcome } from "../../org.js";
import type { RunInfo } from "../index.js";
import { buildJsonReport, toJsonFinding, type JsonDiagnostic, type JsonFinding, type JsonReportV1, type JsonSecret, type JsonSkipped } from "../json.js";
import { summarize } from "../summary.js";

type WithRepo<T> = T & { readonly repo: string };

/**
 * `org-scan --format json`: the `scan` contract (version 1) with `"repo": "owner/name"` on every
 * finding, secret, reference, diagnostic and skipped file, plus `repos` (what became of each
 * repository) and the organization's `notices`. `manifest` is null: each repository's is in
 * `repos[].manifest`.
 */
export interface OrgJsonReportV1 extends Omit<JsonReportV1, "findings" | "secrets" | "diagnostics" | "skipped"> {
  readonly org: string;
  readonly findings: readonly WithRepo<JsonFinding>[];
  readonly secrets: readonly WithRepo<Omit<JsonSecret, "references"> & { readonly references: readonly WithRepo<JsonSecret["references"][number]>[] }>[];
  readonly diagnostics: readonly WithRepo<JsonDiagnostic>[];
  readonly skipped: readonly WithRepo<JsonSkipped>[];
  readonly repos: readonly OrgJsonRepo[];
  readonly notices: readonly string[];
}

export interface OrgJsonRepo {
  readonly name: string;
  readonly scanned: boolean;
  readonly skipped: RepoOutcome["skipped"];
  readonly error: string | null;
  readonly cached: boolean;
  readonly commit: string | null;
  readonly manifest: string | null;
  readonly notices: readonly string[];
}

export function buildOrgJsonReport(scan: OrgScanResult, run: RunInfo): OrgJsonReportV1 {
  const findings = allOrgFindings(scan);
  const manifests = new Map(scan.results.map(({ repo, result }) => [repo, result.manifest]));
  const secrets: OrgJsonReportV1["secrets"][number][] = [];
  const diagnostics: WithRepo<JsonDiagnostic>[] = [];
  const skipped: WithRepo<JsonSkipped>[] = [];
  let files = 0;
  let bytes = 0;
  for (const { repo, result } of scan.results) {
    const report = buildJsonReport(result, run);
    for (const secret of report.secrets) secrets.push({ repo, ...secret, references: secret.references.map((reference) => ({ repo, ...reference })) });
    for (const diagnostic of report.diagnostics) diagnostics.push({ repo, ...diagnostic });
    for (const item of report.skipped) skipped.push({ repo, ...item });
    files += report.stats.files;
    bytes += report.stats.bytes;
  }
  return {
    version: 1,
    tool: { name: "secretowners", version: run.toolVersion },
    org: scan.org,
    manifest: null,
    findings: findings.map((finding) => ({ repo: finding.repo, ...toJsonFinding(finding) })),
    secrets,
    summary: summarize(findings),
    diagnostics,
    skipped,
    stats: { files, bytes },
    repos: scan.repos.map((outcome) => ({
      name: outcome.name,
      scanned: outcome.scanned,
      skipped: outcome.skipped,
      error: outcome.error,
      cached: outcome.cached === true,
      commit: outcome.commit ?? null,
      manifest: manifests.get(outcome.name) ?? null,
      notices: [...(outcome.notices ?? [])],
    })),
    notices: [...scan.notices],
  };
}

export function renderOrgJson(scan: OrgScanResult, run: RunInfo): string {
  return `${JSON.stringify(buildOrgJsonReport(scan, run), null, 2)}\n`;
}
