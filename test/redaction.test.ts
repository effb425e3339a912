import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GLOBAL_ALLOWLIST } from "../src/core/detect/allowlist.js";
import { DEFAULTS_KEYS, RULE_KEYS, parseManifest } from "../src/core/manifest/parse.js";
import { parseCodeowners } from "../src/core/manifest/codeowners.js";
import { WHO_FORMATS } from "../src/core/render/formats.js";
import { renderWho } from "../src/core/render/who.js";
import { whoIs } from "../src/core/who.js";
import { shannonEntropy } from "../src/core/detect/entropy.js";
import type { ScanResult, SourceFile } from "../src/core/model.js";
import { detectCredentials } from "../src/core/detect/scan.js";
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

/** What redact() may show: a provider's public prefix (never more than its fixed part) and a length class. */
const PREVIEW = /^(?:[A-Za-z_]{0,11}[_\-.]|AKIA|-----BEGIN [A-Z ]+-----)?…\((?:under 16|\d+-\d+|128\+) chars\)$/u;
/** The longest fixed prefix planted below (`xoxb-`); everything after it is random. */
const PREVIEW_CHARS = 5;
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

/** One rule per manifest key, each holding the planted text in that key (strings, lists or maps as the key takes). */
function yamlManifest(text: (place: string) => string[]): string {
  const value = (key: string, texts: string[]): string => {
    const [first = "", ...rest] = texts;
    const joined = [first, ...rest].join(" ");
    if (key === "backup" || key === "secrets") return JSON.stringify([joined]);
    if (key === "scope") return `{ environments: ${JSON.stringify([joined])}, paths: ${JSON.stringify([joined])} }`;
    return JSON.stringify(joined);
  };
  const lines = ["version: 1", "defaults:", '  rotation: "90d"'];
  for (const key of DEFAULTS_KEYS) {
    const texts = text(`defaults:${key}`);
    if (texts.length > 0) lines.push(`  ${key}: ${value(key, texts)}`);
  }
  const severity = text("severity");
  if (severity.length > 0) lines.push("severity:", `  ${JSON.stringify(severity.join(" "))}: warning`);
  lines.push("rules:");
  RULE_KEYS.forEach((key, i) => {
    const texts = text(`rule:${key}`);
    lines.push(`  - secrets: ${key === "secrets" && texts.length > 0 ? JSON.stringify([`SVC${i}_TOKEN`, texts.join(" ")]) : `["SVC${i}_TOKEN"]`}`);
    if (key !== "secrets") lines.push(`    ${key}: ${texts.length > 0 ? value(key, texts) : key === "owner" ? '"@acme/team"' : '""'}`);
    if (key !== "owner") lines.push('    owner: "@acme/team"');
  });
  const unknown = text("rule:unknown-key");
  if (unknown.length > 0) lines.push('  - secrets: ["UNOWNED_TOKEN"]', `    ${JSON.stringify(unknown.join(" "))}: x`);
  return `${lines.join("\n")}\n`;
}

/** The one-line form: planted text as owners, backups, patterns and lifecycle attributes. */
function lineManifest(text: (place: string) => string[]): string {
  const all = [...new Set(["rule:owner", "rule:backup", "rule:secrets", "rule:purpose", "rule:unknown-key", "severity"].flatMap(text))];
  // A token of its own (the line form splits on whitespace): the credential without the words around it.
  const tokens = all.map((t) => t.split(/\s+/).pop() ?? t);
  return [
    "# PATTERN OWNER [BACKUP...]",
    "SVC0_TOKEN @acme/team",
    ...tokens.map((token, i) => (i % 3 === 0 ? `SVC${i + 1}_TOKEN ${token}` : i % 3 === 1 ? `SVC${i + 1}_TOKEN @acme/team ${token}` : `${token} @acme/team`)),
    ...all.map((t, i) => `SVC${i + 1}_TOKEN @acme/team purpose=${JSON.stringify(t)}`),
    "",
  ].join("\n");
}

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
          for (const finding of found) expect(finding.preview).toMatch(PREVIEW);
          // A generic password shows no character of itself, only its length class.
          for (const finding of found.filter((f) => f.detector?.startsWith("generic"))) expect(finding.preview).toMatch(/^…/u);
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

  it("no manifest field, inline-ignore reason or manifest diagnostic ever carries a planted credential", () => {
    // Every key a rule or `defaults:` accepts (the parser's own lists, so a new field is covered
    // the day it is added), an unknown key, a severity key, and an inline-ignore reason.
    const places = [...RULE_KEYS.map((key) => `rule:${key}`), ...DEFAULTS_KEYS.map((key) => `defaults:${key}`), "rule:unknown-key", "severity", "ignore-reason"];
    const provider = fc.oneof(githubPat, aws, slack).filter((planted) => planted.random.every(notPlaceholder));
    // A generic value is only a credential where it is assigned to a credential-like key.
    const inText = (planted: Planted): string => (planted.kind === "generic" ? `db password=${planted.value}` : `see ${planted.value}`);
    // Only values a detector flags must be kept out (that is the promise); shrinking towards
    // `AAAA…` would otherwise produce values no detector reports, anywhere.
    // High entropy too, so that an 8-character window of one value cannot turn up inside another.
    const flagged = (planted: Planted): boolean =>
      planted.random.every((part) => shannonEntropy(part) >= 3.5) && detectCredentials({ path: "notes.txt", text: inText(planted) }).length > 0;
    const plant = fc.record({ planted: fc.oneof(provider, generic.filter((p) => notPlaceholder(p.value))).filter(flagged), place: fc.constantFrom(...places) });
    fc.assert(
      fc.property(fc.array(plant, { minLength: 1, maxLength: 6 }), fc.constantFrom("yaml", "secretowners"), (plants, form) => {
        const text = (place: string) => plants.filter((p) => p.place === place).map((p) => inText(p.planted));
        const workflow = [
          "on: push",
          "jobs:",
          "  deploy:",
          "    runs-on: ubuntu-latest",
          "    steps:",
          "      - run: ./deploy.sh",
          "        env:",
          ...RULE_KEYS.map((_, i) => `          SVC${i}_TOKEN: \${{ secrets.SVC${i}_TOKEN }}`),
          ...text("ignore-reason").map((reason) => `          # secretowners:ignore[unowned-secret] ${reason}`),
          "          UNOWNED_TOKEN: ${{ secrets.UNOWNED_TOKEN }}",
          "",
        ].join("\n");
        const manifest = form === "yaml" ? yamlManifest(text) : lineManifest(text);
        const result = scanFiles([
          { path: ".github/workflows/deploy.yml", text: workflow },
          { path: form === "yaml" ? ".github/secretowners.yml" : ".github/SECRETOWNERS", text: manifest },
        ]);
        const purpose = text("rule:purpose");
        if (form === "yaml" && purpose.length > 0) {
          // The property can fail: the planted purpose really reaches the report, redacted.
          const index = RULE_KEYS.indexOf("purpose");
          expect(result.secrets.find((entry) => entry.name === `SVC${index}_TOKEN`)?.purpose).toMatch(/…\(/u);
        }
        const outputs = renderAll(result);
        // `who` reads the manifest as the CLI does (parsed, not scrubbed by the scanner): every
        // secret in use, a literal name only the manifest knows, and near names.
        const parsed = parseManifest({ path: form === "yaml" ? ".github/secretowners.yml" : ".github/SECRETOWNERS", text: manifest }).manifest;
        const codeowners = parseCodeowners({ path: ".github/CODEOWNERS", text: "* @acme/platform\n" });
        for (const query of ["*", "SVC1_TOKEN", "NOT_USED_TOKEN", "SVC"]) {
          const answer = whoIs(query, { inventory: result.secrets, manifest: parsed, now: new Date("2026-12-01"), codeowners });
          for (const format of WHO_FORMATS) outputs.push({ name: `who ${query} (${format})`, text: format === "json" ? jsonStrings(renderWho(answer, format, "0.0.0")) : renderWho(answer, format, "0.0.0") });
        }
        for (const { planted } of plants) expect(findLeak(planted, outputs)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it("the leak check itself finds a value that was let through", () => {
    const planted: Planted = { kind: "github-pat", value: `ghp_${"aB3".repeat(12)}`, random: ["aB3".repeat(12)] };
    expect(findLeak(planted, [{ name: "x", text: `token ${planted.value.slice(10, 20)} leaked` }])).toMatch(/^github-pat slice/);
    expect(findLeak(planted, [{ name: "x", text: `token ${planted.value.slice(0, 4)}…(40 chars)` }])).toBeNull();
  });
});
