/**
 * The commands that scan a checkout on this machine, imported together: they share the scanner,
 * their own code is small, and one chunk loads faster than the several a module of its own each
 * would split the bundle into (every file Node loads costs a resolve, a read and a link).
 */
export { runInit } from "./init.js";
export { runScan } from "./scan.js";
export { runWho } from "./who.js";
/** For `scan --help`'s list of rules. */
export { RULES } from "../../core/policy/index.js";
