import { describe, expect, it } from "vitest";
import { actionsRef, brief, contextFor } from "../testing.js";
import { evaluate } from "../evaluate.js";
import rule, { unpinnedReason } from "./secret-to-unpinned-action.js";

describe("unpinnedReason", () => {
  it.each([
    ["acme/deploy@v1", "`@v1`, a tag or branch its owner can move"],
    ["acme/deploy@main", "`@main`, a tag or branch its owner can move"],
    ["acme/deploy", "no version at all"],
    ["acme/deploy@0123456789abcdef0123456789abcdef0123456", "`@0123456789abcdef0123456789abcdef0123456`, a tag or branch its owner can move"],
    ["acme/deploy@0123456789abcdef0123456789abcdef01234567", null],
    ["acme/tools/sub/dir@0123456789ABCDEF0123456789abcdef01234567", null],
    ["acme/shared/.github/workflows/deploy.yml@v2", "`@v2`, a tag or branch its owner can move"],
    ["actions/checkout@v4", null],
    ["github/codeql-action/upload-sarif@v3", null],
    ["Actions/setup-node@v4", null],
    ["./.github/actions/deploy", null],
    ["docker://alpine:3.20", "a container image without an @sha256: digest"],
    [`docker://ghcr.io/acme/tool@sha256:${"a".repeat(64)}`, null],
  ])("%s → %s", (uses, reason) => {
    expect(unpinnedReason(uses)).toBe(reason);
  });
});

describe("secret-to-unpinned-action", () => {
  it("reports each secret handed to an unpinned third-party action", () => {
    const ctx = contextFor({
      refs: [
        actionsRef("SLACK_WEBHOOK", 9, { workflow: { uses: "slackapi/slack-github-action@v1.26.0", input: "webhook" } }),
        actionsRef("NPM_TOKEN", 10, { workflow: { uses: "actions/setup-node@v4", input: "token" } }),
        actionsRef("DEPLOY_KEY", 11, { workflow: { triggers: ["push"] } }),
        // Identifiers, not credentials: OIDC login ids and a user name.
        actionsRef("AZURE_CLIENT_ID", 13, { workflow: { uses: "azure/login@v2", input: "client-id" } }),
        actionsRef("DOCKERHUB_USERNAME", 14, { workflow: { uses: "docker/login-action@v3", input: "username" } }),
        actionsRef("DOCKERHUB_TOKEN", 15, { workflow: { uses: "docker/login-action@v3", input: "password" } }),
        actionsRef("GITHUB_TOKEN", 12, { kind: "platform", workflow: { uses: "third/party@v1" } }),
      ],
    });
    const reports = rule.check(ctx);
    expect(brief(reports)).toEqual([
      { messageId: "unpinned", line: 9, column: 20, secret: "SLACK_WEBHOOK" },
      { messageId: "unpinned", line: 15, column: 20, secret: "DOCKERHUB_TOKEN" },
    ]);
    expect(reports[0]?.data).toMatchObject({ path: "slackapi/slack-github-action", ref: "v1.26.0" });
  });
});

describe("secret-to-unpinned-action in test files", () => {
  it("is a note in a test fixture's action, as other findings about file contents are", () => {
    const ctx = contextFor({
      refs: [actionsRef("DEPLOY_TOKEN", 9, { location: { file: "tests/fixtures/action.yml", line: 9, column: 20 }, workflow: { uses: "acme/deploy@v1" } })],
    });
    expect(evaluate(ctx, { rules: [rule] }).map((f) => [f.severity, f.context])).toEqual([["note", "test"]]);
  });
});
