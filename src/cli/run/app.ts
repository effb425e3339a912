import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { readAppSettings, SettingsError } from "../../app/settings.js";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "../command.js";

/**
 * Resolves with 2 when the App cannot start; once it is up, with 0 after SIGINT or SIGTERM, when
 * in-flight deliveries are done.
 */
export async function runAppServer(io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let env: Record<string, string | undefined>;
  try {
    // Probot's rule: values in ./.env are applied over the process environment.
    env = { ...io.env, ...readDotEnv(join(cwd, ".env")) };
  } catch {
    io.stderr("secretowners: .env cannot be read or parsed; fix or remove it\n");
    return EXIT_USAGE;
  }
  let settings;
  try {
    settings = readAppSettings(env, (path) => readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`secretowners: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  // Loaded once the settings are known to be good: a missing one is reported without loading Probot.
  const { startAppServer } = await import("../../app/server.js");
  let running;
  try {
    running = await startAppServer(settings, env);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === "EADDRINUSE" ? `port ${settings.port} is already in use` : code === "EADDRNOTAVAIL" ? `cannot listen on ${settings.host}` : error instanceof Error ? error.message.split("\n")[0] : "unknown error";
    io.stderr(`secretowners: ${code === "EADDRINUSE" ? "PORT" : code === "EADDRNOTAVAIL" ? "HOST" : "app"}: ${detail}\n`);
    return EXIT_USAGE;
  }
  const app = running;
  return new Promise<number>((resolve) => {
    const stop = () => void app.close().then(() => resolve(EXIT_OK));
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
