// `s2s verify` through the real CLI: exit 0 after a clean migration; exit 1 listing the field
// after the record was changed in Splynx, and the report gains the verification.
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

describe('s2s verify', () => {
  it('exits 0 when Splynx matches, then 1 with the field once a record was changed there', async () => {
    const clean = await bed.s2s(['verify']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout.trim())).toMatchObject({
      type: 'verify',
      migrationId: id,
      differences: [],
    });

    const customer = bed.world.splynx.db.rows('customers')[0];
    // The simulator updates rows in place: keep the migrated value before changing it.
    const email = customer?.email;
    const res = await fetch(`${bed.world.splynx.url}/__sim/records/customers/${customer?.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'changed@example.net' }),
    });
    expect(res.status).toBe(200);

    const run = await runCli(['verify', id], bed.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `(Splynx customer ${customer?.id}): email: Splynx has "changed@example.net", Sonar maps to ${JSON.stringify(email).slice(0, 40)}`,
    );
    expect(run.stdout).toContain('1 difference(s):');
    const md = readFileSync(path.join(bed.stateDir, id, 'report.md'), 'utf8');
    expect(md).toContain('1 difference(s).');
    const json = JSON.parse(readFileSync(path.join(bed.stateDir, id, 'report.json'), 'utf8'));
    expect(json.verification.differences[0]).toMatchObject({
      field: 'email',
      actual: 'changed@example.net',
    });
  });
});
