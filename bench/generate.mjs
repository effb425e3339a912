// Deterministic generator of large, realistic repository trees for `npm run bench`.
//
// Everything comes from one seeded PRNG, so two machines benchmark the same bytes. Trees are written
// under bench/out/ (gitignored) and reused while GENERATOR_VERSION and the parameters match: the
// stamp sits *beside* the tree, not in it, so it never becomes part of what is scanned.
//
// Planted credentials are assembled from fragments at run time ("gh" + "p_" + random) so this file
// holds nothing a secret scanner or push protection would flag. The planted values only ever exist
// in the generated tree.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const GENERATOR_VERSION = 2;

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, "..");
export const OUT = join(HERE, "out");
export const CORPUS = resolve(REPO, "..", "shared", "corpora", "workflows");

/** Sizes per kind of tree. `scale` multiplies file and byte targets of the full tree. */
export const PRESETS = {
  full: { kind: "full", targetFiles: 30_000, targetBytes: 300 * 1024 * 1024, seed: 1 },
  small: { kind: "full", targetFiles: 3_000, targetBytes: 30 * 1024 * 1024, seed: 1 },
  workflows: { kind: "workflows", copies: 3, seed: 2 },
  helm: { kind: "helm", charts: 220, seed: 3 },
  "helm-small": { kind: "helm", charts: 25, seed: 3 },
};

// ---------------------------------------------------------------------------------------------
// PRNG and text helpers

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  chars(alphabet, n) {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const BASE32 = UPPER + "234567";
const B64 = ALNUM + "+/";
const HEXCH = "0123456789abcdef";

const WORDS = (
  "account access admin agent alert api app audit auth backup batch billing bridge broker build cache " +
  "catalog cert channel checkout client cluster config connector consumer core cron data db deploy " +
  "directory dns edge email event export feed gateway graph group health hook identity import index " +
  "ingest invoice job key ldap ledger lifecycle log mail metrics mirror monitor notify oauth okta order " +
  "org payment pipeline policy portal profile provision proxy queue quota record registry relay report " +
  "review role router runner saml scheduler schema scim search session shard signer sink sso store " +
  "stream sync tenant ticket token trace user vault webhook worker workday zone"
).split(" ");
const VERBS = "get set load save build parse render sync check apply resolve fetch update create delete list handle validate merge emit".split(" ");
const NOUNS = "user group role config item record batch event entry request response token session result state payload message".split(" ");

function word(r) {
  return r.pick(WORDS);
}
function camel(r) {
  const n = r.pick(NOUNS);
  return r.pick(VERBS) + n[0].toUpperCase() + n.slice(1);
}
function kebab(r, parts = 2) {
  const out = [];
  for (let i = 0; i < parts; i++) out.push(word(r));
  return out.join("-");
}
function snake(r) {
  return `${word(r)}_${r.pick(NOUNS)}`;
}
function sentence(r, lo = 6, hi = 16) {
  const n = r.int(lo, hi);
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.chance(0.3) ? r.pick(NOUNS) : word(r));
  const s = out.join(" ");
  return s[0].toUpperCase() + s.slice(1) + ".";
}
function envName(r) {
  return `${word(r)}_${r.pick(["URL", "HOST", "PORT", "TIMEOUT", "REGION", "BUCKET", "LEVEL", "MODE", "TOKEN", "PASSWORD", "API_KEY", "SECRET", "USER", "ENDPOINT"])}`.toUpperCase();
}
function repeatLines(n, fn) {
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(fn(i));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// File content by type. Each returns a string; sizes follow what such files usually weigh.

function tsSource(r) {
  const lines = [`import { ${camel(r)} } from "./${kebab(r)}.js";`, `import type { ${r.pick(["Config", "Options", "Context", "Client"])} } from "../types.js";`, ""];
  const fns = r.int(3, 18);
  for (let f = 0; f < fns; f++) {
    const name = camel(r);
    lines.push(`/** ${sentence(r)} */`, `export async function ${name}(ctx: Context, input: ${r.pick(["string", "number[]", "Record<string, unknown>"])}): Promise<void> {`);
    for (let i = r.int(4, 25); i > 0; i--) {
      const v = snake(r);
      lines.push(
        r.pick([
          `  const ${v} = await ctx.${camel(r)}(input, { retries: ${r.int(1, 5)}, timeout: ${r.int(100, 9000)} });`,
          `  if (!${v}) throw new Error("${sentence(r, 3, 6)}");`,
          `  ctx.logger.info({ ${v}: input }, "${sentence(r, 3, 8)}");`,
          `  const ${v} = process.env.${envName(r)} ?? "${word(r)}";`,
          `  for (const item of ${v}.items) await ${camel(r)}(item);`,
          `  return ${camel(r)}(ctx, ${JSON.stringify(word(r))});`,
        ]),
      );
    }
    lines.push("}", "");
  }
  return lines.join("\n");
}

function pySource(r) {
  const lines = ["import os", "import logging", `from ${word(r)}.${word(r)} import ${camel(r)}`, "", "log = logging.getLogger(__name__)", ""];
  for (let f = r.int(3, 15); f > 0; f--) {
    lines.push(`def ${snake(r)}(client, ${snake(r)}=None):`, `    """${sentence(r)}"""`);
    for (let i = r.int(3, 20); i > 0; i--) {
      lines.push(
        r.pick([
          `    ${snake(r)} = os.environ.get("${envName(r)}", "${word(r)}")`,
          `    log.info("${sentence(r, 3, 7)}", extra={"${word(r)}": ${r.int(0, 999)}})`,
          `    result = client.${snake(r)}(timeout=${r.int(1, 60)})`,
          `    if result is None:\n        raise ValueError("${sentence(r, 3, 6)}")`,
          `    for row in result.${snake(r)}():\n        yield row`,
        ]),
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

function goSource(r) {
  const pkg = word(r);
  const lines = [`package ${pkg}`, "", "import (", '\t"context"', '\t"fmt"', '\t"os"', ")", ""];
  for (let f = r.int(3, 14); f > 0; f--) {
    const n = camel(r);
    lines.push(`// ${n[0].toUpperCase()}${n.slice(1)} ${sentence(r).toLowerCase()}`, `func ${n[0].toUpperCase()}${n.slice(1)}(ctx context.Context, in string) (string, error) {`);
    for (let i = r.int(3, 18); i > 0; i--) {
      lines.push(
        r.pick([
          `\t${snake(r).replace("_", "")} := os.Getenv("${envName(r)}")`,
          `\tif err != nil {\n\t\treturn "", fmt.Errorf("${sentence(r, 3, 6)}: %w", err)\n\t}`,
          `\tfmt.Println("${sentence(r, 3, 6)}", in)`,
          `\tselect {\n\tcase <-ctx.Done():\n\t\treturn "", ctx.Err()\n\tdefault:\n\t}`,
        ]),
      );
    }
    lines.push('\treturn in, nil', "}", "");
  }
  return lines.join("\n");
}

function markdown(r) {
  const lines = [`# ${kebab(r, 3)}`, "", sentence(r, 12, 30), ""];
  for (let s = r.int(2, 10); s > 0; s--) {
    lines.push(`## ${sentence(r, 2, 5).slice(0, -1)}`, "");
    for (let p = r.int(1, 4); p > 0; p--) lines.push(repeatLines(r.int(1, 4), () => sentence(r, 8, 22)).join(" "), "");
    if (r.chance(0.4)) lines.push("```bash", `export ${envName(r)}=...`, `./scripts/${kebab(r)}.sh --${word(r)} ${word(r)}`, "```", "");
  }
  return lines.join("\n");
}

function shellScript(r) {
  const lines = ["#!/usr/bin/env bash", `# ${sentence(r)}`, "set -euo pipefail", ""];
  for (let i = r.int(8, 60); i > 0; i--) {
    lines.push(
      r.pick([
        `${envName(r)}="\${${envName(r)}:-${word(r)}}"`,
        `echo "${sentence(r, 3, 7)}"`,
        `curl -fsS "https://${word(r)}.example.com/api/v1/${word(r)}s?limit=${r.int(10, 500)}" -H "Authorization: Bearer \${${envName(r)}}" > ${word(r)}.json`,
        `jq -r '.[] | [.${word(r)}, .${word(r)}] | @tsv' ${word(r)}.json`,
        `kubectl -n ${word(r)} rollout status deploy/${kebab(r)} --timeout=${r.int(60, 600)}s`,
        `if [[ -z "\${${envName(r)}:-}" ]]; then echo "missing" >&2; exit 1; fi`,
      ]),
    );
  }
  return lines.join("\n") + "\n";
}

function dotenv(r) {
  return repeatLines(r.int(5, 40), () => (r.chance(0.15) ? `# ${sentence(r, 3, 8)}` : `${envName(r)}=${r.chance(0.5) ? word(r) : `\${${envName(r)}}`}`)).join("\n") + "\n";
}

function dockerfile(r) {
  return [
    `FROM ${r.pick(["node:20-alpine", "python:3.12-slim", "golang:1.22", "eclipse-temurin:21-jre"])} AS build`,
    "WORKDIR /app",
    "COPY package*.json ./",
    "RUN npm ci --omit=dev",
    "COPY . .",
    `ARG ${envName(r)}`,
    `ENV ${envName(r)}=${word(r)} NODE_ENV=production`,
    `RUN --mount=type=secret,id=${kebab(r)} ./scripts/${kebab(r)}.sh`,
    `EXPOSE ${r.int(3000, 9000)}`,
    `USER ${r.int(1000, 1999)}`,
    `CMD ["node", "dist/${word(r)}.js"]`,
    "",
  ].join("\n");
}

function composeFile(r) {
  const lines = ['version: "3.9"', "services:"];
  for (let s = r.int(2, 6); s > 0; s--) {
    const name = kebab(r);
    lines.push(`  ${name}:`, `    image: ghcr.io/acme/${name}:${r.int(1, 9)}.${r.int(0, 20)}`, "    environment:");
    for (let e = r.int(2, 8); e > 0; e--) {
      const key = envName(r);
      lines.push(`      ${key}: \${${key}}`);
    }
    if (r.chance(0.5)) lines.push("    secrets:", `      - ${snake(r)}`);
    lines.push("    ports:", `      - "${r.int(3000, 9000)}:${r.int(3000, 9000)}"`);
  }
  lines.push("secrets:", `  ${snake(r)}:`, `    file: ./secrets/${word(r)}.txt`, "");
  return lines.join("\n");
}

function k8sManifest(r) {
  const name = kebab(r);
  const docs = [
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${name}`,
      `  namespace: ${word(r)}`,
      "spec:",
      `  replicas: ${r.int(1, 6)}`,
      "  selector:",
      "    matchLabels:",
      `      app: ${name}`,
      "  template:",
      "    metadata:",
      "      labels:",
      `        app: ${name}`,
      "    spec:",
      "      containers:",
      `        - name: ${word(r)}`,
      `          image: ghcr.io/acme/${name}:${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 9)}`,
      "          env:",
      ...repeatLines(r.int(2, 10), () =>
        r.chance(0.4)
          ? `            - name: ${envName(r)}\n              valueFrom:\n                secretKeyRef:\n                  name: ${kebab(r)}\n                  key: ${word(r)}`
          : `            - name: ${envName(r)}\n              value: "${word(r)}"`,
      ),
      "          resources:",
      "            limits:",
      `              cpu: ${r.int(100, 2000)}m`,
      `              memory: ${r.int(128, 4096)}Mi`,
    ].join("\n"),
    ["apiVersion: v1", "kind: Service", "metadata:", `  name: ${name}`, "spec:", "  ports:", `    - port: ${r.int(80, 9000)}`, "  selector:", `    app: ${name}`].join("\n"),
  ];
  if (r.chance(0.3)) docs.push(["apiVersion: v1", "kind: Secret", "metadata:", `  name: ${kebab(r)}`, "type: Opaque", "stringData:", `  ${word(r)}: "\${${envName(r)}}"`].join("\n"));
  return docs.join("\n---\n") + "\n";
}

function terraform(r) {
  const lines = [];
  for (let b = r.int(3, 14); b > 0; b--) {
    const t = r.int(0, 3);
    if (t === 0) lines.push(`variable "${snake(r)}" {`, `  type        = string`, `  description = "${sentence(r, 3, 8)}"`, ...(r.chance(0.3) ? ["  sensitive   = true"] : []), "}", "");
    else if (t === 1) lines.push(`resource "aws_${r.pick(["s3_bucket", "iam_role", "lambda_function", "db_instance", "security_group"])}" "${snake(r)}" {`, `  name = "${kebab(r)}"`, `  tags = { team = "${word(r)}", env = "${r.pick(["prod", "staging", "dev"])}" }`, `  ${snake(r)} = var.${snake(r)}`, "}", "");
    else if (t === 2) lines.push(`data "aws_secretsmanager_secret_version" "${snake(r)}" {`, `  secret_id = "${kebab(r)}/${word(r)}"`, "}", "");
    else lines.push(`module "${snake(r)}" {`, `  source  = "./modules/${kebab(r)}"`, `  ${snake(r)} = ${r.int(1, 100)}`, "}", "");
  }
  return lines.join("\n");
}

function tfvars(r) {
  return repeatLines(r.int(3, 20), () => `${snake(r)} = ${r.chance(0.5) ? `"${kebab(r)}"` : r.int(1, 1000)}`).join("\n") + "\n";
}

function ansibleTasks(r) {
  const lines = ["---"];
  for (let t = r.int(3, 15); t > 0; t--) {
    lines.push(`- name: ${sentence(r, 3, 7).slice(0, -1)}`);
    lines.push(
      r.pick([
        `  ansible.builtin.template:\n    src: ${word(r)}.j2\n    dest: /etc/${word(r)}/${word(r)}.conf\n    mode: "0640"`,
        `  ansible.builtin.uri:\n    url: "https://{{ ${snake(r)} }}/api"\n    headers:\n      Authorization: "Bearer {{ ${snake(r)}_token }}"\n  no_log: true`,
        `  ansible.builtin.package:\n    name: ${word(r)}\n    state: present`,
        `  community.general.ldap_entry:\n    dn: "cn={{ item }},ou=${word(r)},dc=acme,dc=com"\n    bind_pw: "{{ ldap_bind_password }}"`,
      ]),
    );
  }
  return lines.join("\n") + "\n";
}

function ansibleVars(r) {
  return ["---", ...repeatLines(r.int(4, 25), () => `${snake(r)}: ${r.chance(0.3) ? `"{{ vault_${snake(r)} }}"` : `"${kebab(r)}"`}`)].join("\n") + "\n";
}

function jsonConfig(r) {
  const obj = {};
  for (let i = r.int(5, 40); i > 0; i--) obj[camel(r)] = r.chance(0.3) ? { [word(r)]: r.int(1, 1000), [word(r)]: kebab(r), enabled: r.chance(0.5) } : kebab(r);
  return JSON.stringify(obj, null, 2) + "\n";
}

function yamlConfig(r) {
  const lines = [];
  for (let s = r.int(2, 8); s > 0; s--) {
    lines.push(`${word(r)}:`);
    for (let i = r.int(2, 10); i > 0; i--) lines.push(`  ${camel(r)}: ${r.chance(0.5) ? r.int(0, 5000) : kebab(r)}`);
  }
  return lines.join("\n") + "\n";
}

function gitlabCi(r) {
  const lines = ["stages: [build, test, deploy]", ""];
  for (let j = r.int(2, 6); j > 0; j--) {
    lines.push(`${kebab(r)}:`, `  stage: ${r.pick(["build", "test", "deploy"])}`, "  script:", `    - ./scripts/${kebab(r)}.sh`, `    - curl -H "PRIVATE-TOKEN: $${envName(r)}" https://gitlab.example.com/api/v4/projects`, "");
  }
  return lines.join("\n");
}

function jenkinsfile(r) {
  return [
    "pipeline {",
    "  agent any",
    "  stages {",
    `    stage('${word(r)}') {`,
    "      steps {",
    `        withCredentials([string(credentialsId: '${kebab(r)}', variable: '${envName(r)}')]) {`,
    `          sh './scripts/${kebab(r)}.sh'`,
    "        }",
    "      }",
    "    }",
    "  }",
    "  environment {",
    `    ${envName(r)} = credentials('${kebab(r)}')`,
    "  }",
    "}",
    "",
  ].join("\n");
}

function helmValues(r, big) {
  const lines = [`# Default values for ${kebab(r)}.`, `replicaCount: ${r.int(1, 3)}`, "image:", `  repository: ghcr.io/acme/${kebab(r)}`, '  tag: ""', "  pullPolicy: IfNotPresent", ""];
  const sections = big ? r.int(20, 90) : r.int(4, 20);
  for (let s = 0; s < sections; s++) {
    lines.push(`## @section ${sentence(r, 2, 5).slice(0, -1)}`, `${camel(r)}:`);
    for (let i = r.int(3, 14); i > 0; i--) {
      lines.push(`  ## @param ${word(r)}.${camel(r)} ${sentence(r, 4, 10)}`);
      lines.push(
        r.pick([
          `  ${camel(r)}: ${r.int(0, 9000)}`,
          `  ${camel(r)}: "${kebab(r)}"`,
          `  ${camel(r)}: ${r.chance(0.5)}`,
          `  existingSecret: ""`,
          `  ${camel(r)}:\n    enabled: ${r.chance(0.5)}\n    annotations: {}`,
          `  auth:\n    username: ${word(r)}\n    password: ""\n    existingSecretPasswordKey: ${word(r)}-password`,
        ]),
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

function helmTemplate(r, chart, kind) {
  const head = [`{{- if .Values.${camel(r)}.enabled }}`, `apiVersion: ${kind === "Deployment" ? "apps/v1" : "v1"}`, `kind: ${kind}`, "metadata:", `  name: {{ include "${chart}.fullname" . }}`, "  labels:", `    {{- include "${chart}.labels" . | nindent 4 }}`];
  const body =
    kind === "Secret"
      ? ["type: Opaque", "data:", ...repeatLines(r.int(1, 5), () => `  ${word(r)}-password: {{ .Values.auth.${camel(r)} | b64enc | quote }}`)]
      : kind === "Deployment"
        ? [
            "spec:",
            "  replicas: {{ .Values.replicaCount }}",
            "  template:",
            "    spec:",
            "      containers:",
            `        - name: {{ .Chart.Name }}`,
            '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
            "          env:",
            ...repeatLines(r.int(2, 12), () =>
              r.chance(0.4)
                ? `            - name: ${envName(r)}\n              valueFrom:\n                secretKeyRef:\n                  name: {{ include "${chart}.secretName" . }}\n                  key: ${word(r)}-password`
                : `            - name: ${envName(r)}\n              value: {{ .Values.${camel(r)}.${camel(r)} | quote }}`,
            ),
            "          {{- with .Values.resources }}",
            "          resources: {{- toYaml . | nindent 12 }}",
            "          {{- end }}",
          ]
        : ["data:", ...repeatLines(r.int(2, 15), () => `  ${snake(r)}: {{ .Values.${camel(r)}.${camel(r)} | quote }}`)];
  return [...head, ...body, "{{- end }}", ""].join("\n");
}

function helmHelpers(chart) {
  return [
    `{{- define "${chart}.fullname" -}}`,
    '{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}',
    "{{- end }}",
    "",
    `{{- define "${chart}.labels" -}}`,
    "app.kubernetes.io/name: {{ .Chart.Name }}",
    "app.kubernetes.io/instance: {{ .Release.Name }}",
    "{{- end }}",
    "",
    `{{- define "${chart}.secretName" -}}`,
    `{{- default (include "${chart}.fullname" .) .Values.auth.existingSecret }}`,
    "{{- end }}",
    "",
  ].join("\n");
}

function logFile(r, bytes) {
  const parts = [];
  let size = 0;
  let ts = 1_700_000_000_000 + r.int(0, 1e9);
  while (size < bytes) {
    ts += r.int(1, 5000);
    const line = `${new Date(ts).toISOString()} ${r.pick(["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"])} [${kebab(r)}] ${sentence(r, 4, 14)} request_id=${r.chars(HEXCH, 16)} duration_ms=${r.int(1, 9000)}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join("");
}

function minifiedJs(r, bytes) {
  const parts = ['"use strict";'];
  let size = 0;
  while (size < bytes) {
    const v = r.chars(LOWER, r.int(1, 2));
    const chunk = `function ${v}${r.int(0, 99)}(${r.chars(LOWER, 1)},${r.chars(LOWER, 1)}){var ${v}=${r.chars(LOWER, 1)}.${camel(r)}(${r.int(0, 999)});return ${v}&&${v}.${word(r)}?${JSON.stringify(sentence(r, 2, 5))}:${r.chars(LOWER, 1)}}`;
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join(";");
}

// ---------------------------------------------------------------------------------------------
// Planted credentials. Each kind builds its value from fragments and knows how to write itself as a
// line for a given file type. Values are random, so they pass any entropy floor.

const PLANT_KINDS = [
  { kind: "github-pat", make: (r) => "gh" + "p_" + r.chars(ALNUM, 36), key: "GITHUB_TOKEN_FALLBACK" },
  // Access key ids are base32 after the prefix; detectors rightly reject other alphabets.
  { kind: "aws-access-key-id", make: (r) => "AK" + "IA" + r.chars(BASE32, 16), key: "AWS_ACCESS_KEY_ID" },
  { kind: "aws-secret-access-key", make: (r) => r.chars(B64, 40), key: "AWS_SECRET_ACCESS_KEY" },
  { kind: "slack-bot-token", make: (r) => "xo" + "xb-" + r.chars(DIGITS, 11) + "-" + r.chars(DIGITS, 12) + "-" + r.chars(ALNUM, 24), key: "SLACK_BOT_TOKEN" },
  { kind: "okta-api-token", make: (r) => "0" + "0" + r.chars(ALNUM + "_-", 40), key: "OKTA_API_TOKEN" },
  { kind: "gitlab-pat", make: (r) => "gl" + "pat-" + r.chars(ALNUM + "_-", 20), key: "GITLAB_TOKEN" },
  { kind: "npm-token", make: (r) => "np" + "m_" + r.chars(ALNUM, 36), key: "NPM_TOKEN" },
];

function plantedLine(ext, key, value) {
  switch (ext) {
    case "env":
      return `${key}=${value}`;
    case "sh":
      return `export ${key}="${value}"`;
    case "py":
      return `${key} = "${value}"`;
    case "tfvars":
      return `${key.toLowerCase()} = "${value}"`;
    case "yaml":
      return `${key.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase())}: "${value}"`;
    default:
      throw new Error(`no plant format for ${ext}`);
  }
}

function privateKeyBlock(r) {
  return ["-----BEGIN " + "RSA PRIVATE" + " KEY-----", ...repeatLines(25, () => r.chars(B64, 64)), r.chars(B64, 24) + "==", "-----END " + "RSA PRIVATE" + " KEY-----", ""].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Writing

class Writer {
  constructor(root) {
    this.root = root;
    this.files = 0;
    this.bytes = 0;
    this.dirs = new Set();
    /** Files eligible to receive a planted line, by extension. */
    this.eligible = { env: [], sh: [], py: [], tfvars: [], yaml: [] };
  }
  write(path, text, { counted = true, plant } = {}) {
    const abs = join(this.root, path);
    const dir = dirname(abs);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(abs, text);
    if (counted) {
      this.files += 1;
      this.bytes += Buffer.byteLength(text);
    }
    if (plant) this.eligible[plant].push(path);
  }
  copy(from, path) {
    const abs = join(this.root, path);
    const dir = dirname(abs);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    copyFileSync(from, abs);
    this.files += 1;
    this.bytes += statSync(abs).size;
  }
}

/** The corpus workflow files, sorted so that copies are deterministic. */
export function corpusWorkflows() {
  if (!existsSync(CORPUS)) throw new Error(`workflow corpus not found at ${CORPUS}`);
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.ya?ml$/.test(name)) out.push(abs);
    }
  };
  walk(CORPUS);
  return out;
}

function flatName(abs) {
  return relative(CORPUS, abs).replace(/[\\/]/g, "--");
}

/**
 * Plants `count` credentials into already written files (appending YAML/tfvars keys at top level so
 * the documents stay valid, inserting elsewhere at a line boundary), plus private-key files.
 */
function plant(r, w, count) {
  const planted = [];
  const exts = Object.keys(w.eligible).filter((ext) => w.eligible[ext].length > 0);
  const used = new Set();
  for (let i = 0; i < count; i++) {
    if (i % 7 === 6) {
      const path = `secrets-legacy/${kebab(r)}-${i}.pem`;
      w.write(path, privateKeyBlock(r));
      planted.push({ kind: "private-key", file: path, line: 1 });
      continue;
    }
    const spec = PLANT_KINDS[i % PLANT_KINDS.length];
    const ext = exts[i % exts.length];
    const pool = w.eligible[ext];
    let path = r.pick(pool);
    for (let tries = 0; used.has(path) && tries < 20; tries++) path = r.pick(pool);
    used.add(path);
    const abs = join(w.root, path);
    const lines = readFileSync(abs, "utf8").split("\n");
    const append = ext === "yaml" || ext === "tfvars";
    // Keep a shebang first; otherwise anywhere at a line boundary.
    const at = append ? (lines[lines.length - 1] === "" ? lines.length - 1 : lines.length) : r.int(1, Math.max(1, lines.length - 1));
    const line = plantedLine(ext, spec.key, spec.make(r));
    lines.splice(at, 0, line);
    const text = lines.join("\n");
    w.bytes += Buffer.byteLength(line) + 1;
    writeFileSync(abs, text);
    planted.push({ kind: spec.kind, file: path, line: at + 1 });
  }
  // Several plants may land in one file; a later insert shifts the lines of earlier ones. Recompute
  // lines by locating each planted key in its file, in order.
  return planted;
}

/** Decoys: credentials in folders that must never be scanned. A finding there is a bug. */
function writeIgnored(r, w, scale) {
  const pkgs = Math.max(5, Math.round(200 * scale));
  for (let p = 0; p < pkgs; p++) {
    const name = `${kebab(r)}-${p}`;
    w.write(`node_modules/${name}/package.json`, JSON.stringify({ name, version: `${r.int(0, 9)}.${r.int(0, 20)}.0`, main: "index.js" }, null, 2), { counted: false });
    w.write(`node_modules/${name}/index.js`, tsSource(r), { counted: false });
    if (p % 10 === 0) w.write(`node_modules/${name}/.env`, `NPM_TOKEN=${"np" + "m_" + r.chars(ALNUM, 36)}\n`, { counted: false });
  }
  for (let o = 0; o < Math.max(5, Math.round(300 * scale)); o++) {
    const hex = r.chars(HEXCH, 40);
    const bytes = Buffer.alloc(r.int(200, 4000));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r.next() * 256);
    w.write(`.git/objects/${hex.slice(0, 2)}/${hex.slice(2)}`, bytes, { counted: false });
  }
  w.write(".git/HEAD", "ref: refs/heads/main\n", { counted: false });
  w.write(".git/config", `[remote "origin"]\n\turl = https://x-access-token:${"gh" + "p_" + r.chars(ALNUM, 36)}@github.com/acme/mono.git\n`, { counted: false });
}

function binaryFile(r, size) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(r.next() * 256);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  return bytes;
}

function generateFull(root, preset) {
  const r = new Rand(preset.seed);
  const w = new Writer(root);
  const scale = preset.targetFiles / 30_000;
  const workflows = corpusWorkflows();
  let binaries = 0;
  let tooLarge = 0;

  // Root Actions folder: real workflows.
  const rootWorkflows = Math.max(20, Math.round(200 * scale));
  for (let i = 0; i < rootWorkflows; i++) w.copy(workflows[(i * 7) % workflows.length], `.github/workflows/${String(i).padStart(4, "0")}-${flatName(workflows[(i * 7) % workflows.length])}`);
  w.write(".github/secretowners.yml", manifest());
  w.write("README.md", markdown(r));

  // Large files take ~40% of the byte budget; generated up front so the rest can fill the count.
  const largeBudget = preset.targetBytes * 0.4;
  let large = 0;
  for (let i = 0; large < largeBudget; i++) {
    const size = r.int(1_000_000, 1_900_000);
    const text = i % 2 === 0 ? logFile(r, size) : minifiedJs(r, size);
    w.write(i % 2 === 0 ? `logs/${kebab(r)}-${i}.log` : `web/static/${kebab(r)}-${i}.min.js`, text);
    large += Buffer.byteLength(text);
  }
  // Over the walker's per-file cap (2 MiB): reported as skipped, never read in full.
  for (let i = 0; i < Math.max(1, Math.round(3 * scale)); i++) {
    w.write(`logs/archive/${kebab(r)}-${i}.log`, logFile(r, 2_300_000), { counted: false });
    tooLarge += 1;
  }

  const kinds = [
    ["services", 1],
    ["charts", 0.35],
    ["infra", 0.35],
    ["ansible", 0.2],
  ];
  let unit = 0;
  while (w.files < preset.targetFiles) {
    const area = r.chance(0.6) ? "services" : r.pick(kinds)[0];
    const name = `${kebab(r)}-${unit++}`;
    if (area === "services") {
      const base = `services/${name}`;
      const lang = r.pick(["ts", "py", "go"]);
      const gen = lang === "ts" ? tsSource : lang === "py" ? pySource : goSource;
      for (let f = r.int(6, 30); f > 0; f--) w.write(`${base}/src/${kebab(r)}-${f}.${lang}`, gen(r), lang === "py" ? { plant: "py" } : undefined);
      w.write(`${base}/README.md`, markdown(r));
      w.write(`${base}/Dockerfile`, dockerfile(r));
      if (r.chance(0.6)) w.write(`${base}/docker-compose.yml`, composeFile(r));
      w.write(`${base}/.env.example`, dotenv(r), { plant: "env" });
      w.write(`${base}/config/${r.pick(["default", "production", "staging"])}.json`, jsonConfig(r));
      w.write(`${base}/config/settings.yaml`, yamlConfig(r), { plant: "yaml" });
      for (let s = r.int(1, 4); s > 0; s--) w.write(`${base}/scripts/${kebab(r)}-${s}.sh`, shellScript(r), { plant: "sh" });
      for (let k = r.int(1, 4); k > 0; k--) w.write(`${base}/k8s/${kebab(r)}-${k}.yaml`, k8sManifest(r));
      if (r.chance(0.3)) w.write(`${base}/.gitlab-ci.yml`, gitlabCi(r));
      if (r.chance(0.2)) w.write(`${base}/Jenkinsfile`, jenkinsfile(r));
      // A package's own .github/workflows/ is not an Actions folder (only the root one is), but it
      // holds real workflow text that every extractor still has to look at and reject cheaply.
      if (r.chance(0.3)) w.copy(r.pick(workflows), `${base}/.github/workflows/ci.yml`);
      for (let d = r.int(0, 4); d > 0; d--) w.write(`${base}/docs/${kebab(r)}.md`, markdown(r));
      if (r.chance(0.15)) {
        w.write(`${base}/assets/${kebab(r)}.png`, binaryFile(r, r.int(2000, 60000)), { counted: false });
        binaries += 1;
      }
    } else if (area === "charts") {
      helmChart(r, w, `charts/${name}`, name, false);
    } else if (area === "infra") {
      const base = `infra/${r.pick(["aws", "gcp", "okta", "vault"])}/${name}`;
      w.write(`${base}/main.tf`, terraform(r));
      w.write(`${base}/variables.tf`, terraform(r));
      w.write(`${base}/outputs.tf`, terraform(r));
      w.write(`${base}/${r.pick(["prod", "staging", "dev"])}.tfvars`, tfvars(r), { plant: "tfvars" });
      w.write(`${base}/README.md`, markdown(r));
    } else {
      const base = `ansible/roles/${name}`;
      w.write(`${base}/tasks/main.yml`, ansibleTasks(r));
      w.write(`${base}/defaults/main.yml`, ansibleVars(r));
      w.write(`${base}/handlers/main.yml`, ansibleTasks(r));
      w.write(`ansible/group_vars/${name}.yml`, ansibleVars(r));
    }
  }
  // Top up bytes with more mid-size docs if the small files came in light.
  for (let i = 0; w.bytes < preset.targetBytes; i++) w.write(`docs/handbook/${kebab(r)}-${i}.md`, repeatLines(40, () => markdown(r)).join("\n"));

  writeIgnored(r, w, scale);
  const planted = relocate(root, plant(r, w, Math.max(14, Math.round(140 * scale))));
  return { files: w.files, bytes: w.bytes, planted, binaries, tooLarge };
}

function helmChart(r, w, base, name, big) {
  w.write(`${base}/Chart.yaml`, [`apiVersion: v2`, `name: ${name}`, `description: ${sentence(r)}`, "type: application", `version: ${r.int(0, 20)}.${r.int(0, 20)}.${r.int(0, 9)}`, `appVersion: "${r.int(1, 9)}.${r.int(0, 9)}"`, "dependencies:", "  - name: common", "    version: 2.x.x", "    repository: oci://registry-1.docker.io/bitnamicharts", ""].join("\n"));
  w.write(`${base}/values.yaml`, helmValues(r, big), { plant: "yaml" });
  if (big) w.write(`${base}/values.schema.json`, jsonConfig(r) + jsonConfig(r));
  w.write(`${base}/README.md`, repeatLines(big ? r.int(2, 6) : 1, () => markdown(r)).join("\n"));
  w.write(`${base}/templates/_helpers.tpl`, helmHelpers(name));
  w.write(`${base}/templates/NOTES.txt`, `Get the application URL by running:\n  kubectl get svc {{ include "${name}.fullname" . }}\n`);
  for (const kind of ["Deployment", "Service", "ConfigMap", "Secret"]) w.write(`${base}/templates/${kind.toLowerCase()}.yaml`, helmTemplate(r, name, kind));
  for (let t = r.int(2, big ? 20 : 6); t > 0; t--) w.write(`${base}/templates/${kebab(r)}-${t}.yaml`, helmTemplate(r, name, r.pick(["Deployment", "ConfigMap", "Service", "Secret"])));
  if (big) for (let c = r.int(0, 3); c > 0; c--) helmChart(r, w, `${base}/charts/${kebab(r)}`, kebab(r), false);
}

/** Lines shift when two plants share a file; find each planted line again by content order. */
function relocate(root, planted) {
  const byFile = new Map();
  for (const p of planted) {
    if (!byFile.has(p.file)) byFile.set(p.file, []);
    byFile.get(p.file).push(p);
  }
  for (const [file, list] of byFile) {
    if (list.length === 1 && list[0].kind === "private-key") continue;
    const lines = readFileSync(join(root, file), "utf8").split("\n");
    const keys = new Set(PLANT_KINDS.map((k) => k.key));
    const hits = [];
    lines.forEach((line, i) => {
      for (const key of keys) if (line.includes(key) || line.includes(key.toLowerCase()) || line.includes(key.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase()))) hits.push(i + 1);
    });
    // Each planted line carries exactly one plant key at assignment position; generated text never
    // uses these key names, so hits are exactly the planted lines, in file order.
    const sorted = [...list].sort((a, b) => a.line - b.line);
    if (hits.length !== sorted.length) throw new Error(`plant bookkeeping: ${file} has ${hits.length} key lines for ${sorted.length} plants`);
    sorted.forEach((p, i) => (p.line = hits[i]));
  }
  return planted.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function generateWorkflows(root, preset) {
  const r = new Rand(preset.seed);
  const w = new Writer(root);
  const workflows = corpusWorkflows();
  for (let c = 0; c < preset.copies; c++) for (const [i, abs] of workflows.entries()) w.copy(abs, `.github/workflows/${c}-${String(i).padStart(4, "0")}-${flatName(abs)}`);
  const planted = [];
  for (let i = 0; i < 12; i++) {
    const spec = PLANT_KINDS[i % PLANT_KINDS.length];
    const path = `.github/workflows/zz-planted-${i}.yml`;
    const lines = ["name: legacy deploy", "on: [push]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:", `      ${spec.key}: ${spec.make(r)}`, "    steps:", "      - uses: actions/checkout@v4", `      - run: ./deploy.sh --token "\${{ secrets.DEPLOY_TOKEN }}"`, ""];
    w.write(path, lines.join("\n"));
    planted.push({ kind: spec.kind, file: path, line: 7 });
  }
  return { files: w.files, bytes: w.bytes, planted, binaries: 0, tooLarge: 0 };
}

function generateHelm(root, preset) {
  const r = new Rand(preset.seed);
  const w = new Writer(root);
  for (let c = 0; c < preset.charts; c++) {
    const name = `${kebab(r)}-${c}`;
    helmChart(r, w, `bitnami/${name}`, name, true);
  }
  // Only values.yaml files are eligible here; every plant is a YAML key appended at top level.
  const planted = [];
  const used = new Set();
  const pool = w.eligible.yaml;
  for (let i = 0; i < Math.max(6, Math.round(preset.charts / 10)); i++) {
    const spec = PLANT_KINDS[i % PLANT_KINDS.length];
    let path = r.pick(pool);
    while (used.has(path)) path = r.pick(pool);
    used.add(path);
    const abs = join(root, path);
    const text = readFileSync(abs, "utf8");
    const line = plantedLine("yaml", spec.key, spec.make(r));
    const body = text.endsWith("\n") ? text : `${text}\n`;
    writeFileSync(abs, `${body}${line}\n`);
    w.bytes += Buffer.byteLength(line) + (body.length - text.length) + 1;
    planted.push({ kind: spec.kind, file: path, line: body.split("\n").length });
  }
  return { files: w.files, bytes: w.bytes, planted: planted.sort((a, b) => (a.file < b.file ? -1 : 1)), binaries: 0, tooLarge: 0 };
}

function manifest() {
  return [
    "version: 1",
    "defaults:",
    "  rotation: 90d",
    '  revoker: "@acme/secops"',
    "rules:",
    '  - secrets: ["AWS_*", "AZURE_*", "GCP_*"]',
    '    owner: "@acme/cloud-platform"',
    '    purpose: "Cloud deploys"',
    '  - secrets: ["OKTA_*", "SCIM_*"]',
    '    owner: "@acme/iam-platform"',
    '    purpose: "Provisioning"',
    '  - secrets: ["*_TOKEN"]',
    '    owner: "@acme/devex"',
    '    purpose: "Tooling tokens"',
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------

/** Where a preset's tree lives, and the stamp beside it. */
export function treePaths(presetName) {
  const root = join(OUT, `tree-v${GENERATOR_VERSION}-${presetName}`);
  return { root, stamp: `${root}.stamp.json` };
}

/**
 * Returns the tree for a preset, generating it unless a stamp with this generator version and these
 * parameters is already there.
 */
export function ensureTree(presetName, { log = () => {} } = {}) {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`unknown preset ${presetName}; one of ${Object.keys(PRESETS).join(", ")}`);
  const { root, stamp } = treePaths(presetName);
  const want = { version: GENERATOR_VERSION, preset };
  if (existsSync(stamp) && existsSync(root)) {
    const have = JSON.parse(readFileSync(stamp, "utf8"));
    if (JSON.stringify({ version: have.version, preset: have.preset }) === JSON.stringify(want)) return { root, ...have };
  }
  log(`generating ${presetName} tree in ${relative(REPO, root)} ...`);
  const started = Date.now();
  rmSync(root, { recursive: true, force: true });
  rmSync(stamp, { force: true });
  mkdirSync(root, { recursive: true });
  const info = preset.kind === "full" ? generateFull(root, preset) : preset.kind === "workflows" ? generateWorkflows(root, preset) : generateHelm(root, preset);
  const record = { ...want, ...info, generatedInSeconds: (Date.now() - started) / 1000 };
  writeFileSync(stamp, JSON.stringify(record, null, 2));
  log(`  ${info.files} files, ${(info.bytes / 1e6).toFixed(1)} MB in ${record.generatedInSeconds.toFixed(1)} s`);
  return { root, ...record };
}

// CLI: node bench/generate.mjs [preset...] (default: full small workflows helm); --small = small only.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const names = args.includes("--small") ? ["small", "helm-small"] : args.filter((a) => !a.startsWith("--"));
  for (const name of names.length ? names : ["full", "small", "workflows", "helm"]) {
    const info = ensureTree(name, { log: (m) => console.log(m) });
    console.log(`${name}: ${info.root} — ${info.files} files, ${(info.bytes / 1e6).toFixed(1)} MB, ${info.planted.length} planted`);
  }
}
