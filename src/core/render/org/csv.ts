import { allOrgFindings, rotationDue, type OrgScanResult } from "../../org.js";
import type { RunInfo } from "../index.js";

/**
 * `org-scan --format csv`: the inventory as audit evidence (NIST CSF ID.AM-02), one row per secret
 * and repository: who owns it, who keeps it, when it is due for rotation and how many findings
 * are open on it. RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed
 * with an apostrophe.
 */
export const ORG_CSV_COLUMNS = [
  "repo",
  "system",
  "secret",
  "kind",
  "owner",
  "custodian",
  "backup",
  "purpose",
  "rotation",
  "rotation_due",
  "revoker",
  "references",
  "first_reference",
  "open_findings",
] as const;

export function renderOrgCsv(scan: OrgScanResult, _run: RunInfo): string {
  const open = new Map<string, number>();
  for (const finding of allOrgFindings(scan)) {
    if (finding.suppressed || finding.secret === null) continue;
    const key = `${finding.repo}\0${finding.secret.toUpperCase()}`;
    open.set(key, (open.get(key) ?? 0) + 1);
  }
  const rows: string[][] = [[...ORG_CSV_COLUMNS]];
  for (const { repo, result, storedSecrets } of scan.results) {
    for (const entry of result.secrets) {
      const first = entry.references[0];
      rows.push([
        repo,
        entry.system,
        entry.name,
        entry.kind,
        entry.owner ?? "",
        entry.custodian ?? "",
        (entry.backup ?? []).join(" "),
        entry.purpose ?? "",
        entry.rotation ?? "",
        rotationDue(entry, storedSecrets ?? []) ?? "",
        entry.revoker ?? "",
        String(entry.references.length),
        first ? `${first.file}:${first.line}` : "",
        String(open.get(`${repo}\0${entry.name.toUpperCase()}`) ?? 0),
      ]);
    }
  }
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A GitHub handle (`@user`, `@org/team`) has no parentheses or operators: no formula to run. */
const HANDLE = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?$/;

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !value.split(" ").every((part) => HANDLE.test(part)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
