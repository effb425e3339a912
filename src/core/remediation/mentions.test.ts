import { expect, it } from "vitest";
import { defangMentions } from "./mentions.js";

it("defangs every @mention but leaves emails and code alone", () => {
  expect(defangMentions("owner @acme/iam and @jdoe, mail ops@acme.example, `@x`")).toBe(
    "owner @\u200dacme/iam and @\u200djdoe, mail ops@acme.example, `@x`",
  );
  expect(defangMentions("@start")).toBe("@\u200dstart");
});
