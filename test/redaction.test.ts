import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GLOBAL_ALLOWLIST } from "../src/core/detect/allowlist.js";
import { shannonEntropy } from "../src/core/detect/entropy.js";
import type { ScanResult, SourceFile } from "../src/core/model.js";
import { RENDERERS, type RunInfo } from "../src/core/render/index.js";
import { scanFiles } from "../src/core/scan.js";
import { planAnnotations } from "../src/action/annotations.js";
import { compareResults } from "../src/core/compare.js";
import { renderChangeMarkdown } from "../src/core/render/change.js";

/**
 * "A secret value never leaves the scanner": plant random credentials into a small repository,
 * run the whole pipeline, render every format, and look for the values in what comes out.
 */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE64 = `${ALNUM}+/`;
const DIGITS = "0123456789";

/** What redact() may show: at most the first four characters. */
const PREVIEW_CHARS = 4;
/**
 * Random material is searched for in windows of this length: long enough that a chance match
 * against 32-hex fingerprints or prose is negligible (62^-8), short enough to catch any slice.
 */
const WINDOW = 8;

interface Planted {
  readonly kind: "github-pat" | "aws" | "slack" | "pem" | "generic";
  /** The credential exactly as written into the file. */
  readonly value: string;
  /** Its randomly generated parts (not the fixed `ghp_` or PEM armour), where a leak would show. */
  readonly random: readonly string[];
}

const chars = (alphabet: string, length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });

/** Random text can spell a placeholder word (`todo`, `fake`…), which detectors rightly skip. */
const notPlaceholder = (value: string): boolean => {
  const lower = value.toLowerCase();
  return !(GLOBAL_ALLOWLIST.stopwords ?? []).some((word) => lower.includes(word));
};

const githubPat: fc.Arbitrary<Planted> = chars(ALNUM, 36).map((body) => ({ kind: "github-pat", value: `ghp_${body}`, random: [body] }));

const aws: fc.Arbitrary<Planted> = chars(BASE32, 16)
  .filter((body) => shannonEntropy(`AKIA${body}`) >= 3.3)
  .map((body) => ({ kind: "aws", value: `AKIA${body}`, random: [body] }));

const slack: fc.Arbitrary<Planted> = fc
  .tuple(chars(DIGITS, 11), chars(DIGITS, 12), chars(ALNUM, 24))
  .map(([team, bot, body]) => ({ kind: "slack", value: `xoxb-${team}-${bot}-${body}`, random: [`${team}-${bot}-${body}`] }));

const pem: fc.Arbitrary<Planted> = fc
  .array(chars(BASE64, 64), { minLength: 2, maxLength: 4 })
  // The PEM detector wants key material, not a block of one repeated character.
  .filter((lines) => shannonEntropy(lines.join("")) >= 4.5)
  .map((lines) => ({
  kind: "pem",
  value: ["-----BEGIN RSA PRIVATE KEY-----", ...lines, "-----END RSA PRIVATE KEY-----"].join("\n"),
  random: lines,
}));

/**
 * A high-entropy literal with no provider shape. Starting with a digit and mixing cases keeps it
 * clear of the generic detector's identifier/number allowlist, which is not what is under test.
 */
const generic: fc.Arbitrary<Planted> = fc
  .tuple(chars(DIGITS, 1), chars(ALNUM, 23))
  .map(([head, rest]) => head + rest)
  .filter((value) => /[a-z]/.test(value) && /[A-Z]/.test(value) && shannonEntropy(value) >= 3.5)
  .map((value) => ({ kind: "generic", value, random: [value] }));

const credential: fc.Arbitrary<Planted> = fc
  .oneof(githubPat, aws, slack, pem, generic)
  .filter((planted) => planted.random.every(notPlaceholder));

/** Indents every line of a (possibly multi-line) value for a YAML block scalar. */
const block = (value: string, indent: string): string =>
  value
    .split("\n")
    .map((line) => indent + line)
    .join("\n");

/**
 * One way of writing a credential into each kind of file, single-line or multi-line (PEM). Keys
 * take their index as a prefix: `apiKey0` would not read as a credential key, `svc0ApiKey` does.
 */
const FILES: readonly { path: string; render(planted: readonly Planted[], broken: boolean): string }[] = [
  {
    path: ".github/workflows/deploy.yml",
    render: (planted, broken) =>
      [
        "name: deploy",
        "on: push",
        "jobs:",
        "  deploy:",
        "    runs-on: ubuntu-latest",
        "    env:",
        ...planted.map((p, i) => (p.kind === "pem" ? `      APP${i}_SIGNING_KEY: |\n${block(p.value, "        ")}` : `      APP${i}_DEPLOY_TOKEN: ${p.value}`)),
        // A YAML error on a line holding a credential: the parser's message quotes that line.
        ...(broken && planted[0] && planted[0].kind !== "pem" ? [`      BROKEN_TOKEN: [${planted[0].value}`] : []),
        "    steps:",
        "      - run: ./deploy.sh",
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        "",
      ].join("\n"),
  },
  {
    path: ".env",
    render: (planted) =>
      [...planted.map((p, i) => (p.kind === "pem" ? `APP${i}_PRIVATE_KEY="${p.value}"` : `APP${i}_API_TOKEN=${p.value}`)), "LOG_LEVEL=debug", ""].join("\n"),
  },
  {
    path: "infra/main.tf",
    render: (planted) =>
      [
        'resource "aws_db_instance" "main" {',
        '  engine   = "postgres"',
        ...planted.map((p, i) => (p.kind === "pem" ? `  db${i}_private_key = <<EOT\n${p.value}\nEOT` : `  db${i}_password = "${p.value}"`)),
        "}",
        "",
      ].join("\n"),
  },
  {
    path: "k8s/secret.yaml",
    render: (planted) =>
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: app",
        "type: Opaque",
        "stringData:",
        ...planted.map((p, i) => (p.kind === "pem" ? `  tls${i}.key: |\n${block(p.value, "    ")}` : `  app${i}-token: ${p.value}`)),
        "",
      ].join("\n"),
  },
  {
    path: "charts/app/values.yaml",
    render: (planted) =>
      [
        "replicaCount: 2",
        "auth:",
        ...planted.map((p, i) => (p.kind === "pem" ? `  svc${i}SigningKey: |\n${block(p.value, "    ")}` : `  svc${i}ApiKey: ${p.value}`)),
        "",
      ].join("\n"),
  },
];

const repository = fc.record({
  // Which credentials go into which file; the filter keeps at least one planted.
  plants: fc.tuple(...FILES.map(() => fc.array(credential, { maxLength: 2 }))),
  broken: fc.boolean(),
});

const RUNS: readonly RunInfo[] = [
  { toolVersion: "0.0.0-test", color: false },
  { toolVersion: "0.0.0-test", color: true, failOn: "warning" },
];

/** Every string inside a JSON document, unescaped, so `\n` or `\/` escaping cannot hide a value. */
function jsonStrings(text: string): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        out.push(key);
        walk(value);
      }
    }
  };
  walk(JSON.parse(text));
  return out.join("\n");
}

function renderAll(result: ScanResult): { name: string; text: string }[] {
  const outputs: { name: string; text: string }[] = [];
  for (const [format, render] of Object.entries(RENDERERS)) {
    for (const run of RUNS) {
      const text = render(result, run);
      outputs.push({ name: `${format} (color ${run.color})`, text });
      if (format === "json" || format === "sarif") outputs.push({ name: `${format} strings (color ${run.color})`, text: jsonStrings(text) });
    }
  }
  // The GitHub Action's own outputs: the job summary (full scan and PR comparison) and annotations.
  const comparisons = { "full scan": null, "PR, all new": compareResults(null, result.findings), "PR, all existing": compareResults(result.findings, result.findings) };
  for (const [name, comparison] of Object.entries(comparisons)) {
    const text = renderChangeMarkdown({ result, comparison, scope: "test", notices: [], failOn: "warning", toolVersion: "0.0.0-test" });
    outputs.push({ name: `action job summary (${name})`, text });
  }
  const { annotations } = planAnnotations(result.findings, 1000, result.manifest);
  outputs.push({ name: "action annotations", text: annotations.map((annotation) => `${annotation.title} ${annotation.file} ${annotation.message}`).join("\n") });
  return outputs;
}

/** The first place a value or a slice of it shows up; null when it is nowhere. */
function findLeak(planted: Planted, outputs: readonly { name: string; text: string }[]): string | null {
  const needles = [planted.value, planted.value.slice(PREVIEW_CHARS)];
  for (const part of planted.random) {
    for (let at = 0; at + WINDOW <= part.length; at += 1) needles.push(part.slice(at, at + WINDOW));
  }
  for (const output of outputs) {
    for (const needle of needles) {
      if (output.text.includes(needle)) return `${planted.kind} slice "${needle}" in ${output.name}`;
    }
  }
  return null;
}

describe("redaction", () => {
  it("no output format ever contains a planted credential or a slice of one", () => {
    fc.assert(
      fc.property(repository, ({ plants, broken }) => {
        fc.pre(plants.some((list) => list.length > 0));
        const files: SourceFile[] = FILES.map((file, index) => ({ path: file.path, text: file.render(plants[index] ?? [], broken) }));
        const result = scanFiles(files);

        // The test must be able to fail: every planted credential was found as a hard-coded
        // secret in its own file, with a preview that shows at most four characters.
        FILES.forEach((file, index) => {
          const planted = plants[index] ?? [];
          const found = result.findings.filter((finding) => finding.ruleId === "hardcoded-secret" && finding.location.file === file.path);
          expect(found.length, `hard-coded findings in ${file.path}`).toBeGreaterThanOrEqual(planted.length);
          for (const finding of found) expect(finding.preview).toMatch(/^[^…]{0,4}…\(\d+ chars\)$/u);
        });

        // The broken workflow must really reach the diagnostics path, where a parser's message
        // quoting the offending line would leak the value.
        const workflow = plants[0] ?? [];
        if (broken && workflow[0] && workflow[0].kind !== "pem") {
          expect(result.diagnostics.some((diagnostic) => diagnostic.location.file === FILES[0]?.path)).toBe(true);
        }

        const outputs = renderAll(result);
        for (const planted of plants.flat()) expect(findLeak(planted, outputs)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it("the leak check itself finds a value that was let through", () => {
    const planted: Planted = { kind: "github-pat", value: `ghp_${"aB3".repeat(12)}`, random: ["aB3".repeat(12)] };
    expect(findLeak(planted, [{ name: "x", text: `token ${planted.value.slice(10, 20)} leaked` }])).toMatch(/^github-pat slice/);
    expect(findLeak(planted, [{ name: "x", text: `token ${planted.value.slice(0, 4)}…(40 chars)` }])).toBeNull();
  });
});
