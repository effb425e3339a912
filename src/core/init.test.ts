import { describe, expect, it } from "vitest";
import { renderStarterManifest } from "./init.js";
import { matchSecret } from "./manifest/match.js";
import { parseManifest } from "./manifest/parse.js";
import type { InventoryEntry, SecretSystem } from "./model.js";

function entry(name: string, system: SecretSystem = "github-actions", kind: "secret" | "platform" = "secret"): InventoryEntry {
  return { name, system, kind, owner: null, rule: null, references: [{ file: `${system}.yml`, line: 1, column: 1, kind: "reference" }] };
}

const INVENTORY = [
  entry("OKTA_API_TOKEN"),
  entry("OKTA_CLIENT_SECRET"),
  entry("NPM_TOKEN"),
  entry("GITHUB_TOKEN", "github-actions", "platform"),
  entry("deploy-key", "jenkins"),
  entry("prod/scim bearer", "terraform"),
];

describe("renderStarterManifest", () => {
  const text = renderStarterManifest(INVENTORY);
  const parsed = parseManifest({ path: ".github/secretowners.yml", text });

  it("writes a manifest that parses without a single diagnostic", () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.manifest).not.toBeNull();
  });

  it("offers every governance field as a comment, and the filled-in fields parse", () => {
    for (const field of ["rotated", "reviewed", "review", "vendor", "emergency-only", "agents"]) expect(text).toContain(`# ${field}: `);
    const filled = text
      .replace("# rotated: YYYY-MM-DD", "rotated: 2026-09-14")
      .replace("# reviewed: YYYY-MM-DD", "reviewed: 2026-10-01")
      .replace("# review: 180d", "review: 180d")
      .replace("# emergency-only: true", "emergency-only: true")
      .replace("# agents: allowed", "agents: allowed");
    const reparsed = parseManifest({ path: ".github/secretowners.yml", text: filled });
    expect(reparsed.diagnostics).toEqual([]);
    expect(reparsed.manifest?.defaults.review).toBe("180d");
    expect(reparsed.manifest?.rules[0]).toMatchObject({ rotated: "2026-09-14", reviewed: "2026-10-01", emergencyOnly: true, agents: "allowed" });
  });

  it("groups by system and shared prefix, and names lone secrets exactly", () => {
    expect(parsed.manifest?.rules.map((rule) => rule.patterns.map((p) => `${p.system ?? "*"}:${p.glob}`))).toEqual([
      ["*:NPM_TOKEN"],
      ["*:OKTA_*"],
      ["jenkins:deploy-key"],
      ["terraform:prod/scim?bearer"],
    ]);
  });

  it("covers every secret it saw, leaves owners to fill in, and skips platform tokens", () => {
    const manifest = parsed.manifest;
    if (!manifest) throw new Error("no manifest");
    for (const { name, system } of INVENTORY.filter((e) => e.kind === "secret")) {
      const match = matchSecret(manifest, name, system);
      expect(match, name).not.toBeNull();
      expect(match?.effective.owner, name).toBeUndefined();
    }
    expect(text).not.toContain("GITHUB_TOKEN");
    expect(text.match(/# owner: .*TODO/g)).toHaveLength(4);
  });

  it("writes an empty rule list with a commented example when nothing was found", () => {
    const text = renderStarterManifest([]);
    const empty = parseManifest({ path: "secretowners.yml", text });
    expect(empty.manifest?.rules).toEqual([]);
    expect(text).toMatch(/# - secrets: \["DEPLOY_\*"\]/);
  });

  it("keeps the separator of a shared prefix, so kebab-case names are matched (scim-bearer, scim-client)", () => {
    const inventory = [entry("scim-bearer", "kubernetes"), entry("scim-client", "kubernetes")];
    const manifest = parseManifest({ path: "secretowners.yml", text: renderStarterManifest(inventory) }).manifest;
    if (!manifest) throw new Error("no manifest");
    expect(manifest.rules.map((rule) => rule.patterns.map((p) => `${p.system}:${p.glob}`))).toEqual([["kubernetes:scim-*"]]);
    for (const { name, system } of inventory) expect(matchSecret(manifest, name, system), name).not.toBeNull();
  });

  it("writes the one-line SECRETOWNERS form that parses and covers every secret", () => {
    const text = renderStarterManifest(INVENTORY, "secretowners");
    const parsed = parseManifest({ path: ".github/SECRETOWNERS", text });
    expect(parsed.diagnostics).toEqual([]);
    const manifest = parsed.manifest;
    if (!manifest) throw new Error("no manifest");
    for (const { name, system } of INVENTORY.filter((e) => e.kind === "secret")) expect(matchSecret(manifest, name, system), name).not.toBeNull();
  });
});
