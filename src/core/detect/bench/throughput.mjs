// Throughput check for detectCredentials (a script, not a test: timings never gate CI).
// Generates ~50 MB of realistic config text (Helm values, Kubernetes manifests, Terraform,
// Ansible, shell, Dockerfiles, .env, JSON) with a few planted secrets, then reports MB/s on
// one core.  Usage: node src/core/detect/bench/throughput.mjs [megabytes]
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const entry = fileURLToPath(new URL("../scan.ts", import.meta.url));
const bundled = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", write: false });
const code = bundled.outputFiles[0]?.text ?? "";
const { detectCredentials } = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);

const targetMb = Number(process.argv[2] ?? 50);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const word = () => pick(["api", "web", "worker", "billing", "auth", "gateway", "frontend", "db", "cache", "queue", "search", "payments"]);
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const token = (n) => Array.from({ length: n }, () => alnum[Math.floor(rand() * alnum.length)]).join("");

const templates = {
  "values.yaml": () => `replicaCount: ${1 + Math.floor(rand() * 5)}
image:
  repository: registry.example.internal/${word()}
  tag: "1.${Math.floor(rand() * 30)}.${Math.floor(rand() * 10)}"
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 8080
ingress:
  enabled: true
  className: nginx
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
  hosts:
    - host: ${word()}.corp.internal
      paths: ["/"]
auth:
  enabled: true
  existingSecret: ${word()}-credentials
  secretKeys:
    adminPasswordKey: admin-password
postgresql:
  auth:
    username: app
    password: "{{ .Values.global.dbPassword }}"
resources:
  limits: { cpu: 500m, memory: 512Mi }
tokenTTL: 3600
`,
  "deployment.yaml": () => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${word()}
  labels: { app: ${word()} }
spec:
  template:
    spec:
      serviceAccountName: ${word()}-sa
      containers:
        - name: app
          image: "ghcr.io/org/${word()}:sha-${token(7).toLowerCase()}"
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db-secret, key: password }
            - name: API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: api-token
                  key: token
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
      volumes:
        - name: tls
          secret:
            secretName: ${word()}-tls
`,
  "main.tf": () => `resource "aws_db_instance" "${word()}" {
  engine         = "postgres"
  instance_class = var.instance_class
  username       = "app"
  password       = random_password.db.result
  tags = { team = "${word()}" }
}

variable "api_token" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.${Math.floor(rand() * 9)}.0"
  cidr    = "10.${Math.floor(rand() * 255)}.0.0/16"
}
`,
  "playbook.yml": () => `- hosts: ${word()}
  become: true
  vars:
    app_user: deploy
    db_password: "{{ vault_db_password }}"
  tasks:
    - name: Install packages
      apt: name={{ item }} state=present
      loop: [nginx, git, curl]
    - name: Template config
      template: src=app.conf.j2 dest=/etc/app.conf mode=0600
    - name: Restart service
      service: name=${word()} state=restarted
`,
  "deploy.sh": () => `#!/usr/bin/env bash
set -euo pipefail
export PATH="$PATH:/usr/local/bin"
: "\${DEPLOY_TOKEN:?set DEPLOY_TOKEN}"
echo "deploying ${word()} to https://${word()}.corp.internal/api"
curl -fsS -H "Authorization: Bearer $DEPLOY_TOKEN" https://api.corp.internal/v1/releases
for task in build test publish; do
  make "$task" || exit 1
done
`,
  Dockerfile: () => `FROM node:20-alpine AS build
WORKDIR /app
ARG NPM_TOKEN
COPY package*.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build
FROM node:20-alpine
ENV NODE_ENV=production PORT=8080
COPY --from=build /app/dist ./dist
CMD ["node", "dist/server.js"]
`,
  ".env": () => `NODE_ENV=production
PORT=${3000 + Math.floor(rand() * 100)}
DATABASE_HOST=db.internal
SECRET_KEY_BASE=\${SECRET_KEY_BASE}
SESSION_SECRET=changeme
FEATURE_FLAGS=search,billing
`,
  "config.json": () => `{
  "name": "${word()}",
  "port": 8080,
  "auth": { "issuer": "https://login.corp.internal", "audience": "${word()}", "tokenUrl": "https://login.corp.internal/token" },
  "retries": ${Math.floor(rand() * 5)},
  "apiKey": "\${API_KEY}"
}
`,
};

const planted = [
  () => `OKTA_API_TOKEN=00${token(40)}\n`,
  () => `GITHUB_TOKEN=ghp_${token(36)}\n`,
  () => `password = "${token(20)}"\n`,
  () => `aws_access_key_id = AKIA${"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".slice(0, 16)}\n`,
];

const files = [];
let total = 0;
let expected = 0;
const names = Object.keys(templates);
while (total < targetMb * 1e6) {
  const name = pick(names);
  let text = "";
  for (let i = 0, n = 1 + Math.floor(rand() * 8); i < n; i += 1) text += templates[name]();
  if (rand() < 0.002) {
    text += pick(planted)();
    expected += 1;
  }
  files.push({ path: `charts/${word()}/${files.length}/${name}`, text });
  total += text.length;
}

const run = () => files.reduce((n, f) => n + detectCredentials(f).length, 0);
run(); // warm up the JIT and regex compilation
const t0 = performance.now();
const found = run();
const seconds = (performance.now() - t0) / 1000;
console.log(`${files.length} files, ${(total / 1e6).toFixed(1)} MB, ${seconds.toFixed(3)} s, ${(total / 1e6 / seconds).toFixed(0)} MB/s; planted ${expected}, found ${found}`);
