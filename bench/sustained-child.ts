// One long-lived process scanning the same tree ROUNDS + 1 times, as the App's queue worker and
// `org-scan` scan repository after repository: prints the time of every scan (the first one pays
// JIT warm-up, the rest are the sustained rate). Prints one JSON line; never a file's contents.
//
// Usage: sustained-child.js ROOT ROUNDS
import { performance } from "node:perf_hooks";
import { scanPaths } from "../src/node/scan-paths.js";

const [root, roundsText] = process.argv.slice(2);
if (root === undefined || roundsText === undefined) {
  console.error("usage: sustained-child ROOT ROUNDS");
  process.exit(2);
}
const ms: number[] = [];
let files = 0;
let bytes = 0;
for (let i = 0; i <= Number(roundsText); i++) {
  const started = performance.now();
  const { result } = scanPaths([root], { root });
  ms.push(performance.now() - started);
  files = result.stats.files;
  bytes = result.stats.bytes;
}
process.stdout.write(`${JSON.stringify({ files, bytes, ms })}\n`);
