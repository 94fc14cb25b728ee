// Issue 12 pt 7 through the real CLI: a migration whose process was killed shows as interrupted
// and `s2s resume` (no flag) takes its lock over with a notice and ends exactly like a clean run.
// A live holder or another host is refused with exit 4, naming pid, host and time, until
// --break-lock; a pid now owned by another process is taken over like a dead one.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../source/commands/exit-code.js';
import {
  type Bed,
  type CliResult,
  plainIds,
  runCli,
  snapshotDifferences,
  splynxSnapshot,
  splynxWrites,
  startBed,
  startCli,
} from './harness.js';

const host = os.hostname();
const hasProc = existsSync('/proc/self/stat');
const beds: Bed[] = [];
const sleepers: ChildProcess[] = [];
afterAll(async () => {
  for (const s of sleepers) s.kill('SIGKILL');
  await Promise.all(beds.map((b) => b.close()));
});

function logs(run: CliResult): string[] {
  return run.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
}

/** A live process that never held any lock. */
async function sleeper(): Promise<number> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid as number;
}

/** /proc/<pid>/stat field 22, as s2s records it in the lock. */
function startTicks(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

function plantLock(bed: Bed, id: string, fields: Record<string, unknown>): void {
  writeFileSync(
    path.join(bed.stateDir, id, 'lock'),
    JSON.stringify({ startedAt: new Date().toISOString(), token: 'planted', ...fields }),
    { mode: 0o600 },
  );
}

describe('a migration killed with -9', () => {
  it('shows as interrupted, and `s2s resume` with no flag ends exactly like a clean run', async () => {
    const clean = await startBed({ accounts: 150, seed: 13 });
    const crashy = await startBed({ accounts: 150, seed: 13, latencyMs: 2 });
    beds.push(clean, crashy);
    const ids = plainIds(clean.world, 30);
    const args = ['migrate', '--customers', ids.join(','), '--yes'];
    const reference = await clean.s2s(args);
    expect(reference.summary?.status).toBe('completed');
    const total = splynxWrites(clean.world).length;

    const run = startCli([...args, '--json'], crashy.env);
    while (splynxWrites(crashy.world).length < total / 2 && run.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const pid = run.child.pid as number;
    run.child.kill('SIGKILL');
    expect((await run.result).signal).toBe('SIGKILL');
    const id = (await run.result).events.find((e) => e.type === 'migration')?.migrationId;
    expect(id).toBeDefined();

    const status = await runCli(['status'], crashy.env);
    expect(status.stdout).toMatch(
      new RegExp(
        `^${id}  interrupted .*\\(process ${pid} \\(lock taken .*Z\\) is gone: process ${pid} is no longer running; \`s2s resume ${id}\` takes its lock over and continues\\)$`,
        'm',
      ),
    );
    const one = await runCli(['status', id as string], crashy.env);
    expect(one.stdout).toMatch(new RegExp(`^Migration ${id}: interrupted\\n  Process ${pid} `));
    const json = await crashy.s2s(['status', id as string]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'interrupted',
      lock: { state: 'stale', holder: { pid } },
    });

    const resumed = await crashy.s2s(['resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.summary?.status).toBe('completed');
    expect(logs(resumed)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Took over the lock from process ${pid} on ${host}, taken .*Z: process ${pid} is no longer running \\(migration ${id}\\)\\.$`,
        ),
      ),
    );
    expect(snapshotDifferences(splynxSnapshot(crashy.world), splynxSnapshot(clean.world))).toEqual(
      [],
    );
    expect((await runCli(['status'], crashy.env)).stdout).toMatch(
      new RegExp(`^${id}  completed `, 'm'),
    );
  }, 300_000);
});

describe.skipIf(!hasProc)('a lock someone else still holds', () => {
  let bed: Bed;
  const killed: string[] = [];

  it('sets up three interrupted migrations', async () => {
    bed = await startBed({ accounts: 60, seed: 17 });
    beds.push(bed);
    for (const customer of plainIds(bed.world, 3)) {
      const run = await bed.s2s(['migrate', '--customer', customer, '--yes'], {
        S2S_TEST_KILL_AFTER_CREATES: '1',
      });
      expect(run.signal).toBe('SIGKILL');
      killed.push(run.events.find((e) => e.type === 'migration')?.migrationId as string);
    }
    expect(new Set(killed).size).toBe(3);
  }, 120_000);

  it('another host: refused with exit 4 naming pid, host and time; --break-lock takes it', async () => {
    const id = killed[0] as string;
    plantLock(bed, id, {
      pid: 4242,
      hostname: 'other-host',
      startedAt: '2026-11-26T07:00:00.000Z',
    });
    const refused = await runCli(['resume', id], bed.env);
    expect(refused.code).toBe(EXIT.locked);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^s2s: Migration ${id} \\(.*\\) is in use by process 4242 on other-host \\(lock taken 2026-11-26T07:00:00.000Z, last heartbeat .*Z\\): it was taken on another host`,
      ),
    );
    expect(refused.stderr).toContain('--break-lock');
    expect((await runCli(['status'], bed.env)).stdout).toMatch(
      new RegExp(`^${id}  running .*\\(in use by process 4242 on other-host`, 'm'),
    );

    const broke = await runCli(['resume', id, '--break-lock'], bed.env);
    expect(broke.code, broke.stderr).toBe(0);
    expect(broke.stderr).toMatch(
      new RegExp(
        `^warning: --break-lock: took the lock from process 4242 on other-host, taken 2026-11-26T07:00:00.000Z, although it was taken on another host.* \\(migration ${id}\\)\\.$`,
        'm',
      ),
    );
  }, 120_000);

  it('a live process on this host: refused with exit 4; --break-lock takes it with a warning', async () => {
    const id = killed[1] as string;
    const pid = await sleeper();
    plantLock(bed, id, {
      pid,
      hostname: host,
      process: { startTicks: startTicks(pid), startedAt: new Date().toISOString() },
    });
    const refused = await bed.s2s(['resume', id]);
    expect(refused.code).toBe(EXIT.locked);
    expect(refused.stderr).toContain(`is in use by process ${pid} on ${host} (lock taken `);
    expect(refused.stderr).toContain(`process ${pid} is still running.`);

    const broke = await bed.s2s(['resume', id, '--break-lock']);
    expect(broke.code, broke.stderr).toBe(0);
    expect(broke.summary?.status).toBe('completed');
    expect(logs(broke)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^--break-lock: took the lock from process ${pid} on ${host}, .*\\(migration ${id}\\)\\.$`,
        ),
      ),
    );
  }, 120_000);

  it('a pid now owned by a later process: taken over by itself, like a dead one', async () => {
    const id = killed[2] as string;
    const pid = await sleeper();
    plantLock(bed, id, {
      pid,
      hostname: host,
      process: { startTicks: startTicks(pid) - 100, startedAt: '2026-11-26T07:00:00.000Z' },
    });
    const resumed = await bed.s2s(['resume', id]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.summary?.status).toBe('completed');
    expect(logs(resumed)).toContainEqual(
      expect.stringContaining(`: pid ${pid} now belongs to another process`),
    );
  }, 120_000);
});
