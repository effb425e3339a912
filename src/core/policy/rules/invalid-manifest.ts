import { defineRule, type Report } from "../rule.js";

export default defineRule({
  meta: {
    id: "invalid-manifest",
    description: "The ownership manifest has an error, so some ownership cannot be read.",
    defaultSeverity: "error",
    controls: ["GV.RR-02", "ID.AM-08"],
    messages: {
      invalid: "{{message}}",
      invalidWithSuggestion: "{{message}}. Fix: {{suggestion}}",
    },
    help: [
      "An ownership record that cannot be read is no record: the rules after an error may be ignored",
      "and secrets they cover look unowned, or worse, owned by the wrong team.",
      "",
      "**Fix:** correct the manifest at the reported line; the message says what to write instead.",
    ].join("\n"),
  },
  check(ctx) {
    // "No rules: every secret is unowned" says nothing when there is no secret (a fresh `init`).
    const anySecret = ctx.refs.some((ref) => ref.kind !== "platform");
    return ctx.manifestDiagnostics.filter((diagnostic) => anySecret || diagnostic.kind !== "no-rules").map((diagnostic): Report => ({
      messageId: diagnostic.suggestion ? "invalidWithSuggestion" : "invalid",
      data: {
        message: diagnostic.message.replace(/\.$/, ""),
        suggestion: endSentence(diagnostic.suggestion ?? ""),
        kind: diagnostic.kind,
      },
      location: diagnostic.location,
      secret: null,
      fingerprintKey: `${diagnostic.kind}:${diagnostic.message}`,
      // A shadowed second manifest or a bracket GitHub takes literally is worth a look, not a block.
      ...(diagnostic.severity ? { severity: diagnostic.severity } : {}),
    }));
  },
});

/** Suggestions are written as phrases, some ending in a question: close each exactly once. */
function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
