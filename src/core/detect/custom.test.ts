import { describe, expect, it } from "vitest";
import { Scanner, scanFiles } from "../scan.js";
import type { SourceFile } from "../model.js";
import { ALNUM, BASE64, fake } from "./fake.js";

// The manifest's own detection rules (`detectors:` and `allowlist:`), end to end through the scanner.
const manifest = (body: string): SourceFile => ({ path: ".github/secretowners.yml", text: `version: 1\nrules: []\n${body}` });
const hardcoded = (files: SourceFile[]) =>
  scanFiles(files)
    .findings.filter((f) => f.ruleId === "hardcoded-secret")
    .map((f) => ({ detector: f.detector, file: f.location.file, line: f.location.line, identity: f.identity ?? false }));
const invalid = (files: SourceFile[]) =>
  scanFiles(files)
    .findings.filter((f) => f.ruleId === "invalid-manifest")
    .map((f) => [f.location.line, f.location.column, f.message]);

const acmeToken = `acme_${fake(ALNUM, 32, 900)}`;
const DETECTOR = `detectors:
  - id: acme-api-token
    description: ACME internal API token
    regex: 'acme_([A-Za-z0-9]{32})'
    keywords: [acme_]
    identity: true
`;

describe("manifest detectors", () => {
  it("finds the repository's own token format, tagged as the manifest says", () => {
    const files = [manifest(DETECTOR), { path: "deploy/app.env", text: `X=1\nACME=${acmeToken}\n` }];
    expect(hardcoded(files)).toEqual([{ detector: "acme-api-token", file: "deploy/app.env", line: 2, identity: true }]);
    const finding = scanFiles(files).findings.find((f) => f.detector === "acme-api-token");
    // The capture group is the secret, and it is never printed.
    expect(finding?.preview).toBe("…(32-63 chars)");
    expect(JSON.stringify(scanFiles(files))).not.toContain(acmeToken.slice(5));
  });

  it("applies the global placeholder rules to them too", () => {
    const files = [manifest(DETECTOR), { path: "a.env", text: "ACME=acme_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" }];
    expect(hardcoded(files)).toEqual([]);
  });

  it("cannot hang the scan: RE2 matches in linear time, even on a pattern that would backtrack in JavaScript", () => {
    const files = [
      manifest("detectors:\n  - id: nested\n    regex: '(a+)+b'\n    keywords: [aaa]\n"),
      { path: "x.txt", text: `${"a".repeat(50_000)}!\n` },
    ];
    expect(hardcoded(files)).toEqual([]);
  });
});

describe("manifest allowlist", () => {
  const ghToken = `ghp_${fake(ALNUM, 36, 901)}`;
  const password = fake(ALNUM, 18, 902);
  const files = (allowlist: string): SourceFile[] => [
    manifest(`${DETECTOR}allowlist:\n${allowlist}`),
    { path: "src/config.env", text: `GITHUB_TOKEN=${ghToken}\nDB_PASSWORD=${password}\nACME=${acmeToken}\n` },
    { path: "fixtures/keys/client.p12", text: "\u0000" },
    { path: "fixtures/secret.yaml", text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  password: ${Buffer.from(fake(BASE64, 24, 903)).toString("base64")}\n` },
  ];

  it("reports everything when nothing is allowed", () => {
    // One finding per value: the Secret's literal outranks the generic detector on the same line.
    expect(hardcoded(files("  values: []\n")).map((f) => f.detector).sort()).toEqual(["acme-api-token", "generic-credential", "github-pat", "kubernetes-secret-literal", "pkcs12-file"]);
  });

  it("drops exact values, RE2 patterns and CODEOWNERS-style paths, for built-in, structural and own detectors", () => {
    const allowed = hardcoded(files(`  values: ["${password}"]\n  regexes: ['^ghp_']\n  paths: ["fixtures/"]\n`));
    expect(allowed.map((f) => f.detector)).toEqual(["acme-api-token"]);
    const secretPart = acmeToken.slice(5);
    expect(hardcoded(files(`  values: ["${secretPart}"]\n`)).map((f) => f.detector)).not.toContain("acme-api-token");
  });
});

describe("a manifest that arrives after the files (a streamed tarball)", () => {
  it("still applies the allowlist's paths and exact values", () => {
    const scanner = new Scanner();
    const password = fake(ALNUM, 18, 904);
    scanner.add({ path: "fixtures/app.env", text: `DB_PASSWORD=${fake(ALNUM, 18, 905)}\n` });
    scanner.add({ path: "src/app.env", text: `DB_PASSWORD=${password}\nAPI_TOKEN=${fake(ALNUM, 24, 906)}\n` });
    const result = scanner.finish({ manifest: manifest(`allowlist:\n  paths: ["fixtures/"]\n  values: ["${password}"]\n`) });
    const found = result.findings.filter((f) => f.ruleId === "hardcoded-secret").map((f) => [f.location.file, f.location.line]);
    expect(found).toEqual([["src/app.env", 2]]);
  });
});

describe("invalid manifest detection rules", () => {
  it("reports each problem at its line and column, with what to write instead", () => {
    const text = `detectors:
  - id: Bad_Id
    regex: 'x(?=y)'
    keywords: [xyz]
  - id: github-pat
    regex: 'ghp_[A-Za-z0-9]{36}'
    keywords: [ghp_]
  - id: empty-match
    regex: 'a*'
    keywords: [aaa]
  - id: no-keywords
    regex: 'tok_[a-z]{10}'
  - id: loose
    regex: 'k[a-z]{10}'
    keywords: [k]
    colour: red
allowlist:
  values: [1234]
  regexes: ['(a']
  paths: ["/[z-a]"]
  names: []
`;
    const found = invalid([manifest(text)]);
    const at = (line: number) => found.filter(([l]) => l === line + 2).map(([, column, message]) => [column, message]);
    expect(at(2)).toEqual([[9, expect.stringMatching(/^detector id `Bad_Id` must be kebab-case/)]]);
    // Lookaround is not RE2: the message says why RE2 (linear-time matching) is required.
    expect(at(3)).toEqual([[12, expect.stringMatching(/^`regex` `x\(\?=y\)` is not a valid RE2 regular expression: .*no pattern can hang the scan/)]]);
    expect(at(5)).toEqual([[5, expect.stringMatching(/^detector id `github-pat` is a built-in detector; this one is ignored/)]]);
    expect(at(9)).toEqual([[12, expect.stringMatching(/matches the empty string/)]]);
    expect(at(11)).toEqual([[5, expect.stringMatching(/^detector `no-keywords` needs `keywords`/)]]);
    expect(at(15)).toEqual([[16, expect.stringMatching(/^keyword `k` is shorter than 3 characters/)]]);
    expect(at(16)).toEqual([[5, expect.stringMatching(/^unknown key `colour` in a detector/)]]);
    expect(at(18)).toEqual([[12, expect.stringMatching(/^`values` must list exact values, got a number/)]]);
    expect(at(19)).toEqual([[13, expect.stringMatching(/^allowlist regex `\(a` is not a valid RE2 regular expression/)]]);
    expect(at(20)).toEqual([[13, expect.stringMatching(/character ranges/)]]);
    expect(at(21)).toEqual([[3, expect.stringMatching(/^unknown key `names` in `allowlist`/)]]);
  });
});
