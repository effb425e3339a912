import { isMap, isSeq } from "yaml";
import type { Extractor, SourceFile } from "../model.js";
import { baseName, byPosition, mapGet, parseYaml, scalarText, scanEnvVarRefs, SHELL_VAR_SIGIL, textGate } from "./shared.js";

/**
 * Bitbucket Pipelines (`bitbucket-pipelines.yml`). Secrets are repository, workspace or deployment
 * variables, used as `$VAR`; a credential-like one the file does not define is a secret.
 *
 * A pipe's `variables:` maps the pipe's *inputs* (`AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID`), so its
 * keys define nothing; only a custom pipeline's `variables: - name: X` prompts for a value.
 */
export function classifyBitbucketVariable(name: string): "platform" | "ignore" | "secret" {
  // BITBUCKET_STEP_OIDC_TOKEN is minted per step (https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/).
  if (name === "BITBUCKET_STEP_OIDC_TOKEN") return "platform";
  if (name.startsWith("BITBUCKET_") || name === "CI") return "ignore";
  return "secret";
}

/** Every ref is a `$VAR` use: a file without a `$` is not parsed. */
export const BITBUCKET_GATE = textGate([SHELL_VAR_SIGIL]);

export const bitbucketPipelines: Extractor = {
  id: "bitbucket-pipelines",
  description: "Bitbucket Pipelines: undefined credential-like `$VARIABLES` (repository, workspace and deployment variables)",
  matches(path) {
    return baseName(path) === "bitbucket-pipelines.yml";
  },
  extract(file: SourceFile) {
    if (!BITBUCKET_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "bitbucket-pipelines");
    const refs = scanEnvVarRefs(file, docs, pos, {
      system: "bitbucket-pipelines",
      definesVariables: () => false,
      collectDefinitions: (node, _route, key, defined) => {
        if (key === null || String(key.value) !== "variables" || !isSeq(node)) return;
        for (const item of node.items) {
          const name = isMap(item) ? scalarText(mapGet(item, "name")) : null;
          if (name !== null) defined.add(name);
        }
      },
      classify: classifyBitbucketVariable,
    });
    return { refs: byPosition(refs), diagnostics };
  },
};
