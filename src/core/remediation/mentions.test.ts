import { expect, it } from "vitest";
import { defangMentions } from "./mentions.js";

it("defangs every @mention but leaves emails alone", () => {
  expect(defangMentions("owner @acme/iam and @jdoe, mail ops@acme.example, `x`@y")).toBe(
    "owner @\u200dacme/iam and @\u200djdoe, mail ops@acme.example, `x`@\u200dy",
  );
  expect(defangMentions("@start")).toBe("@\u200dstart");
});

it("keeps fenced code byte for byte, so a snippet pastes into the manifest as written", () => {
  const text = 'Add:\n\n```yaml\n  - secrets: ["X"]\n    owner: "@your-org/team"\n```\n\nthen ask @lead';
  expect(defangMentions(text)).toBe('Add:\n\n```yaml\n  - secrets: ["X"]\n    owner: "@your-org/team"\n```\n\nthen ask @\u200dlead');
});
