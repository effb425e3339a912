import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SECRET_SYSTEMS } from "../manifest/names.js";
import { EXTRACTORS } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, "../../../fixtures/extract");

/** One id everywhere: the registry, the module file, its tests, its fixtures and the manifest prefix. */
describe("EXTRACTORS", () => {
  it("has exactly one extractor per system the manifest can name", () => {
    expect(EXTRACTORS.map((e) => e.id).sort()).toEqual([...SECRET_SYSTEMS].sort());
  });

  it.each(EXTRACTORS.map((e) => [e.id] as const))("%s lives in its own module with tests and fixtures", (id) => {
    expect(existsSync(join(here, `${id}.ts`))).toBe(true);
    expect(existsSync(join(here, `${id}.test.ts`))).toBe(true);
    expect(existsSync(join(fixtures, id))).toBe(true);
  });

  it.each(EXTRACTORS.map((e) => [e.id, e] as const))("%s never throws on arbitrary text", (_id, extractor) => {
    for (const text of ["", "\u0000\u0001", "a: [", "{{ }}\n---\n- ? : !", "x".repeat(10_000), "\uD800"]) {
      expect(() => extractor.extract({ path: "x.yml", text })).not.toThrow();
    }
  });
});
