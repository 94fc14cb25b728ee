// Issue 7, network faults: a tenth of Splynx requests answer 429, 5xx, time out or commit-then-500;
// Sonar throttles with its plain {"error": ...} body; the Splynx token expires mid-run. The
// migration still ends in exactly a clean run's Splynx state. S2S_CHAOS_CUSTOMERS sizes it up.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Bed,
  type CliResult,
  plainIds,
  snapshotDifferences,
  splynxSnapshot,
  startBed,
  table,
} from './harness.js';

const CUSTOMERS = Number(process.env.S2S_CHAOS_CUSTOMERS ?? 25);
const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

describe('network faults', () => {
  it(`${CUSTOMERS} customers through 10% Splynx faults, Sonar 429s and token expiry: same final state`, async () => {
    const accounts = Math.max(100, CUSTOMERS * 2);
    const clean = await startBed({ accounts, seed: 17 });
    const faulty = await startBed({
      accounts,
      seed: 17,
      sonarFaults: { rateLimitNext: 3, retryAfterSeconds: 0 },
      splynx: {
        tokenTtlSeconds: 3,
        faults: { randomRate: 0.1, randomSeed: 99, timeoutMs: 2_000 },
      },
    });
    beds.push(clean, faulty);
    const ids = plainIds(clean.world, CUSTOMERS);
    const args = ['migrate', '--customers', ids.join(','), '--yes'];
    const reference = await clean.s2s(args);
    expect(reference.code).toBe(0);
    expect(reference.summary?.status).toBe('completed');

    // Every run's output is kept beside the state, so a failure here can be read afterwards.
    let runs = 0;
    const keep = (result: CliResult): CliResult => {
      runs += 1;
      writeFileSync(path.join(faulty.stateDir, `e2e-run-${runs}.stdout`), result.stdout);
      writeFileSync(path.join(faulty.stateDir, `e2e-run-${runs}.stderr`), result.stderr);
      return result;
    };
    const where = `runs and state kept in ${faulty.stateDir}`;

    // Retries absorb most faults; one that outlasts them stops the run resumably.
    let run = keep(await faulty.s2s(args, { S2S_HTTP_TIMEOUT_MS: '800' }));
    for (let attempt = 0; attempt < 8 && run.code !== 0; attempt++) {
      expect(run.code, `${where}\n${run.stderr}`).toBe(1);
      expect(run.summary?.status, `${where}\n${run.stderr}`).toBe('stopped');
      run = keep(await faulty.s2s(['resume'], { S2S_HTTP_TIMEOUT_MS: '800' }));
    }
    expect(run.code, where).toBe(0);
    // Exit 0 alone is not success: Node also exits 0 when a run stalls with nothing left to wait on.
    expect(run.summary?.status, where).toBe('completed');
    const log = faulty.world.splynx.log.list();
    expect(log.filter((e) => e.fault !== undefined).length).toBeGreaterThan(20);
    const sonar429s = faulty.world.sonar.log.list((e) => e.status === 429).length;
    expect(sonar429s).toBe(3);
    const differences = snapshotDifferences(
      splynxSnapshot(faulty.world),
      splynxSnapshot(clean.world),
    );
    expect(differences, where).toEqual([]);
    const byKind = new Map<string, number>();
    for (const e of log) if (e.fault) byKind.set(e.fault, (byKind.get(e.fault) ?? 0) + 1);
    console.log(
      table('network faults', [
        ['customers', CUSTOMERS],
        ['runs (migrate + resumes)', runs],
        ['Splynx requests', log.length],
        ...[...byKind].sort().map(([kind, n]) => [`  fault: ${kind}`, n] as [string, number]),
        ['Sonar 429s', sonar429s],
        ['differences from the clean run', differences.length],
      ]),
    );
  }, 600_000);
});
