import type { Command } from "../command.js";

const SETTINGS_HELP = `Settings (environment variables; a .env file in the working directory is read too, as Probot does):
  APP_ID                           the App's ID (required)
  PRIVATE_KEY / PRIVATE_KEY_PATH   the App's private key (PEM, \\n-escaped or base64) / its .pem file (one required)
  WEBHOOK_SECRET                   the webhook secret set when registering the App (required)
  PORT, HOST                       where to listen (default 3000, localhost)
  LOG_LEVEL                        trace, debug, info, warn, error, fatal or silent (default info)
  GHE_HOST, GHE_PROTOCOL           GitHub Enterprise Server: the API is PROTOCOL://HOST/api/v3 (default github.com, https)
  SECRETOWNERS_ISSUES              finding (one issue per problem, default), repository (one per repository) or off
  SECRETOWNERS_FALLBACK_ASSIGNEES  logins assigned when CODEOWNERS names no user, comma-separated
  SECRETOWNERS_SCHEDULE            how often every installation is re-scanned: 24h (default), 30m, 7d or off

Exit codes: 0 after SIGINT/SIGTERM, 2 when a setting is missing or invalid (the message names the variable).`;

const app: Command = {
  name: "app",
  synopsis: "",
  summary: "Start the GitHub App server (Probot): PR checks and remediation issues",
  description: [
    "Serves GitHub webhooks at /api/github/webhooks (and GET /healthz) until stopped: a `secretowners`",
    "check run on every pull request, remediation issues on pushes to the default branch, on install and",
    "on a schedule. Configured by environment variables only; register the App from app.yml.",
  ].join("\n"),
  maxPositionals: 0,
  options: {},
  examples: [
    { command: "APP_ID=123 PRIVATE_KEY_PATH=app.pem WEBHOOK_SECRET=... secretowners app", explanation: "serve on localhost:3000" },
    { command: "GHE_HOST=github.example.com PORT=8080 HOST=0.0.0.0 secretowners app", explanation: "serve for a GitHub Enterprise Server" },
  ],
  helpSections: () => [SETTINGS_HELP],
  run: async (_args, io) => (await import("../run/app.js")).runAppServer(io),
};

export default app;
