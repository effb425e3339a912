import type { WhoAnswer, WhoRule, WhoSecret } from "../who.js";
import { systemLabel } from "../policy/rules/refs.js";
import { cell } from "./markdown.js";
import type { WhoFormat } from "./formats.js";
import { clean } from "./text.js";

/** `--format json` for `who`: version 1, the same stability promise as the scan report. */
export function renderWhoJson(answer: WhoAnswer, toolVersion: string): string {
  return `${JSON.stringify({ version: 1, tool: { name: "secretowners", version: toolVersion }, ...answer }, null, 2)}\n`;
}

export function renderWho(answer: WhoAnswer, format: WhoFormat, toolVersion: string): string {
  if (format === "json") return renderWhoJson(answer, toolVersion);
  return format === "markdown" ? renderWhoMarkdown(answer) : renderWhoText(answer);
}

/** Each field of the answer as a label and a one-line value; shared by text and Markdown. */
function fields(secret: WhoSecret): [string, string][] {
  const none = "—";
  const rotation = secret.rotation === null ? "not set" : `every ${secret.rotation}`;
  const last = secret.lastRotation;
  const lastText =
    last === null
      ? "no rotation on record"
      : `last rotated ${last.last} (${last.source})${last.due ? `, next due ${last.due}${last.overdue ? " — OVERDUE" : ""}` : ""}`;
  const review = secret.review === null ? "not set" : `every ${secret.review}`;
  const scope = secret.scope
    ? [
        secret.scope.workflows ? `workflows: ${secret.scope.workflows.join(", ") || "(none)"}` : null,
        secret.scope.paths ? `paths: ${secret.scope.paths.join(", ") || "(none)"}` : null,
        secret.scope.environments ? `environments: ${secret.scope.environments.join(", ") || "(none)"}` : null,
      ]
        .filter((part) => part !== null)
        .join("; ")
    : "unrestricted";
  return [
    ["rule", secret.rule ? ruleText(secret.rule) : "no rule matches: UNOWNED"],
    ["owner", secret.owner ?? (secret.kind === "platform" ? "issued by the platform for each run; needs no owner" : "NONE")],
    ["custodian", secret.custodian ?? none],
    ["backup", secret.backup.join(", ") || none],
    ["revoker", secret.revoker ?? none],
    ["purpose", secret.purpose ?? none],
    ["rotation", `${rotation}; ${lastText}`],
    ["review", `${review}${secret.reviewed ? `; last reviewed ${secret.reviewed}` : ""}`],
    ["vendor", secret.vendor ?? none],
    ["emergency-only", secret.emergencyOnly ? "yes" : "no"],
    ["agents", secret.agents ?? "not allowed (not set)"],
    ["scope", scope],
    ...(secret.stored.length > 0 ? ([["held by GitHub", secret.stored.join("; ")]] as [string, string][]) : []),
  ];
}

function ruleText(rule: WhoRule): string {
  return `${rule.file}:${rule.line} (${rule.patterns})${rule.owner ? ` owner ${rule.owner}` : " no owner"}`;
}

export function renderWhoText(answer: WhoAnswer): string {
  const out: string[] = [];
  if (!answer.found) {
    out.push(`No secret matching ${clean(answer.query)} is used in this repository.`);
    if (answer.nearNames.length > 0) out.push(`Near names: ${answer.nearNames.map(clean).join(", ")}`);
  }
  for (const secret of answer.secrets) {
    if (out.length > 0) out.push("");
    out.push(`${clean(secret.name)} (${systemLabel(secret.system)})${secret.used ? "" : " — not used here; this is what the manifest says"}`);
    for (const [label, value] of fields(secret)) out.push(`  ${label.padEnd(15)}${clean(value)}`);
    if (secret.references.length > 0) {
      out.push(`  used in ${secret.references.length} place${secret.references.length === 1 ? "" : "s"}:`);
      for (const ref of secret.references) {
        const owners = ref.fileOwners.length > 0 ? `  file owned by ${ref.fileOwners.join(" ")}` : "";
        out.push(`    ${clean(ref.file)}:${ref.line}:${ref.column}  ${ref.system}${ref.kind === "reference" ? "" : ` (${ref.kind})`}${clean(owners)}`);
      }
    }
    if (secret.overridden.length > 0) {
      out.push("  also matched, and lost to the rule above (the last match wins):");
      for (const rule of secret.overridden) out.push(`    ${clean(ruleText(rule))}`);
    }
  }
  return `${out.join("\n")}\n`;
}

export function renderWhoMarkdown(answer: WhoAnswer): string {
  const out: string[] = [`## secretowners who ${cell(answer.query)}`, ""];
  if (!answer.found) {
    out.push(`No secret matching ${cell(answer.query)} is used in this repository.`, "");
    if (answer.nearNames.length > 0) out.push(`Near names: ${answer.nearNames.map((name) => cell(name)).join(", ")}`, "");
  }
  for (const secret of answer.secrets) {
    out.push(`### ${cell(secret.name)} (${systemLabel(secret.system)})${secret.used ? "" : " — not used here"}`, "");
    out.push("| | |", "|---|---|");
    for (const [label, value] of fields(secret)) out.push(`| ${cell(label)} | ${cell(value)} |`);
    out.push("");
    if (secret.references.length > 0) {
      out.push("| Used in | System | Kind | File owners (CODEOWNERS) |", "|---|---|---|---|");
      for (const ref of secret.references) out.push(`| ${cell(`${ref.file}:${ref.line}:${ref.column}`)} | ${ref.system} | ${ref.kind} | ${cell(ref.fileOwners.join(" ") || "—")} |`);
      out.push("");
    }
    if (secret.overridden.length > 0) {
      out.push("Also matched, and lost (the last match wins):", "");
      for (const rule of secret.overridden) out.push(`- ${cell(ruleText(rule))}`);
      out.push("");
    }
  }
  return `${out.join("\n")}\n`;
}
