// verify against the simulators: a fresh migration has no differences; a record changed in Splynx
// after the migration, one deleted there, and a Sonar change all show, with field and values.
import { describe, expect, it } from 'vitest';
import { runMigrate } from '../../source/engine/orchestrator.js';
import { resolveSelection } from '../../source/engine/selection.js';
import { verifyMigration } from '../../source/engine/verify.js';
import { repairDemoIsp } from '../e2e/demo-repairs.js';
import { cleanIds, type EngineWorld, engineWorlds, idsSelection, RUN_OPTIONS } from './world.js';

const startWorld = engineWorlds();

/** Three clean customers migrated with everything they need. */
async function migrated() {
  const w = await startWorld();
  const chosen = cleanIds(w.world, 3);
  const summary = await runMigrate(w.deps, idsSelection(chosen), RUN_OPTIONS);
  expect(summary.status).toBe('completed');
  return { fixture: w, id: summary.migrationId as string, ids: chosen };
}

function verify(fixture: EngineWorld, id: string) {
  return fixture.deps.state.readOnly(id).then((view) =>
    verifyMigration(
      {
        sonar: fixture.deps.sonar,
        splynx: fixture.deps.splynx,
        config: fixture.deps.config,
        signal: fixture.deps.control.signal,
      },
      view,
    ),
  );
}

function customerRow(fixture: EngineWorld, sonarId: string) {
  const row = fixture.world.splynx.db
    .rows('customers')
    .find((c) => (c.additional_attributes as { sonar_id?: string }).sonar_id === sonarId);
  if (!row) throw new Error(`no Splynx customer for ${sonarId}`);
  return row;
}

describe('verify', () => {
  it('finds nothing wrong right after a migration, and counts match Sonar', async () => {
    const { fixture, id } = await migrated();
    const result = await verify(fixture, id);
    expect(result.differences).toEqual([]);
    const customers = result.counts.find((c) => c.entity === 'customer');
    expect(customers).toEqual({ entity: 'customer', sonar: 3, migrated: 3, found: 3 });
    for (const c of result.counts) expect(c.found).toBe(c.migrated);
    expect(result.checked).toBeGreaterThan(20);
  });

  it('expects the parent a selected child pulled in: no count difference', async () => {
    const w = await startWorld();
    await repairDemoIsp(w.world);
    const { tables, meta } = w.world.dataset;
    // An active child of an inactive parent: --all (active only) takes the child, and the
    // customers phase migrates the parent first.
    const child = meta.hardCases.find((h) => h.kinds.includes('child-of-inactive-parent'));
    const parentId = tables.accounts.find((a) => a.id === child?.account_id)?.parent_account_id;
    expect(parentId).toBeDefined();
    const selection = resolveSelection(
      { all: true, includeInactive: false },
      { requireExplicit: true },
    );
    const summary = await runMigrate(w.deps, selection, RUN_OPTIONS);
    expect(summary.status).toBe('completed');
    const id = summary.migrationId as string;
    expect((await w.deps.state.readOnly(id)).get('customer', String(parentId))).toMatchObject({
      action: 'created',
    });
    const result = await verify(w, id);
    expect(result.differences).toEqual([]);
    const customers = result.counts.find((c) => c.entity === 'customer');
    expect(customers?.sonar).toBe(customers?.migrated);
  });

  it('reports a record changed in Splynx after the migration, with field and both values', async () => {
    const { fixture, id, ids } = await migrated();
    const sonarId = ids[1] as string;
    const row = customerRow(fixture, sonarId);
    const city = row.city;
    const res = await fetch(`${fixture.world.splynx.url}/__sim/records/customers/${row.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Nowhere Springs' }),
    });
    expect(res.status).toBe(200);
    const result = await verify(fixture, id);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({
      entity: 'customer',
      sonarId,
      splynxId: row.id,
      field: 'city',
      expected: city,
      actual: 'Nowhere Springs',
    });
  });

  it('reports a migrated record deleted from Splynx as missing, and counts show it', async () => {
    const { fixture, id } = await migrated();
    const note = fixture.world.splynx.db.rows('customer_notes')[0];
    expect(note).toBeDefined();
    fixture.world.splynx.db.table('customer_notes').delete(note?.id as number);
    const result = await verify(fixture, id);
    // The record, and its entity's count: Sonar maps to one note more than Splynx has.
    expect(result.differences).toHaveLength(2);
    expect(result.differences[0]).toMatchObject({ kind: 'count', entity: 'customer_note' });
    expect(result.differences[1]).toMatchObject({ entity: 'customer_note', splynxId: note?.id });
    expect(result.differences[1]?.message).toContain('missing in Splynx');
    const notes = result.counts.find((c) => c.entity === 'customer_note');
    expect(notes?.found).toBe((notes?.migrated ?? 0) - 1);
  });

  it('reports an account changed in Sonar since the migration', async () => {
    const { fixture, id, ids } = await migrated();
    const sonarId = ids[0] as string;
    const account = fixture.world.dataset.tables.accounts.find((a) => String(a.id) === sonarId);
    if (!account) throw new Error('account missing from the dataset');
    const oldName = customerRow(fixture, sonarId).name;
    account.name = 'Renamed In Sonar';
    const result = await verify(fixture, id);
    expect(result.differences).toEqual([
      expect.objectContaining({
        entity: 'customer',
        sonarId,
        field: 'name',
        expected: 'Renamed In Sonar',
        actual: oldName,
      }),
    ]);
  });
});

describe('verify of what the ledger did not migrate', () => {
  it('an operator skip is a difference; a skip the ledger marks as by rule is not', async () => {
    const { fixture, id } = await migrated();
    const [passedOver, byRule] = cleanIds(fixture.world, 5).slice(3) as [string, string];
    const migration = await fixture.deps.state.open(id);
    try {
      await migration.commit({
        entity: 'customer',
        sonarId: passedOver,
        action: 'skipped',
        lastError: { kind: 'record', message: 'skipped by the operator' },
      });
      await migration.commit({
        entity: 'customer',
        sonarId: byRule,
        action: 'skipped',
        extra: { skippedByRule: true },
      });
    } finally {
      await migration.close();
    }
    const result = await verify(fixture, id);
    expect(result.differences).toContainEqual(
      expect.objectContaining({
        kind: 'record',
        entity: 'customer',
        sonarId: passedOver,
        message: 'not in Splynx: skipped (skipped by the operator)',
      }),
    );
    expect(result.differences.filter((d) => d.sonarId === byRule)).toEqual([]);
  });
});
