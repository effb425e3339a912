import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gitlabCi } from "./gitlab-ci.js";
import { summarizeRefs } from "./testing.js";

const fixture = (name: string) => ({ path: name, text: readFileSync(new URL(`../../../fixtures/extract/gitlab-ci/${name}`, import.meta.url), "utf8") });
const summary = summarizeRefs;

describe("gitlab-ci extractor", () => {
  it("matches the pipeline file, its variants and local includes under .gitlab/ci/", () => {
    expect(gitlabCi.matches(".gitlab-ci.yml")).toBe(true);
    expect(gitlabCi.matches("deploy.gitlab-ci.yml")).toBe(true);
    expect(gitlabCi.matches(".gitlab/ci/deploy.yml")).toBe(true);
    expect(gitlabCi.matches("ci/.gitlab/ci/jobs/test.yaml")).toBe(true);
    expect(gitlabCi.matches(".github/workflows/ci.yml")).toBe(false);
    expect(gitlabCi.matches("gitlab-ci.yml.bak")).toBe(false);
  });

  it("finds secrets: keys, undefined credential-like variables and the job token", () => {
    const r = gitlabCi.extract(fixture(".gitlab-ci.yml"));
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "CI_JOB_TOKEN", kind: "platform", line: 15, column: 44, route: "build.script[0]" },
      { name: "NPM_TOKEN", kind: "reference", line: 16, column: 44, route: "build.script[1]" },
      { name: "DATABASE_PASSWORD", kind: "reference", line: 34, column: 5, route: "deploy.secrets.DATABASE_PASSWORD" },
      { name: "STRIPE_API_KEY", kind: "reference", line: 37, column: 5, route: "deploy.secrets.STRIPE_API_KEY" },
      { name: "SLACK_WEBHOOK", kind: "reference", line: 44, column: 54, route: "deploy.script[0]" },
      { name: "GITLAB_API_TOKEN", kind: "reference", line: 45, column: 32, route: "deploy.script[0]" },
      { name: "AWS_SECRET_ACCESS_KEY", kind: "reference", line: 47, column: 43, route: "deploy.rules[0].if" },
    ]);
  });

  it("does not report variables the file defines, predefined ones or non-credential names", () => {
    const names = gitlabCi.extract(fixture(".gitlab-ci.yml")).refs.map((r) => r.name);
    // variables:, job variables:, id_tokens:, `export X=`, `X=… cmd`, CI_*, $HOME, KEYBOARD/MONKEY,
    // and a use that only appears in a shell comment.
    for (const n of ["IMAGE_TAG", "TEST_API_KEY", "API_KEY", "VAULT_ID_TOKEN", "DEPLOY_TOKEN", "CI_COMMIT_BRANCH", "CI_REGISTRY", "HOME", "KEYBOARD_LAYOUT", "MONKEY", "UNUSED_TOKEN"]) {
      expect(names).not.toContain(n);
    }
  });

  it("ignores $$ escapes and a top-level job that happens to be called secrets", () => {
    const r = gitlabCi.extract({ path: ".gitlab-ci.yml", text: "secrets:\n  script:\n    - echo $$NOT_A_TOKEN\n" });
    expect(summary(r)).toEqual([]);
  });

  it("reports broken YAML with a position and keeps what it could read", () => {
    const r = gitlabCi.extract(fixture("broken.gitlab-ci.yml"));
    expect(summary(r)).toEqual([
      { name: "DEPLOY_KEY", kind: "reference", line: 3, column: 14, route: "deploy.script[0]" },
      { name: "DB_PASS", kind: "reference", line: 5, column: 5, route: "deploy.secrets.DB_PASS" },
    ]);
    expect(r.diagnostics.map((d) => ({ ...d.location, source: d.source }))).toEqual([{ file: "broken.gitlab-ci.yml", line: 6, column: 1, source: "gitlab-ci" }]);
    expect(r.diagnostics[0]?.message).toMatch(/^Invalid YAML: .*Fix the syntax/);
  });
});
