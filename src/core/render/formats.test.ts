import { describe, expect, it } from "vitest";
import { FORMATS, ORG_FORMATS } from "./formats.js";
import { RENDERERS } from "./index.js";
import { ORG_RENDERERS } from "./org/index.js";

// The help lists FORMATS and ORG_FORMATS without loading the renderers: a format with no renderer,
// or a renderer the help does not name, would be a lie in `--help` or an option nobody can find.
describe("format names", () => {
  it("are the report renderers, in order", () => {
    expect([...FORMATS]).toEqual(Object.keys(RENDERERS));
  });
  it("are the org-scan renderers, in order", () => {
    expect([...ORG_FORMATS]).toEqual(Object.keys(ORG_RENDERERS));
  });
});
