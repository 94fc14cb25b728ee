// The headless human output: phase headers, warnings, failures with their fixes, a progress line
// every few seconds, and a summary. Plain text, no colour codes, so it reads the same in a log file.
import type { EngineEvent, RecordFailure, RunSummary } from '../engine/events.js';
import type { Redactor } from '../redact.js';
import { PlanListing } from './plan-listing.js';

export function plainLogWriter(
  out: NodeJS.WritableStream,
  redactor: Redactor,
  options: { verbose?: boolean; progressEveryMs?: number } = {},
): (event: EngineEvent) => void {
  let lastProgress = 0;
  const plan = new PlanListing();
  const write = (line: string) => out.write(`${redactor.text(line)}\n`);
  return (event) => {
    switch (event.type) {
      case 'migration':
        write(
          `${event.resumed ? 'Resuming' : 'Starting'} migration ${event.migrationId} (${event.phases.join(', ')})`,
        );
        break;
      case 'phase-started':
        write(`\n== ${event.title}`);
        break;
      case 'phase-finished':
        for (const line of countLines(event.counts)) write(`   ${line}`);
        for (const line of plan.flush()) write(line);
        break;
      case 'entity':
        if (options.verbose || event.action === 'failed' || event.action === 'blocked') {
          write(
            `   ${event.action.padEnd(8)} ${event.label}${event.reason ? ` — ${event.reason}` : ''}`,
          );
        }
        break;
      case 'planned':
        plan.add(event);
        // A failing record gets its full explanation from its record-failed event.
        if (options.verbose || event.action === 'blocked') {
          write(
            `   would ${event.action.padEnd(7)} ${event.label} (${event.entity} ${event.sonarId})${event.reason ? ` — ${event.reason}` : ''}`,
          );
        }
        break;
      case 'progress': {
        const now = Date.now();
        if (
          now - lastProgress >= (options.progressEveryMs ?? 5_000) ||
          event.done === event.total
        ) {
          lastProgress = now;
          const eta =
            event.etaSeconds === null ? '' : `, about ${formatDuration(event.etaSeconds)} left`;
          write(`   ${event.done}/${event.total} customers, ${event.rate.toFixed(1)}/s${eta}`);
        }
        break;
      }
      case 'record-failed':
        for (const line of failureLines(event.failure)) write(line);
        break;
      case 'log':
        if (event.level !== 'debug' || options.verbose)
          write(`   ${event.level}: ${event.message}`);
        break;
      case 'summary':
        for (const line of summaryLines(event.summary)) write(line);
        break;
      default:
        break;
    }
  };
}

export function failureLines(failure: RecordFailure): string[] {
  const lines = [
    '',
    `✗ ${failure.label} failed (${failure.phase}, ${failure.entity} ${failure.sonarId})`,
    `  ${failure.message}`,
  ];
  if (failure.field)
    lines.push(`  field: ${failure.field}${failure.rule ? ` (rule: ${failure.rule})` : ''}`);
  if (failure.splynxMessage) lines.push(`  Splynx said: ${failure.splynxMessage}`);
  for (const fix of failure.fixes) lines.push(`  → ${fix}`);
  return lines;
}

export function countLines(counts: Record<string, Partial<Record<string, number>>>): string[] {
  return Object.entries(counts)
    .map(([entity, row]) => {
      const parts = Object.entries(row)
        .filter(([, n]) => (n ?? 0) > 0)
        .map(([action, n]) => `${n} ${action}`);
      return parts.length > 0 ? `${entity}: ${parts.join(', ')}` : '';
    })
    .filter((line) => line !== '');
}

export function summaryLines(summary: RunSummary): string[] {
  const lines = [
    '',
    `Summary: ${summary.command} ${summary.status}${summary.migrationId ? ` (migration ${summary.migrationId})` : ''} in ${formatDuration(Math.round(summary.durationMs / 1000))}`,
  ];
  if (summary.planned) {
    lines.push('Would:');
    for (const line of countLines(summary.planned)) lines.push(`  ${line}`);
    const writes = Object.entries(summary.writes ?? {}).map(([method, n]) => `${n} ${method}`);
    lines.push(`Splynx writes: ${writes.length > 0 ? writes.join(', ') : 'none'}`);
    if (summary.failures > 0) {
      lines.push(
        `${summary.failures} record(s) would fail (listed above with their fixes); their dependants are blocked.`,
      );
    }
  }
  for (const line of countLines(summary.counts)) lines.push(`  ${line}`);
  if (summary.status === 'stopped' && summary.migrationId) {
    lines.push(`Stopped on an error. Fix it, then: s2s resume ${summary.migrationId}`);
  }
  if (summary.status === 'aborted' && summary.migrationId) {
    lines.push(`Interrupted; state is saved. Continue with: s2s resume ${summary.migrationId}`);
  }
  if (summary.status === 'empty') lines.push('Nothing matched the selection; nothing was written.');
  return lines;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
