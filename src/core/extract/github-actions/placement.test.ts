import { describe, expect, it } from "vitest";
import type { SecretRef } from "../../model.js";
import { githubActions } from "../github-actions.js";

function placements(path: string, text: string): Array<[string | null, number, SecretRef["workflow"]]> {
  return githubActions.extract({ path, text }).refs.map((ref) => [ref.name, ref.location.line, ref.workflow]);
}

const WORKFLOW = [
  "on:", //                                                                1
  "  push:",
  "  workflow_dispatch:",
  "env:",
  "  GLOBAL: ${{ secrets.GLOBAL }}", //                                    5
  "jobs:",
  "  deploy:",
  "    environment: { name: production }",
  "    env:",
  "      JOB: ${{ secrets.JOB }}", //                                     10
  "    steps:",
  "      - uses: aws-actions/configure-aws-credentials@v4",
  "        with:",
  "          aws-secret-access-key: ${{ secrets.AWS_SECRET }}",
  "      - run: npx -y @anthropic-ai/claude-code -p review", //            15
  "        env:",
  "          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC }}",
  "      - if: ${{ secrets.FLAG != '' }}",
  "        run: echo hi",
  "  call:", //                                                            20
  "    uses: acme/shared/.github/workflows/x.yml@main",
  "    secrets:",
  "      token: ${{ secrets.CALLEE }}",
  "",
].join("\n");

describe("workflow placement of Actions references", () => {
  it("records triggers, environments, the action a secret is handed to, and agents that can read it", () => {
    const found = new Map(placements(".github/workflows/deploy.yml", WORKFLOW).map(([name, , workflow]) => [name, workflow]));
    const triggers = ["push", "workflow_dispatch"];
    expect(found.get("GLOBAL")).toEqual({ triggers, agent: "Claude Code" });
    expect(found.get("JOB")).toEqual({ triggers, jobEnvironment: true, agent: "Claude Code" });
    expect(found.get("AWS_SECRET")).toEqual({
      triggers,
      jobEnvironment: true,
      uses: "aws-actions/configure-aws-credentials@v4",
      input: "aws-secret-access-key",
      stepLocation: { file: ".github/workflows/deploy.yml", line: 12, column: 9 },
    });
    expect(found.get("ANTHROPIC")).toEqual({
      triggers,
      jobEnvironment: true,
      agent: "Claude Code",
      stepLocation: { file: ".github/workflows/deploy.yml", line: 15, column: 9 },
    });
    // A condition is evaluated by the runner; the step never sees the value.
    expect(found.get("FLAG")).toEqual({ triggers, jobEnvironment: true });
    expect(found.get("CALLEE")).toEqual({
      triggers,
      uses: "acme/shared/.github/workflows/x.yml@main",
      input: "token",
      stepLocation: { file: ".github/workflows/deploy.yml", line: 21, column: 5 },
    });
  });

  it("reads `on` as a word or a list; action metadata has no triggers of its own", () => {
    expect(placements(".github/workflows/a.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.A }}\n")[0]?.[2]).toEqual({
      triggers: ["push"],
      stepLocation: { file: ".github/workflows/a.yml", line: 5, column: 9 },
    });
    expect(placements(".github/workflows/b.yml", "on: [schedule, pull_request]\njobs:\n  a:\n    env: { X: '${{ secrets.B }}' }\n")[0]?.[2]).toEqual({
      triggers: ["schedule", "pull_request"],
    });
    const action = "runs:\n  using: composite\n  steps:\n    - uses: third/party@v1\n      with:\n        token: ${{ inputs.t }}\n      env:\n        T: ${{ secrets.C }}\n";
    expect(placements("tools/action.yml", action)[0]?.[2]).toEqual({
      uses: "third/party@v1",
      stepLocation: { file: "tools/action.yml", line: 4, column: 7 },
    });
  });

  it("marks jobs and steps whose if: runs them only on a manual start", () => {
    const text = [
      "on: [push, workflow_dispatch]",
      "jobs:",
      "  rescue:",
      "    if: github.event_name == 'workflow_dispatch'",
      "    steps:",
      "      - run: ./rescue.sh",
      "        env: { T: '${{ secrets.A }}' }",
      "  build:",
      "    steps:",
      "      - if: ${{ github.event_name == 'workflow_dispatch' && inputs.force }}",
      "        run: ./force.sh",
      "        env: { T: '${{ secrets.B }}' }",
      "      - if: github.event_name == 'workflow_dispatch' || github.ref == 'refs/heads/main'",
      "        run: ./maybe.sh",
      "        env: { T: '${{ secrets.C }}' }",
      "",
    ].join("\n");
    const manual = placements(".github/workflows/r.yml", text).map(([name, , workflow]) => [name, workflow?.manualOnly === true]);
    expect(manual).toEqual([
      ["A", true],
      ["B", true],
      ["C", false],
    ]);
  });
});
