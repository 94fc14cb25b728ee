// Issue 13, point 5: reports an operator can act on. ids.csv leads from each Sonar record to its
// Splynx record; failures are grouped by cause; failures.csv fed to --records-from retries exactly
// the records it lists, non-account records included.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureGroup, MigrationReport } from '../../source/engine/report.js';
import { type Bed, entities, lastSeq, splynxWrites, startBed } from './harness.js';

let bed: Bed;
let dir: string;
beforeAll(async () => {
  bed = await startBed({ accounts: 40, seed: 7 });
  const run = await bed.s2s([
    'migrate',
    '--all',
    '--include-inactive',
    '--no-stop-on-error',
    '--yes',
  ]);
  expect(run.code).toBe(1);
  dir = path.join(bed.stateDir, run.summary?.migrationId as string);
});
afterAll(() => bed.close());

const rowsOf = (file: string) => {
  const [header, ...lines] = readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
};

const sonarIdOf = (row: Record<string, unknown>) =>
  String((row.additional_attributes as Record<string, unknown> | undefined)?.sonar_id ?? '');

/** The inventory items of the model none of whose fields is primary. */
function itemsWithoutBarcode(): string[] {
  const { tables, meta } = bed.world.dataset;
  return tables.inventory_items
    .filter((i) => i.inventory_model_id === meta.modelWithoutPrimaryFieldId)
    .map((i) => String(i.id));
}

describe('reports an operator can act on', () => {
  it('ids.csv maps every migrated record to the Splynx record that holds it', () => {
    const rows = rowsOf('ids.csv');
    const db = bed.world.splynx.db;
    for (const [entity, table] of [
      ['customer', 'customers'],
      ['inventory_item', 'inventory_items'],
      ['internet_service', 'services_internet'],
    ] as const) {
      const mine = rows.filter((r) => r.entity === entity);
      expect(mine.length, entity).toBe(db.rows(table).length);
      const byId = new Map(db.rows(table).map((r) => [String(r.id), r]));
      for (const row of mine) {
        expect(
          sonarIdOf(byId.get(row.splynx_id as string) ?? {}),
          `${entity} ${row.sonar_id}`,
        ).toBe(row.sonar_id);
        expect(row.action).toBe('created');
      }
    }
  });

  it('groups failures by cause, each record listed, in report.json and report.md', () => {
    const report = JSON.parse(
      readFileSync(path.join(dir, 'report.json'), 'utf8'),
    ) as MigrationReport;
    const items = itemsWithoutBarcode();
    expect(items.length).toBeGreaterThan(1);
    const group = report.failureGroups.find(
      (g: FailureGroup) => g.entity === 'inventory_item' && g.cause.includes('no primary field'),
    );
    expect(group?.count).toBe(items.length);
    expect(group?.records.map((r) => r.sonarId).sort()).toEqual([...items].sort());
    expect(group?.fixes.join(' ')).toContain(
      `inventory model ${bed.world.dataset.meta.modelWithoutPrimaryFieldId}`,
    );
    // Every failure is in exactly one group.
    expect(report.failureGroups.reduce((n, g) => n + g.count, 0)).toBe(report.failures.length);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain(`### ${items.length} inventory_item records failed: Inventory model`);
    for (const id of items) expect(md).toContain(`(inventory_item ${id})`);
  });

  it('a failed inventory item fixed in Sonar, retried from failures.csv, is created alone', async () => {
    const rows = rowsOf('failures.csv');
    const [item] = itemsWithoutBarcode();
    const row = rows.find((r) => r.entity === 'inventory_item' && r.sonar_id === item);
    expect(row).toBeDefined();
    expect(row?.account_id).toBe('');
    // The operator marks the model's serial number as its primary field in Sonar.
    const { tables, meta } = bed.world.dataset;
    const serial = tables.inventory_model_fields.find(
      (f) => f.inventory_model_id === meta.modelWithoutPrimaryFieldId && f.name === 'Serial Number',
    );
    const res = await fetch(
      `${bed.world.sonar.url}/__sim/records/inventory_model_fields/${serial?.id}`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ primary: true }),
      },
    );
    expect(res.status).toBe(200);
    const text = readFileSync(path.join(dir, 'failures.csv'), 'utf8').split('\n');
    const retry = path.join(bed.stateDir, 'retry.csv');
    writeFileSync(
      retry,
      [text[0], text.find((l) => l.includes(`,inventory_item,${item},`))].join('\n'),
    );

    const before = lastSeq(bed.world);
    const run = await bed.s2s(['migrate', '--records-from', retry, '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(entities(run, 'created').map((e) => `${e.entity}:${e.sonarId}`)).toEqual([
      `inventory_item:${item}`,
    ]);
    const posts = splynxWrites(bed.world, before).filter((w) => w.method === 'POST');
    expect(posts.map((p) => p.url)).toEqual([expect.stringContaining('inventory/items')]);
    const created = bed.world.splynx.db
      .rows('inventory_items')
      .filter((r) => sonarIdOf(r) === item);
    expect(created).toHaveLength(1);
  });

  it('--records-from refuses a file without entity and sonar_id columns', async () => {
    const file = path.join(bed.stateDir, 'ids-only.csv');
    writeFileSync(file, '1\n2\n');
    const run = await bed.s2s(['plan', '--records-from', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no entity and sonar_id columns');
  });
});
