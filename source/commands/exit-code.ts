// DESIGN.md exit codes: 0 done · 1 stopped on an error (resumable) · 2 bad usage or config ·
// 3 preflight failed (also: Sonar or Splynx unreachable or refusing the credentials) · 4 the
// migration is locked by another process (LockedError) · 130 interrupted (state saved).
import type { RunSummary } from '../engine/events.js';

export const EXIT = {
  ok: 0,
  stopped: 1,
  usage: 2,
  preflight: 3,
  locked: 4,
  interrupted: 130,
} as const;

export function exitCodeFor(summary: RunSummary): number {
  switch (summary.status) {
    case 'aborted':
      return EXIT.interrupted;
    case 'stopped':
    case 'failed':
      return EXIT.stopped;
    case 'planned':
      // Records that would fail are the plan's findings, not a failure of the plan.
      return EXIT.ok;
    default:
      return summary.failures > 0 ? EXIT.stopped : EXIT.ok;
  }
}
