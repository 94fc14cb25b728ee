import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../source/commands/exit-code.js';
import { LockedError } from '../../source/errors.js';
import type { LockNotice } from '../../source/state/index.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';
import { type Child, killAll, spawnWriter } from './fixtures/child.js';

let root: string;
let state: StateDir;
let notices: LockNotice[];
const children: Child[] = [];
const sleepers: ChildProcess[] = [];
const hasProc = existsSync('/proc/self/stat');
const host = os.hostname();

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-lock-'));
  notices = [];
  state = openStateDir(root, { onLockNotice: (n) => notices.push(n) });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

afterAll(async () => {
  await killAll(children);
  for (const s of sleepers) s.kill('SIGKILL');
});

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

/** A live process that is not s2s and never held any lock. */
async function sleeper(): Promise<number> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid as number;
}

/** /proc/<pid>/stat field 22, as the lock records it. */
function startTicks(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

function lockPath(id: string): string {
  return path.join(root, id, 'lock');
}

function writeLock(id: string, fields: Record<string, unknown>): void {
  writeFileSync(
    lockPath(id),
    JSON.stringify({ startedAt: '2026-11-26T07:00:00.000Z', token: 'abc', ...fields }),
    { mode: 0o600 },
  );
}

function lockOwner(id: string): number {
  return JSON.parse(readFileSync(lockPath(id), 'utf8')).pid;
}

async function refusal(open: Promise<unknown>): Promise<LockedError> {
  const error = await open.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LockedError);
  expect((error as LockedError).exitCode).toBe(EXIT.locked);
  return error as LockedError;
}

describe('migration lock', () => {
  it('refuses a live holder (pid, host, time, exit 4); takes over by itself once it is killed', async () => {
    const id = await closedMigrationId();
    const holder = spawnWriter({ stateDir: root, id, mode: 'hold', count: 0 });
    children.push(holder);
    await holder.waitFor((line) => line === 'ready');

    const refused = await refusal(state.open(id));
    expect(refused.message).toMatch(
      new RegExp(
        `^Migration ${id} \\(.*\\) is in use by process ${holder.pid} on ${host} \\(lock taken .*Z, last heartbeat .*Z\\): process ${holder.pid} is still running\\.$`,
      ),
    );
    expect(refused.hint).toContain('--break-lock');
    expect(state.lockState(id)).toMatchObject({ state: 'held', holder: { pid: holder.pid } });
    await expect(state.forceUnlock(id)).rejects.toThrow(
      `is held by process ${holder.pid} on ${host}`,
    );
    const taken = JSON.parse(readFileSync(lockPath(id), 'utf8')).startedAt as string;

    holder.process.kill('SIGKILL');
    await holder.exited;
    expect(state.lockState(id)).toMatchObject({
      state: 'stale',
      holder: { pid: holder.pid },
      reason: `process ${holder.pid} is no longer running`,
    });
    // No flag: the dead holder's lock is taken over, with one notice naming it and its time.
    const migration = await state.open(id);
    expect(lockOwner(id)).toBe(process.pid);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'took-over',
        message: `Took over the lock from process ${holder.pid} on ${host}, taken ${taken}: process ${holder.pid} is no longer running (migration ${id}).`,
      }),
    ]);
    await migration.close();
  });

  it('refuses a second open in the same process; --break-lock takes it with a warning', async () => {
    const beating = openStateDir(root, { heartbeatMs: 10, onLockNotice: (n) => notices.push(n) });
    const first = await beating.create({});
    const refused = await refusal(beating.open(first.id));
    expect(refused.message).toContain(`is in use by process ${process.pid} on ${host}`);
    expect(notices).toEqual([]);

    const second = await beating.open(first.id, { breakLock: true });
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'broke',
        message: expect.stringMatching(
          new RegExp(
            `^--break-lock: took the lock from process ${process.pid} on ${host}, taken .*Z, although process ${process.pid} is still running; if it still runs, it stops writing at its next heartbeat \\(migration ${first.id}\\)\\.$`,
          ),
        ),
      }),
    ]);
    // The old holder notices at its next heartbeat and writes nothing more.
    await vi.waitFor(
      async () => {
        await expect(
          first.commit({ entity: 'customer', sonarId: 1, action: 'skipped' }),
        ).rejects.toThrow(/^Lost the lock on Migration/);
      },
      { timeout: 10_000 },
    );
    await second.commit({ entity: 'customer', sonarId: 2, action: 'skipped' });
    await second.close();
    await expect(first.close()).rejects.toThrow(/Lost the lock/);
    expect(state.lockState(first.id)).toEqual({ state: 'free' });
  });

  it('takes over the lock of a dead pid on this host by itself', async () => {
    const id = await closedMigrationId();
    const pid = deadPid();
    writeLock(id, { pid, hostname: host });
    expect(state.lockState(id)).toMatchObject({
      state: 'stale',
      holder: { pid },
      reason: `process ${pid} is no longer running`,
    });
    const migration = await state.open(id);
    expect(lockOwner(id)).toBe(process.pid);
    expect(notices.map((n) => n.message)).toEqual([
      expect.stringContaining(
        `Took over the lock from process ${pid} on ${host}, taken 2026-11-26T07:00:00.000Z: process ${pid} is no longer running (migration ${id}).`,
      ),
    ]);
    // What it records for the next reader: itself, and its own process start where /proc says.
    const written = JSON.parse(readFileSync(lockPath(id), 'utf8'));
    if (hasProc) {
      expect(written.process).toMatchObject({ startTicks: startTicks(process.pid) });
      expect(Date.parse(written.process.startedAt)).toBeLessThanOrEqual(
        Date.parse(written.startedAt),
      );
    }
    await migration.close();
    expect(readdirSync(path.join(root, id)).filter((f) => f.startsWith('lock'))).toEqual([]);
  });

  it('refuses another host whatever its heartbeat, naming it; --break-lock takes it', async () => {
    const id = await closedMigrationId();
    writeLock(id, { pid: 4242, hostname: 'other-host' });
    // A heartbeat two days old does not make it stale: that host's processes cannot be seen.
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(lockPath(id), old, old);
    const refused = await refusal(state.open(id));
    expect(refused.message).toMatch(
      /is in use by process 4242 on other-host \(lock taken 2026-11-26T07:00:00.000Z, last heartbeat .*Z\): it was taken on another host, whose processes cannot be seen from here \(last heartbeat 17280\d s ago\)\.$/,
    );
    expect(refused.hint).toContain('--break-lock');
    expect(lockOwner(id)).toBe(4242);

    const migration = await state.open(id, { breakLock: true });
    expect(lockOwner(id)).toBe(process.pid);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'broke',
        message: expect.stringContaining('from process 4242 on other-host'),
      }),
    ]);
    await migration.close();
  });

  describe.skipIf(!hasProc)('a pid that now belongs to another process', () => {
    it('is taken over when it started after the lock was taken (a lock without start time)', async () => {
      const id = await closedMigrationId();
      const pid = await sleeper();
      writeLock(id, { pid, hostname: host, startedAt: new Date(Date.now() - 3_600_000) });
      expect(state.lockState(id)).toMatchObject({
        state: 'stale',
        reason: expect.stringMatching(
          new RegExp(`^pid ${pid} now belongs to a process that started at .*Z, after the lock`),
        ),
      });
      const migration = await state.open(id);
      expect(lockOwner(id)).toBe(process.pid);
      expect(notices.map((n) => n.kind)).toEqual(['took-over']);
      await migration.close();
    });

    it('is taken over when its start differs from the holder start the lock records', async () => {
      const id = await closedMigrationId();
      const pid = await sleeper();
      const ticks = startTicks(pid);
      writeLock(id, {
        pid,
        hostname: host,
        startedAt: new Date().toISOString(),
        process: { startTicks: ticks - 1, startedAt: '2026-11-26T06:59:00.000Z' },
      });
      expect(state.lockState(id)).toMatchObject({
        state: 'stale',
        reason: expect.stringContaining(`pid ${pid} now belongs to another process`),
      });
      // Same pid, same start, another boot: the holder died with the machine.
      writeLock(id, {
        pid,
        hostname: host,
        process: {
          startTicks: ticks,
          bootId: 'an-earlier-boot',
          startedAt: new Date().toISOString(),
        },
      });
      expect(state.lockState(id)).toMatchObject({
        state: 'stale',
        reason: expect.stringContaining('the machine has restarted'),
      });
      const migration = await state.open(id);
      expect(lockOwner(id)).toBe(process.pid);
      await migration.close();
    });

    it('is refused while it is the very process the lock records', async () => {
      const id = await closedMigrationId();
      const pid = await sleeper();
      writeLock(id, {
        pid,
        hostname: host,
        // Taken "before" the process started by the clock: the recorded start decides, not that.
        startedAt: '2020-01-01T00:00:00.000Z',
        process: { startTicks: startTicks(pid), startedAt: new Date().toISOString() },
      });
      const refused = await refusal(state.open(id));
      expect(refused.message).toContain(`process ${pid} is still running`);
    });
  });

  it('refuses an unreadable lock file, which nobody can tell the owner of, until --break-lock', async () => {
    const id = await closedMigrationId();
    writeFileSync(lockPath(id), '{"pid": 12', { mode: 0o600 });
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lockPath(id), old, old);
    const refused = await refusal(state.open(id));
    expect(refused.message).toContain(
      'is in use by an unknown process: the lock file is unreadable.',
    );
    const migration = await state.open(id, { breakLock: true });
    expect(lockOwner(id)).toBe(process.pid);
    await migration.close();
  });

  it('of processes racing for one stale lock, exactly one takes it; the others name the winner', async () => {
    const id = await closedMigrationId();
    const dead = deadPid();
    writeLock(id, { pid: dead, hostname: host });
    // Spawning takes a while; every child waits for the same moment, then opens.
    const startAt = Date.now() + 4_000;
    const racers = Array.from({ length: 4 }, () =>
      spawnWriter({ stateDir: root, id, mode: 'hold', count: 0, startAt }),
    );
    children.push(...racers);
    await Promise.all(
      racers.map((r) =>
        r.waitFor((line) => line === 'ready' || line.startsWith('refused')).catch(() => {}),
      ),
    );
    const winners = racers.filter((r) => r.lines.includes('ready'));
    expect(winners).toHaveLength(1);
    const winner = winners[0] as Child;
    expect(lockOwner(id)).toBe(winner.pid);
    for (const loser of racers.filter((r) => r !== winner)) {
      expect(loser.lines.find((l) => l.startsWith('refused'))).toMatch(
        new RegExp(`is (in use|being taken over) by process ${winner.pid} on ${host}`),
      );
      expect((await loser.exited).code).toBe(EXIT.locked);
    }
    expect(readdirSync(path.join(root, id)).filter((f) => f.startsWith('lock'))).toEqual(['lock']);
  }, 60_000);

  it('passes over the claim of a takeover whose process died before finishing it', async () => {
    const id = await closedMigrationId();
    const dead = deadPid();
    writeLock(id, { pid: dead, hostname: host, token: 'stale-one' });
    // A claimant that died between claiming and renaming: its claim stays, its pid is gone.
    writeFileSync(
      `${lockPath(id)}.takeover-stale-one`,
      JSON.stringify({
        pid: deadPid(),
        hostname: host,
        startedAt: new Date().toISOString(),
        token: 'claimer',
      }),
      { mode: 0o600 },
    );
    const migration = await state.open(id);
    expect(lockOwner(id)).toBe(process.pid);
    expect(readdirSync(path.join(root, id)).filter((f) => f.startsWith('lock'))).toEqual(['lock']);
    await migration.close();
  });

  it('waits for a live takeover in progress, then names the process doing it', async () => {
    const id = await closedMigrationId();
    writeLock(id, { pid: deadPid(), hostname: host, token: 'stale-two' });
    const pid = await sleeper();
    writeFileSync(
      `${lockPath(id)}.takeover-stale-two`,
      JSON.stringify({ pid, hostname: host, startedAt: new Date().toISOString(), token: 'busy' }),
      { mode: 0o600 },
    );
    const refused = await refusal(state.open(id));
    expect(refused.message).toContain(`is being taken over by process ${pid} on ${host}`);
    // Nothing of the stale lock or the claim was touched.
    expect(JSON.parse(readFileSync(lockPath(id), 'utf8')).token).toBe('stale-two');
  });

  it('refreshes the heartbeat (the lock file mtime) while held', async () => {
    let clock = new Date('2026-11-26T07:15:00.000Z');
    const beating = openStateDir(root, { now: () => clock, heartbeatMs: 10, staleAfterMs: 60_000 });
    const migration = await beating.create({});
    const lock = path.join(migration.dir, 'lock');
    expect(JSON.parse(readFileSync(lock, 'utf8')).startedAt).toBe('2026-11-26T07:15:00.000Z');
    clock = new Date('2026-11-26T07:15:30.000Z');
    await vi.waitFor(
      () =>
        expect(beating.lockState(migration.id)).toMatchObject({
          state: 'held',
          holder: {
            startedAt: '2026-11-26T07:15:00.000Z',
            heartbeatAt: '2026-11-26T07:15:30.000Z',
          },
        }),
      { timeout: 10_000 },
    );
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    await migration.close();
    expect(() => statSync(lock)).toThrow(/ENOENT/);
  });

  it('stops writing when its lock is taken over', async () => {
    const beating = openStateDir(root, { heartbeatMs: 10 });
    const migration = await beating.create({});
    writeLock(migration.id, { pid: 4242, hostname: 'other-host', token: 'someone-else' });
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
    expect(JSON.parse(readFileSync(lockPath(migration.id), 'utf8')).token).toBe('someone-else');
  });
});
