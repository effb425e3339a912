import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, "../../../docs/rules");
const readme = readFileSync(resolve(here, "../../../README.md"), "utf8");

/** Keeps the registry, the files, the docs and the README telling the same story. */
describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))("rule %s", (id, rule) => {
  it("lives in a module named after its id", () => {
    expect(existsSync(join(here, "rules", `${id}.ts`))).toBe(true);
    expect(existsSync(join(here, "rules", `${id}.test.ts`))).toBe(true);
  });

  it("has a docs page whose summary is the rule's description", () => {
    const page = readFileSync(join(docs, `${id}.md`), "utf8");
    expect(page.split("\n")[0]).toBe(`# ${id}`);
    expect(page).toContain(`> ${rule.meta.description}`);
    expect(page).toContain(`| Default severity | \`${rule.meta.defaultSeverity}\` |`);
    expect(rule.meta.url.endsWith(`docs/rules/${id}.md`)).toBe(true);
  });

  it("is in the README's rule table with its severity and controls", () => {
    const row = readme.split("\n").find((line) => line.startsWith(`| [\`${id}\`]`));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${rule.meta.defaultSeverity} |`);
    expect(row).toContain(`| ${rule.meta.controls.join(", ")} |`);
  });

  it("declares `dated` exactly when it reads today's date (a cache of results trusts the flag)", () => {
    const source = readFileSync(join(here, "rules", `${id}.ts`), "utf8");
    expect(rule.meta.dated === true).toBe(/\bctx\.now\b/.test(source));
  });

  it("maps to an OWASP NHI id, a NIST CSF 2.0 or a NIST AI RMF subcategory only", () => {
    for (const control of rule.meta.controls) expect(control).toMatch(/^(NHI(10|[1-9])|(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}|AI-RMF\.(GOVERN|MAP|MEASURE|MANAGE)-\d+\.\d+)$/);
  });
});

it("every docs page belongs to a registered rule", () => {
  const ids = new Set(RULES.map((rule) => rule.meta.id));
  for (const page of readdirSync(docs)) expect(ids.has(page.replace(/\.md$/, ""))).toBe(true);
});
