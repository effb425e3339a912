import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scanFiles, Scanner } from "../src/core/scan.js";
import type { SourceFile } from "../src/core/model.js";
import { scanDirectory } from "../src/node/scan-directory.js";
import { walk } from "../src/node/walk.js";
import { EXAMPLE_REPO } from "./paths.js";

/** The sample repository as the Action or the App would hand it over: values, no disk. */
function exampleFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of walk(EXAMPLE_REPO, { maxFileBytes: 1 << 20 })) {
    if (entry.kind === "file") files.push({ path: entry.path, text: readFileSync(entry.absolute, "utf8") });
  }
  return files;
}

describe("the core works on files handed to it", () => {
  it("finds the same as a scan of the directory on disk", () => {
    const fromDisk = scanDirectory(EXAMPLE_REPO);
    const inMemory = scanFiles(exampleFiles());
    expect(inMemory.findings).toEqual(fromDisk.findings);
    expect(inMemory.secrets).toEqual(fromDisk.secrets);
    expect(inMemory.manifest).toBe(".github/secretowners.yml");
    expect(inMemory.findings.length).toBeGreaterThan(3);
  });

  it("gives the same result whatever order the files arrive in", () => {
    const files = exampleFiles();
    const forward = scanFiles(files);
    const backward = scanFiles([...files].reverse());
    expect(backward).toEqual(forward);
  });

  it("scans a pull request's changed files without judging rules it cannot see used", () => {
    const files = exampleFiles();
    const manifest = files.find((f) => f.path === ".github/secretowners.yml") ?? null;
    const changed = files.filter((f) => f.path === ".github/workflows/access-review.yml");
    const scanner = new Scanner({ manifest, complete: false });
    for (const file of changed) scanner.add(file);
    const result = scanner.finish();
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      "missing-lifecycle",
      "owner-not-team",
      "scope-violation",
      "static-cloud-credential",
      "unowned-secret",
    ]);
    // The complete scan of the same files does call the unused rules stale.
    const complete = new Scanner({ manifest });
    for (const file of changed) complete.add(file);
    expect(complete.finish().findings.some((f) => f.ruleId === "stale-rule")).toBe(true);
  });

  it("turns an extractor that throws into a diagnostic, not a crash", () => {
    const scanner = new Scanner({
      extractors: [
        {
          id: "jenkins",
          description: "always throws",
          matches: () => true,
          extract: () => {
            throw new TypeError("boom with hunter2-secret-value");
          },
        },
      ],
    });
    scanner.add({ path: "Jenkinsfile", text: "pipeline {}" });
    const result = scanner.finish();
    expect(result.diagnostics).toEqual([
      {
        source: "jenkins",
        location: { file: "Jenkinsfile", line: 1, column: 1 },
        message: "internal error in the jenkins extractor (TypeError); this file was not scanned for jenkins secrets. Please report it.",
      },
    ]);
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });
});
