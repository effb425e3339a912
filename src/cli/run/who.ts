import { parseCodeowners } from "../../core/manifest/codeowners.js";
import { parseManifest } from "../../core/manifest/parse.js";
import { WHO_FORMATS, type WhoFormat } from "../../core/render/formats.js";
import { renderWho } from "../../core/render/who.js";
import { whoIs, WhoQueryError } from "../../core/who.js";
import { loadCodeowners, loadManifest, scanPaths } from "../../node/scan-paths.js";
import { VERSION } from "../../version.js";
import { EXIT_FINDINGS, EXIT_OK, UsageError, flagOption, listOption, stringOption, type CliIO, type ParsedArgs } from "../command.js";
import { parseNow, parseSize, writeOutput } from "../options.js";

/** `secretowners who` (its options and help: commands/who.ts). */
export function runWho(args: ParsedArgs, io: CliIO): number {
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
}
