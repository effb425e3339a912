import { defineRule, type Report } from "../rule.js";
import { governedUses } from "./refs.js";

/**
 * Triggers under which a use is not routine: a person starts the run by hand, or the workflow is
 * called by another one (whose own uses are checked where they are written).
 */
const NOT_ROUTINE = new Set(["workflow_dispatch", "workflow_call"]);

export default defineRule({
  meta: {
    id: "emergency-key-in-routine-use",
    description: "An emergency-only secret is used in a workflow an automatic trigger starts, outside a protected environment.",
    defaultSeverity: "error",
    pathContext: true,
    controls: ["NHI7", "PR.AA-05"],
    messages: {
      routine:
        "Secret {{name}} is emergency-only (rule at {{manifest}}:{{ruleLine}}) but this job runs on {{triggers}} without an `environment:`. Use it only in a workflow_dispatch workflow or a job that deploys to an environment with required reviewers.",
    },
    help: [
      "A break-glass key exists for the day normal access fails. Used by a push, pull_request or",
      "schedule run it becomes a standing credential — always valid, used without anyone deciding to,",
      "and no longer noticed when it is (OWASP NHI7, long-lived secrets; NIST CSF PR.AA-05).",
      "",
      "**Fix:** move the step into a workflow started only by `workflow_dispatch`, or give the job an",
      "`environment:` whose protection rules require a reviewer. If the key is in fact used routinely,",
      "it is not an emergency key: drop `emergency-only: true` and give it a routine rotation.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const { ref, name, match } of governedUses(ctx)) {
      if (match?.effective.emergencyOnly !== true) continue;
      // Action metadata carries no triggers: the calling workflow decides, and is checked itself.
      const triggers = ref.workflow?.triggers;
      if (triggers === undefined || ref.workflow?.jobEnvironment === true || ref.workflow?.manualOnly === true) continue;
      const automatic = triggers.filter((trigger) => !NOT_ROUTINE.has(trigger));
      if (automatic.length === 0) continue;
      reports.push({
        messageId: "routine",
        data: { name, manifest: ctx.manifest?.path ?? "", ruleLine: match.rule.location.line, triggers: automatic.join(", ") },
        location: ref.location,
        secret: name,
        fingerprintKey: `${ref.system}:${name.toUpperCase()}`,
        system: ref.system,
      });
    }
    return reports;
  },
});
