import { describe, expect, it } from "vitest";
import { compareResults } from "./compare.js";
import type { SourceFile } from "./model.js";
import { scanFiles } from "./scan.js";

const MANIFEST = `version: 1
rules:
  - secrets: ["OKTA_*"]
    owner: "@acme/iam-platform"
    purpose: "Provisioning"
    rotation: 30d
    revoker: "@acme/secops"
    backup: ["@acme/secops"]
    custodian: "@acme/identity-automation"
`;

const workflow = (...steps: string[]): SourceFile => ({
  path: ".github/workflows/sync.yml",
  text: ["on: push", "jobs:", "  sync:", "    runs-on: ubuntu-latest", "    steps:", ...steps].join("\n") + "\n",
});
const step = (name: string) => `      - run: ./sync.sh\n        env:\n          ${name}: \${{ secrets.${name} }}`;
const manifest = (text = MANIFEST): SourceFile => ({ path: ".github/secretowners.yml", text });

const findings = (...files: SourceFile[]) => scanFiles(files).findings;
const ids = (list: readonly { ruleId: string; secret: string | null }[]) => list.map((finding) => `${finding.ruleId}:${finding.secret}`);

describe("compareResults", () => {
  it("calls a secret the change brings in new, and one it leaves alone existing", () => {
    const base = findings(manifest(), workflow(step("OKTA_TOKEN"), step("LEGACY_KEY")));
    const head = findings(manifest(), workflow(step("OKTA_TOKEN"), step("LEGACY_KEY"), step("SLACK_TOKEN")));
    const comparison = compareResults(base, head);
    expect(ids(comparison.new)).toEqual(["unowned-secret:SLACK_TOKEN"]);
    expect(ids(comparison.existing)).toEqual(["unowned-secret:LEGACY_KEY"]);
    expect(comparison.fixed).toEqual([]);
  });

  it("does not count findings whose lines only moved", () => {
    const base = findings(manifest(), workflow(step("OKTA_TOKEN"), step("LEGACY_KEY")));
    const head = findings(manifest(), workflow(step("LEGACY_KEY"), "      - run: echo moved", step("OKTA_TOKEN")));
    expect(head.find((finding) => finding.secret === "LEGACY_KEY")?.location.line).not.toBe(base.find((finding) => finding.secret === "LEGACY_KEY")?.location.line);
    const comparison = compareResults(base, head);
    expect(comparison.new).toEqual([]);
    expect(ids(comparison.existing)).toEqual(["unowned-secret:LEGACY_KEY"]);
  });

  it("counts a manifest change that leaves an old secret unowned as new", () => {
    const files = [workflow(step("OKTA_TOKEN"))];
    const base = findings(manifest(), ...files);
    const head = findings(manifest(MANIFEST.replace('["OKTA_*"]', '["OKTA_SCIM_*"]')), ...files);
    // The narrowed rule now matches nothing, which is new too.
    expect(ids(compareResults(base, head).new)).toEqual(["unowned-secret:OKTA_TOKEN", "stale-rule:null"]);
  });

  it("lists what the change fixes, once per fingerprint", () => {
    const base = findings(manifest(), workflow(step("LEGACY_KEY"), step("LEGACY_KEY")));
    const head = findings(manifest(), workflow(step("OKTA_TOKEN")));
    const comparison = compareResults(base, head);
    expect(comparison.new).toEqual([]);
    // OKTA_TOKEN also gives the base's unused OKTA_* rule something to match.
    expect(ids(comparison.fixed)).toEqual(["unowned-secret:LEGACY_KEY", "stale-rule:null"]);
  });

  it("treats every head finding as new when there is no base", () => {
    const head = findings(workflow(step("OKTA_TOKEN")));
    expect(compareResults(null, head)).toEqual({ new: head, existing: [], fixed: [] });
  });
});
