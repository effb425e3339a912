import fc from "fast-check";
import { it } from "vitest";
import { parseAllDocuments } from "yaml";
import { looksLikeCleanYaml } from "./shared.js";
const hasErrors = (t: string) => parseAllDocuments(t, { uniqueKeys: false, strict: false }).some((d) => d.errors.length > 0);
it("hunt", () => {
  const unit = fc.constantFrom("a", "b", " ", "  ", "\n", ":", ": ", "- ", "#", "'", '"', "|", ">", "[", "]", "{", "}", ",", "&", "*", "-", "${{ x }}", "\\", "---\n");
  const found: string[] = [];
  fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (text) => { if (looksLikeCleanYaml(text) && hasErrors(text)) { found.push(text); } }), { numRuns: 300000, seed: Number(process.env.FC_SEED ?? 1) });
  console.log("FOUND", found.length, JSON.stringify(found.slice(0, 10)));
}, 600000);
