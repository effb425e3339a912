// Entry point of a scan worker thread (see parallel-scan.ts); bundled beside the CLI as
// dist/cli/scan-worker.js by scripts/build.mjs.
import { isMainThread, workerData } from "node:worker_threads";
import { runScanWorker, type WorkerInput } from "./parallel-scan.js";

if (!isMainThread) runScanWorker(workerData as WorkerInput);
