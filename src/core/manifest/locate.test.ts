import { describe, expect, it } from "vitest";
import { locateManifest, MANIFEST_CANDIDATES } from "./locate.js";

describe("locateManifest", () => {
  it("lists candidates in CODEOWNERS lookup order", () => {
    expect(MANIFEST_CANDIDATES).toEqual([
      ".github/secretowners.yml",
      ".github/secretowners.yaml",
      ".github/SECRETOWNERS",
      "secretowners.yml",
      "secretowners.yaml",
      "SECRETOWNERS",
      "docs/secretowners.yml",
      "docs/secretowners.yaml",
      "docs/SECRETOWNERS",
    ]);
  });

  it("finds nothing when no candidate exists", () => {
    expect(locateManifest(["README.md", "src/secretowners.yml", "secretowners.yml.bak"])).toEqual({ path: null, diagnostics: [] });
  });

  it("prefers .github/ over the root over docs/, warning about the shadowed ones", () => {
    const found = locateManifest(["docs/SECRETOWNERS", "SECRETOWNERS", ".github/secretowners.yml"]);
    expect(found.path).toBe(".github/secretowners.yml");
    expect(found.diagnostics.map((d) => ({ file: d.location.file, line: d.location.line, column: d.location.column, kind: d.kind }))).toEqual([
      { file: "SECRETOWNERS", line: 1, column: 1, kind: "shadowed-manifest" },
      { file: "docs/SECRETOWNERS", line: 1, column: 1, kind: "shadowed-manifest" },
    ]);
  });

  it("uses the root before docs/", () => {
    expect(locateManifest(["docs/secretowners.yml", "SECRETOWNERS"]).path).toBe("SECRETOWNERS");
    expect(locateManifest(["docs/secretowners.yaml"]).path).toBe("docs/secretowners.yaml");
  });

  it("reports both forms in one directory as an error at the ignored file", () => {
    const found = locateManifest(["SECRETOWNERS", "secretowners.yaml", "secretowners.yml"]);
    expect(found.path).toBe("secretowners.yml");
    expect(found.diagnostics.map((d) => ({ file: d.location.file, line: d.location.line, kind: d.kind, severity: d.severity }))).toEqual([
      { file: "secretowners.yaml", line: 1, kind: "conflicting-manifests", severity: "error" },
      { file: "SECRETOWNERS", line: 1, kind: "conflicting-manifests", severity: "error" },
    ]);
    expect(found.diagnostics[1]?.message).toBe("SECRETOWNERS is ignored: secretowners.yml is used because both are in the same directory");
    expect(found.diagnostics[1]?.suggestion).toBe("delete SECRETOWNERS, or merge its rules into secretowners.yml and then delete it");
  });

  it("accepts ./-prefixed paths and returns them as given", () => {
    expect(locateManifest(["./.github/SECRETOWNERS"]).path).toBe("./.github/SECRETOWNERS");
  });
});
