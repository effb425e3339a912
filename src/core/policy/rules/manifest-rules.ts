import type { ManifestRule } from "../../manifest/types.js";

/** How findings name a manifest rule: by its patterns, which stay stable when lines move. */
export function ruleLabel(rule: ManifestRule): string {
  return rule.patterns.map((p) => (p.system ? `${p.system}:${p.glob}` : p.glob)).join(", ");
}
