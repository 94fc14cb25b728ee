import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../source/errors.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';
import { type Child, killAll, spawnWriter } from './fixtures/child.js';

let root: string;
let state: StateDir;
const children: Child[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-lock-'));
  state = openStateDir(root);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

afterAll(() => killAll(children));

async function closedMigrationId(): Promise<string> {
  const migration = await state.create({});
  await migration.close();
  return migration.id;
}

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', '0']);
  return done.pid ?? 0;
}

function writeLock(id: string, fields: Record<string, unknown>): void {
  writeFileSync(
    path.join(root, id, 'lock'),
    JSON.stringify({ startedAt: '2026-11-26T07:00:00.000Z', token: 'abc', ...fields }),
    { mode: 0o600 },
  );
}

describe('migration lock', () => {
  it('lets only one process write: the second is told the holder pid and host', async () => {
    const id = await closedMigrationId();
    const holder = spawnWriter({ stateDir: root, id, mode: 'hold', count: 0 });
    children.push(holder);
    await holder.waitFor((line) => line === 'ready');

    const refused = await state.open(id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toMatch(
      new RegExp(
        `^Migration ${id} \\(.*\\) is in use by process ${holder.pid} on ${os.hostname()} \\(since .*Z, last heartbeat .*Z\\)\\.$`,
      ),
    );
    expect(state.lockState(id)).toMatchObject({ state: 'held', holder: { pid: holder.pid } });
    await expect(state.forceUnlock(id)).rejects.toThrow(
      `is held by process ${holder.pid} on ${os.hostname()}`,
    );

    holder.process.kill('SIGKILL');
    await holder.exited;
    expect(state.lockState(id)).toMatchObject({
      state: 'stale',
      holder: { pid: holder.pid },
      reason: `process ${holder.pid} is no longer running`,
    });
    await expect(state.open(id)).rejects.toThrow(
      `has a stale lock from process ${holder.pid} on ${os.hostname()}`,
    );
    const migration = await state.open(id, { breakStale: true });
    expect(JSON.parse(readFileSync(path.join(migration.dir, 'lock'), 'utf8')).pid).toBe(
      process.pid,
    );
    await migration.close();
  });

  it('refuses a second open in the same process', async () => {
    const migration = await state.create({});
    await expect(state.open(migration.id)).rejects.toThrow(`is in use by process ${process.pid}`);
    await migration.close();
    const again = await state.open(migration.id);
    await again.close();
  });

  it('treats a dead pid on this host as stale and clears it only on request', async () => {
    const id = await closedMigrationId();
    const pid = deadPid();
    writeLock(id, { pid, hostname: os.hostname(), heartbeatAt: new Date().toISOString() });
    await expect(state.open(id)).rejects.toThrow(`: process ${pid} is no longer running.`);
    expect(statSync(path.join(root, id, 'lock')).isFile()).toBe(true);
    expect(await state.forceUnlock(id)).toMatchObject({ state: 'stale', holder: { pid } });
    expect(state.lockState(id)).toEqual({ state: 'free' });
    expect(await state.forceUnlock(id)).toEqual({ state: 'free' });
  });

  it('judges another host by its heartbeat', async () => {
    const id = await closedMigrationId();
    writeLock(id, { pid: 4242, hostname: 'other-host', heartbeatAt: new Date().toISOString() });
    await expect(state.open(id, { breakStale: true })).rejects.toThrow(
      'is in use by process 4242 on other-host',
    );
    writeLock(id, { pid: 4242, hostname: 'other-host', heartbeatAt: '2026-01-01T00:00:00.000Z' });
    expect(state.lockState(id)).toMatchObject({
      state: 'stale',
      reason: expect.stringMatching(/^no heartbeat since 2026-01-01T00:00:00.000Z \(\d+ s\)$/),
    });
    const migration = await state.open(id, { breakStale: true });
    await migration.close();
  });

  it('refreshes the heartbeat while held', async () => {
    let clock = new Date('2026-11-26T07:15:00.000Z');
    const beating = openStateDir(root, { now: () => clock, heartbeatMs: 10, staleAfterMs: 60_000 });
    const migration = await beating.create({});
    const lock = path.join(migration.dir, 'lock');
    expect(JSON.parse(readFileSync(lock, 'utf8')).heartbeatAt).toBe('2026-11-26T07:15:00.000Z');
    clock = new Date('2026-11-26T07:15:30.000Z');
    await vi.waitFor(
      () =>
        expect(JSON.parse(readFileSync(lock, 'utf8')).heartbeatAt).toBe('2026-11-26T07:15:30.000Z'),
      { timeout: 10_000 },
    );
    expect(JSON.parse(readFileSync(lock, 'utf8')).startedAt).toBe('2026-11-26T07:15:00.000Z');
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    await migration.close();
    expect(() => statSync(lock)).toThrow(/ENOENT/);
  });

  it('stops writing when its lock is taken over', async () => {
    const beating = openStateDir(root, { heartbeatMs: 10 });
    const migration = await beating.create({});
    writeLock(migration.id, {
      pid: 4242,
      hostname: 'other-host',
      heartbeatAt: new Date().toISOString(),
      token: 'someone-else',
    });
    // Commits succeed until the next heartbeat notices; from then on every write is refused.
    await vi.waitFor(
      async () => {
        await expect(
          migration.commit({ entity: 'customer', sonarId: 1, action: 'skipped' }),
        ).rejects.toThrow(
          /^Lost the lock on Migration .*: the lock file was removed or replaced\./,
        );
      },
      { timeout: 10_000 },
    );
    await expect(migration.close()).rejects.toThrow(/Lost the lock/);
    // The other holder's lock is left in place.
    expect(JSON.parse(readFileSync(path.join(migration.dir, 'lock'), 'utf8')).token).toBe(
      'someone-else',
    );
  });
});
