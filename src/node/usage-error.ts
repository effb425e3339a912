/** Thrown for problems the user must fix before a scan can start (exit code 2 in the CLI). */
export class UsageError extends Error {
  override name = "UsageError";
}
