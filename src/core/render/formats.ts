/**
 * The names of every output format, apart from the code that writes them so that the CLI's help
 * and argument checks can list them without loading it.
 */

/** `scan --format` and the Action's `format` input; index.ts maps each to its renderer, in this order. */
export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** `org-scan --format`; org/index.ts maps each to its renderer, in this order. */
export const ORG_FORMATS = ["text", "json", "csv", "markdown"] as const;
export type OrgFormat = (typeof ORG_FORMATS)[number];

/** `who --format` (who.ts). */
export const WHO_FORMATS = ["text", "json", "markdown"] as const;
export type WhoFormat = (typeof WHO_FORMATS)[number];

/** `init --format`: the starter manifest's form (../init.ts). */
export const STARTER_FORMATS = ["yaml", "secretowners"] as const;
export type StarterFormat = (typeof STARTER_FORMATS)[number];
