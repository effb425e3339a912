import type { Finding, ScanResult, Severity } from "../model.js";
import { compareLocations, compareStrings } from "../order.js";
import { PATH_CONTEXT_LABELS } from "../path-context.js";
import type { RunInfo } from "./index.js";
import { countFailing, describeCounts, plural, summarize } from "./summary.js";

/** SGR codes; no dependency for five colours. */
const SGR = { reset: 0, bold: 1, dim: 2, underline: 4, red: 31, yellow: 33, green: 32, cyan: 36 } as const;
type Style = keyof typeof SGR;

const SEVERITY_STYLE: Record<Severity, Style> = { error: "red", warning: "yellow", note: "cyan" };

/**
 * The terminal format, modelled on ESLint's `stylish`: findings grouped under their file, then
 * one summary line, then what could not be read. Suppressed findings follow, one dimmed line each.
 */
export function renderText(result: ScanResult, run: RunInfo): string {
  const paint = (style: Style | readonly Style[], text: string): string => {
    if (!run.color) return text;
    const codes = (typeof style === "string" ? [style] : style).map((name) => SGR[name]).join(";");
    return `\u001b[${codes}m${text}\u001b[${SGR.reset}m`;
  };
  const out: string[] = [];

  for (const [file, findings] of groupByFile(result.findings.filter((finding) => !finding.suppressed))) {
    out.push(paint("underline", clean(file)));
    const places = findings.map((finding) => `${finding.location.line}:${finding.location.column}`);
    const width = Math.max(...places.map((place) => place.length));
    findings.forEach((finding, index) => {
      const place = paint("dim", (places[index] ?? "").padEnd(width));
      const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(7));
      const context = finding.context ? `${paint("dim", `(${PATH_CONTEXT_LABELS[finding.context]})`)} ` : "";
      out.push(`  ${place}  ${severity}  ${context}${clean(finding.message)}  ${paint("dim", `[${finding.ruleId}]`)}`);
    });
    out.push("");
  }

  const silenced = result.findings.filter((finding) => finding.suppressed);
  if (silenced.length > 0) {
    out.push(paint("dim", `Suppressed (${silenced.length}):`));
    for (const finding of [...silenced].sort((a, b) => compareLocations(a.location, b.location))) {
      const { file, line, column } = finding.location;
      const why = finding.suppressed?.kind === "inline" ? `inline: ${finding.suppressed.reason}` : "baseline";
      out.push(paint("dim", `  ${clean(`${file}:${line}:${column}`)}  ${clean(finding.message)}  [${finding.ruleId}] (${clean(why)})`));
    }
    out.push("");
  }

  const summary = summarize(result.findings);
  const suppressed = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : "";
  if (summary.error + summary.warning + summary.note === 0) {
    // Never an unqualified all-clear when part of the input could not be read.
    const unread = result.diagnostics.length > 0 ? ` in what could be read (${plural(result.diagnostics.length, "input")} not read in full, below)` : "";
    out.push(`${paint("green", "✔")} No problems found${unread}${suppressed}`);
  } else {
    const style: Style = summary.error > 0 ? "red" : summary.warning > 0 ? "yellow" : "cyan";
    out.push(paint([style, "bold"], `✖ ${describeCounts(summary)}${suppressed}`));
  }
  if (run.failOn !== undefined && run.failOn !== "never") {
    const failing = countFailing(summary, run.failOn);
    out.push(
      failing > 0
        ? paint("red", `Failing: ${plural(failing, "finding")} at severity ${run.failOn} or above`)
        : `Passing: no findings at severity ${run.failOn} or above`,
    );
  }

  const secrets = result.secrets.filter((entry) => entry.kind === "secret");
  const unowned = secrets.filter((entry) => entry.owner === null).length;
  const platform = result.secrets.length - secrets.length;
  const manifest = result.manifest === null ? "no ownership manifest found (`secretowners init` writes a starter one)" : `manifest ${clean(result.manifest)}`;
  out.push(
    `Inventory: ${plural(secrets.length, "secret")} (${unowned} unowned)${platform > 0 ? `, ${plural(platform, "platform token")}` : ""}; ${manifest}; ${plural(result.stats.files, "file")} scanned`,
  );

  if (result.diagnostics.length > 0) {
    out.push("", paint("yellow", `Could not read in full (${result.diagnostics.length}):`));
    for (const diagnostic of result.diagnostics) {
      const { file, line, column } = diagnostic.location;
      out.push(`  ${clean(`${file}:${line}:${column}`)}  ${clean(diagnostic.message)}  ${paint("dim", `[${clean(diagnostic.source)}]`)}`);
    }
  }
  if (result.skipped.length > 0) {
    out.push("", paint("yellow", `Skipped (${result.skipped.length}):`));
    for (const skipped of result.skipped) {
      out.push(`  ${clean(skipped.file)}  ${skipped.reason}${skipped.detail ? ` (${clean(skipped.detail)})` : ""}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/**
 * Paths, messages and names come from the scanned repository: a control character in one (an
 * ESC starting an ANSI sequence, a carriage return) could rewrite what the terminal shows.
 */
export function clean(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`)
      // Bidirectional overrides and invisible marks reorder or hide what follows (Trojan Source,
      // CVE-2021-42574): shown as escapes, never obeyed.
      .replace(/[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
}

function groupByFile(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...findings].sort((a, b) => compareLocations(a.location, b.location) || compareStrings(a.ruleId, b.ruleId))) {
    const group = groups.get(finding.location.file);
    if (group) group.push(finding);
    else groups.set(finding.location.file, [finding]);
  }
  return [...groups];
}
