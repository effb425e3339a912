import type { OrgScanResult } from "../../org.js";
import type { RunInfo } from "../index.js";
import { renderOrgCsv } from "./csv.js";
import { renderOrgJson } from "./json.js";
import { renderOrgMarkdown } from "./markdown.js";
import { renderOrgText } from "./text.js";
import type { OrgFormat } from "../formats.js";

/** A report in pieces, to be written one after the other (json yields one per list element). */
export type OrgRenderer = (scan: OrgScanResult, run: RunInfo) => Iterable<string>;

/** `org-scan --format` choices. Pure: the same scan and run info always give the same bytes. */
export const ORG_RENDERERS: Readonly<Record<OrgFormat, OrgRenderer>> = Object.freeze({
  text: (scan, run) => [renderOrgText(scan, run)],
  json: renderOrgJson,
  csv: (scan, run) => [renderOrgCsv(scan, run)],
  markdown: (scan, run) => [renderOrgMarkdown(scan, run)],
});

export { buildOrgJsonReport, type OrgJsonReportV1 } from "./json.js";
export { INVENTORY_MARKER, ISSUE_BODY_LIMIT, renderOrgMarkdown } from "./markdown.js";
