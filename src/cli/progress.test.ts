import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { formatDuration, progressReporter } from "./progress.js";

function io(stderrIsTTY: boolean): CliIO & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => {}, stderr: (text) => err.push(text), isTTY: false, stderrIsTTY, env: {} };
}

const outcome = (name: string, extra: object = {}) => ({ name, scanned: true, skipped: null, error: null, ...extra });

describe("progressReporter", () => {
  it("prints one plain line per repository when standard error is not a terminal", () => {
    const target = io(false);
    const progress = progressReporter(target);
    progress.update({ done: 1, total: 3, outcome: outcome("acme/a") });
    progress.update({ done: 2, total: 3, outcome: outcome("acme/b", { scanned: false, skipped: "archived" }) });
    progress.update({ done: 3, total: 3, outcome: outcome("acme/c", { scanned: false, error: "HTTP 500" }) });
    progress.done();
    expect(target.err).toEqual(["org-scan: 1/3 acme/a scanned\n", "org-scan: 2/3 acme/b skipped (archived)\n", "org-scan: 3/3 acme/c failed\n"]);
  });

  it("redraws a bar with an ETA in place on a terminal, and clears it at the end", () => {
    const target = io(true);
    let now = 0;
    const progress = progressReporter(target, () => now);
    now = 10_000;
    progress.update({ done: 1, total: 4, outcome: outcome("acme/a", { cached: true }) });
    expect(target.err[0]).toBe("\r\u001b[2K[######------------------] 1/4  ETA 30s  acme/a");
    now = 20_000;
    progress.update({ done: 4, total: 4, outcome: outcome("acme/d") });
    expect(target.err[1]).toBe("\r\u001b[2K[########################] 4/4  ETA 0s  acme/d");
    progress.done();
    expect(target.err[2]).toBe("\r\u001b[2K");
  });

  it("formats durations for people", () => {
    expect([formatDuration(400), formatDuration(59_000), formatDuration(61_000), formatDuration(3_723_000)]).toEqual(["0s", "59s", "1m01s", "1h02m"]);
  });
});
