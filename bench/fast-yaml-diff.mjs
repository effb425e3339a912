// Bundles and runs bench/fast-yaml-diff.ts (see there) with the scanner's own esbuild options.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { bundleOptions } from "../scripts/esbuild-options.mjs";

const REPO = join(import.meta.dirname, "..");
const out = join(REPO, "bench", "out", "fast-yaml-diff.js");
await build({ ...bundleOptions, entryPoints: [join(REPO, "bench", "fast-yaml-diff.ts")], outfile: out, outdir: undefined });
const run = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: "inherit" });
process.exitCode = run.status ?? 1;
