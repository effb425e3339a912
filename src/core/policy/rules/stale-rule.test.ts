import { describe, expect, it } from "vitest";
import { actionsRef, contextFor } from "../testing.js";
import rule from "./stale-rule.js";

const MANIFEST = { path: "SECRETOWNERS", text: "* @acme/secops\nOKTA_* @acme/iam\nLEGACY_* @acme/iam\n" };

describe("stale-rule", () => {
  it("reports rules that match no secret found, even when shadowed rules match", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [actionsRef("OKTA_TOKEN", 3)] });
    expect(rule.check(ctx).map((r) => [r.location.line, r.data["patterns"]])).toEqual([[3, "LEGACY_*"]]);
  });

  it("ignores platform tokens when deciding a rule is used", () => {
    const ctx = contextFor({ manifest: { path: "SECRETOWNERS", text: "GITHUB_* @acme/x\n" }, refs: [actionsRef("GITHUB_TOKEN", 3, { kind: "platform" })] });
    expect(rule.check(ctx)).toHaveLength(1);
  });

  it("stays quiet on a partial scan", () => {
    const ctx = contextFor({ manifest: MANIFEST, refs: [], complete: false });
    expect(rule.check(ctx)).toEqual([]);
  });
});
