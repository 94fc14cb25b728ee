// The real CLI against a Splynx that stores MACs its own way ("2CC81BBDC9AB, 00E04C687E6A"):
// migrate completes with the normalisation on the entity events, and verify exits 0 and counts it
// in its result and in report.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanIds } from '../engine/world.js';
import { type Bed, startBed } from './harness.js';

let bed: Bed;
beforeAll(async () => {
  bed = await startBed({ splynx: { normaliseMacs: true } });
});
afterAll(() => bed.close());

describe('a Splynx that normalises MACs', () => {
  it('migrates, records the normalisation, and verifies without differences', async () => {
    const run = await bed.s2s([
      'migrate',
      '--customers',
      cleanIds(bed.world, 3).join(','),
      '--yes',
    ]);
    expect(run.code).toBe(0);
    expect(run.summary?.status).toBe('completed');
    const id = run.summary?.migrationId as string;
    const macs = bed.world.splynx.db
      .rows('services_internet')
      .map((row) => row.mac)
      .filter((mac) => mac !== '');
    expect(macs.length).toBeGreaterThan(0);
    for (const mac of macs) expect(mac).toMatch(/^[0-9A-F]{12}(, [0-9A-F]{12})*$/);
    const normalised = run.events.filter(
      (e) =>
        e.type === 'entity' &&
        e.entity === 'internet_service' &&
        e.normalised?.some((n) => n.field === 'mac' && n.rule === 'mac'),
    );
    expect(normalised).toHaveLength(macs.length);

    const verify = await bed.s2s(['verify', id]);
    expect(verify.code).toBe(0);
    const lines = verify.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.type === 'difference')).toEqual([]);
    const result = lines.at(-1);
    expect(result).toMatchObject({ type: 'summary', summary: { migrationId: id }, differences: 0 });
    const count = { entity: 'internet_service', field: 'mac', rule: 'mac', count: macs.length };
    expect(result.normalised).toContainEqual(count);
    const report = JSON.parse(readFileSync(path.join(bed.stateDir, id, 'report.json'), 'utf8'));
    expect(report.verification.normalised).toContainEqual(count);
  });
});
