import { describe, expect, it } from "vitest";
import { RULES_BY_ID } from "./index.js";
import { checkSeveritySetting, resolveSeverity } from "./severity.js";

const rule = (id: string) => {
  const found = RULES_BY_ID.get(id);
  if (found === undefined) throw new Error(id);
  return found;
};

describe("checkSeveritySetting", () => {
  it.each([
    ["stale-rule", "off"],
    ["test", "error"],
    ["docs", "warning"],
    ["example", "note"],
    ["hardcoded-secret@test", "error"],
    ["unowned-secret@docs", "warning"],
  ])("accepts %s=%s", (key, level) => {
    expect(checkSeveritySetting(key, level, RULES_BY_ID)).toBeNull();
  });

  it.each([
    ["nope", "error", "unknown-rule", /names "nope", which is not a secretowners rule or context/],
    ["tests", "error", "unknown-rule", /did you mean `test`\?/],
    ["hardcoded-secrets@test", "error", "unknown-rule", /did you mean `hardcoded-secret`\?/],
    ["hardcoded-secret@fixture", "error", "unknown-context", /names context "fixture", which is not one of test, docs, example/],
    ["stale-rule@test", "note", "unknown-context", /stale-rule is about the manifest itself/],
    ["test", "off", "invalid-severity", /never hidden/],
    ["hardcoded-secret@docs", "off", "invalid-severity", /never hidden/],
    ["test", "loud", "invalid-severity", /sets `test` to "loud", which is not one of error, warning, note, off/],
  ])("refuses %s=%s", (key, level, kind, message) => {
    const problem = checkSeveritySetting(key, level, RULES_BY_ID);
    expect(problem?.kind).toBe(kind);
    expect(`${problem?.message}: ${problem?.suggestion}`).toMatch(message);
  });
});

describe("resolveSeverity", () => {
  const hardcoded = rule("hardcoded-secret");
  const overbroad = rule("overbroad-secrets");

  it("keeps the rule's level outside a context", () => {
    expect(resolveSeverity({}, hardcoded, undefined, null)).toBe("error");
    expect(resolveSeverity({ "hardcoded-secret": "warning", test: "error" }, hardcoded, undefined, null)).toBe("warning");
    expect(resolveSeverity({}, hardcoded, "note", null)).toBe("note");
  });

  it("makes findings in a context notes by default, whatever the rule's level", () => {
    for (const context of ["test", "docs", "example"] as const) {
      expect(resolveSeverity({}, hardcoded, undefined, context)).toBe("note");
      expect(resolveSeverity({ "hardcoded-secret": "error" }, hardcoded, undefined, context)).toBe("note");
    }
  });

  it("caps a context at its setting, never above the level outside it", () => {
    expect(resolveSeverity({ test: "error" }, hardcoded, undefined, "test")).toBe("error");
    expect(resolveSeverity({ test: "error" }, overbroad, undefined, "test")).toBe("warning");
    expect(resolveSeverity({ test: "warning" }, hardcoded, undefined, "test")).toBe("warning");
    expect(resolveSeverity({ test: "error" }, hardcoded, "note", "test")).toBe("note");
    expect(resolveSeverity({ test: "error" }, hardcoded, undefined, "docs")).toBe("note");
  });

  it("lets RULE@CONTEXT set the exact level there", () => {
    expect(resolveSeverity({ "overbroad-secrets@test": "error", test: "note" }, overbroad, undefined, "test")).toBe("error");
    expect(resolveSeverity({ "hardcoded-secret@test": "warning" }, hardcoded, undefined, "test")).toBe("warning");
  });

  it("turns a rule that is off off everywhere", () => {
    expect(resolveSeverity({ "hardcoded-secret": "off", "hardcoded-secret@test": "error" }, hardcoded, undefined, "test")).toBe("off");
  });
});
