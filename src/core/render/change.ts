import type { Comparison } from "../compare.js";
import { isCodeownersManifest, ruleSnippet } from "../init.js";
import { SEVERITY_RANK, type Finding, type InventoryEntry, type ScanResult, type Severity, type StoredSecret } from "../model.js";
import { RULES_BY_ID } from "../policy/index.js";
import { cell, details, diagnosticsDetails, findingRow, section, table } from "./markdown.js";
import { plural } from "./summary.js";

/**
 * What a PR gate (the Action's job summary, the App's check run) reports: the verdict, what the
 * change brings in, what it fixes, what was there already, and the inventory. Pure, like every
 * renderer; the shells decide where it goes.
 */
export interface ChangeReport {
  /** The head (pull requests) or the whole repository (full scans). */
  readonly result: ScanResult;
  /** Null on a full scan: then every finding counts. */
  readonly comparison: Comparison | null;
  /** One sentence for the reader: what was scanned and why (changed files, or everything). */
  readonly scope: string;
  /** Things the reader should know that are not findings (a permission to grant). */
  readonly notices: readonly string[];
  readonly failOn: Severity | "never";
  readonly toolVersion: string;
  /** The secrets GitHub holds, when they could be listed. */
  readonly storedSecrets?: readonly StoredSecret[];
}

/** The findings that count against `failOn`: unsuppressed, new on a PR, all on a full scan. */
export function countedFindings(report: Pick<ChangeReport, "result" | "comparison">): readonly Finding[] {
  const pool = report.comparison ? report.comparison.new : report.result.findings;
  return pool.filter((finding) => !finding.suppressed);
}

export function blockingFindings(report: Pick<ChangeReport, "result" | "comparison" | "failOn">): Finding[] {
  if (report.failOn === "never") return [];
  const threshold = SEVERITY_RANK[report.failOn];
  return countedFindings(report).filter((finding) => SEVERITY_RANK[finding.severity] <= threshold);
}

/** Secrets no rule owns, as `unowned-secret` reports them: the ones to paste a rule for. */
export function unownedSecrets(findings: readonly Finding[]): { name: string; system: NonNullable<Finding["system"]> }[] {
  const seen = new Map<string, { name: string; system: NonNullable<Finding["system"]> }>();
  for (const finding of findings) {
    if (finding.ruleId !== "unowned-secret" || finding.secret === null || finding.suppressed) continue;
    const system = finding.system ?? "github-actions";
    const key = `${system}\0${system === "github-actions" ? finding.secret.toUpperCase() : finding.secret}`;
    if (!seen.has(key)) seen.set(key, { name: finding.secret, system });
  }
  return [...seen.values()];
}

export function renderChangeMarkdown(report: ChangeReport): string {
  const { result, comparison, failOn } = report;
  const blocking = blockingFindings(report);
  const counted = countedFindings(report);
  const out: string[] = ["## secretowners", ""];
  out.push(verdict(blocking.length, counted.length, comparison !== null, failOn), "", cell(report.scope), "");
  for (const notice of report.notices) out.push(`> [!NOTE]`, `> ${cell(notice)}`, "");

  const headline = comparison ? `New findings (${counted.length})` : `Findings (${counted.length})`;
  if (counted.length > 0) out.push(...section(headline, ["Severity", "Rule", "Location", "Message"], counted.map(findingRow)));
  else out.push(`### ${headline}`, "", comparison ? "This change brings in no finding." : "No findings.", "");

  const unowned = unownedSecrets(counted);
  if (unowned.length > 0) {
    const manifest = result.manifest ?? ".github/secretowners.yml";
    const codeowners = isCodeownersManifest(manifest);
    const rules = unowned.length === 1 ? "a rule like this" : "rules like these";
    out.push(
      `### Add to the manifest`,
      "",
      `${plural(unowned.length, "secret")} ${unowned.length === 1 ? "has" : "have"} no owner. Add ${rules} ${codeowners ? "to" : "under `rules:` in"} \`${cell(manifest)}\`, with the accountable team as owner:`,
      "",
      codeowners ? "```" : "```yaml",
      ...unowned.map((secret) => ruleSnippet(secret, manifest).replace(/```/g, "'''")),
      "```",
      "",
    );
  }

  if (comparison && comparison.fixed.length > 0) {
    out.push(...section(`Fixed by this change (${comparison.fixed.length})`, ["Severity", "Rule", "Location", "Message"], comparison.fixed.map(findingRow)));
  }
  if (comparison) {
    const existing = comparison.existing.filter((finding) => !finding.suppressed);
    if (existing.length > 0) {
      out.push(...details(`Existing findings, not blocking (${existing.length})`, table(["Severity", "Rule", "Location", "Message"], existing.map(findingRow))));
    }
  }
  const suppressed = (comparison ? comparison.new : result.findings).filter((finding) => finding.suppressed);
  if (suppressed.length > 0) {
    out.push(...details(`Suppressed (${suppressed.length})`, table(["Severity", "Rule", "Location", "Message"], suppressed.map(findingRow))));
  }

  out.push(...inventory(result.secrets, result.manifest));
  if (report.storedSecrets && report.storedSecrets.length > 0) out.push(...storedInventory(report.storedSecrets, result.secrets));

  const rules = [...new Set([...counted, ...(comparison?.fixed ?? [])].map((finding) => finding.ruleId))].sort();
  if (rules.length > 0) {
    const links = rules.map((id) => {
      const url = RULES_BY_ID.get(id)?.meta.url;
      return url ? `[${cell(id)}](${url})` : cell(id);
    });
    out.push(`Rule docs: ${links.join(" · ")}`, "");
  }
  out.push(...diagnosticsDetails(result.diagnostics));
  out.push(`<sub>secretowners ${cell(report.toolVersion)} · ${plural(result.stats.files, "file")} scanned</sub>`, "");
  return out.join("\n");
}

function verdict(blocking: number, counted: number, isChange: boolean, failOn: Severity | "never"): string {
  const what = isChange ? "new finding" : "finding";
  if (blocking > 0) return `**❌ Failed:** ${plural(blocking, what)} at severity \`${failOn}\` or above.`;
  if (failOn === "never") return `**✅ Passed** (\`fail-on: never\`; ${plural(counted, what)}).`;
  return `**✅ Passed:** no ${what} at severity \`${failOn}\` or above${counted > 0 ? ` (${plural(counted, what)} below it)` : ""}.`;
}

/** Owners in a code span: a summary lists teams, it does not notify them. */
function owner(entry: InventoryEntry): string {
  if (entry.kind === "platform") return "_platform token_";
  if (entry.owner === null) return "**unowned**";
  return `\`${entry.owner.replace(/[^A-Za-z0-9@/._+-]/g, "?")}\``;
}

function whereUsed(entry: InventoryEntry): string {
  const [first, ...rest] = entry.references;
  if (!first) return "";
  return cell(`${first.file}:${first.line}${rest.length > 0 ? ` (+${rest.length} more)` : ""}`);
}

function inventory(secrets: readonly InventoryEntry[], manifest: string | null): string[] {
  const owned = secrets.filter((entry) => entry.kind === "secret");
  const unowned = owned.filter((entry) => entry.owner === null).length;
  const note = manifest === null ? "no ownership manifest found" : `manifest: \`${manifest.replace(/`/g, "'")}\``;
  const heading = `Secrets inventory: ${plural(owned.length, "secret")}, ${unowned} unowned`;
  if (secrets.length === 0) return [`### ${heading}`, "", `No secrets referenced in what was scanned; ${note}.`, ""];
  const rows = secrets.map((entry) => [cell(entry.name), cell(entry.system), owner(entry), whereUsed(entry), entry.rotation ? cell(entry.rotation) : "—"]);
  return section(heading, ["Secret", "System", "Owner", "Where used", "Rotation"], rows, note);
}

function storedInventory(stored: readonly StoredSecret[], secrets: readonly InventoryEntry[]): string[] {
  const referenced = new Set(secrets.filter((entry) => entry.system === "github-actions").map((entry) => entry.name.toUpperCase()));
  const rows = stored.map((secret) => [
    cell(secret.name),
    cell(secret.store === "environment" ? `environment: ${secret.environment ?? "?"}` : secret.store),
    secret.updatedAt ? cell(secret.updatedAt.slice(0, 10)) : "—",
    referenced.has(secret.name.toUpperCase()) ? "yes" : "no",
  ]);
  return section(`Secrets GitHub holds (${stored.length})`, ["Secret", "Store", "Last updated", "Named in a scanned file"], rows);
}
