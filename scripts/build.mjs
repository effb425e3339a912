// Bundles the CLI into one file. Bundling is not optional: @actions/workflow-parser imports its
// JSON schema without import attributes, which plain Node refuses; esbuild inlines the JSON.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const shared = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "linked",
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __secretownersRequire } from 'node:module'; const require = __secretownersRequire(import.meta.url);" },
  logLevel: "warning",
};

await build({ ...shared, entryPoints: ["src/cli/bin.ts"], outfile: "dist/cli/bin.js" });
chmodSync("dist/cli/bin.js", 0o755);
