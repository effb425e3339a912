// The entry point `action.yml` names (bundled to dist/action/index.js): run and let `run` set the exit code.
import { run } from "./main.js";

await run();
