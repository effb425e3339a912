import type { ExtractResult } from "../model.js";

/** What extractor tests compare: each ref's identity and place, `overbroad` only where set. */
export function summarizeRefs(result: ExtractResult) {
  return result.refs.map(({ name, kind, overbroad, location: { line, column }, route }) => ({
    name,
    kind,
    line,
    column,
    route,
    ...(overbroad ? { overbroad } : {}),
  }));
}
