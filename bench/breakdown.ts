// Where a scan's time goes, by stage: walking, reading, each extractor, credential detection.
// Runs the same pieces scanDirectory() runs (walk → readSourceFile → extractors → detectors), each
// timed on its own, so a slow stage shows up with the bytes it was given and its own MB/s. Not the
// number to quote (the timers add overhead); the number that says which owner to talk to.
// Run by `npm run bench -- --breakdown`.
import { performance } from "node:perf_hooks";
import { detectCredentials } from "../src/core/detect/scan.js";
import { EXTRACTORS } from "../src/core/extract/index.js";
import { collectInlineIgnores } from "../src/core/policy/suppress.js";
import { DEFAULT_MAX_FILE_BYTES } from "../src/node/max-file-size.js";
import { readSourceFile, walk } from "../src/node/walk.js";

interface Stage {
  ms: number;
  files: number;
  bytes: number;
}

const root = process.argv[2];
if (root === undefined) {
  console.error("usage: breakdown <root>");
  process.exit(2);
}

const stages = new Map<string, Stage>();
const add = (name: string, ms: number, bytes: number): void => {
  const stage = stages.get(name) ?? { ms: 0, files: 0, bytes: 0 };
  stage.ms += ms;
  stage.files += 1;
  stage.bytes += bytes;
  stages.set(name, stage);
};
/** Detection time by file extension: which kinds of file make the detectors slow. */
const byExt = new Map<string, Stage>();

const started = performance.now();
let t = performance.now();
for (const entry of walk(root, { maxFileBytes: DEFAULT_MAX_FILE_BYTES })) {
  const now = performance.now();
  add("walk", now - t, 0);
  if (entry.kind === "skipped") {
    t = performance.now();
    continue;
  }
  const read = readSourceFile(entry.path, entry.absolute, DEFAULT_MAX_FILE_BYTES);
  const afterRead = performance.now();
  if (read.kind === "skipped") {
    add("read (skipped)", afterRead - now, 0);
    t = performance.now();
    continue;
  }
  const file = read.file;
  add("read", afterRead - now, file.text.length);
  for (const extractor of EXTRACTORS) {
    const a = performance.now();
    const matched = extractor.matches(file.path);
    if (matched) extractor.extract(file);
    const b = performance.now();
    add(matched ? `extract:${extractor.id}` : "extract: matches() only", b - a, matched ? file.text.length : 0);
  }
  const a = performance.now();
  detectCredentials(file);
  const b = performance.now();
  add("detect", b - a, file.text.length);
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.path)?.[1]?.toLowerCase() ?? "(none)";
  const slot = byExt.get(ext) ?? { ms: 0, files: 0, bytes: 0 };
  slot.ms += b - a;
  slot.files += 1;
  slot.bytes += file.text.length;
  byExt.set(ext, slot);
  collectInlineIgnores(file);
  add("inline ignores", performance.now() - b, file.text.length);
  t = performance.now();
}
const total = performance.now() - started;

const rows = (map: Map<string, Stage>) =>
  [...map.entries()]
    .sort((x, y) => y[1].ms - x[1].ms)
    .map(([name, s]) => ({ name, ms: s.ms, pct: (100 * s.ms) / total, files: s.files, mb: s.bytes / 1e6, mbPerSecond: s.bytes ? s.bytes / 1e6 / (s.ms / 1000) : null }));

process.stdout.write(`${JSON.stringify({ totalMs: total, stages: rows(stages), detectByExtension: rows(byExt) })}\n`);
