import { isScalar, isSeq } from "yaml";
import type { Node } from "yaml";
import type { Extractor, SecretRef, SourceFile } from "../model.js";
import { byPosition, isYamlPath, joinRoute, mapGet, mapPairs, parseYaml, ref, scalarLocation, scanEnvVarRefs, SHELL_VAR_SIGIL, slashed, textGate } from "./shared.js";
import type { Positioner } from "./shared.js";

/**
 * CircleCI (`.circleci/config.yml`).
 *
 * - A workflow job's `context:` (https://circleci.com/docs/contexts/) hands the job every variable of
 *   that context; contexts are where CircleCI keeps shared secrets, so the context name is the name.
 * - `$VAR` uses of credential-like variables the file does not set under `environment:` come from
 *   project settings or a context.
 */

/** OIDC tokens CircleCI mints per job (https://circleci.com/docs/openid-connect-tokens/). */
const PLATFORM_TOKENS = new Set(["CIRCLE_OIDC_TOKEN", "CIRCLE_OIDC_TOKEN_V2"]);

export function classifyCircleciVariable(name: string): "platform" | "ignore" | "secret" {
  if (PLATFORM_TOKENS.has(name)) return "platform";
  if (name.startsWith("CIRCLE_") || name === "CIRCLECI" || name === "CI" || name === "BASH_ENV") return "ignore";
  return "secret";
}

const CONTEXT_KEY = "context";

/** Refs come from `context:` or from `$VAR` uses; a file with neither is not parsed. */
export const CIRCLECI_GATE = textGate([CONTEXT_KEY, SHELL_VAR_SIGIL]);

export const circleci: Extractor = {
  id: "circleci",
  description: "CircleCI: workflow job `context:` names and undefined credential-like `$VARIABLES`",
  matches(path) {
    return isYamlPath(path) && /\/\.circleci\/[^/]*\.ya?ml$/.test(slashed(path));
  },
  extract(file: SourceFile) {
    if (!CIRCLECI_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "circleci");
    const refs: SecretRef[] = [];
    for (const doc of docs) {
      for (const wf of mapPairs(mapGet(doc.contents, "workflows"))) {
        if (!isScalar(wf.key)) continue;
        const wfName = String(wf.key.value);
        const jobs = mapGet(wf.value, "jobs");
        if (!isSeq(jobs)) continue;
        jobs.items.forEach((item, i) => {
          // `- build: { context: x }`: the job name is the single key of the item.
          for (const job of mapPairs(item)) {
            if (!isScalar(job.key)) continue;
            const route = joinRoute(joinRoute(`workflows.${wfName}.jobs`, i), String(job.key.value));
            contextRefs(file, pos, mapGet(job.value, CONTEXT_KEY) as Node | undefined, joinRoute(route, CONTEXT_KEY), refs);
          }
        });
      }
    }
    refs.push(
      ...scanEnvVarRefs(file, docs, pos, {
        system: "circleci",
        definesVariables: (key) => key === "environment",
        classify: classifyCircleciVariable,
      }),
    );
    return { refs: byPosition(refs), diagnostics };
  },
};

function contextRefs(file: SourceFile, pos: Positioner, node: Node | undefined, route: string, refs: SecretRef[]): void {
  if (isScalar(node) && typeof node.value === "string" && node.value !== "") {
    refs.push(ref("circleci", "reference", node.value, scalarLocation(file.path, pos, node), route));
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === "string" && item.value !== "") {
        refs.push(ref("circleci", "reference", item.value, scalarLocation(file.path, pos, item), joinRoute(route, i)));
      }
    });
  }
}
