// The floor under any one-shot Node scan of a tree: walks it as the scan does (.gitignore honoured,
// the same skipped folders and size cap), reads and decodes every file the scan would read, and
// does nothing else. Bundled on its own, so it loads no scanner: timed from outside as a fresh
// process, no Node scanner of that tree can finish sooner on this machine, whatever it detects.
// Prints one JSON line with counts only.
//
// Usage: read-floor.js ROOT
import { IgnoreRules } from "../src/node/ignore-rules.js";
import { DEFAULT_MAX_FILE_BYTES } from "../src/node/max-file-size.js";
import { readSourceFile, walk } from "../src/node/walk.js";

const root = process.argv[2];
if (root === undefined) {
  console.error("usage: read-floor ROOT");
  process.exit(2);
}
const ignore = new IgnoreRules(root, { gitignore: true, exclude: [] });
let files = 0;
let chars = 0;
for (const entry of walk(root, { maxFileBytes: DEFAULT_MAX_FILE_BYTES, ignore })) {
  if (entry.kind !== "file") continue;
  const read = readSourceFile(entry.path, entry.absolute, DEFAULT_MAX_FILE_BYTES);
  if (read.kind !== "file") continue;
  files++;
  chars += read.file.text.length;
}
process.stdout.write(`${JSON.stringify({ files, chars })}\n`);
