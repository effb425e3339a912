import { isMap, isScalar, isSeq } from "yaml";
import type { Extractor, SecretRef, SourceFile } from "../model.js";
import { baseName, byPosition, isYamlPath, joinRoute, mapGet, mapPairs, parseYaml, ref, scalarLocation, scalarText, textGate } from "./shared.js";

/**
 * Docker Compose (https://docs.docker.com/reference/compose-file/secrets/). The top-level `secrets:`
 * declares each secret and where its value comes from (`file:`, `environment:`, `external:`); a
 * service's (or its build's) `secrets:` list uses them, in the short (`- db_password`) or long
 * (`- source: db_password`) syntax.
 */
const SECRETS_KEY = "secrets";

/** Declarations and uses both sit under a `secrets:` key: a file without the word has neither. */
export const COMPOSE_GATE = textGate([SECRETS_KEY]);

export const compose: Extractor = {
  id: "compose",
  description: "Docker Compose: top-level secrets: declarations and the services that use them",
  matches(path) {
    return isYamlPath(path) && /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(baseName(path));
  },
  extract(file: SourceFile) {
    if (!COMPOSE_GATE(file.text)) return { refs: [], diagnostics: [] };
    const { docs, pos, diagnostics } = parseYaml(file, "compose");
    const refs: SecretRef[] = [];
    for (const doc of docs) {
      for (const pair of mapPairs(mapGet(doc.contents, SECRETS_KEY))) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        refs.push(ref("compose", "declaration", name, scalarLocation(file.path, pos, pair.key), `secrets.${name}`));
      }
      for (const svc of mapPairs(mapGet(doc.contents, "services"))) {
        if (!isScalar(svc.key)) continue;
        const route = `services.${String(svc.key.value)}`;
        uses(file, pos, mapGet(svc.value, SECRETS_KEY), joinRoute(route, SECRETS_KEY), refs);
        uses(file, pos, mapGet(mapGet(svc.value, "build"), SECRETS_KEY), joinRoute(route, `build.${SECRETS_KEY}`), refs);
      }
    }
    return { refs: byPosition(refs), diagnostics };
  },
};

function uses(file: SourceFile, pos: Parameters<typeof scalarLocation>[1], list: unknown, route: string, refs: SecretRef[]): void {
  if (!isSeq(list)) return;
  list.items.forEach((item, i) => {
    const node = isMap(item) ? mapGet(item, "source") : item;
    if (!isScalar(node) || scalarText(node) === null || scalarText(node) === "") return;
    refs.push(ref("compose", "reference", scalarText(node), scalarLocation(file.path, pos, node), `${route}[${i}]`));
  });
}
