#!/usr/bin/env node
import { EXIT_USAGE, runCli } from "./main.js";

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  });
} catch (error) {
  // Exit 1 means "findings"; a crash must not look like a verdict. Only the first line of the
  // message is shown: parser errors can quote the input, which may hold a secret.
  const message = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unknown error";
  process.stderr.write(`secretowners: internal error (${message}). Please report it with the command you ran.\n`);
  process.exitCode = EXIT_USAGE;
}
