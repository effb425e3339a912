// Bundles the CLI into one file. Bundling is not optional: @actions/workflow-parser imports its
// JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
import { build } from "esbuild";
import { chmodSync } from "node:fs";
import { bundleOptions } from "./esbuild-options.mjs";

// probot stays a runtime dependency: it loads its logger transports and helpers from node_modules.
await build({ ...bundleOptions, legalComments: "linked", entryPoints: ["src/cli/bin.ts"], outfile: "dist/cli/bin.js", external: ["probot"] });
chmodSync("dist/cli/bin.js", 0o755);
