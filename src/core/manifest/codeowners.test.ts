import { describe, expect, it } from "vitest";
import { codeownersOf, parseCodeowners } from "./codeowners.js";

describe("parseCodeowners / codeownersOf", () => {
  const codeowners = parseCodeowners({
    path: ".github/CODEOWNERS",
    text: [
      "# default owners",
      "*            @acme/platform",
      "/infra/      @acme/cloud @acme/secops  # trailing comment",
      "!/secret/    @acme/nobody",
      "docs/\\#notes @acme/docs",
      "/infra/legacy/",
      "",
    ].join("\n"),
  });

  it("keeps each valid line's pattern, owners and line; skips comments and lines GitHub rejects", () => {
    expect(codeowners.entries).toEqual([
      { pattern: "*", owners: ["@acme/platform"], line: 2 },
      { pattern: "/infra/", owners: ["@acme/cloud", "@acme/secops"], line: 3 },
      { pattern: "docs/\\#notes", owners: ["@acme/docs"], line: 5 },
      { pattern: "/infra/legacy/", owners: [], line: 6 },
    ]);
  });

  it("gives the last matching entry, as GitHub does, including one that un-owns a path", () => {
    expect(codeownersOf(codeowners, "infra/main.tf")?.owners).toEqual(["@acme/cloud", "@acme/secops"]);
    expect(codeownersOf(codeowners, "infra/legacy/old.tf")?.owners).toEqual([]);
    expect(codeownersOf(codeowners, ".github/workflows/ci.yml")?.line).toBe(2);
    expect(codeownersOf(codeowners, "docs/#notes")?.owners).toEqual(["@acme/docs"]);
    expect(codeownersOf(parseCodeowners({ path: "CODEOWNERS", text: "/src/ @a/b\n" }), "README.md")).toBeNull();
  });
});
