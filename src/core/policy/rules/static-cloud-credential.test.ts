import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import rule, { envSetting } from "./static-cloud-credential.js";

const step = (line: number) => ({ file: ".github/workflows/ci.yml", line, column: 9 });

describe("static-cloud-credential", () => {
  it("reports one finding per login step given static keys, with the OIDC alternative", () => {
    const ctx = contextFor({
      refs: [
        actionsRef("AWS_ACCESS_KEY_ID", 14, { route: "jobs.build.steps[0].with.aws-access-key-id", workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "aws-access-key-id", stepLocation: step(12) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 15, { route: "jobs.build.steps[0].with.aws-secret-access-key", workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "aws-secret-access-key", stepLocation: step(12) } }),
        actionsRef("GCP_SA_KEY", 20, { route: "jobs.build.steps[0].with.credentials_json", workflow: { uses: "google-github-actions/auth@v2", input: "credentials_json", stepLocation: step(18) } }),
        actionsRef("AZURE_CREDENTIALS", 25, { route: "jobs.build.steps[0].with.creds", workflow: { uses: "Azure/login@v2", input: "creds", stepLocation: step(23) } }),
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
        actionsRef("AWS_ROLE_ARN", 14, { route: "jobs.build.steps[0].with.role-to-assume", workflow: { uses: "aws-actions/configure-aws-credentials@v4", input: "role-to-assume", stepLocation: step(12) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 15, { route: "jobs.build.steps[0].with.aws-secret-access-key", workflow: { uses: "some/other-action@v1", input: "aws-secret-access-key", stepLocation: step(13) } }),
        actionsRef("AWS_SECRET_ACCESS_KEY", 16, { route: "jobs.build.steps[1].with.key", workflow: { triggers: ["push"] } }),
      ],
    });
    expect(rule.check(ctx)).toEqual([]);
  });

  it("reports a cloud SDK's key variable set from a secret in an env: block, one finding per block and cloud", () => {
    const env = (name: string, line: number, route: string) => actionsRef(name, line, { route, workflow: { triggers: ["push"] } });
    const reports = rule.check(
      contextFor({
        refs: [
          env("ARM_SECRET", 4, "env.ARM_CLIENT_SECRET"),
          env("GCP_KEY", 9, "jobs.deploy.env.GOOGLE_CREDENTIALS"),
          env("AWS_KEY_ID", 14, "jobs.deploy.steps[0].env.AWS_ACCESS_KEY_ID"),
          env("AWS_SECRET", 13, "jobs.deploy.steps[0].env.AWS_SECRET_ACCESS_KEY"),
          env("AZ", 19, 'jobs.deploy.steps[1].env["azure_client_secret"]'),
          // Not the SDK's variable, not an env: value, not this cloud's: none of these.
          env("AWS_SECRET", 22, "jobs.deploy.steps[2].env.MY_AWS_SECRET"),
          env("AWS_SECRET", 23, "jobs.deploy.steps[2].with.AWS_SECRET_ACCESS_KEY"),
          env("GITHUB_TOKEN", 24, "jobs.deploy.steps[2].env.GH_TOKEN"),
        ],
      }),
    );
    expect(brief(reports)).toEqual([
      { messageId: "staticEnv", line: 4, column: 20, secret: "ARM_SECRET" },
      { messageId: "staticEnv", line: 9, column: 20, secret: "GCP_KEY" },
      { messageId: "staticEnv", line: 13, column: 20, secret: null },
      { messageId: "staticEnv", line: 19, column: 20, secret: "AZ" },
    ]);
    expect(reports.map((r) => [r.data["cloud"], r.data["names"], r.data["variables"]])).toEqual([
      ["Azure", "ARM_SECRET", "ARM_CLIENT_SECRET"],
      ["Google Cloud", "GCP_KEY", "GOOGLE_CREDENTIALS"],
      ["AWS", "AWS_KEY_ID, AWS_SECRET", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"],
      ["Azure", "AZ", "AZURE_CLIENT_SECRET"],
    ]);
    expect(reports[2]?.data["federation"]).toContain("role-to-assume");
  });

  it("keys an env finding by its job, not its step's index, and keeps two jobs apart", () => {
    const keyOf = (route: string) =>
      rule.check(contextFor({ refs: [actionsRef("AWS_SECRET", 5, { route, workflow: { triggers: ["push"] } })] }))[0]?.fingerprintKey;
    expect(keyOf("jobs.a.steps[0].env.AWS_SECRET_ACCESS_KEY")).toBe(keyOf("jobs.a.steps[3].env.AWS_SECRET_ACCESS_KEY"));
    expect(keyOf("jobs.a.steps[0].env.AWS_SECRET_ACCESS_KEY")).not.toBe(keyOf("jobs.b.steps[0].env.AWS_SECRET_ACCESS_KEY"));
  });

  it("reads the variable from a route's env segment", () => {
    expect(envSetting("env.ARM_CLIENT_SECRET")).toEqual({ scope: "", variable: "ARM_CLIENT_SECRET" });
    expect(envSetting('jobs.x.steps[2].env["A B"]')).toEqual({ scope: "jobs.x.steps[2]", variable: "A B" });
    expect(envSetting("jobs.x.steps[2].with.env")).toBeNull();
    expect(envSetting("jobs.environment.steps[0].run")).toBeNull();
    expect(envSetting(undefined)).toBeNull();
  });
});
