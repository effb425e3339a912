// secretlint's counterpart of `sustained-child.js ROOT ROUNDS`: one long-lived process that finds the
// files as its CLI does (`secretlint "**/*"`: the CLI's own searchFiles, .gitignore respected) and
// lints them with the recommended preset ROUNDS + 1 times, timing each round. Run with the
// Node that runs secretlint (22+). Prints one JSON line with the times and the file count only.
import { createEngine } from "@secretlint/node";
import { performance } from "node:perf_hooks";

const [root, roundsText] = process.argv.slice(2);
if (root === undefined || roundsText === undefined) {
  console.error("usage: secretlint-sustained.mjs ROOT ROUNDS");
  process.exit(2);
}
// The CLI's file search is not among the package's exports; it sits beside the CLI in the package.
const { searchFiles } = await import(new URL("../node_modules/secretlint/module/search.js", import.meta.url).href);
const engine = await createEngine({ cwd: root, formatter: "stylish", color: false, configFileJSON: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] } });
const ms = [];
let files = 0;
for (let i = 0; i <= Number(roundsText); i++) {
  const started = performance.now();
  const { items } = await searchFiles(["**/*"], { cwd: root, respectGitignore: true });
  files = items.length;
  await engine.executeOnFiles({ filePathList: items });
  ms.push(performance.now() - started);
}
process.stdout.write(`${JSON.stringify({ files, ms })}\n`);
