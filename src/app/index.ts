import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import { InstallationTokens } from "../github/app-auth.js";
import { describeRequestError } from "../github/client.js";
import { VERSION } from "../version.js";
import { onCheckRunRerequested, onCheckSuite, onPullRequest } from "./handlers/pull-request.js";
import { onInstallationCreated, onInstallationDeleted, onRepositoriesAdded, onRepositoryCreated } from "./handlers/installation.js";
import { onPush } from "./handlers/push.js";
import { createServices, type AppServices } from "./runtime.js";
import { startOrgSchedule } from "./org-schedule.js";
import { startSchedule } from "./schedule.js";
import type { AppSettings } from "./settings.js";

/**
 * The Probot application function: the only file that knows Probot's event names. Each handler
 * guards (is this event ours to act on?) and delegates; all GitHub calls go through src/github with
 * an installation token, so the App and the Action share one API layer.
 */
export function secretownersApp(settings: AppSettings, onReady?: (services: AppServices & { stopSchedule(): Promise<void> }) => void): ApplicationFunction {
  return (app: Probot) => {
    const log = logOf(app);
    const tokens = new InstallationTokens({ appId: settings.appId, privateKey: settings.privateKey, baseUrl: settings.baseUrl, log });
    const services = createServices(settings, log, (id) => tokens.token(id));
    const appToken = async () => tokens.appToken();

    const schedule = startSchedule(services, appToken);
    const orgSchedule = startOrgSchedule(services, appToken);
    const guard = guarded(services);
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], guard("pull_request", (context) => onPullRequest(services, context)));
    app.on("check_run.rerequested", guard("check_run", (context) => onCheckRunRerequested(services, context)));
    app.on(["check_suite.requested", "check_suite.rerequested"], guard("check_suite", (context) => onCheckSuite(services, context)));
    app.on("push", guard("push", (context) => onPush(services, context)));
    app.on("installation.created", guard("installation", (context) => onInstallationCreated(services, context)));
    app.on("installation.deleted", guard("installation", (context) => onInstallationDeleted(orgSchedule, context)));
    app.on("installation_repositories.added", guard("installation_repositories", (context) => onRepositoriesAdded(services, context)));
    app.on("repository.created", guard("repository", (context) => onRepositoryCreated(services, context)));

    onReady?.({
      ...services,
      stopSchedule: async () => {
        schedule.stop();
        await orgSchedule.stop();
        await services.sharedLocks?.close();
      },
    });
  };
}

/** `GET /healthz`: 200 while the server runs, for container and load-balancer probes. */
export function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", version: VERSION }));
  return true;
}

/**
 * A handler's failure is logged here as one line (status and GitHub's message) and not rethrown:
 * Probot would log the whole delivery payload with it, and payloads are not ours to log.
 */
function guarded(services: AppServices) {
  return <C extends { id: string }>(event: string, handler: (context: C) => Promise<void>) =>
    async (context: C): Promise<void> => {
      try {
        await handler(context);
      } catch (error) {
        services.log.error(`${event} delivery ${context.id}: ${describeRequestError(error)}`);
      }
    };
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
