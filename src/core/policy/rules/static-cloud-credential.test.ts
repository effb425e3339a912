import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule from "./static-cloud-credential.js";

const step = (line: number) => ({ file: ".github/workflows/ci.yml", line, column: 9 });

describe("static-cloud-credential", () => {
  it("reports one finding per login step given static keys, with the OIDC alternative", () => {
    const ctx = contextFor({
      refs: [
        actionsRef("AWS_ACCESS_KEY_ID", 14, { workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "aws-access-key-id", stepLocation: step(12) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 15, { workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "aws-secret-access-key", stepLocation: step(12) } }),
        actionsRef("GCP_SA_KEY", 20, { workflow: { uses: "google-github-actions/auth@v2", input: "credentials_json", stepLocation: step(18) } }),
        actionsRef("AZURE_CREDENTIALS", 25, { workflow: { uses: "Azure/login@v2", input: "creds", stepLocation: step(23) } }),
      ],
    });
    const reports = rule.check(ctx);
    expect(brief(reports)).toEqual([
      { messageId: "static", line: 14, column: 20, secret: null },
      { messageId: "static", line: 20, column: 20, secret: "GCP_SA_KEY" },
      { messageId: "static", line: 25, column: 20, secret: "AZURE_CREDENTIALS" },
    ]);
    expect(reports.map((r) => [r.data["cloud"], r.data["names"]])).toEqual([
      ["AWS", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"],
      ["Google Cloud", "GCP_SA_KEY"],
      ["Azure", "AZURE_CREDENTIALS"],
    ]);
    expect(reports[0]?.data["federation"]).toContain("role-to-assume");
  });

  it("leaves other inputs, other actions and secrets not handed to a step alone", () => {
    const ctx = contextFor({
      refs: [
        actionsRef("AWS_ROLE_ARN", 14, { workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "role-to-assume", stepLocation: step(12) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 15, { workflow: { uses: "some/other-action@v1", input: "aws-secret-access-key", stepLocation: step(13) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 16, { workflow: { triggers: ["push"] } }),
      ],
    });
    expect(rule.check(ctx)).toEqual([]);
  });
});
