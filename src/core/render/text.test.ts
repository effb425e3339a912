import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ScanResult } from "../model.js";
import { clean, renderText } from "./text.js";

const load = (name: string): ScanResult =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/render/${name}.json`, import.meta.url), "utf8")) as ScanResult;

/** Shows escape sequences as `<ESC>` so the colour snapshot is reviewable. */
const ESC = String.fromCharCode(27);
const visible = (text: string): string => text.split(ESC).join("<ESC>");
const SGR_CODE = new RegExp(`${ESC}\\[[\\d;]+m`, "g");

describe("text renderer", () => {
  it("groups findings by file, then summarises (no colour)", () => {
    expect(renderText(load("representative"), { toolVersion: "1.2.3", color: false, failOn: "warning" })).toMatchInlineSnapshot(`
      ".github/workflows/ci.yml
        22:5  warning  secrets: inherit hands every repository and organization secret to the called workflow.  [overbroad-secrets]

      .github/workflows/release.yml
        9:18   error    Secret NPM_TOKEN has no owner in secretowners.yml.  [unowned-secret]
        31:24  error    Secret DEPLOY_TOKEN has no owner in secretowners.yml.  [unowned-secret]

      deploy/values.yaml
        14:12  error    Hard-coded Okta API token (00Ab…(42 chars)) that can act on an identity system. Revoke and rotate it now, move it to a secret store and reference it by name.  [hardcoded-secret]

      secretowners.yml
        7:3  note     Secret SLACK_WEBHOOK has an owner but no rotation period.  [missing-lifecycle]

      Suppressed (2):
        .github/workflows/ci.yml:40:20  Secret LEGACY_FTP_PASSWORD has no owner in secretowners.yml.  [unowned-secret] (inline: decommissioned in Q3, see INFRA-412)
        secretowners.yml:6:12  Owner @alice of SLACK_WEBHOOK is a person, not a team.  [owner-not-team] (baseline)

      ✖ 3 errors, 1 warning, 1 note (2 suppressed)
      Failing: 4 findings at severity warning or above
      Inventory: 3 secrets (1 unowned), 1 platform token; manifest secretowners.yml; 12 files scanned

      Could not read in full (1):
        .github/workflows/broken.yml:3:1  YAML does not parse: bad indentation of a mapping entry. Fix the indentation; secrets in this file were not read.  [github-actions]

      Skipped (1):
        assets/logo.png  binary
      "
    `);
  });

  it("colours severities, locations and the summary only when asked", () => {
    const colored = renderText(load("representative"), { toolVersion: "1.2.3", color: true });
    expect(visible(colored)).toMatchInlineSnapshot(`
      "<ESC>[4m.github/workflows/ci.yml<ESC>[0m
        <ESC>[2m22:5<ESC>[0m  <ESC>[33mwarning<ESC>[0m  secrets: inherit hands every repository and organization secret to the called workflow.  <ESC>[2m[overbroad-secrets]<ESC>[0m

      <ESC>[4m.github/workflows/release.yml<ESC>[0m
        <ESC>[2m9:18 <ESC>[0m  <ESC>[31merror  <ESC>[0m  Secret NPM_TOKEN has no owner in secretowners.yml.  <ESC>[2m[unowned-secret]<ESC>[0m
        <ESC>[2m31:24<ESC>[0m  <ESC>[31merror  <ESC>[0m  Secret DEPLOY_TOKEN has no owner in secretowners.yml.  <ESC>[2m[unowned-secret]<ESC>[0m

      <ESC>[4mdeploy/values.yaml<ESC>[0m
        <ESC>[2m14:12<ESC>[0m  <ESC>[31merror  <ESC>[0m  Hard-coded Okta API token (00Ab…(42 chars)) that can act on an identity system. Revoke and rotate it now, move it to a secret store and reference it by name.  <ESC>[2m[hardcoded-secret]<ESC>[0m

      <ESC>[4msecretowners.yml<ESC>[0m
        <ESC>[2m7:3<ESC>[0m  <ESC>[36mnote   <ESC>[0m  Secret SLACK_WEBHOOK has an owner but no rotation period.  <ESC>[2m[missing-lifecycle]<ESC>[0m

      <ESC>[2mSuppressed (2):<ESC>[0m
      <ESC>[2m  .github/workflows/ci.yml:40:20  Secret LEGACY_FTP_PASSWORD has no owner in secretowners.yml.  [unowned-secret] (inline: decommissioned in Q3, see INFRA-412)<ESC>[0m
      <ESC>[2m  secretowners.yml:6:12  Owner @alice of SLACK_WEBHOOK is a person, not a team.  [owner-not-team] (baseline)<ESC>[0m

      <ESC>[31;1m✖ 3 errors, 1 warning, 1 note (2 suppressed)<ESC>[0m
      Inventory: 3 secrets (1 unowned), 1 platform token; manifest secretowners.yml; 12 files scanned

      <ESC>[33mCould not read in full (1):<ESC>[0m
        .github/workflows/broken.yml:3:1  YAML does not parse: bad indentation of a mapping entry. Fix the indentation; secrets in this file were not read.  <ESC>[2m[github-actions]<ESC>[0m

      <ESC>[33mSkipped (1):<ESC>[0m
        assets/logo.png  binary
      "
    `);
    // Colour adds SGR codes and nothing else: stripped, it is the plain rendering.
    expect(colored.replace(SGR_CODE, "")).toBe(renderText(load("representative"), { toolVersion: "1.2.3", color: false }));
  });

  it("says so when there is nothing to report", () => {
    const empty: ScanResult = { findings: [], secrets: [], diagnostics: [], manifest: null, stats: { files: 3, bytes: 10 }, skipped: [] };
    expect(renderText(empty, { toolVersion: "1.2.3", color: false, failOn: "error" })).toMatchInlineSnapshot(`
      "✔ No problems found
      Passing: no findings at severity error or above
      Inventory: 0 secrets (0 unowned); no ownership manifest found (\`secretowners init\` writes a starter one); 3 files scanned
      "
    `);
  });

  it("cannot be driven by control characters in scanned text", () => {
    const output = renderText(load("hostile"), { toolVersion: "1.2.3", color: false });
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(output.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(output).toContain("k8s/\\x1b]8;;x\\x07.yaml");
    expect(clean("a\rb\u009bc")).toBe("a\\x0db\\x9bc");
  });

  it("shows bidirectional overrides and invisible marks as escapes (Trojan Source)", () => {
    expect(clean("admin\u202e\u2066txt.yml\u200b")).toBe("admin\\u202e\\u2066txt.yml\\u200b");
    const result: ScanResult = {
      findings: [],
      secrets: [],
      diagnostics: [{ source: "github-actions", location: { file: "a\u202eb.yml", line: 1, column: 1 }, message: "x\u2067y" }],
      manifest: "SECRETOWNERS\u200f",
      stats: { files: 1, bytes: 1 },
      skipped: [],
    };
    expect(renderText(result, { toolVersion: "1", color: false })).not.toMatch(/[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it("never gives an unqualified all-clear when part of the input was not read", () => {
    const result: ScanResult = {
      findings: [],
      secrets: [],
      diagnostics: [{ source: "secretowners", location: { file: "w/deploy.yml", line: 1, column: 1 }, message: "not read as a workflow" }],
      manifest: null,
      stats: { files: 1, bytes: 1 },
      skipped: [],
    };
    expect(renderText(result, { toolVersion: "1", color: false })).toContain("✔ No problems found in what could be read (1 input not read in full, below)");
  });
});
