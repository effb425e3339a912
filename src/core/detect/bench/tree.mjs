// Detection-only throughput on a generated bench tree (a script, not a test: timings never gate CI).
// Loads every file the way scanDirectory() would see it (skips the same vendored folders, files over
// 2 MiB and NUL-sniffed binaries), then times detectCredentials() alone over the texts held in
// memory: median and best of several passes, MB/s on one core. It also prints a digest of every
// finding (detector, file, span, value hash), so an optimisation that changes *what* is found shows
// up as a different digest, and `--dump FILE` writes the findings for a diff.
// Usage: node [--cpu-prof] src/core/detect/bench/tree.mjs [tree dir] [--runs N] [--dump FILE]
// (profile: node bench/profile-summary.mjs CPU.cpuprofile $TMPDIR/detect-tree-bench-PID.mjs.map)
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const runs = Number(flag("--runs") ?? 5);
const dump = flag("--dump");
const root = args[0] ?? fileURLToPath(new URL("../../../../bench/out/tree-v2-full", import.meta.url));

// Bundled to a file with a source map, so `node --cpu-prof` + bench/profile-summary.mjs name lines.
const entry = fileURLToPath(new URL("../scan.ts", import.meta.url));
const outfile = join(tmpdir(), `detect-tree-bench-${process.pid}.mjs`);
await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", sourcemap: true, outfile });
const { detectCredentials } = await import(pathToFileURL(outfile).href);

const SKIPPED = new Set([".git", ".hg", ".svn", "node_modules", "vendor", "third_party", "bower_components", ".terraform", ".venv", "__pycache__"]);
const files = [];
let total = 0;
const stack = [""];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const name of readdirSync(join(root, dir)).sort()) {
    const path = dir ? `${dir}/${name}` : name;
    const stat = statSync(join(root, path));
    if (stat.isDirectory()) {
      if (!SKIPPED.has(name)) stack.push(path);
      continue;
    }
    if (stat.size > 2 * 1024 * 1024) continue;
    const bytes = readFileSync(join(root, path));
    if (bytes.subarray(0, 8000).includes(0)) continue;
    const text = bytes.toString("utf8");
    files.push({ path, text });
    total += text.length;
  }
}

const run = () => {
  let n = 0;
  for (const f of files) n += detectCredentials(f).length;
  return n;
};
run(); // warm up the JIT and regex compilation
const times = [];
let found = 0;
for (let i = 0; i < runs; i += 1) {
  const t0 = performance.now();
  found = run();
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const mbps = (s) => (total / 1e6 / s).toFixed(0);

const lines = [];
for (const f of files) {
  for (const c of detectCredentials(f)) {
    const l = c.location;
    lines.push(`${l.file}:${l.line}:${l.column}-${l.endLine}:${l.endColumn} ${c.detector} ${c.key ?? "-"} ${c.identity} ${c.valueHash}`);
  }
}
const digest = createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
if (dump !== undefined) writeFileSync(dump, `${lines.join("\n")}\n`);
console.log(
  `${files.length} files, ${(total / 1e6).toFixed(1)} MB; best ${mbps(times[0])} MB/s, median ${mbps(times[Math.floor(runs / 2)])} MB/s; ` +
    `${found} findings, digest ${digest}`,
);
