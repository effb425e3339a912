#!/usr/bin/env node
import { EXIT_USAGE, runCli, type CliIO } from "./main.js";

const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
};

try {
  const argv = process.argv.slice(2);
  if (argv[0] === "app") {
    // The long-running GitHub App server; its own module so the scanner commands stay lean.
    const { runAppCommand } = await import("./app.js");
    process.exitCode = await runAppCommand(argv.slice(1), io);
  } else {
    process.exitCode = runCli(argv, io);
  }
} catch (error) {
  // Exit 1 means "findings"; a crash must not look like a verdict. Only the first line of the
  // message is shown: parser errors can quote the input, which may hold a secret.
  const message = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unknown error";
  process.stderr.write(`secretowners: internal error (${message}). Please report it with the command you ran.\n`);
  process.exitCode = EXIT_USAGE;
}
