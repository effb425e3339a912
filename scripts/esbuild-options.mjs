// esbuild options shared by every bundle of the scanner (scripts/build.mjs, bench/run.mjs), so the
// benchmark measures exactly what ships.
import { readFile } from "node:fs/promises";

/**
 * `yaml` (2.x) checks `process.env.LOG_TOKENS` for every token it parses and `LOG_STREAM` for every
 * document: a property read on the environment object, which is a slow interceptor-backed lookup
 * in V8 (3% of a full scan, 8% of a workflow scan). They are debugging switches of the library
 * itself, so the bundle makes them constant false. The build fails if the text is not found, so
 * a `yaml` update that moves them is noticed rather than silently slow again.
 */
const YAML_DEBUG_SWITCHES = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, text: "node_process.env.LOG_TOKENS" },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, text: "node_process.env.LOG_STREAM" },
];

/** @type {import("esbuild").Plugin} */
export const yamlDebugSwitchesOff = {
  name: "yaml-debug-switches-off",
  setup(build) {
    for (const { file, text } of YAML_DEBUG_SWITCHES) {
      build.onLoad({ filter: file }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes(text)) {
          return { errors: [{ text: `${text} not found in ${args.path}: update scripts/esbuild-options.mjs for this yaml version` }] };
        }
        return { contents: source.replaceAll(text, "false"), loader: "js" };
      });
    }
  },
};

/** @type {import("esbuild").BuildOptions} */
export const bundleOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __secretownersRequire } from 'node:module'; const require = __secretownersRequire(import.meta.url);" },
  plugins: [yamlDebugSwitchesOff],
  logLevel: "warning",
};
