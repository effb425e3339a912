// Throughput check for detectCredentials (a script, not a test: timings never gate CI).
// Generates ~50 MB of realistic config text (Helm values, Kubernetes manifests, Terraform,
// Ansible, shell, Dockerfiles, .env, JSON) with a few planted secrets, then reports MB/s on
// one core.  Usage: node src/core/detect/bench/throughput.mjs [megabytes]
import { build } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

// Bundled to a file with a source map, so `node --cpu-prof` + bench/profile-summary.mjs name lines.
const entry = fileURLToPath(new URL("../scan.ts", import.meta.url));
const outfile = join(tmpdir(), `detect-throughput-${process.pid}.mjs`);
await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", sourcemap: true, outfile });
const { detectCredentials } = await import(pathToFileURL(outfile).href);

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
  "service.yaml": () => `apiVersion: v1
kind: Service
metadata:
  name: ${word()}
  labels:
    app.kubernetes.io/name: ${word()}
    app.kubernetes.io/part-of: platform
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${word()}
  ports:
    - name: http
      port: 80
      targetPort: 8080
      protocol: TCP
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${word()}-config
data:
  LOG_LEVEL: info
  FEATURE_SEARCH: "true"
  UPSTREAM_URL: http://${word()}.svc.cluster.local:8080
`,
  "network.tf": () => `resource "aws_vpc" "${word()}" {
  cidr_block           = "10.${Math.floor(rand() * 255)}.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name        = "${word()}"
    Environment = "prod"
  }
}

resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

output "vpc_id" {
  value = aws_vpc.main.id
}
`,
  "README.md": () => `# ${word()} service

Build with \`make build\` and run the test suite with \`make test\`. The service listens on
port 8080 and exposes Prometheus metrics on /metrics. Configuration is read from the
environment at start-up; see the chart's values file for the defaults used in production.
Deployments go through the usual pipeline: build, test, publish, then promote per stage.
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
// Best and median of several runs: shared machines add noise only upwards.
const times = [];
let found = 0;
for (let i = 0; i < 5; i += 1) {
  const t0 = performance.now();
  found = run();
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const mbps = (s) => (total / 1e6 / s).toFixed(0);
console.log(
  `${files.length} files, ${(total / 1e6).toFixed(1)} MB; best ${mbps(times[0])} MB/s, median ${mbps(times[2])} MB/s; planted ${expected}, found ${found}`,
);
