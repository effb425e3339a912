// Bundles the CLI into one file. Bundling is not optional: @actions/workflow-parser imports its
// JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import { bundleOptions } from "./esbuild-options.mjs";

await build({ ...bundleOptions, legalComments: "linked", entryPoints: ["src/cli/bin.ts"], outfile: "dist/cli/bin.js" });
chmodSync("dist/cli/bin.js", 0o755);
// Large trees are scanned on worker threads too (src/node/parallel-scan.ts); each loads this.
await build({ ...bundleOptions, entryPoints: ["src/node/scan-worker.ts"], outfile: "dist/cli/scan-worker.js" });
