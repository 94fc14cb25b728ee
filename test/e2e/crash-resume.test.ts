// Issue 4, done-when: kill -9 the CLI at seeded random points of a migration, resume each time;
// the final Splynx state equals a clean run's: nothing duplicated, nothing missing, fields equal.
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../source/simulators/random.js';
import {
  type Bed,
  plainIds,
  snapshotDifferences,
  splynxSnapshot,
  splynxWrites,
  startBed,
  startCli,
  table,
} from './harness.js';

const CRASHES = Number(process.env.S2S_CHAOS_CRASHES ?? 6);
const CUSTOMERS = Number(process.env.S2S_CHAOS_CUSTOMERS ?? 40);
const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

describe('crash anywhere, resume, same result', () => {
  it(`${CRASHES} kill -9 at random points end in exactly a clean run's Splynx state`, async () => {
    const accounts = Math.max(150, Math.ceil(CUSTOMERS * 1.2));
    const clean = await startBed({ accounts, seed: 11 });
    const crashy = await startBed({ accounts, seed: 11, latencyMs: 2 });
    beds.push(clean, crashy);
    const ids = plainIds(clean.world, CUSTOMERS);
    const args = ['migrate', '--customers', ids.join(','), '--yes', '--json'];

    const reference = await clean.s2s(args.slice(0, -1));
    expect(reference.code).toBe(0);
    expect(reference.summary?.status).toBe('completed');
    const expected = splynxSnapshot(clean.world);
    const totalWrites = splynxWrites(clean.world).length;
    expect(totalWrites).toBeGreaterThan(100);

    const random = new Random(2026);
    let started = false;
    let killedMidRun = 0;
    for (let crash = 0; crash < CRASHES; crash++) {
      const current = splynxWrites(crashy.world).length;
      const target = current + random.int(5, Math.max(6, Math.floor(totalWrites / CRASHES)));
      const run = startCli(started ? ['resume', '--break-lock', '--json'] : args, crashy.env);
      started = true;
      while (splynxWrites(crashy.world).length < target && run.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 2));
      }
      if (run.child.exitCode === null) killedMidRun++;
      run.child.kill('SIGKILL');
      await run.result;
    }
    const finish = await crashy.s2s(['resume', '--break-lock']);
    expect(finish.code).toBe(0);
    expect(finish.summary?.status).toBe('completed');
    const actual = splynxSnapshot(crashy.world);
    // Extra (duplicate), missing and changed records, each named.
    const differences = snapshotDifferences(actual, expected);
    expect(differences).toEqual([]);
    const writes = splynxWrites(crashy.world);
    console.log(
      table('crash anywhere', [
        ['customers', CUSTOMERS],
        ['kill -9 (mid-run / after it ended)', `${killedMidRun} / ${CRASHES - killedMidRun}`],
        ['Splynx writes, clean run', totalWrites],
        ['Splynx writes, crashed run (retries after unknown outcomes included)', writes.length],
        [
          'records compared with the clean run',
          Object.values(actual).reduce((n, t) => n + Object.keys(t).length, 0),
        ],
        ['differences from the clean run (extra, missing, changed)', differences.length],
      ]),
    );
  }, 600_000);
});
