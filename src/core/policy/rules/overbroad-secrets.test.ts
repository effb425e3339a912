import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./overbroad-secrets.js";

describe("overbroad-secrets", () => {
  it("reports each over-broad use with the message for its kind", () => {
    const ctx = contextFor({
      refs: [
        actionsRef(null, 5, { kind: "overbroad", overbroad: "inherit", route: "jobs.call.secrets" }),
        actionsRef(null, 9, { kind: "overbroad", overbroad: "tojson", route: "jobs.a.steps[0].env.ALL" }),
        actionsRef(null, 11, { kind: "overbroad", overbroad: "dynamic-index", route: "jobs.a.steps[1].env.X" }),
        actionsRef("NPM_TOKEN", 12),
      ],
    });
    expect(brief(rule.check(ctx))).toEqual([
      { messageId: "inherit", line: 5, column: 20, secret: null },
      { messageId: "toJSON", line: 9, column: 20, secret: null },
      { messageId: "dynamicIndex", line: 11, column: 20, secret: null },
    ]);
  });

  it("speaks of a computed name, not `secrets[...]`, outside GitHub Actions (a Terraform data source)", () => {
    const ref = { ...actionsRef(null, 3, { kind: "overbroad", overbroad: "dynamic-index", route: "data.aws_secretsmanager_secret.x.name" }), system: "terraform" as const };
    expect(brief(rule.check(contextFor({ refs: [ref] })))).toEqual([{ messageId: "computedName", line: 3, column: 20, secret: null }]);
  });

  it("fingerprints by route so a moved line keeps its fingerprint", () => {
    const ref = actionsRef(null, 5, { kind: "overbroad", overbroad: "inherit", route: "jobs.call.secrets" });
    const [a] = rule.check(contextFor({ refs: [ref] }));
    const [b] = rule.check(contextFor({ refs: [{ ...ref, location: { ...ref.location, line: 50 } }] }));
    expect(a?.fingerprintKey).toBe(b?.fingerprintKey);
  });
});
