// `s2s status [ID]`: where migrations stand, read without taking their locks (a running
// migration can be watched from a second terminal).
import type { CommonArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import { UserError } from '../errors.js';
import {
  describeHolder,
  isInterrupted,
  type LockState,
  type MigrationStatus,
  openStateDir,
} from '../state/index.js';
import { countLines } from '../ui/plain-log.js';
import type { Io } from './session.js';
import { stateDirPath } from './state-dir-path.js';

/** What a migration is, as an operator means it: a crashed run is interrupted, not running. */
function shownStatus(status: MigrationStatus, lock: LockState): string {
  return isInterrupted(status, lock) ? 'interrupted' : status;
}

/** Who holds the lock and what to do about it; empty when nobody does and nothing needs saying. */
function lockNote(id: string, status: MigrationStatus, lock: LockState): string {
  if (lock.state === 'held') {
    return `in use by ${describeHolder(lock.holder)}: ${lock.reason}`;
  }
  if (lock.state === 'stale') {
    return `process ${lock.holder.pid} (lock taken ${lock.holder.startedAt}) is gone: ${lock.reason}; \`s2s resume ${id}\` takes its lock over and continues`;
  }
  return isInterrupted(status, lock) ? `\`s2s resume ${id}\` continues it` : '';
}

export async function runStatus(
  id: string | undefined,
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
): Promise<number> {
  const state = openStateDir(stateDirPath(env, common, io));
  const list = await state.list();
  if (!id) {
    if (common.json) {
      const migrations = list.map((m) =>
        m.ok ? { ...m, status: shownStatus(m.status, m.lock) } : m,
      );
      io.stdout.write(`${JSON.stringify({ type: 'status', migrations })}\n`);
      return 0;
    }
    if (list.length === 0) {
      io.stdout.write('No migrations yet. Start with `s2s plan --customer <id>`.\n');
      return 0;
    }
    for (const m of list) {
      if (!m.ok) {
        io.stdout.write(`${m.id}  damaged: ${m.problem}\n`);
        continue;
      }
      const totals: Record<string, number> = {};
      for (const row of Object.values(m.counts)) {
        for (const [action, n] of Object.entries(row)) totals[action] = (totals[action] ?? 0) + n;
      }
      const parts = Object.entries(totals)
        .filter(([, n]) => n > 0)
        .map(([a, n]) => `${n} ${a}`)
        .join(', ');
      const note = lockNote(m.id, m.status, m.lock);
      io.stdout.write(
        `${m.id}  ${shownStatus(m.status, m.lock).padEnd(11)} ${parts || 'nothing yet'}${m.lastError ? `  last error: ${m.lastError.message}` : ''}${note ? `  (${note})` : ''}\n`,
      );
    }
    return 0;
  }
  const known = list.find((m) => m.id === id);
  if (!known)
    throw new UserError(
      `There is no migration ${id} in ${state.dir}.`,
      'Run `s2s status` to list them.',
    );
  const view = await state.readOnly(id);
  const failed = [...view.records({ action: 'failed' })];
  const blocked = [...view.records({ action: 'blocked' })];
  if (common.json) {
    io.stdout.write(
      `${JSON.stringify({ type: 'status', migrationId: id, status: shownStatus(view.status, view.lock), lock: view.lock, counts: view.counts(), lastError: view.lastError ?? null, pendingIntents: view.pendingIntents().length, failed, blocked })}\n`,
    );
    return 0;
  }
  const note = lockNote(id, view.status, view.lock);
  const lines = [
    `Migration ${id}: ${shownStatus(view.status, view.lock)}`,
    ...(note ? [`  ${note.charAt(0).toUpperCase()}${note.slice(1)}.`] : []),
    ...countLines(view.counts()).map((l) => `  ${l}`),
  ];
  if (view.lastError)
    lines.push(
      `Last error: ${view.lastError.message}${view.lastError.key ? ` (${view.lastError.key})` : ''}`,
    );
  for (const r of failed.slice(0, 20))
    lines.push(`  failed  ${r.key}: ${r.lastError?.message ?? ''}`);
  for (const r of blocked.slice(0, 20))
    lines.push(`  blocked ${r.key}: ${r.lastError?.message ?? ''}`);
  if (view.pendingIntents().length > 0) {
    lines.push(
      `${view.pendingIntents().length} write(s) with unknown outcome: \`s2s resume ${id}\` reconciles them.`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
