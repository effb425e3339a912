import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { githubActions } from "../src/core/extract/github-actions.js";
import type { SecretRef } from "../src/core/model.js";
import agentReachableSecret from "../src/core/policy/rules/agent-reachable-secret.js";
import secretToUnpinnedAction from "../src/core/policy/rules/secret-to-unpinned-action.js";
import staticCloudCredential from "../src/core/policy/rules/static-cloud-credential.js";
import { contextFor } from "../src/core/policy/testing.js";
import { sharedAvailable } from "./paths.js";
import { WORKFLOW_CORPUS as CORPUS, yamlFiles } from "./support/corpus.js";

/*
 * The workflow placement the governance rules rely on (triggers, the step's `uses:`, agents),
 * checked on real workflows, and the rules' findings over the whole corpus pinned down, so a
 * change that adds false alarms shows up here.
 */

interface Loaded {
  readonly name: string;
  readonly text: string;
  readonly refs: readonly SecretRef[];
}

function load(): Loaded[] {
  return yamlFiles(CORPUS).map((absolute) => {
    const name = relative(CORPUS, absolute);
    const text = readFileSync(absolute, "utf8");
    const base = name.slice(name.lastIndexOf("/") + 1);
    // Corpus files keep their original paths; lay workflows out where GitHub reads them.
    const path = /^action\.ya?ml$/.test(base) ? name : `.github/workflows/${name.replaceAll("/", "__")}`;
    return { name, text, refs: githubActions.extract({ path, text }).refs };
  });
}

const present = sharedAvailable("the governance corpus tests", CORPUS);

describe.skipIf(!present)("governance placement on the shared workflow corpus", () => {
  const corpus = present ? load() : [];
  const refs = corpus.flatMap((file) => file.refs);

  it("points every step placement at a step that holds the recorded uses:", () => {
    let checked = 0;
    for (const file of corpus) {
      const lines = file.text.split(/\r?\n/);
      for (const ref of file.refs) {
        const step = ref.workflow?.stepLocation;
        if (step === undefined) continue;
        checked++;
        const line = lines[step.line - 1] ?? "";
        // A step begins right after its `- `; a calling job where its mapping begins.
        if (/\.steps\[\d+\]/.test(ref.route)) expect(line.slice(0, step.column - 1), `${file.name}:${step.line}`).toMatch(/^\s*-\s+$/);
        const uses = ref.workflow?.uses;
        if (uses !== undefined) expect(file.text, file.name).toContain(uses);
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  it("gives every workflow reference its triggers and no action-metadata reference any", () => {
    const inWorkflows = refs.filter((ref) => ref.location.file.startsWith(".github/workflows/"));
    const withTriggers = inWorkflows.filter((ref) => ref.workflow?.triggers !== undefined && ref.workflow.triggers.length > 0);
    // A few corpus files are broken on purpose (no `on:`, or YAML that does not parse).
    expect(withTriggers.length / inWorkflows.length).toBeGreaterThan(0.95);
    expect(refs.filter((ref) => !ref.location.file.startsWith(".github/") && ref.workflow?.triggers !== undefined)).toEqual([]);
  });

  it("finds static cloud keys exactly where the corpus passes them", () => {
    const findings = staticCloudCredential.check(contextFor({ refs: [...refs] }));
    expect(findings.map((f) => [f.location.file, f.location.line, f.data["names"]])).toEqual([
      [".github/workflows/starter-workflows__deployments__aws.yml", 59, "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"],
      [".github/workflows/starter-workflows__deployments__azure-functions-app-container.yml", 48, "AZURE_RBAC_CREDENTIALS"],
      // `terraform plan` given the AWS SDK's key variables in a step's env:.
      [".github/workflows/starter-workflows__code-scanning__cloudrail.yml", 39, "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"],
    ]);
  });

  it("never reports a pinned, first-party or local action, nor an identifier, as unpinned", () => {
    const findings = secretToUnpinnedAction.check(contextFor({ refs: [...refs] }));
    for (const finding of findings) {
      const action = String(finding.data["action"]);
      expect(action).not.toMatch(/^(?:actions|github)\/|^\.\/|@[0-9a-f]{40}$|@sha256:[0-9a-f]{64}$/i);
      expect(finding.secret).not.toMatch(/_(?:ID|USERNAME|USER)$/);
    }
    // Measured on this corpus: 52 secrets handed to tags and branches (azure/login's client ids excluded).
    expect(findings.length).toBe(52);
  });

  it("finds no AI agent in a corpus written before agents ran in CI", () => {
    expect(agentReachableSecret.check(contextFor({ refs: [...refs] }))).toEqual([]);
  });
});
