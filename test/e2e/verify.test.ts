// `s2s verify` through the real CLI: exit 0 after a clean migration; exit 1 listing every record
// that is not in Splynx as the selection maps it (failed, deleted there, edited there) and every
// count that disagrees; --json gives one line per difference, then the summary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanIds } from '../engine/world.js';
import { type Bed, type CliResult, runCli, startBed } from './harness.js';

function differences(run: CliResult): Array<Record<string, unknown>> {
  return run.events.filter((e) => (e.type as string) === 'difference') as never;
}

function bySonarId(bed: Bed, table: string, sonarId: string) {
  const row = bed.world.splynx.db
    .rows(table)
    .find((r) => (r.additional_attributes as { sonar_id?: string }).sonar_id === sonarId);
  if (!row) throw new Error(`no Splynx ${table} row for ${sonarId}`);
  return row;
}

async function patch(bed: Bed, table: string, id: unknown, body: Record<string, unknown>) {
  const res = await fetch(`${bed.world.splynx.url}/__sim/records/${table}/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('s2s verify after a clean migration', () => {
  let bed: Bed;
  let id: string;
  beforeAll(async () => {
    bed = await startBed();
    const run = await bed.s2s([
      'migrate',
      '--customers',
      cleanIds(bed.world, 2).join(','),
      '--yes',
    ]);
    expect(run.code).toBe(0);
    id = run.summary?.migrationId as string;
  });
  afterAll(() => bed.close());

  it('exits 0 when Splynx matches, then 1 with the field once a record was changed there', async () => {
    const clean = await bed.s2s(['verify']);
    expect(clean.code).toBe(0);
    expect(differences(clean)).toEqual([]);
    expect(clean.events.at(-1)).toMatchObject({
      type: 'summary',
      summary: { command: 'verify', migrationId: id, failures: 0 },
      differences: 0,
    });

    const customer = bed.world.splynx.db.rows('customers')[0];
    // The simulator updates rows in place: keep the migrated value before changing it.
    const email = customer?.email;
    await patch(bed, 'customers', customer?.id, { email: 'changed@example.net' });

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
    await patch(bed, 'customers', customer?.id, { email });
    expect((await bed.s2s(['verify', id])).code).toBe(0);
  });

  it('a customer deleted in Splynx is a difference with its Sonar id, and its count too', async () => {
    const sonarId = cleanIds(bed.world, 2)[1] as string;
    const row = bySonarId(bed, 'customers', sonarId);
    bed.world.splynx.db.table('customers').delete(row.id as number);
    const run = await bed.s2s(['verify', id]);
    expect(run.code).toBe(1);
    expect(differences(run)).toContainEqual(
      expect.objectContaining({
        kind: 'record',
        entity: 'customer',
        sonarId,
        splynxId: row.id,
        message: expect.stringContaining('missing in Splynx'),
      }),
    );
    expect(differences(run)).toContainEqual(
      expect.objectContaining({ kind: 'count', entity: 'customer' }),
    );
    bed.world.splynx.db.table('customers').insert(row, row.id as number);
    expect((await bed.s2s(['verify', id])).code).toBe(0);
  });
});

describe('s2s verify of inventory and failed records', () => {
  let bed: Bed;
  let id: string;
  beforeAll(async () => {
    bed = await startBed();
    const run = await bed.s2s(['migrate', '--all', '--yes', '--no-stop-on-error']);
    expect(run.code).toBe(1);
    id = run.summary?.migrationId as string;
  });
  afterAll(() => bed.close());

  it('lists every failed record with entity, Sonar id and field, and the counts, and exits 1', async () => {
    const run = await bed.s2s(['verify', id]);
    expect(run.code).toBe(1);
    const found = differences(run);
    const view = JSON.parse(readFileSync(path.join(bed.stateDir, id, 'report.json'), 'utf8'));
    const failed = (
      view.failures as Array<{ entity: string; sonarId: string; field?: string }>
    ).filter((f) => f.entity === 'customer' || f.entity === 'inventory_item');
    expect(failed.length).toBeGreaterThan(2);
    for (const f of failed) {
      expect(found).toContainEqual(
        expect.objectContaining({
          kind: 'record',
          entity: f.entity,
          sonarId: f.sonarId,
          field: f.field,
          message: expect.stringContaining('not in Splynx: failed'),
        }),
      );
    }
    expect(failed.filter((f) => f.entity === 'customer' && f.field)).not.toEqual([]);
    expect(found).toContainEqual(
      expect.objectContaining({ kind: 'count', entity: 'inventory_item' }),
    );
    expect(run.events.at(-1)).toMatchObject({
      type: 'summary',
      differences: found.length,
      summary: { command: 'verify', failures: found.length },
    });
    // Exactly the failures and the counts they leave short: everything migrated reads back clean.
    expect(
      found.every((d) => d.kind === 'count' || String(d.message).startsWith('not in Splynx')),
    ).toBe(true);
  });

  it('an inventory item deleted or edited in Splynx is a difference, field by field', async () => {
    const before = differences(await bed.s2s(['verify', id])).length;
    const [gone, edited] = bed.world.splynx.db.rows('inventory_items');
    const sonarIdOf = (row: typeof gone) =>
      (row?.additional_attributes as { sonar_id?: string } | undefined)?.sonar_id;
    const goneSonarId = sonarIdOf(gone);
    const editedSonarId = sonarIdOf(edited);
    bed.world.splynx.db.table('inventory_items').delete(gone?.id as number);
    const serial = edited?.serial_number;
    await patch(bed, 'inventory_items', edited?.id, { serial_number: 'EDITED-IN-SPLYNX' });
    const admin = bed.world.splynx.db
      .rows('administrators')
      .find((a) => (a.additional_attributes as { sonar_id?: string })?.sonar_id);
    expect(admin).toBeDefined();
    await patch(bed, 'administrators', admin?.id, { email: 'someone-else@example.net' });

    const run = await bed.s2s(['verify', id]);
    expect(run.code).toBe(1);
    const found = differences(run);
    expect(found).toContainEqual(
      expect.objectContaining({
        entity: 'inventory_item',
        sonarId: goneSonarId,
        splynxId: gone?.id,
        message: expect.stringContaining('missing in Splynx'),
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({
        entity: 'inventory_item',
        sonarId: editedSonarId,
        field: 'serial_number',
        expected: serial,
        actual: 'EDITED-IN-SPLYNX',
      }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({
        entity: 'administrator',
        field: 'email',
        actual: 'someone-else@example.net',
      }),
    );
    expect(found).toHaveLength(before + 3);
  });
});
