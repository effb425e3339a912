import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import { VERSION } from "../version.js";
import { onCheckRunRerequested, onCheckSuite, onPullRequest } from "./handlers/pull-request.js";
import { onInstallationCreated, onRepositoriesAdded, onRepositoryCreated } from "./handlers/installation.js";
import { onPush } from "./handlers/push.js";
import { createServices, type AppServices } from "./runtime.js";
import { startSchedule } from "./schedule.js";
import type { AppSettings } from "./settings.js";

/**
 * The Probot application function: the only file that knows Probot's event names. Each handler
 * guards (is this event ours to act on?) and delegates; all GitHub calls go through src/github with
 * an installation token, so the App and the Action share one API layer.
 */
export function secretownersApp(settings: AppSettings, onReady?: (services: AppServices & { stopSchedule(): void }) => void): ApplicationFunction {
  return (app: Probot) => {
    const installationToken = async (id: number) => tokenOf(await (await app.auth(id)).auth({ type: "installation" }));
    const appToken = async () => tokenOf(await (await app.auth()).auth({ type: "app" }));
    const services = createServices(settings, logOf(app), installationToken);

    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (context) => onPullRequest(services, context));
    app.on("check_run.rerequested", (context) => onCheckRunRerequested(services, context));
    app.on(["check_suite.requested", "check_suite.rerequested"], (context) => onCheckSuite(services, context));
    app.on("push", (context) => onPush(services, context));
    app.on("installation.created", (context) => onInstallationCreated(services, context));
    app.on("installation_repositories.added", (context) => onRepositoriesAdded(services, context));
    app.on("repository.created", (context) => onRepositoryCreated(services, context));

    const schedule = startSchedule(services, appToken);
    onReady?.({ ...services, stopSchedule: () => schedule.stop() });
  };
}

/** `GET /healthz`: 200 while the server runs, for container and load-balancer probes. */
export function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", version: VERSION }));
  return true;
}

function tokenOf(auth: unknown): string {
  const token = (auth as { token?: unknown }).token;
  if (typeof token !== "string") throw new Error("Probot returned no token");
  return token;
}

/** Probot's pino logger behind the one-line interface src/github logs through. */
function logOf(app: Probot): AppServices["log"] {
  const log = app.log.child({ name: "secretowners" });
  return {
    debug: (message) => log.debug(message),
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error(message),
  };
}
