import { describe, expect, it } from "vitest";
import { brief, contextFor } from "../testing.js";
import rule, { isTeam } from "./owner-not-team.js";

describe("owner-not-team", () => {
  it("reports rules owned by a user or an email, at the owner", () => {
    const ctx = contextFor({
      manifest: {
        path: "SECRETOWNERS",
        text: "OKTA_* @acme/iam\nSLACK_* @jdoe\nJIRA_* jane@acme.example\n",
      },
    });
    expect(brief(rule.check(ctx))).toEqual([
      { messageId: "person", line: 2, column: 9, secret: null },
      { messageId: "person", line: 3, column: 8, secret: null },
    ]);
  });

  it.each([
    ["@acme/iam-platform", true],
    ["@acme/team.name", true],
    ["@jdoe", false],
    ["jane@acme.example", false],
  ])("isTeam(%s) is %s", (owner, expected) => {
    expect(isTeam(owner)).toBe(expected);
  });
});
