/**
 * Where in a repository a file sits: test fixtures, documentation and examples hold credentials
 * and secret references that are not the repository's running configuration. A real key in
 * `testdata/` is still a leak, so findings there are never hidden: they carry their context and
 * are reported at `note` unless the manifest or `--severity` raises them.
 *
 * The classification is data: an ordered table of path patterns, first match wins, so `test`
 * beats `example` beats `docs` (`docs/examples/app_test.go` is a test). Paths are relative to the
 * scanned root with `/`; matching is case-insensitive.
 */

export type PathContext = "test" | "docs" | "example";

export const PATH_CONTEXTS: readonly PathContext[] = ["test", "docs", "example"];

export const PATH_CONTEXT_LABELS: Readonly<Record<PathContext, string>> = {
  test: "test fixture",
  docs: "documentation",
  example: "example",
};

interface ContextPattern {
  readonly context: PathContext;
  /** `dir`: any folder on the path is named like this; `file`: the file's own name; `path`: the whole path. */
  readonly on: "dir" | "file" | "path";
  readonly pattern: RegExp;
  /** Which ecosystem's convention this is: the table documents itself. */
  readonly why: string;
}

/** Ordered: the first pattern that matches decides. */
export const CONTEXT_PATTERNS: readonly ContextPattern[] = [
  // Tests: folder conventions.
  { context: "test", on: "dir", pattern: /^(?:tests?|testing|testdata|test[-_]data|test[-_]?fixtures?|test[-_]?resources|fixtures?|__tests?__|__fixtures__|__mocks__|__snapshots__|mocks?|spec|specs|e2e|cassettes|testutils?|testhelpers?)$/i, why: "test/, tests/, testdata/ (Go), __tests__/ __mocks__/ __snapshots__/ (Jest), fixtures/, mocks/, spec/ (RSpec), e2e/, cassettes/ (VCR recordings)" },
  { context: "test", on: "dir", pattern: /^(?:suites|integration)$/i, why: "suites/, integration/ (integration test suites and their resources, as in authelia and traefik; not integrations/, which are plug-ins)" },
  { context: "test", on: "dir", pattern: /^(?:androidTest|testFixtures|integrationTest|unitTest|IntegrationTests?|UnitTests?)$/i, why: "Gradle/Android and .NET test source sets" },
  { context: "test", on: "dir", pattern: /^[\w.-]+[._-](?:tests?|fixtures|mocks)$/i, why: "unit_tests/, integration-tests/, MyApp.Tests/ (.NET test projects)" },
  // Tests: file-name conventions.
  { context: "test", on: "file", pattern: /_test\.(?:go|py|rb|rs|exs?|dart|c|cc|cpp|sh|lua|php|kt|swift|[cm]?[jt]sx?)$/i, why: "Go, Python, Elixir, Dart, C, shell … *_test.*" },
  { context: "test", on: "file", pattern: /\.(?:test|tests|spec|e2e|e2e-spec|cy)\.[a-z0-9]+$/i, why: "*.test.ts, *.spec.js, Cypress *.cy.ts, Pester *.tests.ps1, any other *.spec.* / *.test.*" },
  { context: "test", on: "file", pattern: /^test_[^/]+\.py$|^conftest\.py$/i, why: "pytest test_*.py and conftest.py" },
  { context: "test", on: "file", pattern: /_spec\.rb$|(?:Test|Tests|Spec)\.(?:java|kt|groovy|scala|cs|php|swift|m)$/, why: "RSpec *_spec.rb, JUnit/Kotest/Spock/xUnit/PHPUnit/XCTest *Test.java, *Tests.cs, *Spec.groovy" },
  { context: "test", on: "file", pattern: /\.(?:bats|tftest\.hcl|tftest\.json)$/i, why: "Bats shell tests, Terraform test files" },
  // A framework's test-environment configuration (Phoenix, Rails, Django settings, Laravel, Spring).
  { context: "test", on: "path", pattern: /(?:^|\/)(?:config|settings|conf)\/(?:environments\/)?test\.(?:exs|rb|py|ya?ml|json|toml|php|properties)$/i, why: "config/test.exs (Phoenix), config/environments/test.rb (Rails), settings/test.py (Django)" },
  // A `ci/` folder elsewhere holds the pipeline's own scripts: only values files there are tests.
  { context: "test", on: "path", pattern: /(?:^|\/)ci\/[^/]*values\.ya?ml$/i, why: "Helm chart-testing (ct) values files, charts/<chart>/ci/*-values.yaml" },
  // Examples.
  { context: "example", on: "file", pattern: /\.(?:example|examples|sample|dist)$|^\.env\.(?:template|tmpl)$/i, why: ".env.example, config.yml.sample, phpunit.xml.dist, .env.template" },
  { context: "example", on: "file", pattern: /^(?:[^/]+[._-](?:examples?|samples?)|(?:examples?|samples?)[._-][^/.]+)(?:[._-][^/]*)?\.[a-z0-9]+$/i, why: "config.example.yml, values-example.yaml, sample_config.json (not sample.go: a word alone is a name, not a marker)" },
  { context: "example", on: "dir", pattern: /^_?(?:examples?|samples?|demos?|quickstarts?|tutorials?|playground)$/i, why: "examples/, samples/, demo/, quickstart/, tutorials/" },
  { context: "example", on: "dir", pattern: /^(?:local[-_]?(?:env|environment|dev|development)|dev[-_]?(?:env|environment)|\.devcontainer)$/i, why: "a local development environment: local-environment/, dev-env/, .devcontainer/" },
  // Documentation.
  { context: "docs", on: "file", pattern: /\.(?:md|mdx|markdown|rst|adoc|asciidoc|textile|rdoc)$/i, why: "Markdown, reStructuredText, AsciiDoc" },
  { context: "docs", on: "file", pattern: /^(?:readme|changelog|changes|history|contributing)(?:\.[a-z0-9]+){0,2}$/i, why: "README, CHANGELOG … in any format, also templated (README.md.j2)" },
  { context: "docs", on: "file", pattern: /^(?:openapi|swagger)(?:[._-][\w.-]*)?\.(?:ya?ml|json)$/i, why: "OpenAPI/Swagger descriptions (their examples: are documentation)" },
  { context: "docs", on: "dir", pattern: /^_?(?:docs?|documentation|wiki|man)$/i, why: "docs/, doc/, documentation/, wiki/" },
];

/** The context of a path, or null for the repository's own code and configuration. */
export function classifyPath(path: string): PathContext | null {
  const parts = path.split("/");
  const file = parts.pop() ?? "";
  for (const entry of CONTEXT_PATTERNS) {
    const hit = entry.on === "file" ? entry.pattern.test(file) : entry.on === "path" ? entry.pattern.test(path) : parts.some((dir) => entry.pattern.test(dir));
    if (hit) return entry.context;
  }
  return null;
}

export function isPathContext(text: string): text is PathContext {
  return (PATH_CONTEXTS as readonly string[]).includes(text);
}
