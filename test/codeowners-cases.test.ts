import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { matchCodeownersPath } from "../src/core/manifest/match.js";
import { SHARED, sharedAvailable } from "./paths.js";

// The shared corpora live beside the repository (../shared), not inside it.
const CORPUS = resolve(SHARED, "corpora/codeowners-cases.tsv");
const present = sharedAvailable("the CODEOWNERS path-semantics cases", CORPUS);

interface Case {
  readonly name: string;
  readonly pattern: string;
  readonly path: string;
  readonly expected: boolean;
}

function loadCases(): Case[] {
  const rows = readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));
  const [header, ...body] = rows;
  expect(header).toBe("case_name\tpattern\tpath\texpected");
  return body.map((row) => {
    const [name, pattern, path, expected] = row.split("\t");
    if (name === undefined || pattern === undefined || path === undefined || (expected !== "true" && expected !== "false")) {
      throw new Error(`malformed corpus row: ${row}`);
    }
    return { name, pattern, path, expected: expected === "true" };
  });
}

const cases = present ? loadCases() : [];

describe.skipIf(!present)("CODEOWNERS path semantics (hmarr/codeowners testdata)", () => {
  it("loads the whole corpus", () => {
    expect(cases).toHaveLength(153);
  });

  it.each(cases.map((c) => [`${c.name}: ${c.pattern} ${c.expected ? "matches" : "does not match"} ${c.path}`, c] as const))(
    "%s",
    (_title, c) => {
      expect(matchCodeownersPath(c.pattern, c.path)).toBe(c.expected);
    },
  );
});
