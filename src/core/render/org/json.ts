import { allOrgFindings, type OrgScanResult, type RepoOutcome, type RepoResult } from "../../org.js";
import type { RunInfo } from "../index.js";
import { JsonList, prettyJsonChunks, toJsonDiagnostic, toJsonFinding, toJsonSecret, toJsonSkipped, type JsonDiagnostic, type JsonFinding, type JsonReportV1, type JsonSecret, type JsonSkipped } from "../json.js";
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

/**
 * The report's fields in order; the long lists are `JsonList`s, built element by element as they
 * are written (`renderOrgJson`) or collected (`buildOrgJsonReport`).
 */
function reportFields(scan: OrgScanResult, run: RunInfo): [keyof OrgJsonReportV1, unknown][] {
  const findings = allOrgFindings(scan);
  const manifests = new Map(scan.results.map(({ repo, result }) => [repo, result.manifest]));
  let files = 0;
  let bytes = 0;
  for (const { result } of scan.results) {
    files += result.stats.files;
    bytes += result.stats.bytes;
  }
  return [
    ["version", 1],
    ["tool", { name: "secretowners", version: run.toolVersion }],
    ["org", scan.org],
    ["manifest", null],
    ["findings", new JsonList(() => lazily(findings, (finding) => ({ repo: finding.repo, ...toJsonFinding(finding) })))],
    ["secrets", new JsonList(() => eachOfResults(scan, (repo, result) => result.secrets.map((entry) => {
      const secret = toJsonSecret(entry);
      return { repo, ...secret, references: secret.references.map((reference) => ({ repo, ...reference })) };
    })))],
    ["summary", summarize(findings)],
    ["diagnostics", new JsonList(() => eachOfResults(scan, (repo, result) => result.diagnostics.map((diagnostic) => ({ repo, ...toJsonDiagnostic(diagnostic) }))))],
    ["skipped", new JsonList(() => eachOfResults(scan, (repo, result) => result.skipped.map((item) => ({ repo, ...toJsonSkipped(item) }))))],
    ["stats", { files, bytes }],
    [
      "repos",
      new JsonList(() =>
        lazily(scan.repos, (outcome) => ({
          name: outcome.name,
          scanned: outcome.scanned,
          skipped: outcome.skipped,
          error: outcome.error,
          cached: outcome.cached === true,
          commit: outcome.commit ?? null,
          manifest: manifests.get(outcome.name) ?? null,
          notices: [...(outcome.notices ?? [])],
        })),
      ),
    ],
    ["notices", [...scan.notices]],
  ];
}

function* lazily<T, U>(items: readonly T[], map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** One repository's items at a time, in the order of `scan.results`. */
function* eachOfResults<T>(scan: OrgScanResult, items: (repo: string, result: RepoResult["result"]) => readonly T[]): Generator<T> {
  for (const { repo, result } of scan.results) yield* items(repo, result);
}

export function buildOrgJsonReport(scan: OrgScanResult, run: RunInfo): OrgJsonReportV1 {
  return Object.fromEntries(reportFields(scan, run).map(([key, value]) => [key, value instanceof JsonList ? [...value.items()] : value])) as unknown as OrgJsonReportV1;
}

/** The report in pieces, each written as it is made: an organization's report is never held whole. */
export function renderOrgJson(scan: OrgScanResult, run: RunInfo): Iterable<string> {
  return prettyJsonChunks(reportFields(scan, run));
}
