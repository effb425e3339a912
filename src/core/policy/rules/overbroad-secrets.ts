import type { OverbroadKind } from "../../model.js";
import { defineRule, type Report } from "../rule.js";

const MESSAGE_IDS: Record<OverbroadKind, string> = {
  inherit: "inherit",
  tojson: "toJSON",
  "dynamic-index": "dynamicIndex",
};

export default defineRule({
  meta: {
    id: "overbroad-secrets",
    description: "All secrets, or a secret chosen at run time, are handed over instead of named ones.",
    defaultSeverity: "warning",
    controls: ["NHI5", "PR.AA-05"],
    messages: {
      inherit: "`secrets: inherit` passes every secret of the caller to the called workflow. Pass the ones it needs by name.",
      toJSON: "The whole `secrets` context is serialised here, exposing every secret to this step. Reference the secrets it needs by name.",
      dynamicIndex: "`secrets[...]` picks a secret by a computed name, so nobody can tell which secrets this uses. Reference them by name.",
      computedName: "This reads a secret whose name is computed when it runs, so nobody can tell from the code which secret it is. Name the secret literally.",
    },
    pathContext: true,
    help: [
      "Handing over every secret (or one chosen at run time) defeats ownership and least privilege: a",
      "reviewer cannot tell which credentials a job can reach (OWASP NHI5, overprivileged NHI).",
      "",
      "**Fix:** replace `secrets: inherit` with an explicit `secrets:` map, and `toJSON(secrets)` or",
      "`secrets[expr]` with the named secrets the step needs.",
    ].join("\n"),
  },
  check(ctx) {
    const reports: Report[] = [];
    for (const ref of ctx.refs) {
      if (ref.kind !== "overbroad") continue;
      const kind = ref.overbroad ?? "dynamic-index";
      // `secrets[...]` is GitHub Actions syntax; elsewhere the same finding is a computed secret name.
      const messageId = kind === "dynamic-index" && ref.system !== "github-actions" ? "computedName" : MESSAGE_IDS[kind];
      reports.push({
        messageId,
        data: {},
        location: ref.location,
        secret: null,
        fingerprintKey: `${ref.system}:${kind}:${ref.route}`,
        system: ref.system,
      });
    }
    return reports;
  },
});
