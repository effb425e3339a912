// Bundles the CLI and the GitHub Action. Bundling is not optional: @actions/workflow-parser
// imports its JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
// The Action's bundle is committed (a JavaScript action runs from the repository as it is), so its
// build must be byte-for-byte reproducible: no source map, licences kept at the end of the file, and
// .ci/run fails when the committed file differs from a fresh build.
import { build } from "esbuild";
import { chmodSync, rmSync } from "node:fs";
import { bundleOptions } from "./esbuild-options.mjs";

// The CLI is split into chunks: each command's code (src/cli/run/) is imported only when that
// command runs, so `-V`, `--help` and `scan` load none of org-scan's GitHub client, BullMQ or the
// App. The scan worker is an entry point of the same build, so it loads the very chunks the scan
// loaded (and, on Node 22+, their compile cache). Chunk names hold a content hash: the folder is
// emptied first so that no stale chunk ships.
rmSync("dist/cli", { recursive: true, force: true });
await build({
  ...bundleOptions,
  legalComments: "linked",
  entryPoints: { bin: "src/cli/bin.ts", "scan-worker": "src/node/scan-worker.ts" },
  outdir: "dist/cli",
  splitting: true,
  // probot stays a runtime dependency: it loads its logger transports and helpers from node_modules.
  external: ["probot"],
});
chmodSync("dist/cli/bin.js", 0o755);

await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/action/index.ts"], outfile: "dist/action/index.js" });
// Large trees are scanned on worker threads too (src/node/parallel-scan.ts); each loads the
// `scan-worker.js` beside the bundle that started it (the Action's is committed, so built like index.js).
await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/action/scan-worker.js" });
