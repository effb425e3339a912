import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ansible } from "../src/core/extract/ansible.js";
import { azurePipelines } from "../src/core/extract/azure-pipelines.js";
import { bitbucketPipelines } from "../src/core/extract/bitbucket-pipelines.js";
import { circleci } from "../src/core/extract/circleci.js";
import { compose } from "../src/core/extract/compose.js";
import { gitlabCi } from "../src/core/extract/gitlab-ci.js";
import { helm } from "../src/core/extract/helm.js";
import { jenkins } from "../src/core/extract/jenkins.js";
import { kubernetes } from "../src/core/extract/kubernetes.js";
import { terraform } from "../src/core/extract/terraform.js";
import type { Extractor, SourceFile } from "../src/core/model.js";
import { SHARED, sharedAvailable } from "./paths.js";

/**
 * Real pipelines from public repositories (../shared/corpora/other-ci, see its SOURCES.tsv): every
 * file goes through every extractor that claims it without throwing, and a representative set is
 * pinned exactly.
 */
const CORPUS = resolve(SHARED, "corpora", "other-ci");
const EXTRACTORS: readonly Extractor[] = [gitlabCi, circleci, azurePipelines, jenkins, bitbucketPipelines, kubernetes, helm, compose, terraform, ansible];

const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const present = sharedAvailable("the other-ci corpus tests", CORPUS);
const FILES = present ? walk(CORPUS).sort() : [];
const load = (path: string): SourceFile => ({ path, text: readFileSync(join(CORPUS, path), "utf8") });
const found = (e: Extractor, path: string) =>
  e.extract(load(path)).refs.map(({ name, kind, location: { line, column } }) => ({ name, kind, line, column }));

/** Which extractor a corpus folder belongs to. */
const SYSTEM_OF: Record<string, Extractor> = { "azure-pipelines-yaml": azurePipelines, "pipeline-examples": jenkins, "circleci-demo-workflows": circleci };

describe.skipIf(!present)("other-ci corpus", () => {
  it("holds the three corpora", () => {
    expect(FILES.length).toBeGreaterThan(100);
    for (const dir of Object.keys(SYSTEM_OF)) expect(FILES.some((f) => relative(CORPUS, f).startsWith(`${dir}/`))).toBe(true);
  });

  it("gets through every file with every extractor that claims it, and with its own extractor regardless of path", () => {
    let runs = 0;
    for (const file of FILES) {
      const path = relative(CORPUS, file).split("\\").join("/");
      const own = SYSTEM_OF[path.split("/")[0] ?? ""];
      const chosen = new Set(EXTRACTORS.filter((e) => e.matches(path)));
      if (own !== undefined && !path.endsWith(".md") && !path.endsWith(".tsv")) chosen.add(own);
      for (const e of chosen) {
        const r = e.extract(load(path));
        runs++;
        for (const x of r.refs) {
          expect(x.system).toBe(e.id);
          expect(x.location.file).toBe(path);
          expect(x.location.line).toBeGreaterThanOrEqual(1);
          expect(x.location.column).toBeGreaterThanOrEqual(1);
        }
        for (const d of r.diagnostics) expect(d.message.length).toBeGreaterThan(20);
      }
    }
    expect(runs).toBeGreaterThanOrEqual(110);
  });

  it("claims each corpus file for its own system only (no YAML extractor grabs every file)", () => {
    const claims = (path: string) => EXTRACTORS.filter((e) => e.matches(path)).map((e) => e.id);
    expect(claims("azure-pipelines-yaml/templates/node.js.yml")).toEqual(["azure-pipelines", "helm"]);
    expect(claims("circleci-demo-workflows/fan-in-fan-out/.circleci/config.yml")).toEqual(["circleci"]);
    expect(claims("pipeline-examples/pipeline-examples/push-git-repo/pushGitRepo.groovy")).toEqual(["jenkins"]);
    // helm claims the templates/ folder by path but finds no Helm template objects in it.
    expect(helm.extract(load("azure-pipelines-yaml/templates/deploy-to-existing-kubernetes-cluster.yml"))).toEqual({ refs: [], diagnostics: [] });
  });
});

describe.skipIf(!present)("jenkins on jenkinsci/pipeline-examples", () => {
  it.each([
    ["declarative-examples/simple-examples/credentialsUsernamePassword.groovy", [{ name: "FOOcredentials", kind: "reference", line: 9, column: 26 }]],
    [
      "declarative-examples/simple-examples/credentialsMixedEnvironment.groovy",
      [
        { name: "cred1", kind: "reference", line: 6, column: 26 },
        { name: "cred2", kind: "reference", line: 9, column: 26 },
      ],
    ],
    ["declarative-examples/jenkinsfile-examples/mavenDocker.groovy", [{ name: "sonar", kind: "reference", line: 70, column: 34 }]],
    [
      "pipeline-examples/push-git-repo/pushGitRepo.groovy",
      [
        { name: "git-pass-credentials-ID", kind: "reference", line: 8, column: 51 },
        { name: "git-ssh-credentials-ID", kind: "reference", line: 14, column: 26 },
      ],
    ],
    ["global-library-examples/global-function/standardBuild.groovy", []],
    ["pipeline-examples/github-org-plugin/access-repo-information.groovy", []],
  ])("%s", (file, expected) => {
    expect(found(jenkins, `pipeline-examples/${file}`)).toEqual(expected);
  });

  it("finds no credentials in the comments that mention them", () => {
    // credentialsUsernamePassword.groovy line 4 says `credential called "FOOCredentials"` in a comment.
    expect(found(jenkins, "pipeline-examples/declarative-examples/simple-examples/credentialsUsernamePassword.groovy").map((r) => r.line)).not.toContain(4);
  });
});

describe.skipIf(!present)("circleci on CircleCI-Public/circleci-demo-workflows", () => {
  it.each([
    ["fan-in-out-2.1-config", [{ name: "HEROKU_API_KEY", kind: "reference", line: 62, column: 38 }]],
    ["fan-in-fan-out", [{ name: "HEROKU_API_KEY", kind: "reference", line: 93, column: 38 }]],
    ["parallel-jobs", []],
    ["workspace-forwarding", []],
    ["sequential-branch-filter", []],
  ])("%s", (dir, expected) => {
    expect(found(circleci, `circleci-demo-workflows/${dir}/.circleci/config.yml`)).toEqual(expected);
  });

  it("does not report $HEROKU_APP (not a credential) or variables set under environment:", () => {
    const names = found(circleci, "circleci-demo-workflows/fan-in-fan-out/.circleci/config.yml").map((r) => r.name);
    expect(names).not.toContain("HEROKU_APP");
  });
});

describe.skipIf(!present)("azure-pipelines on microsoft/azure-pipelines-yaml", () => {
  const dir = "azure-pipelines-yaml/templates";

  it.each(["python-functionapp-to-linux-on-azure.yml", "docker-container-to-acr.yml", "node.js.yml", "docker-container-to-aks.yml"])(
    "%s: connections resolve to wizard placeholders, which name no secret",
    (file) => {
      expect(found(azurePipelines, `${dir}/${file}`)).toEqual([]);
    },
  );

  it("finds the service connection at every use once the wizard has filled in the placeholder", () => {
    const fill = (file: string): SourceFile => {
      const f = load(`${dir}/${file}`);
      return { path: f.path, text: f.text.replace("{{ azureRmConnection.Id }}", "prod-arm").replace("{{ azureServiceConnectionId }}", "prod-arm") };
    };
    const pin = (f: SourceFile) => azurePipelines.extract(f).refs.map(({ name, kind, location: { line, column }, route }) => ({ name, kind, line, column, route }));
    expect(pin(fill("python-functionapp-to-linux-on-azure.yml"))).toEqual([
      { name: "prod-arm", kind: "reference", line: 83, column: 35, route: "stages[1].jobs[0].strategy.runOnce.deploy.steps[0].inputs.azureSubscription" },
    ]);
    expect(pin(fill("docker-container-to-acr.yml"))).toEqual([
      { name: "prod-arm", kind: "reference", line: 50, column: 27, route: "jobs[0].steps[0].inputs.azureSubscription" },
      { name: "prod-arm", kind: "reference", line: 69, column: 35, route: "jobs[1].steps[0].inputs.azureSubscriptionEndpoint" },
      { name: "prod-arm", kind: "reference", line: 78, column: 35, route: "jobs[1].steps[1].inputs.azureSubscriptionEndpoint" },
    ]);
  });

  it("reports the mustache template that is not valid YAML, capped and positioned", () => {
    const r = azurePipelines.extract(load(`${dir}/deploy-to-existing-kubernetes-cluster.yml`));
    expect(r.refs).toEqual([]);
    expect(r.diagnostics).toHaveLength(11);
    expect(r.diagnostics[0]?.location).toEqual({ file: `${dir}/deploy-to-existing-kubernetes-cluster.yml`, line: 24, column: 3 });
    expect(r.diagnostics[10]?.message).toMatch(/more YAML errors follow/);
  });
});
