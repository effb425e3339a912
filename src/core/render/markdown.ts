import type { Diagnostic, Finding, InventoryEntry, ScanResult, Severity } from "../model.js";
import { PATH_CONTEXT_LABELS } from "../path-context.js";
import { RULES_BY_ID } from "../policy/index.js";
import type { RunInfo } from "./index.js";
import { countFailing, describeCounts, plural, summarize } from "./summary.js";

/** Tables longer than this are folded into `<details>` so a job summary stays readable. */
export const COLLAPSE_AFTER_ROWS = 50;

const SEVERITY_ICON: Record<Severity, string> = { error: "🔴", warning: "🟠", note: "🔵" };

/**
 * For GitHub job summaries and issue bodies (GitHub Flavored Markdown, which passes some HTML).
 * Every piece of scanned or manifest text goes through `cell()`, so a crafted secret name, path
 * or message can neither break a table row nor inject HTML or a link.
 */
export function renderMarkdown(result: ScanResult, run: RunInfo): string {
  const mentions = run.mentions === true;
  const summary = summarize(result.findings);
  const active = result.findings.filter((finding) => !finding.suppressed);
  const suppressed = result.findings.filter((finding) => finding.suppressed);
  const out: string[] = ["## secretowners", ""];

  const suppressedNote = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : "";
  out.push(`**${describeCounts(summary)}**${suppressedNote}`, "");
  if (run.failOn !== undefined) out.push(resultLine(countFailing(summary, run.failOn), run.failOn), "");

  out.push(
    ...table(
      ["Severity", "Count"],
      (["error", "warning", "note"] as const).map((severity) => [`${SEVERITY_ICON[severity]} ${severity}`, String(summary[severity])]),
      ["---", "---:"],
    ),
    "",
  );

  if (active.length > 0) {
    out.push(...section(`Findings (${active.length})`, ["Severity", "Rule", "Location", "Message"], active.map((finding) => findingCells(finding, mentions))));
  } else {
    out.push("No findings.", "");
  }

  if (suppressed.length > 0) {
    // Suppressed findings are listed for audit, but always folded: they were accepted on purpose.
    out.push(
      ...details(
        `Suppressed findings (${suppressed.length})`,
        table(["Severity", "Rule", "Location", "Message", "Suppressed by"], suppressed.map((finding) => [...findingCells(finding, mentions), suppressionCell(finding, mentions)])),
      ),
    );
  }

  out.push(...inventory(result.secrets, result.manifest, mentions));

  out.push(...diagnosticsDetails(result.diagnostics, mentions));
  if (result.skipped.length > 0) {
    out.push(
      ...details(
        `Skipped files (${result.skipped.length})`,
        table(
          ["File", "Reason"],
          result.skipped.map((skipped) => [cell(skipped.file), cell(skipped.detail ? `${skipped.reason}: ${skipped.detail}` : skipped.reason)]),
        ),
      ),
    );
  }

  out.push(`<sub>secretowners ${cell(run.toolVersion)} · ${plural(result.stats.files, "file")} scanned</sub>`, "");
  return out.join("\n");
}

/** What could not be read in full, folded: a table of place, source and problem. Empty when nothing. */
export function diagnosticsDetails(diagnostics: readonly Diagnostic[], mentions = false): string[] {
  if (diagnostics.length === 0) return [];
  return details(
    `Could not read in full (${diagnostics.length})`,
    table(
      ["Location", "Source", "Problem"],
      diagnostics.map((diagnostic) => [
        cell(`${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}`),
        cell(diagnostic.source),
        cell(diagnostic.message, mentions),
      ]),
    ),
  );
}

/**
 * Makes arbitrary text safe inside a GFM table cell: `|` would end the cell, a newline the row,
 * `<`/`>`/`&` could open HTML or an entity, and backticks, brackets and backslashes could start
 * code spans, links or swallow our own escapes. Backslash goes first so later escapes survive.
 */
export function cell(text: string, mentions = false): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/\[/g, "\\[")
    .replace(/\]/g, "\\]")
    .replace(/\r\n|[\r\n\u2028\u2029]/g, " ")
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, " ");
  return mentions ? escaped : quietMentions(escaped);
}

/**
 * `@org/team` and `@user` outside code notify whoever they name. A report is not a page: every
 * mention is put in a code span, which GitHub never links or notifies, and which still reads and
 * copies as the handle (a zero-width character would break copy-paste and search). Input backticks
 * are already escaped by `cell()`, so the spans added here are the only live ones. An email address
 * (`a@b.c`) is left alone: the `@` follows a word character. Remediation issues, which are meant to
 * notify, render with `mentions: true`.
 */
export function quietMentions(text: string): string {
  return text.replace(/(^|[^\w])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?)/g, "$1`@$2`");
}

export function resultLine(failing: number, failOn: Severity | "never"): string {
  if (failOn === "never") return "**Result:** ✅ passed (`--fail-on never`)";
  if (failing === 0) return `**Result:** ✅ passed: no findings at severity \`${failOn}\` or above`;
  return `**Result:** ❌ failed: ${plural(failing, "finding")} at severity \`${failOn}\` or above`;
}

/** A finding's table cells, owners quiet (for PR-facing Markdown: change summaries, check runs). */
export function findingRow(finding: Finding): string[] {
  return findingCells(finding, false);
}

function findingCells(finding: Finding, mentions: boolean): string[] {
  const url = RULES_BY_ID.get(finding.ruleId)?.meta.url;
  const rule = url ? `[${cell(finding.ruleId)}](${url})` : cell(finding.ruleId);
  return [
    `${SEVERITY_ICON[finding.severity]} ${finding.severity}`,
    rule,
    cell(`${finding.location.file}:${finding.location.line}`) + (finding.context ? ` _(${PATH_CONTEXT_LABELS[finding.context]})_` : ""),
    cell(finding.message, mentions),
  ];
}

function suppressionCell(finding: Finding, mentions: boolean): string {
  const suppressed = finding.suppressed;
  if (!suppressed) return "";
  return suppressed.kind === "baseline" ? "baseline" : cell(`inline: ${suppressed.reason}`, mentions);
}

function inventory(secrets: readonly InventoryEntry[], manifest: string | null, mentions: boolean): string[] {
  const owned = secrets.filter((entry) => entry.kind === "secret");
  const unowned = owned.filter((entry) => entry.owner === null).length;
  const manifestNote = manifest === null ? "no ownership manifest found" : `manifest: \`${manifest.replace(/`/g, "'")}\``;
  const platform = secrets.length - owned.length;
  const heading = `Secrets: ${plural(owned.length, "secret")}, ${unowned} unowned${platform > 0 ? `, ${plural(platform, "platform token")}` : ""}`;
  if (secrets.length === 0) return [`### ${heading}`, "", `No secrets referenced; ${manifestNote}.`, ""];
  const rows = secrets.map((entry) => [
    cell(entry.name),
    cell(entry.system),
    entry.kind === "platform" ? "_platform token_" : entry.owner === null ? "**unowned**" : cell(entry.owner, mentions),
    String(entry.references.length),
  ]);
  return [...section(heading, ["Name", "System", "Owner", "References"], rows, manifestNote)];
}

/** A heading and a table, folded into `<details>` when the table is long. */
export function section(title: string, header: readonly string[], rows: readonly string[][], note?: string): string[] {
  const body = table(header, rows);
  const intro = note ? [`${note[0]?.toUpperCase()}${note.slice(1)}.`, ""] : [];
  if (rows.length > COLLAPSE_AFTER_ROWS) return [`### ${title}`, "", ...intro, ...details(`Show all ${rows.length} rows`, body)];
  return [`### ${title}`, "", ...intro, ...body, ""];
}

/** GFM needs blank lines around a table inside `<details>` or it is shown as plain text. */
export function details(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
}

export function table(header: readonly string[], rows: readonly string[][], align?: readonly string[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(align ?? header.map(() => "---")), ...rows.map(line)];
}
