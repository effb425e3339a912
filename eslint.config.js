import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "examples/**", "fixtures/**", "bench/out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The core must stay pure: no file system, network, process or clock access.
    },
  },
  {
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["node:fs", "node:fs/*", "fs", "node:net", "node:http", "node:https", "node:child_process", "node:os", "../cli/*", "../../cli/*", "@octokit/*", "@actions/core"], message: "src/core is pure: it takes files as values and does no I/O." },
      ] }],
      "no-restricted-globals": ["error", { name: "process", message: "src/core must not read the environment." }],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "src/core never reads the clock: take `now` from the shell (PolicyContext.now)." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "src/core never reads the clock: take `now` from the shell (PolicyContext.now)." },
        { selector: "CallExpression[callee.name='Date']", message: "src/core never reads the clock: take `now` from the shell (PolicyContext.now)." },
      ],
    },
  },
  {
    // One GitHub API layer: the shells reuse src/github rather than building their own clients.
    files: ["src/**/*.ts"],
    ignores: ["src/github/**", "src/core/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@octokit/*"], message: "only src/github talks to the GitHub API; use createGitHubClient() from there." },
      ] }],
    },
  },
);
