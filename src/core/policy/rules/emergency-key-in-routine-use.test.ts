import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./emergency-key-in-routine-use.js";

const MANIFEST = {
  path: "secretowners.yml",
  text: 'version: 1\nrules:\n  - secrets: ["BREAKGLASS_*"]\n    owner: "@acme/secops"\n    emergency-only: true\n  - secrets: ["NPM_TOKEN"]\n    owner: "@acme/web"\n',
};

describe("emergency-key-in-routine-use", () => {
  it("reports an emergency key in a job an automatic trigger starts without an environment", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [
        actionsRef("BREAKGLASS_OKTA", 12, { workflow: { triggers: ["push", "workflow_dispatch", "schedule"] } }),
        actionsRef("NPM_TOKEN", 13, { workflow: { triggers: ["push"] } }),
      ],
    });
    const reports = rule.check(ctx);
    expect(brief(reports)).toEqual([{ messageId: "routine", line: 12, column: 20, secret: "BREAKGLASS_OKTA" }]);
    expect(reports[0]?.data["triggers"]).toBe("push, schedule");
  });

  it("accepts manual runs, reusable workflows, jobs with an environment, jobs and steps that run only on a manual start, and action metadata", () => {
    const ctx = contextFor({
      manifest: MANIFEST,
      refs: [
        actionsRef("BREAKGLASS_A", 1, { workflow: { triggers: ["workflow_dispatch"] } }),
        actionsRef("BREAKGLASS_B", 2, { workflow: { triggers: ["workflow_call", "workflow_dispatch"] } }),
        actionsRef("BREAKGLASS_C", 3, { workflow: { triggers: ["push"], jobEnvironment: true } }),
        actionsRef("BREAKGLASS_D", 4, { location: { file: "action.yml", line: 4, column: 1 } }),
        actionsRef("BREAKGLASS_E", 5, { workflow: { triggers: ["push", "workflow_dispatch"], manualOnly: true } }),
      ],
    });
    expect(rule.check(ctx)).toEqual([]);
  });
});
