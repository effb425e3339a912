import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compose } from "./compose.js";
import { summarizeRefs } from "./testing.js";

const path = "docker-compose.yml";
const text = readFileSync(new URL("../../../fixtures/extract/compose/docker-compose.yml", import.meta.url), "utf8");
const summary = summarizeRefs;

describe("compose extractor", () => {
  it("matches compose files by name", () => {
    for (const p of ["docker-compose.yml", "deploy/docker-compose.prod.yaml", "compose.yaml", "compose.override.yml", "docker-compose-dev.yml"]) expect(compose.matches(p)).toBe(true);
    for (const p of ["composer.json", "my-compose.yml", "k8s/deploy.yaml"]) expect(compose.matches(p)).toBe(false);
  });

  it("finds declared secrets and every service or build that uses one (short and long syntax)", () => {
    const r = compose.extract({ path, text });
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      { name: "npm_token", kind: "reference", line: 8, column: 11, route: "services.api.build.secrets[0]" },
      { name: "db_password", kind: "reference", line: 13, column: 9, route: "services.api.secrets[0]" },
      { name: "stripe_api_key", kind: "reference", line: 14, column: 17, route: "services.api.secrets[1]" },
      { name: "db_password", kind: "reference", line: 21, column: 15, route: "services.db.secrets[0]" },
      { name: "db_password", kind: "declaration", line: 26, column: 3, route: "secrets.db_password" },
      { name: "stripe_api_key", kind: "declaration", line: 28, column: 3, route: "secrets.stripe_api_key" },
      { name: "npm_token", kind: "declaration", line: 30, column: 3, route: "secrets.npm_token" },
    ]);
  });

  it("does not treat environment variables or a service called secrets as secrets", () => {
    const r = compose.extract({ path, text: "services:\n  secrets:\n    image: vault\n    environment:\n      VAULT_TOKEN: dev\n" });
    expect(summary(r)).toEqual([]);
  });

  it("reports broken YAML with its position", () => {
    const r = compose.extract({ path, text: "services:\n  api:\n    secrets: [db_password\n" });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]?.location).toMatchObject({ file: path, line: 4 });
  });
});
