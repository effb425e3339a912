import type { OrgScanProgress } from "../github/org-scan.js";
import type { CliIO } from "./command.js";

/**
 * Progress of a long run on standard error: a bar with an ETA redrawn in place on a terminal,
 * one plain line per repository otherwise (CI logs, pipes), so a log still shows where it got to.
 */
export interface ProgressReporter {
  update(event: OrgScanProgress): void;
  done(): void;
}

const BAR_WIDTH = 24;

export function progressReporter(io: CliIO, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let drawn = false;
  return {
    update(event) {
      const { done, total, outcome } = event;
      const state = outcome.error !== null ? "failed" : outcome.skipped !== null ? `skipped (${outcome.skipped})` : outcome.cached ? "unchanged" : "scanned";
      if (!io.stderrIsTTY) {
        io.stderr(`org-scan: ${done}/${total} ${outcome.name} ${state}\n`);
        return;
      }
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      const elapsed = now() - started;
      const eta = done === 0 ? "" : `  ETA ${formatDuration((elapsed / done) * (total - done))}`;
      const name = outcome.name.length > 40 ? `…${outcome.name.slice(-39)}` : outcome.name;
      io.stderr(`\r\u001b[2K[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${done}/${total}${eta}  ${name}`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr("\r\u001b[2K");
      drawn = false;
    },
  };
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
