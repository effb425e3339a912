import { describe, expect, it } from "vitest";
import { assignableUsers, codeownersOf, parseCodeowners } from "./codeowners.js";

describe("CODEOWNERS for assignment", () => {
  const entries = parseCodeowners(["# comment", "*            @acme/platform", "/infra/      @alice @acme/infra  # trailing", "*.tf         @bob", "/infra/legacy/", "docs/\\#x.md  @carol"].join("\n"));

  it("applies the last matching entry, as GitHub does", () => {
    expect(codeownersOf(entries, "README.md")).toEqual(["@acme/platform"]);
    expect(codeownersOf(entries, "infra/ci.yml")).toEqual(["@alice", "@acme/infra"]);
    expect(codeownersOf(entries, "infra/main.tf")).toEqual(["@bob"]);
    expect(codeownersOf(entries, "infra/legacy/old.yml")).toEqual([]);
    expect(codeownersOf(entries, "docs/#x.md")).toEqual(["@carol"]);
  });

  it("assigns users only: teams and emails cannot be assignees", () => {
    expect(assignableUsers(["@alice", "@acme/infra", "ops@acme.example", "@bob-2"])).toEqual(["alice", "bob-2"]);
  });
});
