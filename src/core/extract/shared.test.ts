import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ansible } from "./ansible.js";
import { azurePipelines } from "./azure-pipelines.js";
import { bitbucketPipelines } from "./bitbucket-pipelines.js";
import { circleci } from "./circleci.js";
import { compose } from "./compose.js";
import { gitlabCi } from "./gitlab-ci.js";
import { helm } from "./helm.js";
import { jenkins } from "./jenkins.js";
import { kubernetes } from "./kubernetes.js";
import { terraform } from "./terraform.js";
import { vetLiterals } from "../detect/scan.js";
import { lineStarts, positionAt } from "../lines.js";
import { findShellAssignments, findShellVarUses, isCredentialName, isPlaceholderValue, isYamlPath, positioner } from "./shared.js";

describe("isYamlPath", () => {
  it("says yes to .yaml and .yml in any case, and no to anything else", () => {
    for (const p of ["a.yaml", "a/b.yml", "A.YML", "x.YaMl", ".yml", "c\\d.yaml"]) expect(isYamlPath(p), p).toBe(true);
    for (const p of ["a.yam", "a.ymll", "a.xml", "a.yml.bak", "yml", "ayaml", "a.tpl", "", "l", "a.y\u00e1ml", "a.\u212aml"]) expect(isYamlPath(p), p).toBe(false);
  });

  it("agrees with /\\.ya?ml$/i on any path", () => {
    const unit = fc.constantFrom("a", ".", "/", "y", "Y", "a", "A", "m", "M", "l", "L", "ml", ".yml", ".yaml", "\u017f", "K");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (path) => {
        expect(isYamlPath(path)).toBe(/\.ya?ml$/i.test(path));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("isCredentialName", () => {
  it.each(["API_KEY", "NPM_TOKEN", "DB_PASSWORD", "DBPASSWORD", "npmToken", "GH_PAT", "AWS_SECRET_ACCESS_KEY", "SSH_PRIVATE_KEY", "TLS_CERT", "REGISTRY_CREDENTIALS", "BASIC_AUTH", "SLACK_WEBHOOK_URL", "DB_PASSWD", "signing-key"])(
    "%s reads as a credential",
    (name) => expect(isCredentialName(name)).toBe(true),
  );
  it.each(["KEYBOARD_LAYOUT", "MONKEY", "TURNKEY", "CACHE_KEY", "SSH_PUBLIC_KEY", "AUTH_URL", "TOKEN_TTL", "PWD", "HOME", "BUILD_NUMBER", "PATHWAY", "AUTHOR", "PATIENT", "CI_COMMIT_SHA", ""])(
    "%s does not",
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe("findShellVarUses", () => {
  it("finds $X, ${X}, ${X:-d} and $env:X at the name's offset, skipping escapes", () => {
    expect(findShellVarUses('a $ONE ${TWO} ${THREE:-x} $env:FOUR $$FIVE \\$SIX')).toEqual([
      { name: "ONE", offset: 3 },
      { name: "TWO", offset: 9 },
      { name: "THREE", offset: 16 },
      { name: "FOUR", offset: 31 },
    ]);
  });
});

describe("findShellAssignments", () => {
  it("counts statement-start assignments, export, read and for, not command arguments", () => {
    expect(findShellAssignments("A=1\nexport B=2; C=3 cmd\nread -r D\nfor E in x; do F=1; done\ndocker run -e G=$G")).toEqual(["A", "C", "F", "B", "D", "E"]);
  });
});

describe("isPlaceholderValue", () => {
  it.each(["", "  ", "{{ .Values.password }}", "${DB_PASSWORD}", "$TOKEN", "<your-token>", "changeme", "CHANGE_ME", "xxxxxx", "****"])("%j is a placeholder", (v) =>
    expect(isPlaceholderValue(v)).toBe(true),
  );
  it.each(["s3cr3t-Value-9", "hunter2!"])("%j is not", (v) => expect(isPlaceholderValue(v)).toBe(false));
});

describe("positioner", () => {
  it("maps offsets to 1-based line and column", () => {
    const pos = positioner("ab\ncd\n\nef");
    expect([0, 1, 3, 6, 7, 8].map(pos)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });

  it("answers as the line-start table does for offsets asked in any order", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "\n", "\r\n", " "), maxLength: 30 });
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -2, max: 35 }), { maxLength: 8 }), (t, offsets) => {
        const pos = positioner(t);
        const starts = lineStarts(t);
        for (const offset of offsets) expect(pos(offset)).toEqual(positionAt(starts, offset));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("no extractor output carries a secret value", () => {
  const root = fileURLToPath(new URL("../../../fixtures/extract/", import.meta.url));
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const extractors = [gitlabCi, circleci, azurePipelines, jenkins, bitbucketPipelines, kubernetes, helm, compose, terraform, ansible];
  // Every literal value in the fixtures that is, or stands in for, a secret; base64 forms too.
  const values = [
    "S3cr3t-p@ssw0rd-2024", "UzNjcjN0LXBAc3N3MHJkLTIwMjQ=", "9fQx7Lr2mZpW4tKs8vNcYb3Hd6Jg", "Zq8rT3vLx0pW5nB2",
    "Qz7Lw3Rk9Tn2Vb6Xc4Mf8Hp1Jd5Gs0Ky3Ua7Ne", "AKIAIOSFODNN7EXAMPLE", "unterminated",
    "62313365396662343061393464336163", "not-a-real-key", "not-used-in-production", "only-for-tests",
  ];
  // Hold the list honest: each value really is in a fixture, so the check below can fail.
  const all = walk(root).map((f) => ({ path: relative(root, f), text: readFileSync(f, "utf8") }));
  it.each(values)("%s is in a fixture (as written or base64-encoded)", (v) => {
    const b64 = Buffer.from(v, "utf8").toString("base64");
    expect(all.some((f) => f.text.includes(v) || f.text.includes(b64))).toBe(true);
  });

  it("is true of refs and diagnostics for every fixture through every extractor, and of the vetted literals", () => {
    let credentials = 0;
    for (const file of all) {
      for (const e of extractors) {
        const { literals, ...rest } = e.extract(file);
        const out = JSON.stringify(rest);
        for (const v of values) expect(out, `${e.id} on ${file.path}`).not.toContain(v);
        // Literals carry their value to the scanner, which keeps only a hash and a preview.
        const vetted = vetLiterals(file.path, literals ?? []);
        credentials += vetted.length;
        for (const v of values) expect(JSON.stringify(vetted), `${e.id} on ${file.path}`).not.toContain(v);
        for (const c of vetted) expect(c.preview).toMatch(/^…\((under 16|\d+-\d+|128\+) chars\)$/u);
      }
    }
    expect(credentials).toBeGreaterThanOrEqual(3);
  });
});
