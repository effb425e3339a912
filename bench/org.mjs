// npm run bench:org — builds the CLI, bundles the benchmark (it imports the TypeScript fake GitHub)
// and runs it. See bench/org-run.ts for what is measured.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleOptions } from "../scripts/esbuild-options.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(join(REPO, "bench/out"), { recursive: true });
execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO, stdio: "inherit" });
const outfile = join(REPO, "bench/out/org-run.mjs");
await build({ ...bundleOptions, sourcemap: false, entryPoints: [join(REPO, "bench/org-run.ts")], outfile });
execFileSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: REPO, stdio: "inherit", env: { ...process.env, SECRETOWNERS_REPO: REPO } });
