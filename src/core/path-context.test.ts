import { describe, expect, it } from "vitest";
import { classifyPath, CONTEXT_PATTERNS, type PathContext } from "./path-context.js";

/** Real paths from the ecosystems the table names, and look-alikes that are production code. */
const CASES: readonly [string, PathContext | null][] = [
  // Go
  ["pkg/auth/token_test.go", "test"],
  ["internal/config/testdata/config.yaml", "test"],
  ["pkg/util/testing/fake_client.go", "test"],
  // JavaScript / TypeScript
  ["src/__tests__/login.ts", "test"],
  ["src/api/__mocks__/okta.ts", "test"],
  ["src/components/__snapshots__/Form.test.tsx.snap", "test"],
  ["src/auth.test.ts", "test"],
  ["src/auth.spec.js", "test"],
  ["web/cypress/e2e/login.cy.ts", "test"],
  ["packages/app/test/fixtures/config.json", "test"],
  // Python
  ["tests/test_settings.py", "test"],
  ["app/test_client.py", "test"],
  ["app/client_test.py", "test"],
  ["conftest.py", "test"],
  // Ruby, Java, Kotlin, .NET, PHP, Elixir, shell, Terraform
  ["spec/models/user_spec.rb", "test"],
  ["spec/fixtures/vcr_cassettes/okta.yml", "test"],
  ["src/test/resources/application.properties", "test"],
  ["src/test/java/com/acme/TokenServiceTest.java", "test"],
  ["app/src/androidTest/java/SignInTest.kt", "test"],
  ["Acme.Api.Tests/appsettings.json", "test"],
  ["tests/Unit/TokenTest.php", "test"],
  ["test/acme/vault_test.exs", "test"],
  ["scripts/deploy.bats", "test"],
  ["modules/db/tests/main.tftest.hcl", "test"],
  ["integration-tests/docker-compose.yml", "test"],
  ["e2e/manifests/secret.yaml", "test"],
  ["charts/app/values.test.yaml", "test"],
  ["charts/private-action-runner/ci/kubeconform-values.yaml", "test"],
  ["charts/redis/ci/values.yml", "test"],
  // Examples
  [".env.example", "example"],
  [".env.sample", "example"],
  [".env.template", "example"],
  ["config/settings.yml.dist", "example"],
  ["config.example.yml", "example"],
  ["deploy/values-example.yaml", "example"],
  ["sample_config.json", "example"],
  ["examples/complete/main.tf", "example"],
  ["samples/okta-provisioning/app.py", "example"],
  ["demo/docker-compose.yml", "example"],
  ["_examples/basic/main.go", "example"],
  // Docs
  ["README.md", "docs"],
  ["charts/redis/README.md", "docs"],
  ["docs/operator-manual/argocd-secret.yaml", "docs"],
  ["doc/setup.rst", "docs"],
  ["guide/install.adoc", "docs"],
  ["README", "docs"],
  ["awx_collection/tools/roles/template_galaxy/templates/README.md.j2", "docs"],
  ["CHANGELOG.txt", "docs"],
  ["api/openapi-spec/swagger.json", "docs"],
  ["api/openapi.yml", "docs"],
  // Local development environments and integration test suites.
  ["contrib/local-environment/oauth2-proxy.cfg", "example"],
  [".devcontainer/docker-compose.yml", "example"],
  ["internal/suites/OIDC/configuration.yml", "test"],
  ["integration/resources/tls/local.key", "test"],
  ["src/flagd-ui/config/test.exs", "test"],
  ["config/environments/test.rb", "test"],
  ["app/settings/test.py", "test"],
  // Precedence: test beats example beats docs.
  ["docs/examples/app_test.go", "test"],
  ["examples/README.md", "example"],
  ["docs/examples/secret.yaml", "example"],
  // Production code, however it is named.
  [".github/workflows/test.yml", null],
  [".github/workflows/tests.yaml", null],
  ["pkg/storage/sample.go", null],
  ["pkg/resample/resample.go", null],
  ["src/latest.ts", null],
  ["src/contest/Latest.java", null],
  ["charts/app/templates/secret.yaml", null],
  ["infra/main.tf", null],
  ["deploy/templates/app.template", null],
  ["src/testimonials/quote.ts", null],
  ["cmd/attestation/main.go", null],
  ["deploy/environments/prod/values.yaml", null],
  ["pkg/tls/cipher_suites.go", null],
  ["integrations/slack/client.go", null],
  ["src/flagd-ui/config/dev.exs", null],
  ["config/environments/production.rb", null],
  // A repository's own ci/ folder is its pipeline, not a test.
  ["ci/deploy.sh", null],
  ["ci/pipeline.yml", null],
  ["charts/app/ci/README-values.txt", null],
];

describe("classifyPath", () => {
  it.each(CASES)("%s → %s", (path, context) => {
    expect(classifyPath(path)).toBe(context);
  });

  it("is case-insensitive on folder names", () => {
    expect(classifyPath("Tests/Secrets.yml")).toBe("test");
    expect(classifyPath("Docs/setup.yaml")).toBe("docs");
  });

  it("documents every pattern it applies", () => {
    for (const entry of CONTEXT_PATTERNS) expect(entry.why.length).toBeGreaterThan(10);
  });
});
