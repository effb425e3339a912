import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALNUM, fake } from "../core/detect/fake.js";
import { Scanner } from "../core/scan.js";
import { defaultWorkers, MAX_WORKERS, MIN_CORES, PARALLEL_MIN_FILES, readAndScan } from "./parallel-scan.js";
import { DEFAULT_MAX_FILE_BYTES } from "./max-file-size.js";
import { walk } from "./walk.js";

const REPO = resolve(fileURLToPath(import.meta.url), "../../..");
const temp = mkdtempSync(join(tmpdir(), "secretowners-parallel-"));
const root = join(temp, "repo");
const workerScript = join(temp, "scan-worker.js");

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function write(path: string, text: string | Buffer): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

/**
 * A tree whose result depends on order and on files seen together: Terraform variables declared
 * in one file and used in another of the same module (they land in different batches), secrets
 * used in many places, credentials, inline ignores, skipped files and broken YAML.
 */
function plantTree(): void {
  for (let i = 0; i < 60; i++) {
    const module = `infra/module-${String(i).padStart(2, "0")}`;
    write(`${module}/main.tf`, `resource "x" "y" {\n  password = var.db_password_${i}\n  key_id   = var.kms_key_id\n  token    = var.api_token\n}\n`);
    write(`${module}/notes.txt`, `nothing here ${i}\n`);
    write(`${module}/z-variables.tf`, `variable "db_password_${i}" {\n  sensitive = true\n}\nvariable "kms_key_id" {}\n`);
    write(`services/svc-${i}/deploy.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc-${i}}\nspec:\n  template:\n    spec:\n      containers:\n        - envFrom:\n            - secretRef: {name: shared-env}\n`);
    write(`services/svc-${i}/.env`, `# secretowners:ignore[hardcoded-secret] fixture ${i}\nGITHUB_TOKEN=ghp_${fake(ALNUM, 36, i)}\nSLACK=${i}\n`);
    write(`services/svc-${i}/test/fixture.env`, `GITHUB_TOKEN=ghp_${fake(ALNUM, 36, i + 100)}\n`);
    write(`services/svc-${i}/logo.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, i]));
  }
  write("broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: x\n");
  write(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.DEPLOY_TOKEN }}\n");
}

function files(): string[] {
  const out: string[] = [];
  for (const entry of walk(root, { maxFileBytes: DEFAULT_MAX_FILE_BYTES })) if (entry.kind === "file") out.push(entry.path);
  return out;
}

function scanWith(workers: number, participate = true): string {
  const scanner = new Scanner({});
  const report = readAndScan(scanner, root, files(), { maxFileBytes: DEFAULT_MAX_FILE_BYTES, workers, workerScript, participate });
  expect(report.workers).toBe(workers);
  // Without this thread taking batches, the workers must have scanned every one of them.
  if (!participate) expect(report.workerBatches).toBe(report.batches);
  return JSON.stringify(scanner.finish());
}

beforeAll(async () => {
  plantTree();
  // The worker must be a bundle (as scripts/build.mjs makes it); built here, not into dist/.
  const { build } = await import("esbuild");
  const { bundleOptions } = (await import(pathToFileURL(join(REPO, "scripts/esbuild-options.mjs")).href)) as { bundleOptions: BuildOptions };
  await build({ ...bundleOptions, entryPoints: [join(REPO, "src/node/scan-worker.ts")], outfile: workerScript, sourcemap: false });
});

describe("readAndScan on worker threads", () => {
  it("gives the result one thread gives, byte for byte, with any number of workers", () => {
    const serial = scanWith(0);
    const result = JSON.parse(serial) as { findings: unknown[]; secrets: { name: string }[]; skipped: unknown[]; stats: { files: number } };
    // The tree is big enough to be worth checking: many batches, and every kind of outcome.
    expect(result.stats.files).toBeGreaterThan(300);
    expect(result.skipped.length).toBe(60);
    expect(result.secrets.map((secret) => secret.name)).toContain("db_password_59");
    expect(result.secrets.map((secret) => secret.name)).not.toContain("kms_key_id");
    for (const workers of [1, 2, 3]) {
      expect(scanWith(workers, false)).toBe(serial);
      expect(scanWith(workers)).toBe(serial);
    }
  });

  it("is deterministic from run to run", () => {
    expect(scanWith(2)).toBe(scanWith(2));
  });

  it("scans on this thread when there is no worker bundle", () => {
    const scanner = new Scanner({});
    const report = readAndScan(scanner, root, files(), { maxFileBytes: DEFAULT_MAX_FILE_BYTES, workers: 2, workerScript: join(temp, "missing.js") });
    expect(report).toMatchObject({ workers: 0, workerBatches: 0 });
    expect(JSON.stringify(scanner.finish())).toBe(scanWith(0));
  });
});

describe("defaultWorkers", () => {
  it("uses threads only for a large tree on more than one free core, and never on two cores", () => {
    expect(defaultWorkers(PARALLEL_MIN_FILES - 1, {}, 8, 0)).toBe(0);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, 1, 0)).toBe(0);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, 2, 0)).toBe(0);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, MIN_CORES, 0)).toBe(MIN_CORES - 1);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, 3, 1.5)).toBe(0);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, 4, 1.2)).toBe(1);
    expect(defaultWorkers(PARALLEL_MIN_FILES, {}, 2, 13)).toBe(0);
    expect(defaultWorkers(100_000, {}, 64, 0)).toBe(MAX_WORKERS);
  });

  it("follows SECRETOWNERS_WORKERS", () => {
    expect(defaultWorkers(100_000, { SECRETOWNERS_WORKERS: "0" }, 8, 0)).toBe(0);
    expect(defaultWorkers(10, { SECRETOWNERS_WORKERS: "2" }, 1, 9)).toBe(2);
    expect(defaultWorkers(100_000, { SECRETOWNERS_WORKERS: "lots" }, 4, 0)).toBe(3);
  });
});
