import type { Severity } from "../../model.js";
import { allOrgFindings, rotationDue, type OrgScanResult } from "../../org.js";
import { compareStrings } from "../../order.js";
import type { RunInfo } from "../index.js";
import { cell } from "../markdown.js";
import { describeCounts, plural, summarize } from "../summary.js";

/** The marker the dashboard issue is found by; kept out of sight in the rendered issue. */
export const INVENTORY_MARKER = "<!-- secretowners:inventory -->";

/** GitHub refuses an issue body over 65,536 characters; leave room for the truncation note. */
export const ISSUE_BODY_LIMIT = 65_000;

const SEVERITY_ICON: Record<Severity, string> = { error: "🔴", warning: "🟠", note: "🔵" };
const USED_IN_SHOWN = 3;

interface InventoryRow {
  readonly owner: string | null;
  readonly name: string;
  readonly system: string;
  readonly uses: string[];
  readonly custodians: Set<string>;
  readonly rotations: Set<string>;
  due: string | null;
  open: number;
}

/**
 * `org-scan --format markdown`, and the body of the inventory dashboard issue: every secret of the
 * organization grouped by owner (where it is used, custodian, rotation and its due date, open
 * findings), then the cross-repository findings and the repositories that were not scanned. Every
 * piece of scanned text goes through `cell()`. Cut at a row, with a note, past `maxChars`.
 */
export function renderOrgMarkdown(scan: OrgScanResult, run: RunInfo & { readonly maxChars?: number }): string {
  const findings = allOrgFindings(scan);
  const summary = summarize(findings);
  const scanned = scan.repos.filter((repo) => repo.scanned).length;
  const skipped = scan.repos.filter((repo) => repo.skipped !== null).length;
  const failed = scan.repos.filter((repo) => repo.error !== null).length;
  const head = [
    INVENTORY_MARKER,
    `# Secret inventory: ${cell(scan.org)}`,
    "",
    `_secretowners ${cell(run.toolVersion)}: ${scanned} of ${scan.repos.length} ${scan.repos.length === 1 ? "repository" : "repositories"} scanned (${skipped} skipped, ${failed} failed); **${describeCounts(summary)}** open._`,
    "",
  ];
  for (const notice of scan.notices) head.push(`> ⚠️ ${cell(notice)}`, "");

  const open = new Map<string, number>();
  for (const finding of findings) {
    if (finding.suppressed || finding.secret === null) continue;
    const key = `${finding.repo}\0${finding.secret.toUpperCase()}`;
    open.set(key, (open.get(key) ?? 0) + 1);
  }
  const rows = new Map<string, InventoryRow>();
  for (const { repo, result, storedSecrets } of scan.results) {
    for (const entry of result.secrets) {
      if (entry.kind !== "secret") continue;
      const key = `${entry.owner?.toLowerCase() ?? ""}\0${entry.system}\0${entry.name}`;
      const row = rows.get(key) ?? { owner: entry.owner, name: entry.name, system: entry.system, uses: [], custodians: new Set<string>(), rotations: new Set<string>(), due: null, open: 0 };
      const first = entry.references[0];
      row.uses.push(first ? `${repo} (${first.file}:${first.line})` : repo);
      if (entry.custodian) row.custodians.add(entry.custodian);
      if (entry.rotation) row.rotations.add(entry.rotation);
      const due = rotationDue(entry, storedSecrets ?? []);
      if (due !== null && (row.due === null || due < row.due)) row.due = due;
      row.open += open.get(`${repo}\0${entry.name.toUpperCase()}`) ?? 0;
      rows.set(key, row);
    }
  }
  const byOwner = new Map<string, InventoryRow[]>();
  for (const row of rows.values()) {
    const owner = row.owner === null ? "" : row.owner.toLowerCase();
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), row]);
  }
  // Unowned secrets first: they are what the dashboard exists to shrink.
  const owners = [...byOwner.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : compareStrings(a, b)));
  const body: string[] = [];
  for (const owner of owners) {
    const group = (byOwner.get(owner) ?? []).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.system, b.system));
    const title = owner === "" ? "Unowned" : cell(group[0]?.owner ?? owner);
    body.push(`## ${title} (${plural(group.length, "secret")})`, "", "| Secret | System | Used in | Custodian | Rotation | Rotation due | Open findings |", "|---|---|---|---|---|---|---:|");
    for (const row of group) {
      const uses = row.uses.sort(compareStrings);
      const shown = uses.slice(0, USED_IN_SHOWN).map((use) => cell(use)).join("<br>") + (uses.length > USED_IN_SHOWN ? `<br>and ${uses.length - USED_IN_SHOWN} more` : "");
      body.push(
        `| \`${row.name.replace(/`/g, "'")}\` | ${cell(row.system)} | ${shown} | ${cell([...row.custodians].sort().join(", ")) || "—"} | ${cell([...row.rotations].sort().join(", ")) || "—"} | ${row.due ?? "—"} | ${row.open} |`,
      );
    }
    body.push("");
  }
  if (rows.size === 0) body.push("No secrets found in the scanned repositories.", "");

  if (scan.findings.length > 0) {
    body.push(`## Cross-repository findings (${scan.findings.length})`, "", "| Severity | Rule | Where | Message |", "|---|---|---|---|");
    for (const finding of scan.findings) {
      body.push(`| ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${cell(finding.ruleId)} | ${cell(`${finding.repo} ${finding.location.file}:${finding.location.line}`)} | ${cell(finding.message)} |`);
    }
    body.push("");
  }
  const notScanned = scan.repos.filter((repo) => !repo.scanned);
  if (notScanned.length > 0) {
    body.push(`## Not scanned (${notScanned.length})`, "", "| Repository | Why |", "|---|---|");
    for (const repo of notScanned) body.push(`| ${cell(repo.name)} | ${cell(repo.error ?? repo.skipped ?? "unknown")} |`);
    body.push("");
  }
  return fit([...head, ...body], run.maxChars);
}

/** Drops whole lines from the end until the text fits, and says so. */
function fit(lines: string[], maxChars: number | undefined): string {
  const text = `${lines.join("\n")}\n`;
  if (maxChars === undefined || text.length <= maxChars) return text;
  const note = "\n_… cut to fit: the full inventory is in `secretowners org-scan --format csv` or `--format json`._\n";
  let length = note.length;
  const kept: string[] = [];
  for (const line of lines) {
    if (length + line.length + 1 > maxChars) break;
    kept.push(line);
    length += line.length + 1;
  }
  return `${kept.join("\n")}\n${note}`;
}
