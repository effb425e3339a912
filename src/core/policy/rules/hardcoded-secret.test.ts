import { describe, expect, it } from "vitest";
import type { Credential } from "../../model.js";
import { contextFor } from "../testing.js";
import rule from "./hardcoded-secret.js";

function credential(identity: boolean, line: number): Credential {
  return {
    detector: identity ? "okta-api-token" : "slack-webhook-url",
    description: identity ? "Okta API token" : "Slack webhook URL",
    location: { file: "scripts/run.sh", line, column: 7 },
    preview: "00Qm…(42 chars)",
    valueHash: `hash-${line}`,
    length: 42,
    identity,
  };
}

describe("hardcoded-secret", () => {
  it("reports every credential with its detector, preview and identity flag", () => {
    const reports = rule.check(contextFor({ credentials: [credential(true, 3), credential(false, 9)] }));
    expect(reports.map((r) => [r.messageId, r.location.line, r.detector, r.identity, r.secret])).toEqual([
      ["hardcodedIdentity", 3, "okta-api-token", true, null],
      ["hardcoded", 9, "slack-webhook-url", false, null],
    ]);
    expect(reports[0]?.fingerprintKey).toBe("okta-api-token::1");
  });

  it("keys fingerprints on detector, assignment key and place among equals, never on the value", () => {
    const at = (line: number, key: string | undefined, valueHash: string): Credential => ({ ...credential(false, line), valueHash, ...(key ? { key } : {}) });
    const keys = (credentials: Credential[]) => rule.check(contextFor({ credentials })).map((r) => r.fingerprintKey);
    // Moving lines and changing the value leave fingerprints alone; a second value at the same key is told apart.
    expect(keys([at(3, "API_TOKEN", "a"), at(9, "apiToken", "b")])).toEqual(["slack-webhook-url:api_token:1", "slack-webhook-url:api_token:2"]);
    expect(keys([at(30, "API_TOKEN", "c"), at(90, "DB_PASSWORD", "d")])).toEqual(["slack-webhook-url:api_token:1", "slack-webhook-url:db_password:1"]);
  });
});
