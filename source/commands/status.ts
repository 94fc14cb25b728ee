// `s2s status [ID]`: where migrations stand, read without taking their locks (a running
// migration can be watched from a second terminal).
import type { CommonArgs } from '../command-line.js';
import type { EnvConfig } from '../config.js';
import { UserError } from '../errors.js';
import { openStateDir } from '../state/index.js';
import { countLines } from '../ui/plain-log.js';
import type { Io } from './session.js';
import { stateDirPath } from './state-dir-path.js';

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
      io.stdout.write(`${JSON.stringify({ type: 'status', migrations: list })}\n`);
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
      io.stdout.write(
        `${m.id}  ${m.status.padEnd(10)} ${parts || 'nothing yet'}${m.lastError ? `  last error: ${m.lastError.message}` : ''}${m.lock.state === 'held' ? `  (in use by pid ${m.lock.holder?.pid ?? '?'})` : m.lock.state === 'stale' ? '  (stale lock: resume with --break-lock)' : ''}\n`,
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
      `${JSON.stringify({ type: 'status', migrationId: id, status: view.status, counts: view.counts(), lastError: view.lastError ?? null, pendingIntents: view.pendingIntents().length, failed, blocked })}\n`,
    );
    return 0;
  }
  const lines = [
    `Migration ${id}: ${view.status}`,
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
