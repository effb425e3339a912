import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { readAppSettings, SettingsError } from "../app/settings.js";
import type { CliIO } from "./main.js";

export const APP_USAGE = `Usage: secretowners app

Starts the secretowners GitHub App (a Probot server): webhooks at /api/github/webhooks, GET /healthz.
Configured by the environment (a .env file in the working directory is read too, as Probot does):

  APP_ID                     the App's ID                                    (required)
  PRIVATE_KEY                the App's private key, PEM or base64 PEM        (or PRIVATE_KEY_PATH)
  PRIVATE_KEY_PATH           path to the App's .pem file
  WEBHOOK_SECRET             the webhook secret set when registering the App (required)
  PORT, HOST                 where to listen (default 3000, localhost)
  LOG_LEVEL                  trace, debug, info, warn, error, fatal or silent (default info)
  GHE_HOST, GHE_PROTOCOL     GitHub Enterprise Server host and protocol (API at PROTOCOL://HOST/api/v3)
  SECRETOWNERS_ISSUES        finding (one issue per problem, default), repository (one per repository) or off
  SECRETOWNERS_FALLBACK_ASSIGNEES  logins assigned when CODEOWNERS names no user, comma-separated
  SECRETOWNERS_SCHEDULE      how often every installation is re-scanned: 24h (default), 30m, 7d or off

Exit codes: 2 when a setting is missing or invalid (the message names the variable).
`;

/**
 * `secretowners app`. Resolves with 2 when it cannot start; once the server is up it resolves with
 * 0 after SIGINT or SIGTERM, when in-flight deliveries are done.
 */
export async function runAppCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(APP_USAGE);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr(`secretowners: app takes no arguments, got ${argv.join(" ")}; it is configured by environment variables (see secretowners app --help)\n`);
    return 2;
  }
  let env: Record<string, string | undefined>;
  try {
    // Probot's rule: values in ./.env are applied over the process environment.
    env = { ...io.env, ...readDotEnv(join(process.cwd(), ".env")) };
  } catch {
    io.stderr("secretowners: .env cannot be read or parsed; fix or remove it\n");
    return 2;
  }
  let settings;
  try {
    settings = readAppSettings(env, (path) => readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`secretowners: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { startAppServer } = await import("../app/server.js");
  let running;
  try {
    running = await startAppServer(settings, env);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === "EADDRINUSE" ? `port ${settings.port} is already in use` : code === "EADDRNOTAVAIL" ? `cannot listen on ${settings.host}` : error instanceof Error ? error.message.split("\n")[0] : "unknown error";
    io.stderr(`secretowners: ${code === "EADDRINUSE" ? "PORT" : code === "EADDRNOTAVAIL" ? "HOST" : "app"}: ${detail}\n`);
    return 2;
  }
  const app = running;
  return new Promise<number>((resolve) => {
    const stop = () => void app.close().then(() => resolve(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function readDotEnv(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  return parseEnv(text) as Record<string, string>;
}
