// Bundles the CLI and the GitHub Action. Bundling is not optional: @actions/workflow-parser
// imports its JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
// The Action's bundle is committed (a JavaScript action runs from the repository as it is), so its
// build must be byte-for-byte reproducible: no source map, licences kept at the end of the file, and
// .ci/run fails when the committed file differs from a fresh build.
import { build } from "esbuild";
import { chmodSync, rmSync } from "node:fs";
import { bundleOptions } from "./esbuild-options.mjs";

/**
 * The CLI starts on every run, so its bundle is split and minified; the Action's is read by people
 * who audit what a workflow runs, so it stays one readable file (it starts once per job).
 * - Split: each command's code (src/cli/run/) is a chunk imported when that command runs, so `-V`,
 *   `--help` and `scan` load none of org-scan's GitHub client and BullMQ, nor the App.
 * - Whitespace minified: less to read, and no comment left to make a chunk non-ASCII, which Node
 *   decodes and V8 scans more slowly. Only whitespace: names stay (a crash's message names what it
 *   names), the code that runs is the code that was written, and rewriting syntax saved little
 *   more. The source maps beside the chunks map back to src/.
 * Chunk names hold a content hash: the folder is emptied first so that no stale chunk ships.
 */
const cliOptions = { ...bundleOptions, minifyWhitespace: true, legalComments: "linked" };
rmSync("dist/cli", { recursive: true, force: true });
// probot stays a runtime dependency: it loads its logger transports and helpers from node_modules.
await build({ ...cliOptions, entryPoints: { bin: "src/cli/bin.ts" }, outdir: "dist/cli", splitting: true, external: ["probot"] });
chmodSync("dist/cli/bin.js", 0o755);

await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/action/index.ts"], outfile: "dist/action/index.js" });
// Large trees are scanned on worker threads too (src/node/parallel-scan.ts); each loads the
// `scan-worker.js` beside the bundle that started it: one for the CLI, one (committed, so built
// like index.js) for the Action. Each is one file: a worker loads it whole, and sooner than chunks.
await build({ ...cliOptions, entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/cli/scan-worker.js" });
await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/action/scan-worker.js" });
