import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALNUM, BASE64, fake } from "./fake.js";
import { mightContainCredentials } from "./prefilter.js";
import { shannonEntropy } from "./entropy.js";
import { isPlaceholderValue } from "./allowlist.js";
import { detectCredentials, normalizeKey } from "./scan.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/detect/", import.meta.url));
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<
  string,
  { detector: string; line: number; column: number }[]
>;

const where = (text: string, path = "config.txt") =>
  detectCredentials({ path, text }).map((c) => ({ detector: c.detector, line: c.location.line, column: c.location.column }));

describe("fixtures", () => {
  const files = readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== "expected.json")
    .map((e) => relative(FIXTURES, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();

  it("every fixture has an expectation and every expectation a fixture", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files.map((f) => [f]))("%s", (file) => {
    const text = readFileSync(join(FIXTURES, file), "utf8");
    expect(where(text, file)).toEqual(expected[file]);
  });

  it("the false-positive fixtures expect nothing, the others something", () => {
    for (const [file, list] of Object.entries(expected)) {
      expect(list.length === 0, file).toBe(file.startsWith("false-positives/"));
    }
  });
});

describe("detectCredentials", () => {
  const token = `ghp_${fake(ALNUM, 36, 1)}`;

  it("keeps the provider detector when the generic one matches the same value", () => {
    const [credential, ...rest] = detectCredentials({ path: ".env", text: `GITHUB_PASSWORD=${token}\n` });
    expect(rest).toEqual([]);
    expect(credential).toMatchObject({
      detector: "github-pat",
      key: "GITHUB_PASSWORD",
      location: { file: ".env", line: 1, column: 17, endLine: 1, endColumn: 57 },
      length: 40,
      preview: "ghp_…(32-63 chars)",
      identity: false,
    });
  });

  it("tags credentials assigned to identity-system keys", () => {
    const secret = fake(ALNUM, 24, 2);
    const found = detectCredentials({ path: "a.env", text: `OKTA_CLIENT_SECRET=${secret}\nBUILD_SECRET=${secret}x\n` });
    expect(found.map((c) => [c.detector, c.key, c.identity])).toEqual([
      ["generic-credential", "OKTA_CLIENT_SECRET", true],
      ["generic-credential", "BUILD_SECRET", false],
    ]);
  });

  it("reports the same columns with CRLF line endings", () => {
    const lf = `a: 1\npassword: ${fake(ALNUM, 20, 3)}\ntoken: ${token}\n`;
    expect(where(lf.replace(/\n/g, "\r\n"))).toEqual(where(lf));
    expect(where(lf)).toEqual([
      { detector: "generic-credential", line: 2, column: 11 },
      { detector: "github-pat", line: 3, column: 8 },
    ]);
  });

  it("finds a secret deep inside a multi-megabyte minified line", () => {
    const filler = "var a=function(b){return b+1};".repeat(100_000);
    const text = `${filler}var cfg={apiKey:"${fake(ALNUM, 32, 4)}",gh:"${token}"};${filler}`;
    const found = where(text, "dist/app.min.js");
    expect(found).toEqual([
      { detector: "generic-credential", line: 1, column: filler.length + 18 },
      { detector: "github-pat", line: 1, column: filler.length + 18 + 32 + 6 },
    ]);
  });

  it("skips binary content and lockfiles, and survives odd text", () => {
    expect(where(`\u0000\u0001PNG${token}`)).toEqual([]);
    expect(where(`"token": "${token}"`, "web/package-lock.json")).toEqual([]);
    expect(where("\uFFFD\uD800password=\uD800\uDC00".repeat(1000))).toEqual([]);
    expect(where("İ".repeat(10) + ` token=${token}`)).toEqual([{ detector: "github-pat", line: 1, column: 18 }]);
  });

  it("prefilter answers from keywords alone", () => {
    expect(mightContainCredentials("replicas: 3\nimage: nginx\n")).toBe(false);
    expect(mightContainCredentials("DB_PASSWORD=x")).toBe(true);
  });

  it("normalises keys to snake_case", () => {
    expect(["clientSecret", "CLIENT-SECRET", "client.secret", "APIKey", "--api-key"].map(normalizeKey)).toEqual([
      "client_secret",
      "client_secret",
      "client_secret",
      "api_key",
      "api_key",
    ]);
  });
});

describe("no value leaks into the result", () => {
  const value = fc
    // Alphanumeric: `/` or `+` would end a URL's password or read as a path, rightly not reported.
    .array(fc.constantFrom(...ALNUM), { minLength: 20, maxLength: 64 })
    // A leading digit keeps random text from reading as an identifier (PascalCase, camelCase), which
    // the generic detector rightly skips and which is not what is under test here.
    .map((chars) => `7${chars.join("")}`)
    // Values a detector should report: varied, high-entropy, not a placeholder word.
    .filter((v) => new Set(v).size >= 12 && shannonEntropy(v) >= 3.8 && /[0-9]/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v))
    // Random text can spell a placeholder fragment (`7fnfAke…` holds "fake"), rightly not reported.
    .filter((v) => !isPlaceholderValue(v));
  const key = fc.constantFrom("password", "API_TOKEN", "client_secret", "okta_api_key", "secretKey", "auth");
  const layout = fc.constantFrom(
    (k: string, v: string) => `${k}=${v}`,
    (k: string, v: string) => `${k}: "${v}"`,
    (k: string, v: string) => `"${k}": "${v}",`,
    (k: string, v: string) => `  ${k} = "${v}"`,
    (k: string, v: string) => `export ${k}='${v}'`,
    (k: string, v: string) => `run --${k} ${v}`,
    (_k: string, v: string) => `url: https://deploy:${v}@git.acme.internal/x.git`,
    (_k: string, v: string) => `-----BEGIN PRIVATE KEY-----\n${v}${fake(BASE64, 64, 5)}\n-----END PRIVATE KEY-----`,
  );
  const noise = fc.array(fc.constantFrom("replicas: 3", "image: nginx", "# token rotation", "", "tasks:", "key: value"), {
    maxLength: 8,
  });

  it("holds for random secrets planted in random files", () => {
    fc.assert(
      fc.property(value, key, layout, noise, noise, fc.boolean(), (v, k, lay, before, after, crlf) => {
        const eol = crlf ? "\r\n" : "\n";
        const text = [...before, lay(k, v), ...after].join(eol);
        const found = detectCredentials({ path: "deploy/values.yaml", text });
        // The property must be able to fail: a value nobody detected cannot leak from the result.
        expect(found.length, text).toBeGreaterThanOrEqual(1);
        const out = JSON.stringify(found);
        for (let at = 0; at + 8 <= v.length; at += 1) expect(out).not.toContain(v.slice(at, at + 8));
      }),
      { numRuns: 300 },
    );
  });

  it("the property can fail: the planted secrets are actually found", () => {
    const v = fake(BASE64, 40, 6);
    expect(detectCredentials({ path: "a.env", text: `API_TOKEN=${v}` })).toHaveLength(1);
  });
});

describe("generic values in source code", () => {
  const value = fake(ALNUM, 24, 7);
  const ids = (path: string, text: string) => detectCredentials({ path, text }).map((c) => `${c.detector}@${c.location.line}`);

  it("ignores unquoted right-hand sides, which are expressions in code", () => {
    const code = [`const token = this.currentToken;`, `token = ${value}`, `type ArrowToken = ArrowToken$1;`, `const apiKey = "${value}";`, ""].join("\n");
    expect(ids("src/lexer.ts", code)).toEqual(["generic-credential@4"]);
    expect(ids("lib/client.py", code)).toEqual(["generic-credential@4"]);
  });

  it("still reports unquoted assignments in shell, .env and config files", () => {
    const config = `TOKEN=${value}\n`;
    for (const path of ["deploy.sh", ".env", "app.ini", "values.yaml"]) expect(ids(path, config), path).toEqual(["generic-credential@1"]);
  });
});

describe("kubeconfig-credential", () => {
  const token = fake(ALNUM, 24, 930);
  const detectors = (text: string) => detectCredentials({ path: "deploy/app.yaml", text }).map((c) => c.detector);

  it("reads a kubeconfig only: a ConfigMap's key is not a kubeconfig user's credential", () => {
    expect(detectors(`apiVersion: v1\nkind: ConfigMap\ndata:\n  token: ${token}\n`)).not.toContain("kubeconfig-credential");
    expect(detectors(`apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: ${token}\n`)).toContain("kubeconfig-credential");
    expect(detectors(`apiVersion: v1\r\nkind: Config # exported\r\nusers:\r\n- name: ci\r\n  user:\r\n    token: ${token}\r\n`)).toContain("kubeconfig-credential");
  });

  it("reads a kubeconfig whose kind is quoted, and still not a quoted ConfigMap", () => {
    expect(detectors(`apiVersion: v1\nkind: "Config"\nusers:\n- name: ci\n  user:\n    token: ${token}\n`)).toContain("kubeconfig-credential");
    expect(detectors(`kind: 'Config'\nusers:\n- name: ci\n  user:\n    token: ${token}\n`)).toContain("kubeconfig-credential");
    expect(detectors(`apiVersion: v1\nkind: "ConfigMap"\ndata:\n  token: ${token}\n`)).not.toContain("kubeconfig-credential");
  });
});
