import { isInScope } from "../../manifest/match.js";
import { defineRule, type Report } from "../rule.js";
import { governedUses, isWorkflowFile } from "./refs.js";

export default defineRule({
  meta: {
    id: "scope-violation",
    description: "A secret is used outside the workflows, paths or environments its ownership rule allows.",
    defaultSeverity: "error",
    controls: ["NHI9", "NHI8", "PR.AA-05"],
    messages: {
      workflow: "Secret {{name}} is used in {{file}}, which is not among the workflows its rule ({{manifest}}:{{ruleLine}}) allows: {{allowed}}.",
      path: "Secret {{name}} is used in {{file}}, outside the paths its rule ({{manifest}}:{{ruleLine}}) allows: {{allowed}}.",
      environment: "Secret {{name}} is used {{where}}, but its rule ({{manifest}}:{{ruleLine}}) allows only the environments {{allowed}}.",
    },
    pathContext: true,
    help: [
      "A scope records where a privileged secret may be used. A use elsewhere means the credential is",
      "reused beyond its purpose or crosses an environment boundary (OWASP NHI9 reuse, NHI8 isolation).",
      "",
      "**Fix:** stop using the secret here and create a separate secret for this purpose, or, if the use",
      "is intended, widen the rule's `scope:` in `secretowners.yml` with the owner's agreement.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const { ref, name, match } of governedUses(ctx)) {
      const scope = match?.rule.scope;
      if (!match || !scope) continue;
      const verdict = isInScope(scope, {
        file: ref.location.file,
        environment: ref.environment,
        isWorkflow: ref.system === "github-actions" && isWorkflowFile(ref.location.file),
      });
      if (verdict.ok) continue;
      const allowed = {
        workflow: scope.workflows,
        path: scope.paths,
        environment: scope.environments,
      }[verdict.reason];
      reports.push({
        messageId: verdict.reason,
        data: {
          name,
          file: ref.location.file,
          manifest: ctx.manifest?.path ?? "",
          ruleLine: match.rule.location.line,
          allowed: (allowed ?? []).join(", ") || "(none)",
          where: ref.environment ? `in environment "${ref.environment}"` : "in a job with no environment",
        },
        location: ref.location,
        secret: name,
        fingerprintKey: `${ref.system}:${name.toUpperCase()}:${verdict.reason}`,
        system: ref.system,
      });
    }
    return reports;
  },
});
