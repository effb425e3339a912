import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../paths.js";

/** app.yml is what users register the App from: least privilege, exactly the events it handles. */
it("asks for the least permissions that work and the events the App handles", () => {
  const manifest = parse(readFileSync(join(REPO_ROOT, "app.yml"), "utf8")) as { default_permissions: Record<string, string>; default_events: string[] };
  expect(manifest.default_permissions).toEqual({
    contents: "read",
    metadata: "read",
    pull_requests: "read",
    secrets: "read",
    environments: "read",
    organization_secrets: "read",
    dependabot_secrets: "read",
    members: "read",
    checks: "write",
    issues: "write",
  });
  expect([...manifest.default_events].sort()).toEqual(["check_run", "check_suite", "installation", "installation_repositories", "pull_request", "push", "repository"]);
});

it("never commits a private key or a .env", () => {
  const ignored = readFileSync(join(REPO_ROOT, ".gitignore"), "utf8");
  expect(ignored).toMatch(/^\*\.pem$/m);
  expect(ignored).toMatch(/^\.env$/m);
});
