// Bundles the CLI and the GitHub Action, one file each. Bundling is not optional: @actions/workflow-parser
// imports its JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
// The Action's bundle is committed (a JavaScript action runs from the repository as it is), so its
// build must be byte-for-byte reproducible: no source map, licences kept at the end of the file, and
// .ci/run fails when the committed file differs from a fresh build.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import { bundleOptions } from "./esbuild-options.mjs";

// probot stays a runtime dependency: it loads its logger transports and helpers from node_modules.
await build({ ...bundleOptions, legalComments: "linked", entryPoints: ["src/cli/bin.ts"], outfile: "dist/cli/bin.js", external: ["probot"] });
chmodSync("dist/cli/bin.js", 0o755);

await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/action/index.ts"], outfile: "dist/action/index.js" });
// Large trees are scanned on worker threads too (src/node/parallel-scan.ts); each loads the
// `scan-worker.js` beside the bundle that started it: one for the CLI, one (committed, so built
// like index.js) for the Action.
await build({ ...bundleOptions, entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/cli/scan-worker.js" });
await build({ ...bundleOptions, sourcemap: false, legalComments: "eof", entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/action/scan-worker.js" });
