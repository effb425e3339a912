import type { OrgScanResult } from "../../org.js";
import type { RunInfo } from "../index.js";
import { renderOrgCsv } from "./csv.js";
import { renderOrgJson } from "./json.js";
import { renderOrgMarkdown } from "./markdown.js";
import { renderOrgText } from "./text.js";
import type { OrgFormat } from "../formats.js";

export type OrgRenderer = (scan: OrgScanResult, run: RunInfo) => string;

/** `org-scan --format` choices. Pure: the same scan and run info always give the same bytes. */
export const ORG_RENDERERS: Readonly<Record<OrgFormat, OrgRenderer>> = Object.freeze({
  text: renderOrgText,
  json: renderOrgJson,
  csv: renderOrgCsv,
  markdown: renderOrgMarkdown,
});

export { buildOrgJsonReport, type OrgJsonReportV1 } from "./json.js";
export { INVENTORY_MARKER, ISSUE_BODY_LIMIT, renderOrgMarkdown } from "./markdown.js";
