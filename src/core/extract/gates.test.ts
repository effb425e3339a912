import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import { BITBUCKET_GATE } from "./bitbucket-pipelines.js";
import { CIRCLECI_GATE } from "./circleci.js";
import { COMPOSE_GATE } from "./compose.js";
import { GITLAB_GATE } from "./gitlab-ci.js";
import { EXISTING_SECRET_KEY, HELM_TEMPLATE_GATE, HELM_VALUES_GATE, PULL_SECRETS_KEY, valuesMayHaveRefs } from "./helm.js";
import { KEY, KUBERNETES_GATE, SECRET_KIND } from "./kubernetes.js";
import { githubActions, mayReferenceSecrets } from "./github-actions.js";
import { looksLikeCleanYaml, textGate } from "./shared.js";
import { SHARED, sharedAvailable } from "../../../test/paths.js";

/*
 * The gates decide, from the raw text, whether a file is worth parsing. These tests hold them to
 * what the YAML parser itself sees: whenever a parsed file has a key an extractor acts on, its gate
 * must let the file through, whatever the quoting or escaping.
 */

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CORPORA = join(SHARED, "corpora");
const sharedPresent = sharedAvailable("the text gates over the shared corpora", CORPORA);

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

const FILES = [...yamlFiles(join(REPO, "fixtures")), ...(sharedPresent ? yamlFiles(CORPORA) : [])].map((path) => ({
  path: relative(REPO, path),
  text: readFileSync(path, "utf8"),
}));

/** Every mapping key (with its value) and every scalar, as the parser resolved them. */
function parsed(text: string): { keys: { key: string; value: unknown }[]; scalars: string[] } {
  const keys: { key: string; value: unknown }[] = [];
  const scalars: string[] = [];
  const visit = (node: unknown): void => {
    if (isScalar(node)) {
      scalars.push(String(node.value));
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key)) keys.push({ key: String(pair.key.value), value: pair.value });
        visit(pair.key);
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
  };
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) visit(doc.contents);
  return { keys, scalars };
}

const kubernetesKeys = new Set<string>(Object.values(KEY));
const truths: { name: string; gate: (text: string) => boolean; needed: (p: ReturnType<typeof parsed>) => boolean }[] = [
  { name: "kubernetes", gate: KUBERNETES_GATE, needed: (p) => p.keys.some(({ key, value }) => kubernetesKeys.has(key) || (key === "kind" && isScalar(value) && value.value === SECRET_KIND)) },
  {
    name: "helm values",
    gate: valuesMayHaveRefs,
    needed: (p) =>
      p.keys.some(({ key, value }) =>
        (EXISTING_SECRET_KEY.test(key) && isScalar(value) && typeof value.value === "string" && value.value.trim() !== "") ||
        (key === PULL_SECRETS_KEY && isSeq(value) && value.items.length > 0)),
  },
  { name: "helm templates", gate: HELM_TEMPLATE_GATE, needed: (p) => p.keys.some(({ key }) => HELM_TEMPLATE_GATE.tokens.some((t) => key.includes(t))) },
  { name: "compose", gate: COMPOSE_GATE, needed: (p) => p.keys.some(({ key }) => key === "secrets") },
  { name: "gitlab-ci", gate: GITLAB_GATE, needed: (p) => p.keys.some(({ key }) => key === "secrets") || p.scalars.some((s) => s.includes("$")) },
  { name: "circleci", gate: CIRCLECI_GATE, needed: (p) => p.keys.some(({ key }) => key === "context") || p.scalars.some((s) => s.includes("$")) },
  { name: "bitbucket-pipelines", gate: BITBUCKET_GATE, needed: (p) => p.scalars.some((s) => s.includes("$")) },
];

describe("text gates", () => {
  it("keep only the shortest tokens, since a longer one containing them is implied", () => {
    expect(KUBERNETES_GATE.tokens).toEqual(["secret", "remoteRef", "Secret"]);
    expect(HELM_VALUES_GATE.tokens).toEqual(["existingSecret", "secretName", "SecretName", "ExistingSecret", "imagePullSecrets"]);
  });

  it("let through a word spelled with a YAML escape or split by an escaped line break", () => {
    const gate = textGate(["secretName"]);
    expect(gate("a: 1\n")).toBe(false);
    expect(gate('"\\x73ecretName": x\n')).toBe(true);
    expect(gate('"secret\\\n   Name": x\n')).toBe(true);
    expect(gate("run: make \\\n  all\n")).toBe(false);
    expect(textGate(["secrets"], { ignoreCase: true })("${{ SECRETS.X }}")).toBe(true);
  });

  it.each(truths)("$name: every fixture and corpus file with a key the extractor acts on passes its gate", ({ gate, needed }) => {
    const missed = FILES.filter((file) => needed(parsed(file.text)) && !gate(file.text)).map((file) => file.path);
    expect(missed).toEqual([]);
    // The gate has work to do: some real files are let through, and (for the narrow gates) some not.
    expect(FILES.some((file) => gate(file.text))).toBe(true);
  });

  it.each(truths)("$name: never keeps out a generated file the parser would act on", ({ gate, needed }) => {
    const unit = fc.constantFrom(
      "a", " ", "  ", "\n", ":", ": ", "- ", "#", "'", '"', "\\", "\\x73", "$", "[]", "{", "}", '""',
      "secret", "Secret", "Name", "secretName", "existingSecret", "imagePullSecrets", "secretKeyRef", "remoteRef",
      "secrets", "context", "kind: Secret", "existing", "x",
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        if (needed(parsed(text))) expect(gate(text)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe("valuesMayHaveRefs", () => {
  it("never keeps out generated values files the parser would find a name in", () => {
    const helmValues = truths.find((t) => t.name === "helm values") as (typeof truths)[number];
    const line = fc
      .record({
        indent: fc.constantFrom("", "  ", "    ", "- ", "  - "),
        key: fc.constantFrom(...HELM_VALUES_GATE.tokens, "existingSecretPasswordKey", "tlsSecretName", "name", "auth", "x"),
        value: fc.constantFrom("", ' ""', " ''", " []", " {}", " db-creds", " # existingSecret: x", ' "tls" # c', " secretName"),
      })
      .map(({ indent, key, value }) => `${indent}${key}:${value}`);
    const file = fc.array(fc.oneof(line, fc.constantFrom("# secretName: doc", "", "  - name: regcred")), { minLength: 1, maxLength: 8 }).map((lines) => `${lines.join("\n")}\n`);
    let needed = 0;
    fc.assert(
      fc.property(file, (text) => {
        if (!helmValues.needed(parsed(text))) return;
        needed++;
        expect(valuesMayHaveRefs(text)).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expect(needed).toBeGreaterThan(100);
  });

  it("skips values files whose keys are all empty or only part of longer keys", () => {
    expect(valuesMayHaveRefs('auth:\n  existingSecret: ""\n  existingSecretPasswordKey: db-password # existingSecret: x\n  secretName: \'\'\nimagePullSecrets: []\n')).toBe(false);
    expect(valuesMayHaveRefs("# set existingSecret to use your own\nreplicas: 2\n")).toBe(false);
  });

  it.each([
    ["a named Secret", "auth:\n  existingSecret: db-creds\n"],
    ["a value on the next line", "auth:\n  existingSecret:\n    db-creds\n"],
    ["a pull-secret list", "imagePullSecrets:\n  - name: regcred\n"],
    ["a flow mapping", "auth: { existingSecret: db-creds }\n"],
    ["a quoted key", '"existingSecret": db-creds\n'],
    ["an anchor", "auth:\n  existingSecret: &s db-creds\n"],
    ["a named key on the line right after an inert one", 'existingSecret: ""\nsecretName: tls\n'],
    ["a named key after inert lines holding several tokens", 'a:\n  existingSecret: "" # or secretName\n  imagePullSecrets: []\n  x:\n    tlsSecretName: t\n'],
  ])("parses a file with %s", (_, text) => {
    expect(valuesMayHaveRefs(text)).toBe(true);
  });
});

describe("looksLikeCleanYaml", () => {
  const hasErrors = (text: string) => parseAllDocuments(text, { uniqueKeys: false, strict: false }).some((doc) => doc.errors.length > 0);

  it("never calls a fixture or corpus file clean when the parser finds errors in it", () => {
    const wrong = FILES.filter((file) => hasErrors(file.text) && looksLikeCleanYaml(file.text)).map((file) => file.path);
    expect(wrong).toEqual([]);
  });

  it.skipIf(!sharedPresent)("says yes to most real workflows, or the GitHub Actions gate saves nothing", () => {
    const workflows = FILES.filter((file) => file.path.includes("corpora/workflows/"));
    expect(workflows.filter((file) => looksLikeCleanYaml(file.text)).length).toBeGreaterThan(workflows.length * 0.8);
  });

  it.each([
    ["a value ending in a colon", "steps:\n  - run: foo:\n"],
    ["a key indented under a scalar", "a:\n  foo: bar\n    baz: qux\n"],
    ["a plain value with a colon-space", "a: b: c\n"],
    ["a flow mapping holding an expression", "with: { key: ${{ x }} }\n"],
    ["an alias", "a: *x\n"],
    ["a tab", "a:\n\tb: 1\n"],
    ["an unclosed quote", 'a: "x\n'],
  ])("suspects %s", (_, text) => {
    expect(looksLikeCleanYaml(text)).toBe(false);
  });

  it("accepts ordinary workflow shapes", () => {
    const text = "on: [push, pull_request]\njobs:\n  build:\n    runs-on: ${{ matrix.os }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          echo a: b\n\n          make\n        env:\n          X: 'y # z'\n";
    expect(hasErrors(text)).toBe(false);
    expect(looksLikeCleanYaml(text)).toBe(true);
  });

  it("never calls an empty flow entry clean (fast-check counterexample), but allows a trailing comma", () => {
    for (const text of ["a*:  {,}", "a: {,}", "a: [,]", "a: [b,,c]", "a: {b: c,,}"]) {
      expect(hasErrors(text), text).toBe(true);
      expect(looksLikeCleanYaml(text), text).toBe(false);
    }
    for (const text of ["a: [b, c,]", "a: {b: c,}"]) {
      expect(hasErrors(text), text).toBe(false);
      expect(looksLikeCleanYaml(text), text).toBe(true);
    }
  });

  it("never calls generated YAML with errors clean", () => {
    const unit = fc.constantFrom("a", "b", " ", "  ", "\n", ":", ": ", "- ", "#", "'", '"', "|", ">", "[", "]", "{", "}", ",", "&", "*", "-", "${{ x }}", "\\", "---\n");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        if (looksLikeCleanYaml(text)) expect(hasErrors(text)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("GitHub Actions gate", () => {
  it("reads the secrets context in any case, and github.token", () => {
    expect(mayReferenceSecrets("env:\n  A: ${{ SECRETS.X }}\n")).toBe(true);
    expect(mayReferenceSecrets("env:\n  A: ${{ GitHub.Token }}\n")).toBe(true);
    expect(mayReferenceSecrets("env:\n  A: ${{ github.ref }}\n")).toBe(false);
    const result = githubActions.extract({ path: ".github/workflows/x.yml", text: "env:\n  A: ${{ SECRETS.X }}\n" });
    expect(result.refs.map((r) => r.name)).toEqual(["X"]);
  });

  it("still parses a file without secrets when it looks broken, so the broken YAML is reported", () => {
    const broken = githubActions.extract({ path: ".github/workflows/x.yml", text: "on: push\njobs:\n  a:\n    steps:\n      - run: foo:\n" });
    expect(broken.diagnostics.map((d) => d.location.line)).toEqual([5]);
    const unclosed = githubActions.extract({ path: ".github/workflows/x.yml", text: "env:\n  A: x ${{ github.ref\n" });
    expect(unclosed.diagnostics.map((d) => /Unclosed/.test(d.message))).toEqual([true]);
  });
});
