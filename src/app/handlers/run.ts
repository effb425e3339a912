import type { Context } from "probot";
import { InstallationRun, type AppServices } from "../runtime.js";

type AnyContext = Context<"pull_request" | "check_run" | "check_suite" | "push" | "installation" | "installation_repositories" | "repository">;

/** The installation's run for one delivery; every event the App subscribes to names the installation. */
export async function runFor(services: AppServices, context: Pick<AnyContext, "payload">): Promise<InstallationRun> {
  const payload = context.payload as { installation?: { id: number }; organization?: unknown; repository?: { owner: { type?: string } } };
  const installation = payload.installation?.id;
  if (installation === undefined) throw new Error("the delivery names no installation");
  const organization = payload.organization !== undefined || payload.repository?.owner.type === "Organization";
  return new InstallationRun(await services.clientFor(installation), services, organization);
}
