// `s2s rollback ID` through the real CLI: refuses without a terminal and without --yes; with
// --yes deletes what the migration created, keeps what it adopted, and says so in JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanIds } from '../engine/world.js';
import { type Bed, runCli, startBed } from './harness.js';

let bed: Bed;
let id: string;
beforeAll(async () => {
  bed = await startBed();
  const run = await bed.s2s(['migrate', '--customers', cleanIds(bed.world, 2).join(','), '--yes']);
  expect(run.code).toBe(0);
  id = run.summary?.migrationId as string;
});
afterAll(() => bed.close());

describe('s2s rollback', () => {
  it('needs the id, and refuses without --yes when there is no terminal to ask on', async () => {
    const noId = await bed.s2s(['rollback']);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('rollback needs the migration id.');

    const refused = await runCli(['rollback', id], bed.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('delete from Splynx: ');
    expect(refused.stderr).toContain('2 customer');
    expect(refused.stderr).toContain(
      'rollback deletes records from Splynx and needs confirmation.',
    );
    expect(bed.world.splynx.db.rows('customers')).toHaveLength(2);
  });

  it('with --yes deletes what was created, keeps the adopted partner, and ends rolled-back', async () => {
    const run = await bed.s2s(['rollback', id, '--yes']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const result = lines.find((l) => l.type === 'rollback');
    expect(result).toMatchObject({ status: 'rolled-back', alreadyGone: 0, kept: { partner: 1 } });
    expect(result.deleted.customer).toBe(2);
    expect(lines.at(-1)).toMatchObject({
      type: 'summary',
      summary: { command: 'rollback', status: 'rolled-back', migrationId: id },
    });
    expect(bed.world.splynx.db.rows('customers')).toEqual([]);
    expect(bed.world.splynx.db.rows('services_internet')).toEqual([]);
    expect(bed.world.splynx.db.get('partners', 1)).toBeDefined();

    const status = await bed.s2s(['status', id]);
    expect(JSON.parse(status.stdout.trim()).status).toBe('rolled-back');
    const again = await bed.s2s(['rollback', id, '--yes']);
    expect(again.code).toBe(0);
    expect(bed.world.splynx.log.list((e) => e.method === 'DELETE')).toHaveLength(
      Object.values(result.deleted as Record<string, number>).reduce((a, b) => a + b, 0),
    );
  });
});
