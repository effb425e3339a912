import type { Command } from "../command.js";
import app from "./app.js";
import init from "./init.js";
import orgScan from "./org-scan.js";
import scan from "./scan.js";
import who from "./who.js";

/** Every subcommand, one line each, in the order `secretowners --help` lists them. */
export const COMMANDS: readonly Command[] = [scan, init, who, orgScan, app];
