import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Scanner, scanFiles } from "../scan.js";
import { DETECTORS, FILE_NAME_DETECTORS, STRUCTURAL_DETECTORS } from "./rules.js";
import { detectCredentials } from "./scan.js";

// gitleaks' `Validate`, as a table: every detector proves it finds its own examples and that its
// counter-examples are clean for *all* detectors (a placeholder must not leak through another one).
const scan = (text: string, path = "examples/config.txt") => detectCredentials({ path, text });

describe.each(DETECTORS.map((d) => [d.id, d] as const))("%s", (_id, detector) => {
  it.each(detector.examples.match.map((text) => [text]))("finds %s", (text) => {
    expect(scan(text, detector.examples.path).map((c) => c.detector)).toContain(detector.id);
  });
  it.each(detector.examples.noMatch.map((text) => [text]))("ignores %s", (text) => {
    expect(scan(text, detector.examples.path)).toEqual([]);
  });
  const noMatchIn = Object.entries(detector.examples.noMatchIn ?? {}).flatMap(([path, texts]) => texts.map((text) => [path, text] as const));
  if (noMatchIn.length > 0) {
    it.each(noMatchIn)("ignores in %s: %s", (path, text) => {
      expect(scan(text, path)).toEqual([]);
    });
  }
  if (detector.paths !== undefined) {
    it("runs only on the files it names", () => {
      for (const text of detector.examples.match) expect(scan(text).map((c) => c.detector)).not.toContain(detector.id);
    });
  }
});

describe.each(FILE_NAME_DETECTORS.map((d) => [d.id, d] as const))("%s (file name)", (_id, detector) => {
  it.each(detector.examples.match.map((path) => [path]))("reports %s, read or skipped", (path) => {
    const read = scanFiles([{ path, text: "\u0000binary" }]).findings.filter((f) => f.ruleId === "hardcoded-secret");
    expect(read.map((f) => [f.detector, f.location.file, f.location.line])).toEqual([[detector.id, path, 1]]);
    const scanner = new Scanner();
    scanner.skip({ file: path, reason: "binary" });
    expect(scanner.finish().findings.filter((f) => f.ruleId === "hardcoded-secret").map((f) => f.detector)).toEqual([detector.id]);
  });
  it.each(detector.examples.noMatch.map((path) => [path]))("leaves %s alone", (path) => {
    expect(scanFiles([{ path, text: "nothing here" }]).findings.filter((f) => f.ruleId === "hardcoded-secret")).toEqual([]);
  });
});

// Structural detectors are exercised through the whole scanner: their extractor reads the file.
const hardcoded = (path: string, text: string) =>
  scanFiles([{ path, text }]).findings.filter((f) => f.ruleId === "hardcoded-secret").map((f) => f.detector);

describe.each(STRUCTURAL_DETECTORS.map((d) => [d.id, d] as const))("%s (structural)", (_id, detector) => {
  it.each(detector.examples.match.map((text) => [text]))("finds %s", (text) => {
    expect(hardcoded(detector.examples.path, text)).toContain(detector.id);
  });
  it.each(detector.examples.noMatch.map((text) => [text]))("ignores %s", (text) => {
    expect(hardcoded(detector.examples.path, text)).toEqual([]);
  });
  it("is well-formed data", () => {
    expect(detector.examples.match.length).toBeGreaterThanOrEqual(2);
    expect(detector.examples.noMatch.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(JSON.stringify(detector))).toEqual(detector);
  });
});

describe("detector table", () => {
  it("has unique kebab-case ids", () => {
    const ids = [...DETECTORS, ...STRUCTURAL_DETECTORS, ...FILE_NAME_DETECTORS].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("keeps key-anchored detectors within the scanner's 31-bit key masks", () => {
    expect(DETECTORS.filter((d) => d.anchor === "key").length).toBeLessThanOrEqual(31);
  });

  it.each(DETECTORS.map((d) => [d.id, d] as const))("%s is well-formed data", (_id, d) => {
    expect(d.examples.match.length).toBeGreaterThanOrEqual(2);
    expect(d.examples.noMatch.length).toBeGreaterThanOrEqual(2);
    expect(d.description.length).toBeGreaterThan(0);
    expect(d.keywords.length).toBeGreaterThan(0);
    for (const keyword of d.keywords) expect(keyword).toBe(keyword.toLowerCase());
    // The prefilter would hide a match whose text holds none of the detector's keywords.
    for (const text of d.examples.match) {
      expect(d.keywords.some((k) => text.toLowerCase().includes(k)), text).toBe(true);
    }
    // The scanner looks for anchors instead of keywords: a match without one would be missed.
    if (d.anchors !== undefined) {
      expect(d.anchor, "key-anchored detectors are driven by the key, not by anchors").toBeUndefined();
      for (const text of d.examples.match) {
        // A whole-file detector's anchor gates the file; it need not be inside the match.
        const match = d.scope === "file" ? text : (new RegExp(d.pattern, `g${d.flags ?? ""}`).exec(text)?.[0] ?? "");
        expect(d.anchors.some((a) => match.includes(a)), text).toBe(true);
        expect(d.keywords.some((k) => match.toLowerCase().includes(k)), text).toBe(true);
      }
    }
    // Plain data: no functions anywhere, and every pattern compiles.
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(() => new RegExp(d.pattern, `gd${d.flags ?? ""}`)).not.toThrow();
    if (d.secretGroup !== undefined) {
      const groups = new RegExp(`${d.pattern}|`).exec("")?.length ?? 0;
      expect(d.secretGroup).toBeLessThan(groups);
    }
  });
});

describe("README", () => {
  const readme = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../../README.md"), "utf8");
  it.each([...DETECTORS, ...STRUCTURAL_DETECTORS, ...FILE_NAME_DETECTORS].map((d) => [d.id, d] as const))("lists detector %s with its description", (id, detector) => {
    expect(readme).toContain(`| \`${id}\` | ${detector.description} |`);
  });
});
