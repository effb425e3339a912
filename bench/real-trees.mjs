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

const CLI = join(REPO, "dist", "cli", "bin.js");
/** One small file: secretlint refuses a folder with nothing to lint, so start-up is timed on this. */
const STARTUP_TREE = join(OUT, "startup-tree");

/** The CLI as users run it: a scan of the whole tree, the JSON report to a pipe. */
const cliArgs = (root) => [CLI, "scan", root, "--root", root, "--format", "json", "--fail-on", "never"];

/**
 * Per present tree: `runs` rounds after one uncounted warm-up round; each round runs, one after
 * the other, the secretowners CLI (default threads), the CLI on one thread, the same on Node 24
 * when the bench runs on an older Node, and secretlint — each on the tree and on a folder holding one small file,
 * so that each tool's start-up can be told apart from its scanning.
 */
export function runRealTrees({ runs, child, sustainedChild, readFloorChild, log }) {
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
  mkdirSync(STARTUP_TREE, { recursive: true });
  writeFileSync(join(STARTUP_TREE, "README.md"), "# start-up\n\nA folder with one small file, to time each tool's start-up.\n");
  log("building the CLI (npm run build) so the bench times what ships ...");
  const built = spawnSync(process.execPath, [join(REPO, "scripts", "build.mjs")], { cwd: REPO, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr}`);

  const oneThread = { env: { ...process.env, SECRETOWNERS_WORKERS: "0" } };
  const tools = [
    { name: "secretowners", run: (root) => timed(process.execPath, cliArgs(root), {}) },
    { name: "secretowners-1t", run: (root) => timed(process.execPath, cliArgs(root), oneThread) },
    // The same runtime as secretlint's, so the comparison is of the scanners, not of Node 20 and 24.
    ...(node && node.path !== process.execPath ? [{ name: "secretowners-node24", run: (root) => timed(node.path, cliArgs(root), oneThread) }] : []),
    ...(node ? [{ name: "secretlint", run: (root) => timed(node.path, [SECRETLINT, "--secretlintrc", SECRETLINT_CONFIG, "--no-color", "**/*"], { cwd: root }) }] : []),
  ];
  const check = (tool, sample, where) => {
    // The CLI exits 0 with --fail-on never; secretlint exits 1 when it finds something.
    const ok = sample.status === 0 || (tool.name === "secretlint" && sample.status === 1);
    if (!ok) throw new Error(`${tool.name} failed on ${where} (exit ${sample.status}): ${sample.stderr.slice(0, 2000)}`);
  };
  const rows = [];
  for (const tree of present) {
    const root = treePath(tree);
    const samples = Object.fromEntries(tools.map((tool) => [tool.name, []]));
    const startups = Object.fromEntries(tools.map((tool) => [tool.name, []]));
    let report = null;
    for (let round = 0; round <= runs; round++) {
      for (const tool of tools) {
        const sample = tool.run(root);
        check(tool, sample, tree.repo);
        const startup = tool.run(STARTUP_TREE);
        check(tool, startup, "the start-up folder");
        if (tool.name === "secretowners") {
          report = JSON.parse(sample.stdout);
          // Inside bench/out (which .gitignore leaves out) only --root makes the tree its own repository.
          if (report.stats.files === 0) throw new Error(`secretowners scanned no file of ${tree.repo}: ${sample.stderr.slice(0, 500)}`);
        }
        if (tool.name === "secretlint") sample.findings = (sample.stdout.match(/^\s+\d+:\d+\s+error\s/gm) ?? []).length;
        if (round > 0) {
          samples[tool.name].push(sample);
          startups[tool.name].push(startup);
        }
      }
      log(`  ${tree.repo} round ${round === 0 ? "warm-up" : `${round}/${runs}`}: ${tools.map((tool) => `${tool.name} ${(samples[tool.name].at(-1)?.seconds ?? 0).toFixed(2)} s (start-up ${(startups[tool.name].at(-1)?.seconds ?? 0).toFixed(2)} s)`).join(", ")}`);
    }
    // How the files were shared among threads: the CLI does not print it, the bench child does.
    const threads = JSON.parse(spawnSync(process.execPath, [child, root], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }).stdout.trim().split("\n").pop()).threads;
    const summary = (name) => {
      const list = samples[name];
      if (!list || list.length === 0) return null;
      const start = startups[name];
      return {
        seconds: median(list.map((s) => s.seconds)),
        cpuSeconds: list[0].cpuSeconds === null ? null : median(list.map((s) => s.cpuSeconds)),
        rssMb: list[0].rssMb === null ? null : median(list.map((s) => s.rssMb)),
        startupSeconds: median(start.map((s) => s.seconds)),
        all: list.map((s) => s.seconds),
        findings: list.at(-1).findings,
      };
    };
    const byRule = {};
    for (const finding of report.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    const floor = readFloor(readFloorChild, root, runs, node);
    // Twice the rounds: one scan in a warm process is short, and a few more cost little.
    const sustained = sustainedScans(sustainedChild, root, 2 * runs, node);
    log(`  ${tree.repo}: read floor ${floor.map((f) => `${f.seconds.toFixed(2)} s (${f.version})`).join(", ")}; long-lived process, warm scan ${sustained.map((s) => `${s.tool} ${s.warmMs.toFixed(0)} ms`).join(", ")}`);
    rows.push({ tree, files: report.stats.files, mb: report.stats.bytes / 1e6, findings: report.findings.length, byRule, threads, ours: summary("secretowners"), oneThread: summary("secretowners-1t"), node24: summary("secretowners-node24"), secretlint: summary("secretlint"), secretlintNode: node?.version ?? null, floor, sustained });
  }
  return { rows, missing, notes: node?.note ? [node.note] : [] };
}

const SECRETLINT_SUSTAINED = join(REPO, "bench", "secretlint-sustained.mjs");

/**
 * A fresh process that walks the tree and reads and decodes every file the scan reads, and does
 * nothing else (median wall time of `runs` after one uncounted): no Node scanner of this tree can
 * finish sooner on this machine. On the bench's Node, and on secretlint's when that differs.
 */
function readFloor(readFloorChild, root, runs, node) {
  const runtimes = [{ path: process.execPath, version: process.version }];
  if (node && node.path !== process.execPath) runtimes.push({ path: node.path, version: node.version });
  return runtimes.map((runtime) => {
    const seconds = [];
    for (let round = 0; round <= runs; round++) {
      const sample = timed(runtime.path, [readFloorChild, root], {});
      if (sample.status !== 0) throw new Error(`the read floor failed on ${root} (exit ${sample.status}): ${sample.stderr.slice(0, 2000)}`);
      if (round > 0) seconds.push(sample.seconds);
    }
    return { version: runtime.version, seconds: median(seconds) };
  });
}

/**
 * Each tool in one long-lived process, scanning the tree `runs` + 1 times (its own file search
 * included each time), on the same Node (secretlint's): the rate of the App's queue worker and of
 * `org-scan`, where start-up is paid once. First scan and median of the rest.
 */
function sustainedScans(sustainedChild, root, runs, node) {
  const runtime = node ?? { path: process.execPath, version: process.version };
  const tools = [{ tool: "secretowners", args: [sustainedChild, root, String(runs)] }];
  if (node) tools.push({ tool: "secretlint", args: [SECRETLINT_SUSTAINED, root, String(runs)] });
  return tools.map(({ tool, args }) => {
    const sample = timed(runtime.path, args, { cwd: root });
    if (sample.status !== 0) throw new Error(`${tool} (long-lived) failed on ${root} (exit ${sample.status}): ${sample.stderr.slice(0, 2000)}`);
    const { files, ms } = JSON.parse(sample.stdout.trim().split("\n").pop());
    return { tool, version: runtime.version, files, firstMs: ms[0], warmMs: median(ms.slice(1)), allMs: ms };
  });
}

/** A Markdown table: the first column left-aligned, the figures right-aligned. */
export function markdownTable(header, rows) {
  return [`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

/** MB per second of scanning: the tree's time less the same tool's start-up on an empty folder. */
export function scanningMbPerSecond(mb, summary) {
  if (!summary) return null;
  const scanning = summary.seconds - summary.startupSeconds;
  return scanning > 0 ? mb / scanning : null;
}

/** secretlint's scanning throughput over secretowners' (each less its own start-up), when both are measurable. */
export function scanSpeedUp(r) {
  const ours = scanningMbPerSecond(r.mb, r.ours);
  const theirs = scanningMbPerSecond(r.mb, r.secretlint);
  return ours && theirs ? `${(ours / theirs).toFixed(1)}×` : "-";
}

/** secretlint's CPU time over secretowners' on one thread, on the same Node when the bench ran both there. */
function cpuRatio(r) {
  const ours = r.node24?.cpuSeconds ?? r.oneThread?.cpuSeconds;
  return r.secretlint?.cpuSeconds && ours ? `${(r.secretlint.cpuSeconds / ours).toFixed(1)}×` : "-";
}

export function renderRealTrees({ rows, missing, notes }, runs) {
  if (rows.length === 0 && missing.length === 0) return { rows, console: [], markdown: [] };
  const header = ["repository", "files", "MB", "secretowners s", "start-up s", "scan MB/s", "CPU s", "RSS MB", "1 thread s", "CPU s", "1 thread, Node 24 s", "CPU s", "secretlint s", "start-up s", "scan MB/s", "CPU s", "RSS MB", "speed-up", "scan speed-up", "CPU ratio"];
  const fmt = (n, d = 2) => (n === null || n === undefined ? "-" : n.toFixed(d));
  const table = rows.map((r) => [
    `${r.tree.repo}@${r.tree.commit}`,
    String(r.files),
    r.mb.toFixed(1),
    fmt(r.ours.seconds),
    fmt(r.ours.startupSeconds),
    fmt(scanningMbPerSecond(r.mb, r.ours), 1),
    fmt(r.ours.cpuSeconds),
    fmt(r.ours.rssMb, 0),
    fmt(r.oneThread?.seconds),
    fmt(r.oneThread?.cpuSeconds),
    fmt(r.node24?.seconds),
    fmt(r.node24?.cpuSeconds),
    fmt(r.secretlint?.seconds),
    fmt(r.secretlint?.startupSeconds),
    fmt(scanningMbPerSecond(r.mb, r.secretlint), 1),
    fmt(r.secretlint?.cpuSeconds),
    fmt(r.secretlint?.rssMb, 0),
    r.secretlint ? `${(r.secretlint.seconds / r.ours.seconds).toFixed(1)}×` : "-",
    scanSpeedUp(r),
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
  const sustainedHeader = ["repository", "MB", ...(rows[0]?.floor ?? []).map((f) => `read floor s (${f.version})`), "secretlint CLI s / 5", "secretowners first scan ms", "warm scan ms", "warm MB/s", "secretlint first scan ms", "warm scan ms", "warm MB/s", "first-scan ratio", "warm ratio"];
  const sustainedTable = rows.map((r) => {
    const ours = r.sustained.find((s) => s.tool === "secretowners");
    const theirs = r.sustained.find((s) => s.tool === "secretlint");
    return [
      `${r.tree.repo}@${r.tree.commit}`,
      r.mb.toFixed(1),
      ...r.floor.map((f) => fmt(f.seconds)),
      fmt(r.secretlint ? r.secretlint.seconds / 5 : null),
      fmt(ours?.firstMs, 0),
      fmt(ours?.warmMs, 0),
      fmt(ours ? r.mb / (ours.warmMs / 1000) : null, 1),
      fmt(theirs?.firstMs, 0),
      fmt(theirs?.warmMs, 0),
      fmt(theirs ? r.mb / (theirs.warmMs / 1000) : null, 1),
      ours && theirs ? `${(theirs.firstMs / ours.firstMs).toFixed(1)}×` : "-",
      ours && theirs ? `${(theirs.warmMs / ours.warmMs).toFixed(1)}×` : "-",
    ];
  });
  const sustainedDetails = rows.map(
    (r) => `- **${r.tree.repo}@${r.tree.commit}**: ${r.sustained.map((s) => `${s.tool} on ${s.version}, ${s.files} files, scans ${s.allMs.map((ms) => ms.toFixed(0)).join(" / ")} ms`).join("; ")}`,
  );
  const skipped = missing.map((tree) => `- not measured: ${tree.repo}@${tree.commit} (no tree at \`${relative(REPO, treePath(tree))}\`)`);
  return {
    rows,
    console: [
      "",
      "Real trees (wall time of a fresh process, median of rounds; secretowners vs secretlint 13 recommended preset):",
      line(header),
      ...table.map(line),
      ...notes,
      ...skipped,
      "",
      "Read floor and long-lived process:",
      sustainedHeader.join("  "),
      ...sustainedTable.map((row) => row.join("  ")),
    ],
    markdown: [
      "## Real repositories, side by side with secretlint",
      "",
      "Each round runs, one after the other on the same tree: the secretowners CLI as users run it (`secretowners scan TREE --root TREE",
      "--format json --fail-on never`, default threads), the CLI on one thread (`SECRETOWNERS_WORKERS=0`), the same on",
      "secretlint's Node 24 when that differs from the bench's Node, and secretlint 13 with",
      "`@secretlint/secretlint-rule-preset-recommend` (`secretlint \"**/*\"`); both honour .gitignore (the file counts agree).",
      "Each tool also runs on a folder holding one small file in every round: its start-up. One uncounted warm-up round, then the median",
      `of ${runs} rounds. Times are wall time of a fresh process from spawn to exit (start-up included, for both tools);`,
      "scan MB/s is MB over (wall time less the tool's own start-up); CPU is user + system seconds (GNU time), less",
      "sensitive than wall time to other work on a shared machine; MB is the text secretowners reads; RSS is GNU time's",
      "maximum resident set. Speed-up is secretlint's wall time over secretowners' (default threads); scan speed-up the",
      "ratio of the two scan MB/s; CPU ratio secretlint's CPU time over secretowners' on one thread on the same Node (24",
      "when secretlint needed it). Trees are laid out from snapshots at the commits named, under",
      "`bench/out/real/` (see bench/README.md).",
      "",
      ...markdownTable(header, table),
      "",
      ...details,
      ...skipped,
      ...notes.map((note) => `- ${note}`),
      "",
      "### The floor under a one-shot scan, and a long-lived process",
      "",
      "**Read floor**: a fresh process that walks the tree, reads and decodes every file secretowners reads and does",
      "nothing else (`bench/read-floor.ts`, bundled without the scanner; median of as many rounds): no Node scanner of the tree",
      "finishes sooner on this machine, so where it is above secretlint's CLI time over 5, no one-shot Node scan can",
      "be 5× faster than secretlint here. **Long-lived process**: each tool in one process scanning the tree again",
      "and again (its own file search each time: secretlint's CLI search with .gitignore, our walk), on the same",
      "Node (secretlint's), as the App's queue worker and `org-scan` scan repository after repository with",
      "start-up paid once (`bench/sustained-child.ts`, `bench/secretlint-sustained.mjs`). The first scan pays the",
      `JIT warm-up; warm is the median of the ${2 * runs} scans after it; ratios are secretlint's time over secretowners'.`,
      "",
      ...markdownTable(sustainedHeader, sustainedTable),
      "",
      ...sustainedDetails,
      "",
    ],
  };
}
