import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bitbucketPipelines } from "./bitbucket-pipelines.js";
import { summarizeRefs } from "./testing.js";

const path = "bitbucket-pipelines.yml";
const text = readFileSync(new URL("../../../fixtures/extract/bitbucket-pipelines/bitbucket-pipelines.yml", import.meta.url), "utf8");
const summary = summarizeRefs;

describe("bitbucket-pipelines extractor", () => {
  it("matches bitbucket-pipelines.yml only", () => {
    expect(bitbucketPipelines.matches("bitbucket-pipelines.yml")).toBe(true);
    expect(bitbucketPipelines.matches("sub/bitbucket-pipelines.yml")).toBe(true);
    expect(bitbucketPipelines.matches("pipelines.yml")).toBe(false);
  });

  it("finds credential-like repository variables, including those passed to pipes", () => {
    const r = bitbucketPipelines.extract({ path, text });
    expect(r.diagnostics).toEqual([]);
    const main = "pipelines.branches.main[1].step.script";
    expect(summary(r)).toEqual([
      { name: "AWS_ACCESS_KEY_ID", kind: "reference", line: 25, column: 37, route: `${main}[0].variables.AWS_ACCESS_KEY_ID` },
      { name: "AWS_SECRET_ACCESS_KEY", kind: "reference", line: 26, column: 42, route: `${main}[0].variables.AWS_SECRET_ACCESS_KEY` },
      { name: "SENTRY_AUTH_TOKEN", kind: "reference", line: 29, column: 56, route: `${main}[1]` },
      { name: "BITBUCKET_STEP_OIDC_TOKEN", kind: "platform", line: 30, column: 55, route: `${main}[2]` },
      { name: "DB_ADMIN_PASSWORD", kind: "reference", line: 40, column: 63, route: "pipelines.custom.rotate[1].step.script[0]" },
    ]);
  });

  it("does not report custom-pipeline variables, exported ones, BITBUCKET_* or non-credentials", () => {
    const names = bitbucketPipelines.extract({ path, text }).refs.map((r) => r.name);
    for (const n of ["NEW_DB_PASSWORD", "RELEASE_TOKEN", "BITBUCKET_COMMIT", "HOME", "KEYBOARD_LAYOUT", "Environment"]) expect(names).not.toContain(n);
  });
});
