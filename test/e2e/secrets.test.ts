// Issue 7, security: secrets never reach stdout, stderr, journals, snapshots or reports, and every
// file a run writes is private. Found by scanning every byte the run produced.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, type CliResult, startBed } from './harness.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
  });
}

describe('secrets and file modes', () => {
  let bed: Bed;
  const runs: CliResult[] = [];
  let secrets: string[];

  beforeAll(async () => {
    bed = await startBed({ accounts: 80, seed: 21 });
    const radius = bed.world.dataset.tables.radius_accounts
      .map((r) => String(r.password ?? ''))
      .filter((p) => p.length >= 6);
    secrets = [
      bed.env.SONAR_TOKEN as string,
      bed.env.SPLYNX_API_KEY as string,
      bed.env.SPLYNX_API_SECRET as string,
      ...radius,
    ];
    const debug = { S2S_DEBUG: '1' };
    // A run that stops on a bad record, its resume, a plan and a status: every writer gets a turn.
    runs.push(await bed.s2s(['plan', '--all', '--include-inactive'], debug));
    runs.push(await bed.s2s(['migrate', '--all', '--include-inactive', '--yes'], debug));
    runs.push(await bed.s2s(['resume', '--no-stop-on-error'], debug));
    runs.push(await bed.s2s(['status'], debug));
    runs.push(await bed.s2s(['verify'], debug));
  }, 300_000);
  afterAll(() => bed.close());

  it('ran for real: debug request logs, a failure with Splynx and Sonar detail, reports', () => {
    expect(runs[1]?.code).toBe(1);
    expect(runs.some((r) => r.stderr.includes('debug: splynx POST'))).toBe(true);
    expect(walk(bed.stateDir).some((f) => f.endsWith('report.md'))).toBe(true);
    expect(secrets.length).toBeGreaterThan(10);
  });

  it('no secret appears in any output or any file the runs wrote', () => {
    const texts: Array<[string, string]> = [
      ...runs.flatMap(
        (r, i): Array<[string, string]> => [
          [`run ${i} stdout`, r.stdout],
          [`run ${i} stderr`, r.stderr],
        ],
      ),
      ...walk(bed.stateDir)
        .filter((f) => statSync(f).isFile())
        .map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
    ];
    const leaks = texts.flatMap(([where, text]) =>
      secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 3)}…`),
    );
    expect(leaks).toEqual([]);
  });

  it('state folders are 0700 and every file in them 0600', () => {
    const wrong = walk(bed.stateDir)
      .map((f) => ({ f, mode: statSync(f).mode & 0o777, dir: statSync(f).isDirectory() }))
      .filter(({ mode, dir }) => mode !== (dir ? 0o700 : 0o600))
      .map(({ f, mode }) => `${f} ${mode.toString(8)}`);
    expect(wrong).toEqual([]);
  });
});
