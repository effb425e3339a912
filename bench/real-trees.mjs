// Real repositories beside the synthetic trees (issue 6): secretowners and secretlint 13 (recommended
// preset) timed side by side, run after run, in one `npm run bench`, so load from whatever else
// the machine runs falls on both alike.
//
// The trees are not in the repository (they are other people's code): lay each one out at
//   bench/out/real/<owner>+<name>@<commit>/        (or under $SECRETOWNERS_BENCH_REAL)
// from a snapshot, e.g. with the search tool's `fetch` and
//   ../shared/tools/extract-snapshot.sh GIT_DIR bench/out/real/<owner>+<name>@<commit> <commit>
// A tree that is not there is skipped with a message saying where it was expected.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { OUT, REPO } from "./generate.mjs";

export const REAL_TREES = [
  { repo: "prometheus-community/helm-charts", commit: "cf408a290aec", what: "Helm charts with CRDs" },
  { repo: "argoproj/argo-cd", commit: "37ee0097cf85", what: "Go/TypeScript app, manifests, docs, test data" },
  { repo: "kubernetes/examples", commit: "279e8e4fe314", what: "Kubernetes manifests" },
  { repo: "terraform-aws-modules/terraform-aws-rds", commit: "fa183b6b3620", what: "Terraform modules" },
  { repo: "geerlingguy/ansible-for-devops", commit: "86e1bf800982", what: "Ansible playbooks" },
];

export const REAL_ROOT = process.env.SECRETOWNERS_BENCH_REAL ?? join(OUT, "real");
export const treePath = (tree) => join(REAL_ROOT, `${tree.repo.replace("/", "+")}@${tree.commit}`);

const SECRETLINT = join(REPO, "node_modules", "secretlint", "bin", "secretlint.js");
const SECRETLINT_CONFIG = join(OUT, "secretlintrc.json");
const NODE24_PREFIX = join(OUT, "node24");
const TIME = "/usr/bin/time";

/**
 * secretlint 13 needs Node 22+. On an older Node the bench runs it under the Node 24 binary of the
 * npm package `node@24`, installed into bench/out/node24 once (as .ci/run does for the e2e tests).
 */
function secretlintNode(log) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return { path: process.execPath, version: process.version, note: "" };
  const binary = join(NODE24_PREFIX, "node_modules", ".bin", "node");
  if (!existsSync(binary)) {
    log(`secretlint 13 needs Node 22+; installing the npm package node@24 into ${relative(REPO, NODE24_PREFIX)} ...`);
    mkdirSync(NODE24_PREFIX, { recursive: true });
    const installed = spawnSync("npm", ["install", "--prefix", NODE24_PREFIX, "--no-audit", "--no-fund", "--no-save", "node@24"], { encoding: "utf8" });
    if (installed.status !== 0 || !existsSync(binary)) return null;
  }
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim();
  return { path: binary, version, note: `secretlint ran under ${version} from the npm package node@24 (it needs Node 22+; this bench runs on ${process.version})` };
}

/** Wall time from spawn to exit, and peak RSS through GNU time when the machine has it. */
function timed(command, args, options) {
  const useTime = existsSync(TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME, ["-f", "__rss_kb=%M __cpu=%U+%S", command, ...args], { ...options, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 })
    : spawnSync(command, args, { ...options, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /__rss_kb=(\d+)/.exec(result.stderr ?? "");
  const cpu = /__cpu=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? "");
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, rssMb: rss ? Number(rss[1]) / 1024 : null, status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Per present tree: `runs` rounds after one uncounted warm-up round; each round runs secretowners
 * (default threads), secretowners on one thread, and secretlint, one after the other.
 */
export function runRealTrees({ runs, child, log }) {
  const present = REAL_TREES.filter((tree) => existsSync(treePath(tree)));
  const missing = REAL_TREES.filter((tree) => !existsSync(treePath(tree)));
  for (const tree of missing) {
    log(`real tree skipped: ${tree.repo}@${tree.commit} is not at ${relative(REPO, treePath(tree))} (see bench/README.md: fetch it and lay it out with ../shared/tools/extract-snapshot.sh)`);
  }
  if (present.length === 0) return { rows: [], missing, notes: [] };
  const node = existsSync(SECRETLINT) ? secretlintNode(log) : null;
  if (!existsSync(SECRETLINT)) log("secretlint is not installed (npm ci installs it as a devDependency): timing secretowners alone");
  else if (node === null) log("could not install node@24 for secretlint: timing secretowners alone");
  writeFileSync(SECRETLINT_CONFIG, `${JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] })}\n`);

  const tools = [
    { name: "secretowners", run: (root) => timed(process.execPath, [child, root], {}) },
    { name: "secretowners-1t", run: (root) => timed(process.execPath, [child, root], { env: { ...process.env, SECRETOWNERS_WORKERS: "0" } }) },
    // The same runtime as secretlint's, so the comparison is of the scanners, not of Node 20 and 24.
    ...(node && node.path !== process.execPath
      ? [{ name: "secretowners-node24", run: (root) => timed(node.path, [child, root], { env: { ...process.env, SECRETOWNERS_WORKERS: "0" } }) }]
      : []),
    ...(node
      ? [{ name: "secretlint", run: (root) => timed(node.path, [SECRETLINT, "--secretlintrc", SECRETLINT_CONFIG, "--no-color", "**/*"], { cwd: root }) }]
      : []),
  ];
  const rows = [];
  for (const tree of present) {
    const root = treePath(tree);
    const samples = Object.fromEntries(tools.map((tool) => [tool.name, []]));
    let scan = null;
    for (let round = 0; round <= runs; round++) {
      for (const tool of tools) {
        const sample = tool.run(root);
        if (tool.name !== "secretlint" && sample.status !== 0) throw new Error(`secretowners failed on ${tree.repo}: ${sample.stderr.slice(0, 2000)}`);
        // secretlint exits 1 when it finds something; anything else is a failure.
        if (tool.name === "secretlint" && sample.status !== 0 && sample.status !== 1) throw new Error(`secretlint failed on ${tree.repo} (exit ${sample.status}): ${sample.stderr.slice(0, 2000)}`);
        if (tool.name === "secretowners") scan = JSON.parse(sample.stdout.trim().split("\n").pop());
        if (tool.name === "secretlint") sample.findings = (sample.stdout.match(/^\s+\d+:\d+\s+error\s/gm) ?? []).length;
        if (round > 0) samples[tool.name].push(sample);
      }
      log(`  ${tree.repo} round ${round === 0 ? "warm-up" : `${round}/${runs}`}: ${tools.map((tool) => `${tool.name} ${(samples[tool.name].at(-1)?.seconds ?? 0).toFixed(2)} s`).join(", ")}`);
    }
    const summary = (name) => {
      const list = samples[name];
      if (!list || list.length === 0) return null;
      return { seconds: median(list.map((s) => s.seconds)), cpuSeconds: list[0].cpuSeconds === null ? null : median(list.map((s) => s.cpuSeconds)), rssMb: list[0].rssMb === null ? null : median(list.map((s) => s.rssMb)), all: list.map((s) => s.seconds), findings: list.at(-1).findings };
    };
    rows.push({ tree, files: scan.files, mb: scan.bytes / 1e6, findings: scan.findings, byRule: scan.byRule, threads: scan.threads, ours: summary("secretowners"), oneThread: summary("secretowners-1t"), node24: summary("secretowners-node24"), secretlint: summary("secretlint"), secretlintNode: node?.version ?? null });
  }
  return { rows, missing, notes: node?.note ? [node.note] : [] };
}

/** secretlint's CPU time over secretowners' on one thread, on the same Node when the bench ran both there. */
function cpuRatio(r) {
  const ours = r.node24?.cpuSeconds ?? r.oneThread?.cpuSeconds;
  return r.secretlint?.cpuSeconds && ours ? `${(r.secretlint.cpuSeconds / ours).toFixed(1)}×` : "-";
}

export function renderRealTrees({ rows, missing, notes }, runs) {
  if (rows.length === 0 && missing.length === 0) return { rows, console: [], markdown: [] };
  const header = ["repository", "files", "MB", "secretowners s", "MB/s", "CPU s", "RSS MB", "1 thread s", "CPU s", "1 thread, Node 24 s", "CPU s", "secretlint s", "MB/s", "CPU s", "RSS MB", "speed-up", "CPU ratio"];
  const fmt = (n, d = 2) => (n === null || n === undefined ? "-" : n.toFixed(d));
  const table = rows.map((r) => [
    `${r.tree.repo}@${r.tree.commit}`,
    String(r.files),
    r.mb.toFixed(1),
    fmt(r.ours.seconds),
    fmt(r.mb / r.ours.seconds, 1),
    fmt(r.ours.cpuSeconds),
    fmt(r.ours.rssMb, 0),
    fmt(r.oneThread?.seconds),
    fmt(r.oneThread?.cpuSeconds),
    fmt(r.node24?.seconds),
    fmt(r.node24?.cpuSeconds),
    fmt(r.secretlint?.seconds),
    r.secretlint ? fmt(r.mb / r.secretlint.seconds, 1) : "-",
    fmt(r.secretlint?.cpuSeconds),
    fmt(r.secretlint?.rssMb, 0),
    r.secretlint ? `${(r.secretlint.seconds / r.ours.seconds).toFixed(1)}×` : "-",
    cpuRatio(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const details = rows.map(
    (r) =>
      `- **${r.tree.repo}@${r.tree.commit}** (${r.tree.what}): secretowners ${r.findings} findings ${JSON.stringify(r.byRule)}, ${r.threads ? `${r.threads.workers} worker thread(s), ${r.threads.workerBatches}/${r.threads.batches} batches on workers` : ""}; runs ${r.ours.all.map((s) => s.toFixed(2)).join(" / ")} s` +
      (r.oneThread ? `; one thread ${r.oneThread.all.map((s) => s.toFixed(2)).join(" / ")} s` : "") +
      (r.secretlint ? `; secretlint ${r.secretlint.findings} findings, ${r.secretlint.all.map((s) => s.toFixed(2)).join(" / ")} s` : ""),
  );
  const skipped = missing.map((tree) => `- not measured: ${tree.repo}@${tree.commit} (no tree at \`${relative(REPO, treePath(tree))}\`)`);
  return {
    rows,
    console: ["", "Real trees (wall time of a fresh process, median of rounds; secretowners vs secretlint 13 recommended preset):", line(header), ...table.map(line), ...notes, ...skipped],
    markdown: [
      "## Real repositories, side by side with secretlint",
      "",
      `Each round runs, one after the other on the same tree: secretowners (\`scanPaths()\` as the CLI scans, default threads), secretowners on one`,
      `thread (\`SECRETOWNERS_WORKERS=0\`), the same on secretlint's Node 24 when that differs from the bench's Node, and secretlint 13`,
      `with \`@secretlint/secretlint-rule-preset-recommend\` (\`secretlint "**/*"\`); both honour .gitignore (the file counts agree);`,
      `one uncounted warm-up round, then the median of ${runs} rounds. Times are wall time of a fresh process from spawn to`,
      "exit (start-up included, for both tools); CPU is user + system seconds (GNU time), less sensitive than wall time to",
      "other work on a shared machine; MB is the text secretowners reads; RSS is GNU time's maximum resident set.",
      "Speed-up is secretlint's wall time over secretowners' (default threads); CPU ratio is secretlint's CPU time over",
      "secretowners' on one thread on the same Node (24 when secretlint needed it). Trees are laid out from snapshots at the commits named, under",
      "`bench/out/real/` (see bench/README.md).",
      "",
      `| ${header.join(" | ")} |`,
      `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
      ...table.map((row) => `| ${row.join(" | ")} |`),
      "",
      ...details,
      ...skipped,
      ...notes.map((note) => `- ${note}`),
      "",
    ],
  };
}
