import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { SkippedFile } from "../core/model.js";
import { compileManifestDetection, type ManifestDetection } from "../core/detect/scan.js";
import { scanFile, type FileScan, type ManifestDetectionSpec, type Scanner } from "../core/scan.js";
import { readSourceFile, underRoot } from "./walk.js";

/**
 * Reading and scanning the files of a tree, on worker threads when the tree is large and the
 * machine has more than one core. The core stays single-threaded and pure: each thread runs
 * `scanFile` (read, extract, detect) on batches it claims from a shared counter, and this thread
 * hands the results to the one `Scanner` in the files' walk order, so the result is the same,
 * byte for byte, however many threads ran and whichever finished first.
 *
 * Synchronous on purpose: the CLI and `scanDirectory` are synchronous. This thread takes batches
 * too, blocks on `Atomics.wait` only when every batch is claimed, and reads results with
 * `receiveMessageOnPort`; workers do not need this thread's event loop to start or to post.
 */

export interface ThreadOptions {
  readonly maxFileBytes: number;
  /**
   * Worker threads to start besides this one. Default (`defaultWorkers`): none below
   * `PARALLEL_MIN_FILES` files, else one fewer than the free cores (at most `MAX_WORKERS`).
   * `SECRETOWNERS_WORKERS` in the environment overrides the default (0 turns threads off).
   */
  readonly workers?: number;
  /** The bundled worker script; default `scan-worker.js` beside this module (dist/cli/). */
  readonly workerScript?: string;
  /** Whether this thread scans batches too (default true); false leaves all of them to workers. */
  readonly participate?: boolean;
}

export interface ThreadReport {
  /** Worker threads started (0: the files were scanned on this thread). */
  readonly workers: number;
  /** Batches the workers scanned; the rest were scanned on this thread. */
  readonly workerBatches: number;
  readonly batches: number;
}

/** Below this many files a worker's start-up (loading the bundle, ~0.1 s) costs more than it saves. */
export const PARALLEL_MIN_FILES = 400;
/** Fewer cores than this: no worker (see defaultWorkers). */
export const MIN_CORES = 3;
/** Each worker holds its own heap (tens of MB); past a few, memory grows for little gain. */
export const MAX_WORKERS = 3;
/** Files per claim: small enough to balance a tree of uneven files, large enough to post rarely. */
const BATCH = 16;

/** Slots of the shared control array. */
const NEXT = 0;
const COMPLETED = 1;

type FileOutcome = { readonly kind: "file"; readonly scan: FileScan } | { readonly kind: "skipped"; readonly skipped: SkippedFile };
type BatchMessage = { readonly start: number; readonly outcomes: FileOutcome[] } | { readonly start: number; readonly error: string };

export interface WorkerInput {
  readonly root: string;
  readonly files: readonly string[];
  readonly maxFileBytes: number;
  readonly control: Int32Array;
  readonly port: MessagePort;
  /** The manifest's own detectors and allowlist, compiled again on the worker. */
  readonly detection?: ManifestDetectionSpec;
}

/**
 * Reads and scans `files` (paths relative to `root`, in walk order) into `scanner`. Only the
 * paths are held, a few tens of bytes a file: the text of each file is let go once scanned.
 */
export function readAndScan(scanner: Scanner, root: string, files: readonly string[], options: ThreadOptions): ThreadReport {
  const wanted = options.workers ?? defaultWorkers(files.length);
  const spec = scanner.detectionSpec;
  const detection = spec === undefined ? undefined : compileManifestDetection(spec.detectors, spec.allowlist);
  const script = wanted > 0 ? existing(options.workerScript ?? fileURLToPath(new URL("./scan-worker.js", import.meta.url))) : null;
  if (script === null || files.length <= BATCH) {
    for (const file of files) feed(scanner, scanOne(root, file, options.maxFileBytes, detection));
    return { workers: 0, workerBatches: 0, batches: Math.ceil(files.length / BATCH) };
  }
  const participate = options.participate ?? true;
  const workers = Math.min(wanted, Math.ceil(files.length / BATCH) - (participate ? 1 : 0));
  const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const channels = Array.from({ length: workers }, () => new MessageChannel());
  const threads = channels.map((channel) => {
    const input: WorkerInput = { root, files, maxFileBytes: options.maxFileBytes, control, port: channel.port2, ...(spec === undefined ? {} : { detection: spec }) };
    const worker = new Worker(script, { workerData: input, transferList: [channel.port2] });
    worker.unref();
    // A worker that cannot start claims nothing, and this thread scans what it would have; its
    // error arrives after the scan, on the event loop, where it must not crash the process.
    worker.on("error", () => undefined);
    return worker;
  });
  const batches = Math.ceil(files.length / BATCH);
  const pending = new Map<number, FileOutcome[]>();
  let nextToFeed = 0;
  let workerBatches = 0;
  const settle = (message: BatchMessage): void => {
    if ("error" in message) throw new Error(`a scan worker failed (${message.error}); run with SECRETOWNERS_WORKERS=0 to scan on one thread`);
    pending.set(message.start, message.outcomes);
    for (let ready = pending.get(nextToFeed); ready !== undefined; ready = pending.get(nextToFeed)) {
      pending.delete(nextToFeed);
      for (const outcome of ready) feed(scanner, outcome);
      nextToFeed += BATCH;
    }
  };
  const drain = (): void => {
    for (const channel of channels) {
      for (let got = receiveMessageOnPort(channel.port1); got !== undefined; got = receiveMessageOnPort(channel.port1)) {
        workerBatches++;
        settle(got.message as BatchMessage);
      }
    }
  };
  try {
    if (participate) {
      claimBatches(root, files, options.maxFileBytes, control, detection, (message) => {
        settle(message);
        drain();
      });
    }
    for (;;) {
      drain();
      const completed = Atomics.load(control, COMPLETED);
      if (completed >= batches) break;
      Atomics.wait(control, COMPLETED, completed, 1000);
    }
    drain();
    if (nextToFeed < files.length) throw new Error(`scan workers returned ${nextToFeed} of ${files.length} files`);
    return { workers, workerBatches, batches };
  } finally {
    for (const channel of channels) channel.port1.close();
    for (const thread of threads) void thread.terminate();
  }
}

/** The loop every thread runs, this one included: claim a batch, scan it, hand it over. */
export function claimBatches(
  root: string,
  files: readonly string[],
  maxFileBytes: number,
  control: Int32Array,
  detection: ManifestDetection | undefined,
  post: (message: BatchMessage) => void,
): void {
  for (;;) {
    const start = Atomics.add(control, NEXT, BATCH);
    if (start >= files.length) return;
    let message: BatchMessage;
    try {
      message = { start, outcomes: files.slice(start, start + BATCH).map((file) => scanOne(root, file, maxFileBytes, detection)) };
    } catch (error) {
      // The name only: a message could quote the file's text.
      message = { start, error: error instanceof Error ? error.name : "unknown error" };
    }
    post(message);
    Atomics.add(control, COMPLETED, 1);
    Atomics.notify(control, COMPLETED);
  }
}

/** The worker thread's side (scan-worker.ts). */
export function runScanWorker(input: WorkerInput): void {
  const detection = input.detection === undefined ? undefined : compileManifestDetection(input.detection.detectors, input.detection.allowlist);
  claimBatches(input.root, input.files, input.maxFileBytes, input.control, detection, (message) => input.port.postMessage(message));
  input.port.close();
}

function scanOne(root: string, path: string, maxFileBytes: number, detection: ManifestDetection | undefined): FileOutcome {
  const read = readSourceFile(path, underRoot(root, path), maxFileBytes);
  return read.kind === "skipped" ? read : { kind: "file", scan: scanFile(read.file, undefined, detection) };
}

function feed(scanner: Scanner, outcome: FileOutcome): void {
  if (outcome.kind === "skipped") scanner.skip(outcome.skipped);
  else scanner.addScanned(outcome.scan);
}

/**
 * One worker fewer than the cores that are free: on a machine already busy (load average at or
 * above its cores, a shared CI runner) a worker only adds its start-up and contends with this
 * thread; measured on a saturated 2-core machine, a worker made a chart repository's scan 1.8×
 * slower. Windows reports no load average (0), so there every core counts as free.
 *
 * None on two cores, even idle: this thread already keeps ~1.4 cores busy (V8 compiles and
 * collects garbage on threads of its own), so a worker's bundle load and JIT warm-up are paid in
 * full and win nothing back. Measured idle, median of 5–7 fresh CLI runs: argo-cd 1.50 → 1.63 s
 * (CPU 2.06 → 2.87 s), prometheus-community/helm-charts 0.61 → 0.71 s.
 */
export function defaultWorkers(files: number, env: Readonly<Record<string, string | undefined>> = process.env, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  const forced = env["SECRETOWNERS_WORKERS"];
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 16);
  if (files < PARALLEL_MIN_FILES || cores < MIN_CORES) return 0;
  const free = Math.floor(cores - load);
  return Math.max(0, Math.min(free - 1, cores - 1, MAX_WORKERS));
}

/**
 * The worker is a bundle of its own beside the CLI's (scripts/build.mjs). Running from sources
 * (tests, `tsx`) or from a bundle built without it, there is none: scan on this thread.
 */
function existing(script: string): string | null {
  return existsSync(script) ? script : null;
}
