import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempTrees, tempTree } from "../../test/support/temp-tree.js";
import { scanPaths } from "./scan-paths.js";

const WORKFLOW = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.DEPLOY_TOKEN }}\n";
afterAll(removeTempTrees);

const tree = (files: Record<string, string>): string => tempTree("paths", files);

const workflowNotes = (root: string, scanned: string) =>
  scanPaths([scanned], { root }).result.diagnostics.filter((d) => d.message.includes("workflow was not read as one")).map((d) => d.location.file);

describe("workflows outside the root's .github/workflows/", () => {
  it("says so when the scan's root is the workflows folder itself (outside a git work tree)", () => {
    const root = tree({ ".github/workflows/deploy.yml": WORKFLOW });
    const workflows = join(root, ".github", "workflows");
    expect(workflowNotes(workflows, workflows)).toEqual(["deploy.yml"]);
  });

  it("says nothing of an example's or a vendored project's .github/workflows/ below the root", () => {
    // ansible/ansible-lint: examples/.github/workflows/sample.yml is a test input, not its workflow.
    const root = tree({ ".github/workflows/ci.yml": WORKFLOW, "examples/.github/workflows/sample.yml": WORKFLOW });
    expect(workflowNotes(root, root)).toEqual([]);
  });
});
