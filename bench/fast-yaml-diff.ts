/**
 * The fast YAML reader against the `yaml` package over a generated bench tree (run with
 * `node bench/fast-yaml-diff.mjs [tree]`, default bench/out/tree-v2-full): for every YAML file,
 * every extractor whose path matches runs with the fast reader on and off, and the outputs must be
 * deep-equal. Prints how many files the fast reader took and how many it left to `yaml`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join, relative } from "node:path";
import { EXTRACTORS } from "../src/core/extract/index.js";
import { fastParseAll, setFastYamlEnabled } from "../src/core/extract/fast-yaml.js";

const root = process.argv[2] ?? "bench/out/tree-v2-full";
const files: string[] = [];
const walk = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (/\.ya?ml$/i.test(entry.name)) files.push(p);
  }
};
walk(root);
let fast = 0;
let fallback = 0;
let extracted = 0;
const differences: string[] = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const path = relative(root, file).replace(/\\/g, "/");
  if (fastParseAll(text) === null) fallback++;
  else fast++;
  for (const extractor of EXTRACTORS) {
    if (!extractor.matches(path)) continue;
    extracted++;
    setFastYamlEnabled(true);
    const a = extractor.extract({ path, text });
    setFastYamlEnabled(false);
    const b = extractor.extract({ path, text });
    setFastYamlEnabled(true);
    if (!isDeepStrictEqual(a, b)) differences.push(`${extractor.id} ${path}`);
  }
}
console.log(JSON.stringify({ root, yamlFiles: files.length, fastPath: fast, fallback, extractorRuns: extracted, differences: differences.length }));
for (const d of differences.slice(0, 20)) console.log(`DIFFERENT: ${d}`);
process.exitCode = differences.length === 0 ? 0 : 1;
