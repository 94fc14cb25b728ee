// `s2s rollback ID` through the real CLI: refuses without a terminal and without --yes; with
// --yes deletes what the migration created, keeps what it adopted, and says so in JSON. Beside a
// migration that uses its records: refused by default, --keep-shared keeps those, either order
// of rollbacks ends clean, and a rollback killed mid-way finishes when run again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanIds } from '../engine/world.js';
import { type Bed, runCli, startBed, startCli } from './harness.js';

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

const MIGRATED_TABLES = [
  'customers',
  'services_internet',
  'services_custom',
  'customer_notes',
  'tariffs_internet',
  'tariffs_recurring',
  'tariffs_one_time',
  'labels',
  'ipv4_networks',
  'inventory_items',
  'inventory_products',
  'inventory_vendors',
];

/** Rows in Splynx that carry a sonar_id, i.e. that some migration put there. */
function migratedRows(b: Bed): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of MIGRATED_TABLES) {
    if (!b.world.splynx.db.has(table)) continue;
    const n = b.world.splynx.db
      .rows(table)
      .filter(
        (r) => (r.additional_attributes as { sonar_id?: string } | undefined)?.sonar_id,
      ).length;
    if (n > 0) out[table] = n;
  }
  out.labels = b.world.splynx.db.rows('labels').length;
  return out;
}

function deletes(b: Bed, sinceSeq = 0) {
  return b.world.splynx.log.list((e) => e.method === 'DELETE' && e.seq > sinceSeq);
}

/** Trial A (x, w), then B (x, y), which adopts A's customer x and the foundation x needs. */
async function twoMigrations(b: Bed) {
  const [x, w, y] = cleanIds(b.world, 3) as [string, string, string];
  const trial = await b.s2s(['migrate', '--customers', `${x},${w}`, '--yes']);
  expect(trial.code).toBe(0);
  const full = await b.s2s(['migrate', '--customers', `${x},${y}`, '--yes']);
  expect(full.code).toBe(0);
  const customerX = b.world.splynx.db
    .rows('customers')
    .find((c) => (c.additional_attributes as { sonar_id: string }).sonar_id === x);
  return {
    a: trial.summary?.migrationId as string,
    b: full.summary?.migrationId as string,
    x,
    w,
    y,
    customerX: customerX?.id as number,
  };
}

describe('s2s rollback beside another migration', () => {
  let b: Bed | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });

  it('refuses the earlier one while the later stands, names the shared records, deletes nothing', async () => {
    b = await startBed();
    const m = await twoMigrations(b);
    const before = migratedRows(b);
    const run = await runCli(['rollback', m.a, '--yes'], b.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refused: other migrations use records this one created');
    expect(run.stderr).toContain(`used by migration ${m.b}`);
    expect(run.stderr).toContain(`customer ${m.x} (Splynx ${m.customerX}), used by ${m.b}`);
    expect(run.stderr).toMatch(/tariff_internet \d+ \(Splynx \d+\), used by/);
    expect(run.stderr).toContain('--keep-shared');
    expect(deletes(b)).toEqual([]);
    expect(migratedRows(b)).toEqual(before);
    const status = await b.s2s(['status', m.a]);
    expect(JSON.parse(status.stdout.trim()).status).toBe('completed');

    const json = await b.s2s(['rollback', m.a, '--yes']);
    expect(json.code).toBe(1);
    const result = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.type === 'rollback');
    expect(result.status).toBe('refused');
    expect(result.shared).toContainEqual({
      entity: 'customer',
      sonarId: m.x,
      splynxId: m.customerX,
      usedBy: [m.b],
    });
    expect(deletes(b)).toEqual([]);
  });

  it('--keep-shared deletes only what the later migration does not use, and its verify stays clean', async () => {
    b = await startBed();
    const m = await twoMigrations(b);
    const run = await runCli(['rollback', m.a, '--yes', '--keep-shared'], b.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('keep (--keep-shared), as other migrations use them:');
    expect(run.stderr).toContain(`customer ${m.x} (Splynx ${m.customerX}), used by ${m.b}`);
    const sonarIds = b.world.splynx.db
      .rows('customers')
      .map((c) => (c.additional_attributes as { sonar_id: string }).sonar_id)
      .sort();
    expect(sonarIds).toEqual([m.x, m.y].sort());
    expect(deletes(b).length).toBeGreaterThan(0);
    const verify = await b.s2s(['verify', m.b]);
    expect(verify.code).toBe(0);
    expect(verify.events.filter((e) => (e.type as string) === 'difference')).toEqual([]);
  });

  it('later first, then earlier: both succeed and Splynx holds no migrated record', async () => {
    b = await startBed();
    const before = migratedRows(b);
    const m = await twoMigrations(b);
    const later = await b.s2s(['rollback', m.b, '--yes']);
    expect(later.code).toBe(0);
    const customersLeft = b.world.splynx.db
      .rows('customers')
      .map((c) => (c.additional_attributes as { sonar_id: string }).sonar_id)
      .sort();
    expect(customersLeft).toEqual([m.x, m.w].sort());
    const earlier = await b.s2s(['rollback', m.a, '--yes']);
    expect(earlier.code).toBe(0);
    expect(migratedRows(b)).toEqual(before);
    expect(b.world.splynx.db.rows('customers')).toEqual([]);
  });

  it('killed mid-way, run again it completes without deleting anything twice', async () => {
    b = await startBed();
    const before = migratedRows(b);
    const run = await b.s2s(['migrate', '--customers', cleanIds(b.world, 3).join(','), '--yes']);
    expect(run.code).toBe(0);
    const id = run.summary?.migrationId as string;
    b.world.splynx.faults.set({ latencyMs: 40 });
    const first = startCli(['rollback', id, '--yes', '--json'], b.env);
    const bed = b;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (deletes(bed).length >= 3) {
          clearInterval(poll);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    const killed = await first.result;
    expect(killed.signal).toBe('SIGKILL');
    const midway = deletes(b).length;
    expect(b.world.splynx.db.rows('customers').length).toBeGreaterThan(0);
    b.world.splynx.faults.set({ latencyMs: 0 });

    // The killed process left its lock behind; the lock's own rules (and message) say --break-lock.
    const again = await b.s2s(['rollback', id, '--yes', '--break-lock']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already rolled back earlier');
    expect(migratedRows(b)).toEqual(before);
    const urls = deletes(b).map((e) => e.url);
    // At most the one DELETE in flight when killed is sent twice (it then answers 404).
    expect(new Set(urls).size).toBeGreaterThanOrEqual(urls.length - 1);
    expect(urls.length).toBeGreaterThan(midway);
    const status = await b.s2s(['status', id]);
    expect(JSON.parse(status.stdout.trim()).status).toBe('rolled-back');
  });
});
