import { createPrivateKey } from "node:crypto";
import type { IssueMode } from "../core/remediation/issues.js";

/**
 * The App's configuration, read from the environment variables Probot users already know (APP_ID,
 * PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL) plus
 * a few SECRETOWNERS_* ones of its own. Everything is checked before the server starts, so a typo is
 * one line naming the variable, not a stack trace at the first webhook.
 */
export interface AppSettings {
  readonly appId: number;
  readonly privateKey: string;
  readonly webhookSecret: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  /** Probot's rule: `${GHE_PROTOCOL || "https"}://${GHE_HOST}/api/v3`, else api.github.com. */
  readonly baseUrl: string;
  /** The web URL issues link to (`https://github.com` or the GHES host). */
  readonly serverUrl: string;
  /** `off` opens no remediation issues. */
  readonly issueMode: IssueMode | "off";
  /** Logins assigned when no CODEOWNERS user owns a finding's file. */
  readonly fallbackAssignees: readonly string[];
  /** Milliseconds between full scans of every installation; 0 turns the schedule off. */
  readonly scheduleIntervalMs: number;
  /** Org-wide scans and the inventory dashboard (src/app/org-schedule.ts). */
  readonly orgScan: OrgScanSettings;
}

export interface OrgScanSettings {
  /** Milliseconds between org-wide scans of each organization installation; 0 turns them off. */
  readonly intervalMs: number;
  /** The repository of each organization that holds the inventory issue. */
  readonly inventoryRepo: string;
  /** Repositories of one installation scanned at once. */
  readonly concurrency: number;
  /** REDIS_URL: scans go through the BullMQ queue, so replicas share the work and fire once. */
  readonly redisUrl: string | null;
  /** Redis key prefix; each installation's queues live under `PREFIX:installation-ID`. */
  readonly queuePrefix: string;
}

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SCHEDULE_MS = 24 * 60 * 60 * 1000;

/** A setting that is missing or malformed; the message names the variable and says what to write. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function readAppSettings(env: Env, readFile: (path: string) => string): AppSettings {
  const gheHost = optional(env, "GHE_HOST");
  const protocol = optional(env, "GHE_PROTOCOL") ?? "https";
  if (protocol !== "https" && protocol !== "http") throw new SettingsError("GHE_PROTOCOL", `must be https or http, got ${JSON.stringify(protocol)}`);
  if (gheHost !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(gheHost)) {
    throw new SettingsError("GHE_HOST", "must be a host name with an optional :port and no scheme or path, e.g. github.example.com");
  }
  const logLevel = (optional(env, "LOG_LEVEL") ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new SettingsError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  const issueMode = (optional(env, "SECRETOWNERS_ISSUES") ?? "finding") as AppSettings["issueMode"];
  if (!["finding", "repository", "off"].includes(issueMode)) throw new SettingsError("SECRETOWNERS_ISSUES", "must be finding (one issue per problem), repository (one per repository) or off");
  return {
    appId: positiveInteger(env, "APP_ID", required(env, "APP_ID", "the App ID from the app's settings page, e.g. APP_ID=123456")),
    privateKey: readPrivateKey(env, readFile),
    webhookSecret: required(env, "WEBHOOK_SECRET", "the webhook secret set when the app was registered"),
    port: port(env),
    host: optional(env, "HOST") ?? "localhost",
    logLevel,
    baseUrl: gheHost ? `${protocol}://${gheHost}/api/v3` : "https://api.github.com",
    serverUrl: gheHost ? `${protocol}://${gheHost}` : "https://github.com",
    issueMode,
    fallbackAssignees: logins(env, "SECRETOWNERS_FALLBACK_ASSIGNEES"),
    scheduleIntervalMs: duration(env, "SECRETOWNERS_SCHEDULE", DEFAULT_SCHEDULE_MS),
    orgScan: orgScanSettings(env),
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function required(env: Env, name: string, hint: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new SettingsError(name, `not set; set it to ${hint}`);
  return value;
}

function positiveInteger(env: Env, name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new SettingsError(name, `must be a positive whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function port(env: Env): number {
  const value = optional(env, "PORT");
  if (value === undefined) return 3000;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new SettingsError("PORT", `must be a port number (0-65535), got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `24h`, `30m`, `7d`, `90s`; `0` or `off` disables. */
function duration(env: Env, name: string, fallback: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (value === "0" || value === "off") return 0;
  const match = /^(\d+)(s|m|h|d)$/.exec(value);
  if (!match || Number(match[1]) === 0) throw new SettingsError(name, `must be a duration such as 24h, 30m or 7d (or off), got ${JSON.stringify(value)}`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

function orgScanSettings(env: Env): OrgScanSettings {
  const inventoryRepo = optional(env, "SECRETOWNERS_INVENTORY_REPO") ?? ".github";
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(inventoryRepo)) throw new SettingsError("SECRETOWNERS_INVENTORY_REPO", `must be a repository name in the organization, e.g. .github, got ${JSON.stringify(inventoryRepo)}`);
  const concurrency = optional(env, "SECRETOWNERS_ORG_SCAN_CONCURRENCY");
  const redisUrl = optional(env, "REDIS_URL") ?? null;
  if (redisUrl !== null && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) throw new SettingsError("REDIS_URL", "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379");
  const queuePrefix = optional(env, "SECRETOWNERS_QUEUE_PREFIX") ?? "secretowners";
  if (!/^[A-Za-z0-9._:-]+$/.test(queuePrefix)) throw new SettingsError("SECRETOWNERS_QUEUE_PREFIX", `must be letters, digits, '.', '_', ':' or '-', got ${JSON.stringify(queuePrefix)}`);
  return {
    intervalMs: duration(env, "SECRETOWNERS_ORG_SCAN_SCHEDULE", DEFAULT_SCHEDULE_MS),
    inventoryRepo,
    concurrency: concurrency === undefined ? 4 : positiveInteger(env, "SECRETOWNERS_ORG_SCAN_CONCURRENCY", concurrency),
    redisUrl,
    queuePrefix,
  };
}

function logins(env: Env, name: string): string[] {
  const value = optional(env, name);
  if (value === undefined) return [];
  const list = value.split(",").map((login) => login.trim().replace(/^@/, "")).filter((login) => login !== "");
  for (const login of list) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(login)) throw new SettingsError(name, `${JSON.stringify(login)} is not a GitHub login; write logins separated by commas`);
  }
  return list;
}

/**
 * PRIVATE_KEY wins over PRIVATE_KEY_PATH, as in Probot; the key may be PEM with real or `\n`
 * newlines, or base64-encoded PEM. It is parsed here so a wrong key fails at start, and no part of
 * it is ever put in a message.
 */
function readPrivateKey(env: Env, readFile: (path: string) => string): string {
  const inline = optional(env, "PRIVATE_KEY");
  const path = optional(env, "PRIVATE_KEY_PATH");
  let pem: string;
  let variable: string;
  if (inline !== undefined) {
    variable = "PRIVATE_KEY";
    pem = inline.includes("-----BEGIN") ? inline : Buffer.from(inline, "base64").toString("utf8");
    pem = pem.replace(/\\n/g, "\n");
  } else if (path !== undefined) {
    variable = "PRIVATE_KEY_PATH";
    try {
      pem = readFile(path);
    } catch {
      throw new SettingsError("PRIVATE_KEY_PATH", `cannot read ${JSON.stringify(path)}; point it at the .pem file downloaded from the app's settings page`);
    }
  } else {
    throw new SettingsError("PRIVATE_KEY", "not set; set PRIVATE_KEY to the app's private key (PEM) or PRIVATE_KEY_PATH to its .pem file");
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new SettingsError(variable, "is not a valid PEM private key; use the .pem file GitHub generated for the app");
  }
  return pem;
}
