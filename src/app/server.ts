import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { secretownersApp, healthz } from "./index.js";
import type { AppServices } from "./runtime.js";
import type { AppSettings } from "./settings.js";
import { webhookSignatureGate } from "./signature.js";

export const WEBHOOK_PATH = "/api/github/webhooks";

export interface RunningApp {
  readonly server: Server;
  readonly port: number;
  readonly services: AppServices & { stopSchedule(): Promise<void> };
  close(): Promise<void>;
}

/**
 * The App's HTTP server: Probot's webhook middleware behind a signature gate, plus `GET /healthz`.
 * Probot is configured from the same variables Probot reads (createProbot), with the values already
 * checked by readAppSettings; the base URL follows GHE_HOST / GHE_PROTOCOL exactly as in Probot.
 */
export async function startAppServer(settings: AppSettings, env: Readonly<Record<string, string | undefined>>): Promise<RunningApp> {
  // Loaded here so the scanner's CLI commands never load a web framework.
  const { createProbot, createNodeMiddleware } = await import("probot");
  // REDIS_URL is the org-scan queue's (src/app/org-schedule.ts). Probot would also open Redis
  // connections of its own for Octokit throttling, which the App does not use (its requests go
  // through src/github) and which would keep the process alive after SIGTERM.
  const { REDIS_URL: _queueRedis, ...probotEnv } = env;
  const probot = createProbot({
    env: probotEnv as NodeJS.ProcessEnv,
    overrides: { appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, baseUrl: settings.baseUrl, logLevel: settings.logLevel === "silent" ? "fatal" : settings.logLevel },
  });
  let services: (AppServices & { stopSchedule(): Promise<void> }) | undefined;
  const app = secretownersApp(settings, (ready) => (services = ready));
  const middleware = await createNodeMiddleware(
    (probotApp, options) => {
      const log = probotApp.log.child({ name: "webhooks" });
      options.addHandler(webhookSignatureGate(settings.webhookSecret, WEBHOOK_PATH, (line) => log.warn(line)));
      options.addHandler(healthz);
      return app(probotApp, options);
    },
    { probot, webhooksPath: WEBHOOK_PATH },
  );
  const server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  probot.log.info(`secretowners App listening on http://${settings.host}:${port}${WEBHOOK_PATH}`);
  if (!services) throw new Error("the App did not load");
  const loaded = services;
  return {
    server,
    port,
    services: loaded,
    close: async () => {
      await loaded.stopSchedule();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await loaded.queue.idle();
    },
  };
}
