// Summarises a V8 .cpuprofile of the bench bundle: self time per function and per original source
// file (mapped back through the bundle's source map), so hot spots name a module, not a bundle line.
// Any other script with a source map beside it (`X.js.map`), such as each chunk of the CLI, is
// mapped too. The CLI's chunks are minified onto long lines, so their hottest lines say little:
// profile the bench bundle (scan-child.js) for those.
//
// Usage: node bench/profile-summary.mjs bench/out/profiles/full.cpuprofile [bench/out/scan-child.js.map]
import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes a v3 source map's `mappings` into, per generated line, sorted [column, sourceIndex, line]. */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  let origLine = 0;
  for (const lineText of mappings.split(";")) {
    const segments = [];
    let col = 0;
    for (const seg of lineText.split(",")) {
      if (seg === "") continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0];
      if (values.length >= 4) {
        source += values[1];
        origLine += values[2];
        segments.push([col, source, origLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function lookup(decoded, line, column) {
  const segments = decoded[line];
  if (!segments || segments.length === 0) return null;
  let best = segments[0];
  for (const seg of segments) {
    if (seg[0] <= column) best = seg;
    else break;
  }
  return best;
}

/** Returns { total, byFunction: [{name, module, ms, pct}], byModule: [{module, ms, pct}] }. */
export function summarise(profilePath, mapPath) {
  const profile = JSON.parse(readFileSync(profilePath, "utf8"));
  const bundle = mapPath ? basename(mapPath).replace(/\.map$/, "") : null;
  /** The source map of the script at `url`, decoded: `mapPath` for its bundle, else `X.js.map` beside `X.js`. */
  const maps = new Map();
  const mapFor = (url) => {
    if (!maps.has(url)) {
      const path = bundle !== null && url.endsWith(`/${bundle}`) ? mapPath : url.startsWith("file://") ? `${fileURLToPath(url)}.map` : null;
      const map = path !== null && existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
      maps.set(url, map === null ? null : { map, decoded: decodeMappings(map.mappings) });
    }
    return maps.get(url);
  };
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const deltas = profile.timeDeltas;
  const totalUs = deltas.reduce((a, b) => a + b, 0);
  const usPerSample = totalUs / profile.samples.length;
  const byFunction = new Map();
  const byModule = new Map();
  // Hot source lines (V8 records per-line ticks for each function), mapped back to the original file.
  const byLine = new Map();
  for (const node of profile.nodes) {
    const mapped = node.positionTicks ? mapFor(node.callFrame.url) : null;
    if (!mapped) continue;
    const { map, decoded } = mapped;
    for (const { line, ticks } of node.positionTicks) {
      const hit = lookup(decoded, line - 1, 0) ?? lookup(decoded, line - 1, Number.MAX_SAFE_INTEGER);
      // The bundle's source map carries each file's text, so the line shown is the code profiled,
      // even if the file has changed on disk since.
      const text = hit ? map.sourcesContent?.[hit[1]]?.split("\n")[hit[2]]?.trim().slice(0, 110) : undefined;
      const where = hit ? `${map.sources[hit[1]].replace(/^(\.\.\/)+/, "")}:${hit[2] + 1}${text ? `  ${text}` : ""}` : `bundle:${line}`;
      byLine.set(where, (byLine.get(where) ?? 0) + ticks);
    }
  }
  const moduleOf = new Map();
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    let module = frame.url ? frame.url.replace(/^file:\/\//, "") : `(${frame.functionName || "native"})`;
    const mapped = mapFor(frame.url);
    if (mapped) {
      const hit = lookup(mapped.decoded, frame.lineNumber, frame.columnNumber);
      if (hit) module = mapped.map.sources[hit[1]].replace(/^(\.\.\/)+/, "");
    }
    moduleOf.set(node.id, module);
  }
  // Inclusive time per module: a sample counts once for every module on its stack.
  const stackModules = new Map();
  const modulesFor = (id) => {
    let set = stackModules.get(id);
    if (set) return set;
    const up = parent.get(id);
    set = new Set(up === undefined ? [] : modulesFor(up));
    set.add(moduleOf.get(id));
    stackModules.set(id, set);
    return set;
  };
  const inclusive = new Map();
  for (const [id, samples] of selfSamples) for (const m of modulesFor(id)) inclusive.set(m, (inclusive.get(m) ?? 0) + samples);
  for (const node of profile.nodes) {
    const samples = selfSamples.get(node.id) ?? 0;
    if (samples === 0) continue;
    const frame = node.callFrame;
    let module = frame.url ? frame.url.replace(/^file:\/\//, "") : `(${frame.functionName || "native"})`;
    const mapped = mapFor(frame.url);
    if (mapped) {
      const hit = lookup(mapped.decoded, frame.lineNumber, frame.columnNumber);
      if (hit) module = `${mapped.map.sources[hit[1]].replace(/^(\.\.\/)+/, "")}:${hit[2] + 1}`;
    }
    const fileOnly = module.replace(/:\d+$/, "");
    const name = `${frame.functionName || "(anonymous)"} ${module}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + samples);
    byModule.set(fileOnly, (byModule.get(fileOnly) ?? 0) + samples);
  }
  const total = profile.samples.length;
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, samples]) => ({ name, ms: (samples * usPerSample) / 1000, pct: (100 * samples) / total }));
  return { totalMs: totalUs / 1000, byFunction: rank(byFunction), byModule: rank(byModule), inclusive: rank(inclusive), byLine: rank(byLine) };
}

export function formatSummary(summary, top = 25) {
  const out = [`total ${summary.totalMs.toFixed(0)} ms sampled`, "", "self time by module:"];
  for (const row of summary.byModule.slice(0, top)) out.push(`  ${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name.length > 200 ? `${row.name.slice(0, 200)}…` : row.name}`);
  out.push("", "inclusive time by module (a sample counts for every module on its stack):");
  for (const row of summary.inclusive.filter((r) => !r.name.startsWith("(")).slice(0, top)) out.push(`  ${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  out.push("", "self time by function:");
  for (const row of summary.byFunction.slice(0, top)) out.push(`  ${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name.length > 200 ? `${row.name.slice(0, 200)}…` : row.name}`);
  out.push("", "hottest source lines (self time):");
  for (const row of summary.byLine.slice(0, Math.min(top, 15))) out.push(`  ${row.pct.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
  return out.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [profilePath, mapPath] = process.argv.slice(2);
  if (!profilePath) {
    console.error("usage: node bench/profile-summary.mjs PROFILE.cpuprofile [BUNDLE.js.map]");
    process.exit(2);
  }
  console.log(formatSummary(summarise(profilePath, mapPath ?? resolve(fileURLToPath(import.meta.url), "..", "out", "scan-child.js.map")), 30));
}
