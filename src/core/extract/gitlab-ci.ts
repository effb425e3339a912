import { isMap, isScalar } from "yaml";
import type { Extractor, SecretRef, SourceFile } from "../model.js";
import { baseName, byPosition, isYamlPath, joinRoute, parseYaml, ref, scalarLocation, scanEnvVarRefs, SHELL_VAR_SIGIL, slashed, textGate, walkYaml } from "./shared.js";

/**
 * GitLab CI/CD (`.gitlab-ci.yml` and the local files it `include:`s).
 *
 * - `secrets:` (https://docs.gitlab.com/ci/yaml/#secrets) names a secret fetched from Vault, Azure
 *   Key Vault or GCP Secret Manager; the key is the variable the job sees, so it is the name.
 * - `$VAR` / `${VAR}` uses of credential-like variables the file does not define come from the
 *   project/group CI/CD variable settings, i.e. they are secrets.
 */

/** Tokens GitLab mints per job (https://docs.gitlab.com/ci/variables/predefined_variables/). */
const PLATFORM_TOKENS = new Set([
  "CI_JOB_TOKEN", "CI_JOB_JWT", "CI_JOB_JWT_V1", "CI_JOB_JWT_V2", "CI_REGISTRY_PASSWORD",
  "CI_DEPENDENCY_PROXY_PASSWORD", "CI_DEPLOY_PASSWORD",
]);

const PREDEFINED_GITLAB = new Set(["GITLAB_CI", "GITLAB_FEATURES", "GITLAB_ENV"]);

/** Keywords whose mapping keys become job variables. */
const DEFINING_KEYS = new Set(["variables", "secrets", "id_tokens"]);

export function classifyGitlabVariable(name: string): "platform" | "ignore" | "secret" {
  if (PLATFORM_TOKENS.has(name)) return "platform";
  if (name.startsWith("CI_") || name === "CI") return "ignore";
  // Only GitLab's own `GITLAB_*` variables are predefined; `GITLAB_TOKEN` (semantic-release, glab)
  // is a user's CI/CD variable and a secret.
  if (PREDEFINED_GITLAB.has(name) || name.startsWith("GITLAB_USER_")) return "ignore";
  // Variables of the Kubernetes agent and trigger payloads are injected by GitLab too.
  if (name.startsWith("KUBECONFIG") || name === "TRIGGER_PAYLOAD" || name.startsWith("CHAT_")) return "ignore";
  return "secret";
}

const SECRETS_KEYWORD = "secrets";

/** Refs come from `secrets:` or from `$VAR` uses; a file with neither is not parsed. */
export const GITLAB_GATE = textGate([SECRETS_KEYWORD, SHELL_VAR_SIGIL]);

export const gitlabCi: Extractor = {
  id: "gitlab-ci",
  description: "GitLab CI/CD: `secrets:` (Vault, Azure Key Vault, GCP Secret Manager) and undefined credential-like `$VARIABLES`",
  matches(path) {
    if (!isYamlPath(path)) return false;
    const base = baseName(path);
    return base === ".gitlab-ci.yml" || base.endsWith(".gitlab-ci.yml") || /\/\.gitlab\/ci\/.*\.ya?ml$/.test(slashed(path));
  },
  extract(file: SourceFile) {
    if (!GITLAB_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "gitlab-ci");
    const refs: SecretRef[] = [];
    for (const doc of docs) {
      walkYaml(doc.contents, "", (node, route, key) => {
        // A top-level `secrets:` is a job that happens to be called that, not the keyword.
        if (key === null || String(key.value) !== SECRETS_KEYWORD || !isMap(node) || route === SECRETS_KEYWORD) return;
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          refs.push(ref("gitlab-ci", "reference", name, scalarLocation(file.path, pos, pair.key), joinRoute(route, name)));
        }
      });
    }
    refs.push(
      ...scanEnvVarRefs(file, docs, pos, {
        system: "gitlab-ci",
        definesVariables: (key, route) => DEFINING_KEYS.has(key) || /\.matrix\[\d+\]$/.test(route),
        classify: classifyGitlabVariable,
      }),
    );
    return { refs: byPosition(refs), diagnostics };
  },
};
