/** A step in a symbolic route: a mapping key or a sequence index. */
export type Segment = string | number;

/** `jobs.build.steps[2].env.TOKEN`; keys that are not plain identifiers are quoted: `env["A.B"]`. */
export function formatRoute(route: readonly Segment[]): string {
  let out = "";
  for (const segment of route) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-][A-Za-z0-9_$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Where GitHub reads a bare `if:` as an expression: jobs, workflow steps and composite action
 * steps. Everywhere else a string without `${{ }}` is plain text.
 */
export function isConditionRoute(route: readonly Segment[]): boolean {
  const [a, b, c, d, e] = route;
  if (a === "jobs" && typeof b === "string") {
    if (route.length === 3) return c === "if";
    return route.length === 5 && c === "steps" && typeof d === "number" && e === "if";
  }
  return route.length === 4 && a === "runs" && b === "steps" && typeof c === "number" && d === "if";
}
