import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { azurePipelines } from "./azure-pipelines.js";
import { summarizeRefs } from "./testing.js";

const path = "azure-pipelines.yml";
const text = readFileSync(new URL("../../../fixtures/extract/azure-pipelines/azure-pipelines.yml", import.meta.url), "utf8");
const summary = summarizeRefs;
const run = (src: string) => summary(azurePipelines.extract({ path, text: src }));

describe("azure-pipelines extractor", () => {
  it("matches pipeline files and templates by their path hints only", () => {
    for (const p of ["azure-pipelines.yml", "azure-pipelines-release.yaml", ".azure-pipelines/build.yml", ".azuredevops/templates/deploy.yml", "ci/azure-pipelines/steps.yml"]) {
      expect(azurePipelines.matches(p)).toBe(true);
    }
    for (const p of ["pipelines.yml", "k8s/deployment.yaml", "azure-pipelines.md", ".github/workflows/azure.yml"]) expect(azurePipelines.matches(p)).toBe(false);
  });

  it("finds variable groups, service connections, Key Vault secrets and secret variables", () => {
    const r = azurePipelines.extract({ path, text });
    expect(r.diagnostics).toEqual([]);
    const build = "stages[0].jobs[0].steps";
    const deploy = "stages[1].jobs[0].strategy.runOnce.deploy.steps";
    expect(summary(r)).toEqual([
      { name: "release-secrets", kind: "reference", line: 11, column: 12, route: "variables[0].group" },
      // `$(registryConnection)` resolved through the file's own variables.
      { name: "acr-push", kind: "reference", line: 29, column: 34, route: `${build}[0].inputs.containerRegistry` },
      { name: "System.AccessToken", kind: "platform", line: 34, column: 27, route: `${build}[1].script` },
      { name: "NuGetApiKey", kind: "reference", line: 38, column: 32, route: `${build}[1].env.NUGET_API_KEY` },
      { name: "SONAR_TOKEN", kind: "reference", line: 39, column: 30, route: `${build}[1].env.SONAR_TOKEN` },
      { name: "prod-keyvault-linked", kind: "reference", line: 42, column: 16, route: "stages[1].variables[0].group" },
      { name: "kv-reader-connection", kind: "reference", line: 52, column: 41, route: `${deploy}[0].inputs.azureSubscription` },
      { name: "DbPassword", kind: "reference", line: 54, column: 37, route: `${deploy}[0].inputs.SecretsFilter` },
      { name: "StripeApiKey", kind: "reference", line: 54, column: 48, route: `${deploy}[0].inputs.SecretsFilter` },
      // `${{ parameters.deployConnection }}` resolved through the parameter's default.
      { name: "prod-arm-connection", kind: "reference", line: 57, column: 40, route: `${deploy}[1].inputs.azureSubscription` },
      // `$(aksConnection)` is set outside the file: which connection it names cannot be known.
      { name: null, kind: "overbroad", overbroad: "dynamic-index", line: 63, column: 50, route: `${deploy}[2].inputs.kubernetesServiceConnection` },
    ]);
  });

  it("does not report defined, runtime-set, predefined or non-credential variables", () => {
    const names = azurePipelines.extract({ path, text }).refs.map((r) => r.name);
    for (const n of ["localApiKey", "buildConfiguration", "sessionToken", "generatedValue", "Build.BuildId", "System.CollectionUri", "registryConnection"]) {
      expect(names).not.toContain(n);
    }
  });

  it("reads every Key Vault secret for SecretsFilter '*' and skips mustache placeholders", () => {
    expect(run("steps:\n- task: AzureKeyVault@2\n  inputs:\n    azureSubscription: '{{ azureRmConnection.Id }}'\n    SecretsFilter: '*'\n")).toEqual([
      { name: null, kind: "overbroad", overbroad: "inherit", line: 5, column: 21, route: "steps[0].inputs.SecretsFilter" },
    ]);
  });

  it("says nothing about YAML that is not a pipeline", () => {
    expect(azurePipelines.extract({ path: "azure-pipelines/k8s/svc.yml", text: "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n" })).toEqual({ refs: [], diagnostics: [] });
  });

  it("turns broken YAML into positioned diagnostics", () => {
    const r = azurePipelines.extract({ path, text: "steps:\n- script: echo $(DEPLOY_TOKEN)\n  env: {A: b\n" });
    expect(summary(r)).toEqual([{ name: "DEPLOY_TOKEN", kind: "reference", line: 2, column: 18, route: "steps[0].script" }]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]?.location.line).toBeGreaterThanOrEqual(3);
  });
});
