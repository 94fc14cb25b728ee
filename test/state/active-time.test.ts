// A migration's duration is its active time summed over every run (issue 13: a 33 s migration
// resumed once reported "2 s"), kept in the state so any later reader (a resume, a report, a
// rewrite by verify or rollback) sees the same figure.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';

let root: string;
let clock: Date;
let state: StateDir;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-active-'));
  clock = new Date('2026-11-26T07:15:00.000Z');
  state = openStateDir(path.join(root, 'state'), { now: () => clock, compactEvery: 2 });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const tick = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

async function commit(migration: Awaited<ReturnType<StateDir['create']>>, sonarId: number) {
  await migration.commit({ entity: 'customer', sonarId, action: 'created', splynxId: sonarId });
}

describe('active time across runs', () => {
  it('sums each run from its start (startup included) to its end, not the idle time between', async () => {
    const first = await state.create({ mode: 'migrate' });
    await first.setStatus('running', undefined, { startupMs: 2_000 });
    tick(10_000);
    await commit(first, 1);
    tick(20_000);
    await first.setStatus('aborted');
    expect(first.lastRunMs).toBe(32_000);
    await first.close();

    tick(3_600_000); // an hour before anyone resumes
    const second = await state.open(first.id);
    expect(second.activeMs).toBe(32_000);
    await second.setStatus('running', undefined, { startupMs: 500 });
    tick(1_500);
    await commit(second, 2);
    await second.setStatus('completed');
    expect(second.lastRunMs).toBe(2_000);
    expect(second.activeMs).toBe(34_000);
    await second.close();

    // Compacted into migration.json and read back lock-free.
    const view = await state.readOnly(first.id);
    expect(view.activeMs).toBe(34_000);
    expect(view.lastRunMs).toBe(2_000);
  });

  it('ends a run a crash cut short at its last journal line', async () => {
    const migration = await state.create({ mode: 'migrate' });
    await migration.setStatus('running');
    tick(5_000);
    await commit(migration, 1);
    tick(4_000);
    await commit(migration, 2);
    // kill -9: no closing status, no close(); the lock is left behind.
    tick(600_000);
    const view = await state.readOnly(migration.id);
    expect(view.activeMs).toBe(9_000);

    // The resume takes the stale lock over; the cut-short run ends at its last line.
    const resumed = await state.open(migration.id, { breakLock: true });
    await resumed.setStatus('running');
    tick(1_000);
    await resumed.setStatus('completed');
    expect(resumed.lastRunMs).toBe(1_000);
    expect(resumed.activeMs).toBe(10_000);
    await resumed.close();
  });

  it('does not count a rollback as time the migration was at work', async () => {
    const migration = await state.create({ mode: 'migrate' });
    await migration.setStatus('running');
    tick(7_000);
    await commit(migration, 1);
    await migration.setStatus('completed');
    tick(60_000);
    await migration.setStatus('rolling-back');
    tick(30_000);
    await migration.commit({
      entity: 'customer',
      sonarId: 1,
      action: 'created',
      splynxId: 1,
      extra: { rolledBack: true },
    });
    await migration.setStatus('rolled-back');
    expect(migration.activeMs).toBe(7_000);
    await migration.close();
  });
});
