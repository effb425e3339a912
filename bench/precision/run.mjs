// `npm run bench:precision`: rescans pinned public repositories with the built CLI, joins every
// blocking finding with the hand-made labels in labels.tsv and prints precision per detector (per
// rule for the rules that are not `hardcoded-secret`) and per system, beside the figures recorded
// for the code before the precision work (before.json). "precision" counts real findings only;
// "shape" also counts fixtures: how often the finding was a credential at all, whatever its context.
//
// Verdicts in labels.tsv (one line per blocking finding: repo, file, line, rule, verdict, what, why):
//   real     a real credential or a reference to a real named secret: a finding worth blocking on
//   fixture  credential-shaped, but a test fixture or a documented example: true, yet no PR blocker
//   fp       not a credential or not a secret at all
// `what` is the detector (hardcoded-secret) or the secret name; it tells apart two findings of one
// rule on one line. Precision = real / blocking. Blocking = unsuppressed at severity `error`.
//
// Flags:
//   --trees DIR     where the snapshots are laid out (default $PRECISION_TREES or /tmp/precision-trees)
//   --save-before   record the current figures as the "before" column (bench/precision/before.json)
//   --unlabelled    list blocking findings that have no label yet, as label lines to fill in
//
// A missing tree is laid out from a fetched snapshot with ../shared/tools/extract-snapshot.sh when
// $PRECISION_MIRRORS (default /work/.mirror) holds `<owner>+<name>/repo`; otherwise it is skipped
// with the reason.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const CLI = join(ROOT, "dist/cli/bin.js");
const LABELS = join(HERE, "labels.tsv");
const BEFORE = join(HERE, "before.json");

export const REPOS = [
  { repo: "prometheus-community/helm-charts", commit: "cf408a290aec" },
  { repo: "argoproj/argo-cd", commit: "37ee0097cf85" },
  { repo: "kubernetes/examples", commit: "279e8e4fe314" },
  { repo: "terraform-aws-modules/terraform-aws-rds", commit: "fa183b6b3620" },
  { repo: "geerlingguy/ansible-for-devops", commit: "86e1bf800982" },
  // Added with the provider detectors (no "before" figures): a CLI with GitHub Actions secrets,
  // an installed-app OAuth client secret in source and eval fixtures.
  { repo: "google-gemini/gemini-cli", commit: "5411f113cafa" },
  // Added in session 5 (no "before" figures): Helm charts with Vault references in workflows, a
  // large Django/Ansible application with dev-environment tooling, a demo with release workflows.
  { repo: "grafana/helm-charts", commit: "7a0ab968961a" },
  { repo: "ansible/awx", commit: "e21dd0a0933f" },
  { repo: "GoogleCloudPlatform/microservices-demo", commit: "34ffea917594" },
  // Also session 5: the largest Helm collection (passwords, keys and Secret names in every chart's
  // values), Compose samples with secrets, a Helm repository with chart-testing values, Terraform.
  { repo: "bitnami/charts", commit: "5165628ae066" },
  { repo: "docker/awesome-compose", commit: "18f59bdb09ec" },
  { repo: "DataDog/helm-charts", commit: "79f7c74fd252" },
  { repo: "terraform-aws-modules/terraform-aws-eks", commit: "bef29c4d9523" },
  // Identity: an OIDC provider (Go, SAML/OAuth constants) and Vault's Helm chart; and GKE's samples
  // (hundreds of manifests naming Secrets, Terraform with sensitive variables, .NET, notebooks).
  { repo: "dexidp/dex", commit: "ab64ed778070" },
  { repo: "hashicorp/vault-helm", commit: "aa1c92e4addd" },
  { repo: "GoogleCloudPlatform/kubernetes-engine-samples", commit: "2b5036514162" },
  // Identity and auth servers with local environments, test suites, locales and OpenAPI examples,
  // and a Postgres operator's manifests.
  { repo: "oauth2-proxy/oauth2-proxy", commit: "14af2951e562" },
  { repo: "authelia/authelia", commit: "23572030b404" },
  { repo: "ory/kratos", commit: "b86338da04a0" },
  { repo: "zalando/postgres-operator", commit: "a7aaad0a0b95" },
  // OpenStack's Ansible deployment (paste.ini templates, passwords.yml), Cloud Posse's Terraform
  // components (SSM parameter paths), kube-prometheus' generated manifests, NetBox (Django).
  { repo: "openstack/kolla-ansible", commit: "1a681814eb19" },
  { repo: "cloudposse/terraform-aws-components", commit: "a10df84fcd6e" },
  { repo: "prometheus-operator/kube-prometheus", commit: "4d719f1dea88" },
  { repo: "netbox-community/netbox", commit: "43fe81f9e833" },
  // Compose-based deployments and an AKS demo: .env files, compose secrets, all-in-one manifests.
  { repo: "getsentry/self-hosted", commit: "89a143f8e4d3" },
  { repo: "nextcloud/docker", commit: "4de1eed65a44" },
  { repo: "Azure-Samples/aks-store-demo", commit: "7ce10c5110d6" },
  // A Jenkins plugin (Jenkinsfiles, Java .properties translations), Google's GKE Terraform module,
  // the official postgres image (Dockerfiles, entrypoint shell).
  { repo: "jenkinsci/kubernetes-plugin", commit: "a82d78a0087e" },
  { repo: "terraform-google-modules/terraform-google-kubernetes-engine", commit: "bb176b213d8c" },
  { repo: "docker-library/postgres", commit: "6edb0a8c4def" },
  // A Go proxy (go.mod, integration tests, docs navigation) and a TypeScript/Vue monorepo (locales,
  // single-file components, release workflows full of secrets).
  { repo: "traefik/traefik", commit: "fd5a576df2e8" },
  { repo: "hoppscotch/hoppscotch", commit: "afc2cf181c16" },
  // Kubespray (Ansible with env lookups, GitLab CI, Terraform), Spring's sample app, Elastic's
  // Helm charts (commented examples), the OpenTelemetry demo (compose, Elixir, Grafana config).
  { repo: "kubernetes-sigs/kubespray", commit: "46dbdd3994b3" },
  { repo: "spring-projects/spring-petclinic", commit: "edf4db28affc" },
  { repo: "elastic/helm-charts", commit: "2fd64d0af65f" },
  { repo: "open-telemetry/opentelemetry-demo", commit: "054282e31831" },
  // An object store (Go, test scripts, CI keys), the AWX operator (Ansible/Jinja), a container
  // manager (Go, React), CDK samples (Python, TypeScript, user-data scripts).
  { repo: "minio/minio", commit: "7aac2a2c5b7c" },
  { repo: "ansible/awx-operator", commit: "1bc342258aad" },
  { repo: "portainer/portainer", commit: "cc75167437c0" },
  { repo: "aws-samples/aws-cdk-examples", commit: "bccff1d2775e" },
  // Application frameworks' samples: .NET (appsettings.json, Razor), Spring Boot + Angular
  // (JHipster, a committed keystore), Laravel's skeleton (.env.example).
  { repo: "dotnet/eShop", commit: "5624ad564d16" },
  { repo: "jhipster/jhipster-sample-app", commit: "f8da577c944e" },
  { repo: "laravel/laravel", commit: "8a119d7f4461" },
  // ansible-lint (nested example workflows, playbook fixtures), HashiCorp's Kubernetes provider
  // (Terraform examples, workflow scripts), Argo CD's example apps.
  { repo: "ansible/ansible-lint", commit: "262624cd0ab2" },
  { repo: "hashicorp/terraform-provider-kubernetes", commit: "3a33fb6cc605" },
  { repo: "argoproj/argocd-example-apps", commit: "0d521c6e0498" },
  // EKS blueprints (Terraform patterns, sensitive variables) and Alertmanager (Go, config fixtures).
  { repo: "aws-ia/terraform-aws-eks-blueprints", commit: "98d0eb4069e7" },
  { repo: "prometheus/alertmanager", commit: "68fb2d5759b3" },
];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const TREES = resolve(option("--trees", process.env.PRECISION_TREES ?? "/tmp/precision-trees"));
const MIRRORS = process.env.PRECISION_MIRRORS ?? "/work/.mirror";
const EXTRACT = resolve(ROOT, "../shared/tools/extract-snapshot.sh");

function treeOf({ repo, commit }) {
  const dir = join(TREES, repo.replace("/", "+"));
  if (existsSync(dir)) return dir;
  const gitDir = join(MIRRORS, repo.replace("/", "+"), "repo");
  if (!existsSync(gitDir) || !existsSync(EXTRACT)) return null;
  execFileSync(EXTRACT, [gitDir, dir, commit], { stdio: ["ignore", "ignore", "ignore"] });
  return dir;
}

function scan(dir) {
  const out = execFileSync(process.execPath, [CLI, "scan", dir, "--format", "json", "--fail-on", "never"], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(out);
}

function readLabels() {
  const labels = new Map();
  for (const line of readFileSync(LABELS, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const [repo, file, lineNo, rule, verdict, what = "", why = ""] = line.split("\t");
    if (!["real", "fixture", "fp"].includes(verdict)) throw new Error(`labels.tsv: bad verdict ${JSON.stringify(verdict)} in: ${line}`);
    const key = `${repo}\t${file}\t${lineNo}\t${rule}`;
    const list = labels.get(key) ?? [];
    list.push({ verdict, what, why });
    labels.set(key, list);
  }
  return labels;
}

/** The label of a finding: the one naming its detector or secret, else the only one on that line. */
function labelOf(labels, repo, f) {
  const list = labels.get(`${repo}\t${f.file}\t${f.line}\t${f.ruleId}`);
  if (list === undefined) return undefined;
  const what = whatOf(f);
  return list.find((l) => l.what === what) ?? (list.length === 1 || new Set(list.map((l) => l.verdict)).size === 1 ? list[0] : undefined);
}

const whatOf = (f) => (f.ruleId === "hardcoded-secret" ? (f.detector ?? "") : (f.secret ?? ""));
const groupOf = (f) => (f.ruleId === "hardcoded-secret" ? `hardcoded-secret/${f.detector}` : f.ruleId);

function tally() {
  const labels = readLabels();
  const byGroup = {};
  const bySystem = {};
  const byRepo = {};
  const unlabelled = [];
  const add = (table, key, verdict) => {
    const row = (table[key] ??= { blocking: 0, real: 0, fixture: 0, fp: 0, unlabelled: 0 });
    row.blocking += 1;
    row[verdict] += 1;
  };
  for (const target of REPOS) {
    const dir = treeOf(target);
    if (dir === null) {
      console.error(`skipped ${target.repo}: no tree in ${TREES} and no snapshot in ${MIRRORS} (fetch it, then extract-snapshot.sh)`);
      continue;
    }
    const report = scan(dir);
    for (const f of report.findings) {
      if (f.suppressed || f.severity !== "error") continue;
      const label = labelOf(labels, target.repo, f);
      const verdict = label?.verdict ?? "unlabelled";
      if (label === undefined) unlabelled.push([target.repo, f.file, f.line, f.ruleId, "?", whatOf(f), f.preview ?? ""].join("\t"));
      add(byGroup, groupOf(f), verdict);
      add(bySystem, f.system ?? "(hard-coded, any file)", verdict);
      add(byRepo, target.repo, verdict);
      add(byRepo, "all", verdict);
    }
  }
  return { byGroup, bySystem, byRepo, unlabelled };
}

const pct = (row) => (row === undefined || row.blocking === 0 ? "—" : `${((100 * row.real) / row.blocking).toFixed(0)}%`);
/** Credentials of any context over blocking: how often the detector was right about the shape. */
const shape = (row) => (row === undefined || row.blocking === 0 ? "—" : `${((100 * (row.real + row.fixture)) / row.blocking).toFixed(0)}%`);

function table(title, now, before) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(now)])].sort((a, b) => (a === "all" ? 1 : b === "all" ? -1 : a.localeCompare(b)));
  console.log(`\n${title}\n`);
  console.log("| | before: blocking | real | fixture | fp | precision | shape | after: blocking | real | fixture | fp | unlabelled | precision | shape |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const key of keys) {
    const b = before?.[key];
    const a = now[key];
    const cells = (row, withUnlabelled) => {
      if (row === undefined) return withUnlabelled ? ["0", "", "", "", "", "—", "—"] : ["0", "", "", "", "—", "—"];
      const base = [row.blocking, row.real, row.fixture, row.fp].map(String);
      return [...base, ...(withUnlabelled ? [String(row.unlabelled)] : []), pct(row), shape(row)];
    };
    console.log(`| ${key} | ${cells(b, false).join(" | ")} | ${cells(a, true).join(" | ")} |`);
  }
}

const result = tally();
if (args.includes("--save-before")) {
  const { unlabelled: _, ...figures } = result;
  writeFileSync(BEFORE, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`recorded ${BEFORE}`);
}
const before = existsSync(BEFORE) ? JSON.parse(readFileSync(BEFORE, "utf8")) : {};
table("Per repository", result.byRepo, before.byRepo);
table("Per detector (hardcoded-secret) and per rule", result.byGroup, before.byGroup);
table("Per system", result.bySystem, before.bySystem);
if (result.unlabelled.length > 0) {
  console.log(`\n${result.unlabelled.length} blocking findings have no label${args.includes("--unlabelled") ? ":" : " (--unlabelled lists them)"}`);
  if (args.includes("--unlabelled")) for (const line of result.unlabelled) console.log(line);
}
