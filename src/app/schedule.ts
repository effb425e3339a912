import { createGitHubClient } from "../github/client.js";
import { listInstallationRepositories, listInstallations } from "../github/contents.js";
import { VERSION } from "../version.js";
import { remediateAll } from "./handlers/installation.js";
import type { AppServices } from "./runtime.js";

/**
 * Work the App does for every installation on a timer. The remediation sweep is the first task;
 * organization-wide scans add theirs with `registerScheduledTask` (one line where the App starts),
 * and get the same installation list, pacing and per-repository queue.
 */
export interface ScheduledInstallation {
  readonly id: number;
  readonly account: string;
  readonly organization: boolean;
}

export type ScheduledTask = (services: AppServices, installation: ScheduledInstallation) => Promise<void>;

const TASKS: ScheduledTask[] = [
  async (services, installation) => {
    const client = await services.clientFor(installation.id);
    await remediateAll(services, installation.id, installation.organization, await listInstallationRepositories(client));
  },
];

export function registerScheduledTask(task: ScheduledTask): void {
  TASKS.push(task);
}

/** Runs every task for every installation, one installation at a time. */
export async function sweep(services: AppServices, appToken: () => Promise<string>): Promise<void> {
  const client = createGitHubClient({ token: await appToken(), baseUrl: services.settings.baseUrl, log: services.log, userAgent: `secretowners-app/${VERSION}` });
  const installations = await listInstallations(client);
  services.log.info(`scheduled sweep: ${installations.length} installation(s)`);
  for (const installation of installations) {
    for (const task of TASKS) {
      try {
        await task(services, installation);
      } catch (error) {
        services.log.error(`scheduled sweep of ${installation.account}: ${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}`);
      }
    }
  }
}

/**
 * The in-process daily schedule (interval from SECRETOWNERS_SCHEDULE). A sweep still running when
 * the next is due is not doubled. The timer does not keep the process alive on its own.
 */
export function startSchedule(services: AppServices, appToken: () => Promise<string>): { stop(): void } {
  const interval = services.settings.scheduleIntervalMs;
  if (interval === 0) return { stop() {} };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep(services, appToken)
      .catch((error: unknown) => services.log.error(`scheduled sweep failed: ${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}`))
      .finally(() => (running = false));
  }, interval);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
