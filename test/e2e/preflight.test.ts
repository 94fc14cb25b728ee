// `s2s preflight` through the real CLI: exit 0 on a fresh Splynx; exit 3 with the fix when a
// module answers 405.
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, runCli, startBed } from './harness.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe('s2s preflight', () => {
  it('passes on a fresh install and writes nothing', async () => {
    bed = await startBed();
    const run = await bed.s2s(['preflight']);
    expect(run.code).toBe(0);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect(last).toMatchObject({ type: 'preflight', ok: true, blocking: 0, warnings: 2 });
    expect(
      bed.world.splynx.log.list(
        (e) => ['POST', 'PUT', 'DELETE'].includes(e.method) && !e.url.includes('auth'),
      ),
    ).toEqual([]);
  });

  it('exits 3 when an endpoint answers 405, naming the module to switch on', async () => {
    bed = await startBed({ splynx: { disabledPaths: ['admin/networking/ipv4'] } });
    const run = await bed.s2s(['preflight']);
    expect(run.code).toBe(3);
    const checks = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.type === 'preflight-check' && !line.check.ok);
    expect(checks.map((c) => [c.check.id, c.check.severity])).toEqual([
      ['endpoint:admin/tariffs/recurring', 'warning'],
      ['endpoint:admin/networking/ipv4', 'blocking'],
      ['status-mapping', 'warning'],
    ]);
    expect(checks[1].check.detail).toContain('405');
    // The exit code is explained by a JSON error line, just before the verdict.
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-2)).toMatchObject({ type: 'error', code: 3 });
    expect(lines.at(-2).message).toBe('Preflight failed: 1 blocking problem(s).');
    expect(lines.at(-2).fixes).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ type: 'preflight', ok: false, blocking: 1 });
  });

  it('prints each check and the fix for people without --json, on stdout (its result)', async () => {
    bed = await startBed({ splynx: { disabledPaths: ['admin/networking/ipv4'] } });
    const run = await runCli(['preflight'], bed.env);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'FAIL Splynx admin/networking/ipv4: HEAD answered 405 (method disabled): this Splynx does not offer admin/networking/ipv4.',
    );
    expect(run.stdout).toContain('Preflight failed: 1 blocking problem(s).');
    expect(run.stderr).toBe('');
  });
});
