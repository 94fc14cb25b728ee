// The demo ISP against simulators that answer the way the references (not we) say the real systems
// do: Splynx with blueprint answers (an additional field created as 201 {name}, OPTIONS as the
// flat array, errors in the envelope) and MACs stored in its own form; Sonar paging nested lists
// at 100 rows and reading a Search's entries as OR. `migrate --all` completes, `s2s verify` finds
// no difference, and a second run writes nothing.
//
// The demo ISP holds deliberately bad records (an over-long city, an inventory model without a
// primary field, two items with one MAC); they are repaired in Sonar first, as an operator would,
// so that "completes" means every record arrived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairDemoIsp } from './demo-repairs.js';
import { type Bed, entities, lastSeq, splynxWrites, startBed } from './harness.js';

let bed: Bed;

beforeAll(async () => {
  bed = await startBed({
    splynx: { optionsShape: 'blueprint', errorShape: 'envelope', normaliseMacs: true },
  });
  bed.world.sonar.settings({ nestedPageSize: 100, searchReading: 'or' });
  await repairDemoIsp(bed.world);
}, 60_000);
afterAll(() => bed.close());

// Each step runs the real CLI over a 120-account ISP; a loaded 2-core machine needs the room.
describe('the demo ISP against blueprint answers, normalised MACs, nested pages of 100, OR search', {
  timeout: 120_000,
}, () => {
  let migrationId: string;

  it('plans exactly the writes migrate then sends; migrate --all completes', async () => {
    expect(bed.world.sonar.settings()).toMatchObject({ nestedPageSize: 100, searchReading: 'or' });
    expect(bed.world.splynx.options).toMatchObject({
      optionsShape: 'blueprint',
      errorShape: 'envelope',
      normaliseMacs: true,
    });
    const before = lastSeq(bed.world);
    const plan = await bed.s2s(['plan', '--all']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);

    const run = await bed.s2s(['migrate', '--all', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary?.status).toBe('completed');
    migrationId = run.summary?.migrationId as string;
    expect(run.events.filter((e) => e.type === 'record-failed')).toEqual([]);

    // The first writes of all: the sonar_id fields (10 modules) and the sonar_activation_date
    // fields (2 service modules), each answered 201 {"name": ...}.
    const fieldPosts = splynxWrites(bed.world, before).filter((w) =>
      w.url.startsWith('/api/2.0/admin/config/additional-fields/'),
    );
    expect(fieldPosts.map((w) => w.status)).toEqual(Array(12).fill(201));
    expect(entities(run, 'created').filter((e) => e.entity === 'additional_field')).toHaveLength(
      12,
    );
    const writes = splynxWrites(bed.world, before);
    const count = (m: string) => writes.filter((w) => w.method === m).length;
    expect(plan.summary?.writes).toEqual({ POST: count('POST'), PUT: count('PUT') });

    // Every customer of the selection arrived, once.
    const customers = bed.world.splynx.db.rows('customers');
    expect(customers.length).toBe(run.summary?.counts.customer?.created);
    const sonarIds = customers.map(
      (c) => (c.additional_attributes as { sonar_id: string }).sonar_id,
    );
    expect(new Set(sonarIds).size).toBe(sonarIds.length);
    // MACs were stored the Splynx way and read back as equal.
    const macs = bed.world.splynx.db
      .rows('services_internet')
      .map((s) => s.mac)
      .filter((mac) => mac !== '');
    expect(macs.length).toBeGreaterThan(0);
    for (const mac of macs) expect(mac).toMatch(/^[0-9A-F]{12}(, [0-9A-F]{12})*$/);
  });

  it('s2s verify exits 0 with no differences', async () => {
    const verify = await bed.s2s(['verify', migrationId]);
    const lines = verify.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.type === 'difference')).toEqual([]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', differences: 0 });
  });

  it('a second migrate --all creates nothing and writes nothing', async () => {
    const before = lastSeq(bed.world);
    const again = await bed.s2s(['migrate', '--all', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(entities(again, 'created')).toEqual([]);
    expect(splynxWrites(bed.world, before)).toEqual([]);
  });
});
