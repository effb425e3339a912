import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../paths.js";

/**
 * Runs the committed Action bundle the way the GitHub runner does: `node dist/action/index.js` with
 * the step's inputs as `INPUT_*`, the event in GITHUB_EVENT_NAME / GITHUB_EVENT_PATH, and files for
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, then reads back what a runner would show.
 */

export const ACTION_BUNDLE = resolve(REPO_ROOT, "dist/action/index.js");

/** CI runs the action tests a second time under Node 24, the runtime `action.yml` asks for. */
export const ACTION_NODE = process.env["SECRETOWNERS_TEST_NODE"] ?? process.execPath;

export interface ActionAnnotation {
  readonly level: "error" | "warning" | "notice";
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly message: string;
}

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly annotations: ActionAnnotation[];
  /** The workflow command that failed the step (`::error::` without a file), if any. */
  readonly failure: string | null;
  readonly sarif: string | null;
  readonly report: string | null;
}

export interface RunOptions {
  readonly workspace: string;
  readonly eventName: string;
  readonly payload: unknown;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  if (!existsSync(ACTION_BUNDLE)) throw new Error(`${ACTION_BUNDLE} is missing: run npm run build`);
  const runnerTemp = mkdtempSync(join(tmpdir(), "secretowners-runner-"));
  const eventPath = join(runnerTemp, "event.json");
  const outputPath = join(runnerTemp, "output");
  const summaryPath = join(runnerTemp, "summary.md");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputs = { token: "", "sarif-file": join(runnerTemp, "results.sarif"), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? runnerTemp,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: "acme/idp-automation",
    GITHUB_API_URL: "http://127.0.0.1:9/api/v3",
    RUNNER_TEMP: runnerTemp,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, "_").toUpperCase()}`, value])),
    ...options.env,
  };
  const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(ACTION_NODE, [ACTION_BUNDLE], { cwd: options.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ status: code, stdout: out, stderr: err }));
  });
  const annotations = parseAnnotations(stdout);
  const failure = annotations.find((annotation) => annotation.level === "error" && annotation.file === undefined)?.message ?? null;
  const sarifFile = inputs["sarif-file"];
  const reportFile = join(runnerTemp, "secretowners-report.json");
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    annotations: annotations.filter((annotation) => !(annotation.level === "error" && annotation.file === undefined)),
    failure,
    sarif: sarifFile && existsSync(resolve(options.workspace, sarifFile)) ? readFileSync(resolve(options.workspace, sarifFile), "utf8") : null,
    report: existsSync(reportFile) ? readFileSync(reportFile, "utf8") : null,
  };
}

/** `name<<DELIMITER\nvalue\nDELIMITER` blocks, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

const unescapeData = (text: string) => text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (text: string) => unescapeData(text).replace(/%3A/g, ":").replace(/%2C/g, ",");

export function parseAnnotations(stdout: string): ActionAnnotation[] {
  const annotations: ActionAnnotation[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
      const [key, value] = pair.split("=");
      if (key && value !== undefined) properties[key] = unescapeProperty(value);
    }
    annotations.push({
      level: match[1] as ActionAnnotation["level"],
      ...(properties["title"] !== undefined ? { title: properties["title"] } : {}),
      ...(properties["file"] !== undefined ? { file: properties["file"] } : {}),
      ...(properties["line"] !== undefined ? { line: Number(properties["line"]) } : {}),
      ...(properties["col"] !== undefined ? { col: Number(properties["col"]) } : {}),
      message: unescapeData(match[3] ?? ""),
    });
  }
  return annotations;
}
