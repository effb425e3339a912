import { parseCodeowners } from "../../core/manifest/codeowners.js";
import { parseManifest } from "../../core/manifest/parse.js";
import { renderWho, WHO_FORMATS, type WhoFormat } from "../../core/render/who.js";
import { whoIs, WhoQueryError } from "../../core/who.js";
import { loadCodeowners, loadManifest, scanPaths } from "../../node/scan-paths.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, UsageError, flagOption, listOption, stringOption, type Command } from "../command.js";
import { EXCLUDE_OPTION, MAX_FILE_SIZE_OPTION, NO_GITIGNORE_OPTION, NOW_OPTION, OUTPUT_OPTION, parseNow, parseSize, writeOutput } from "../options.js";

/**
 * `secretowners who NAME [PATH]`: the incident-response lookup. Scans the whole repository (every
 * use is needed, not only the manifest) and answers who is accountable for the secrets NAME matches.
 */
const who: Command = {
  name: "who",
  synopsis: "NAME [PATH]",
  summary: "Who owns, operates and may revoke a secret, and every place it is used",
  description: [
    "For every secret NAME matches — a name, a glob such as 'OKTA_*', or system:NAME such as",
    "kubernetes:okta-* (case-insensitive) — in the repository holding PATH (default .): the winning",
    "manifest rule (file:line), owner, custodian, backups, revoker, purpose, rotation cadence and last",
    "rotation, review, vendor, emergency-only, agents, scope, every place it is used, and the rules",
    "that matched and lost. When no secret in use matches, it says so, lists near names and, for a",
    "plain name a rule covers, what the manifest would say; the exit code is then 1.",
  ].join("\n"),
  maxPositionals: 2,
  options: {
    format: { type: "string", value: "FORMAT", description: `Answer format: ${WHO_FORMATS.join(", ")} (default text)` },
    output: OUTPUT_OPTION,
    manifest: { type: "string", value: "FILE", description: "Use this manifest instead of looking in .github/, the root, then docs/" },
    exclude: EXCLUDE_OPTION,
    "no-gitignore": NO_GITIGNORE_OPTION,
    "max-file-size": MAX_FILE_SIZE_OPTION,
    now: NOW_OPTION,
  },
  examples: [
    { command: "secretowners who OKTA_API_TOKEN", explanation: "this key leaked: who owns it, who may revoke it, where is it used?" },
    { command: "secretowners who 'OKTA_*' --format markdown", explanation: "every Okta secret, as tables for an incident ticket" },
    { command: "secretowners who kubernetes:scim-bearer ../identity-repo --format json", explanation: "one system's secret in another repository, for a script" },
  ],
  helpSections: () => ["Exit codes: 0 a secret in use matches NAME, 1 none does, 2 usage error or unreadable path or manifest."],
  run(args, io) {
    const [name, path] = args.positionals;
    if (name === undefined) throw new UsageError("who needs a secret name: secretowners who NAME [PATH] (a glob such as 'OKTA_*' works)");
    const format = stringOption(args, "format") ?? "text";
    if (!(WHO_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}" for who: use one of ${WHO_FORMATS.join(", ")}`);
    const now = parseNow(stringOption(args, "now"));
    const manifestPath = stringOption(args, "manifest");
    const scanned = scanPaths([path ?? "."], {
      ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
      ...(manifestPath !== undefined ? { manifestPath } : {}),
      wholeRepository: true,
      maxFileBytes: parseSize(stringOption(args, "max-file-size")),
      exclude: listOption(args, "exclude"),
      gitignore: !flagOption(args, "no-gitignore"),
      now,
    });
    for (const warning of scanned.warnings) io.stderr(`secretowners: warning: ${warning}\n`);
    const located = loadManifest(scanned.root, io.cwd ?? process.cwd(), manifestPath);
    const parsed = located.manifest === null ? null : parseManifest(located.manifest);
    let answer;
    try {
      const codeowners = loadCodeowners(scanned.root);
      answer = whoIs(name, { inventory: scanned.result.secrets, manifest: parsed?.manifest ?? null, now, codeowners: codeowners ? parseCodeowners(codeowners) : null });
    } catch (error) {
      if (error instanceof WhoQueryError) throw new UsageError(error.message);
      throw error;
    }
    const errors = (parsed?.diagnostics ?? []).filter((diagnostic) => diagnostic.severity !== "warning").length;
    if (located.manifest === null) io.stderr("secretowners: warning: no secretowners.yml or SECRETOWNERS manifest found: nothing is owned\n");
    else if (errors > 0) io.stderr(`secretowners: warning: ${located.manifest.path} has ${errors} error${errors === 1 ? "" : "s"} (run \`secretowners scan\` to see them); this answer uses what could be read\n`);
    const report = renderWho(answer, format as WhoFormat, VERSION);
    const output = stringOption(args, "output");
    if (output !== undefined) writeOutput(output, report);
    else io.stdout(report);
    return answer.found ? EXIT_OK : EXIT_FINDINGS;
  },
};

export default who;
