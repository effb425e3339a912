import type { ScanResult, Severity } from "../model.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { Format } from "./formats.js";

export interface RunInfo {
  readonly toolVersion: string;
  /** ANSI colour in the text format; the shell decides (TTY, NO_COLOR, --color). */
  readonly color: boolean;
  /** The `--fail-on` threshold, so human-facing formats can say whether the run fails. */
  readonly failOn?: Severity | "never";
  /**
   * Markdown: write owners as live `@team` mentions, which notify them. Only for remediation issues
   * addressed to the owner; job summaries, check runs and PR comments leave it off (the default).
   */
  readonly mentions?: boolean;
  /**
   * The repository root every path is relative to, absolute with `/` separators; SARIF states it
   * as `originalUriBaseIds` so a viewer resolves results against the right folder.
   */
  readonly root?: string;
}

/** Pure and deterministic: the same result and run info always give the same bytes. */
export type Renderer = (result: ScanResult, run: RunInfo) => string;

/** The CLI's `--format` choices and the Action's `format` input are read from this table; FORMATS lists its keys in order. */
export const RENDERERS: Readonly<Record<Format, Renderer>> = Object.freeze({
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
});

export { summarize, countFailing, type Summary } from "./summary.js";
export type { JsonReportV1 } from "./json.js";
export type { SarifLog } from "./sarif.js";
