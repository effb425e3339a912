import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { circleci } from "./circleci.js";
import { summarizeRefs } from "./testing.js";

const path = ".circleci/config.yml";
const text = readFileSync(new URL("../../../fixtures/extract/circleci/.circleci/config.yml", import.meta.url), "utf8");
const summary = summarizeRefs;

describe("circleci extractor", () => {
  it("matches config files under .circleci/ only", () => {
    expect(circleci.matches(".circleci/config.yml")).toBe(true);
    expect(circleci.matches("services/api/.circleci/config.yaml")).toBe(true);
    expect(circleci.matches("config.yml")).toBe(false);
    expect(circleci.matches(".circleci/scripts/run.sh")).toBe(false);
  });

  it("finds contexts, undefined credential-like variables and the OIDC token", () => {
    const r = circleci.extract({ path, text });
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "DOCKERHUB_PASSWORD", kind: "reference", line: 12, column: 22, route: "jobs.build.docker[0].auth.password" },
      { name: "NPM_TOKEN", kind: "reference", line: 27, column: 54, route: "jobs.deploy.steps[0].run.command" },
      { name: "CIRCLE_OIDC_TOKEN_V2", kind: "platform", line: 28, column: 74, route: "jobs.deploy.steps[0].run.command" },
      { name: "dockerhub", kind: "reference", line: 36, column: 20, route: "workflows.build-deploy.jobs[0].build.context" },
      { name: "npm-publishing", kind: "reference", line: 40, column: 15, route: "workflows.build-deploy.jobs[1].deploy.context[0]" },
      { name: "aws-prod", kind: "reference", line: 41, column: 15, route: "workflows.build-deploy.jobs[1].deploy.context[1]" },
    ]);
  });

  it("does not report environment: variables, exported ones, CIRCLE_* or $HOME", () => {
    const names = circleci.extract({ path, text }).refs.map((r) => r.name);
    for (const n of ["FAKE_API_KEY", "SESSION_TOKEN", "CIRCLE_BUILD_NUM", "CIRCLE_SHA1", "HOME", "BASH_ENV"]) expect(names).not.toContain(n);
  });

  it("turns broken YAML into a positioned diagnostic", () => {
    const r = circleci.extract({ path, text: "workflows:\n  w:\n    jobs:\n      - build:\n          context: [a, b\n" });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]?.location.file).toBe(path);
    expect(r.diagnostics[0]?.location.line).toBeGreaterThanOrEqual(5);
  });
});
