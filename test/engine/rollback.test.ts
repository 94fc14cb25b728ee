// Rollback against the simulators: after a partial run it deletes exactly what the run created,
// dependants first, and keeps what it adopted; interrupted, it continues without deleting twice.
import { describe, expect, it } from 'vitest';
import { runMigrate } from '../../source/engine/orchestrator.js';
import { planRollback, runRollback } from '../../source/engine/rollback.js';
import { RunControl } from '../../source/engine/run-control.js';
import { cleanIds, type EngineWorld, engineWorlds, idsSelection, RUN_OPTIONS } from './world.js';

const startWorld = engineWorlds();

const OUR_TABLES = [
  'customers',
  'services_internet',
  'services_custom',
  'customer_notes',
  'tariffs_internet',
  'tariffs_recurring',
  'labels',
  'ipv4_networks',
  'inventory_items',
  'inventory_products',
  'inventory_vendors',
];

function rowCounts(world: EngineWorld['world']): Record<string, number> {
  return Object.fromEntries(OUR_TABLES.map((t) => [t, world.splynx.db.rows(t).length]));
}

function deletes(world: EngineWorld['world']): string[] {
  return world.splynx.log.list((e) => e.method === 'DELETE').map((e) => e.url);
}

/** A migration of `ids` that a 403 stops after the first customer is created. */
async function partialRun(fixture: EngineWorld, ids: string[]) {
  const splynx = fixture.world.splynx;
  fixture.onEvent = (event) => {
    if (event.type === 'entity' && event.entity === 'customer' && event.action === 'created') {
      splynx.options.permissions = { admin: ['GET'] };
    }
  };
  const summary = await runMigrate(fixture.deps, idsSelection(ids), {
    ...RUN_OPTIONS,
    concurrency: 1,
  });
  fixture.onEvent = undefined;
  splynx.options.permissions = undefined;
  return summary;
}

function rollbackDeps(fixture: EngineWorld, control = new RunControl()) {
  return {
    splynx: fixture.deps.splynx,
    state: fixture.deps.state,
    emit: fixture.deps.emit,
    control,
    redactor: fixture.deps.redactor,
  };
}

describe('rollback', () => {
  it('after a partial run deletes what it created, dependants first, and keeps adopted records', async () => {
    const w = await startWorld();
    const before = rowCounts(w.world);
    const partnersBefore = w.world.splynx.db.rows('partners').length;
    const summary = await partialRun(w, cleanIds(w.world, 3));
    expect(summary.status).toBe('stopped');
    expect(summary.failure?.status).toBe(403);
    const id = summary.migrationId as string;
    expect(w.world.splynx.db.rows('customers')).toHaveLength(1);

    const view = await w.deps.state.readOnly(id);
    const plan = planRollback(view);
    // The adopted partner 1 ("Main") and the sonar_id fields stay.
    expect(plan.kept.partner).toBe(1);
    expect(plan.kept.additional_field).toBe(12);
    expect(plan.toDelete.customer).toBe(1);
    const ranks = plan.steps.map((s) => s.entity);
    const customerAt = ranks.indexOf('customer');
    for (const dependant of ['internet_service', 'customer_note']) {
      if (ranks.includes(dependant)) expect(ranks.lastIndexOf(dependant)).toBeLessThan(customerAt);
    }
    for (const referenced of ['tariff_internet', 'label', 'product', 'vendor']) {
      if (ranks.includes(referenced)) expect(ranks.indexOf(referenced)).toBeGreaterThan(customerAt);
    }
    expect(ranks.indexOf('product')).toBeLessThan(ranks.indexOf('vendor'));

    const result = await runRollback(rollbackDeps(w), id);
    expect(result).toMatchObject({ status: 'rolled-back', alreadyGone: 0 });
    expect(result.deleted).toEqual(plan.toDelete);
    expect(rowCounts(w.world)).toEqual(before);
    expect(w.world.splynx.db.rows('partners')).toHaveLength(partnersBefore);
    expect(w.world.splynx.db.rows('additional_fields').length).toBeGreaterThanOrEqual(10);
    const after = await w.deps.state.readOnly(id);
    expect(after.status).toBe('rolled-back');
    expect(planRollback(after).steps).toEqual([]);
    expect(after.get('customer', cleanIds(w.world, 1)[0] as string)?.extra).toMatchObject({
      rolledBack: true,
      rollback: 'deleted',
    });
  });

  it('interrupted, it is resumed from the ledger and never deletes a record twice', async () => {
    const w = await startWorld();
    const before = rowCounts(w.world);
    const summary = await runMigrate(w.deps, idsSelection(cleanIds(w.world, 3)), RUN_OPTIONS);
    expect(summary.status).toBe('completed');
    const id = summary.migrationId as string;
    const total = planRollback(await w.deps.state.readOnly(id)).steps.length;
    expect(total).toBeGreaterThan(10);

    const first = new RunControl();
    let seen = 0;
    w.onEvent = (event) => {
      if (event.type === 'log' && event.message.startsWith('deleted:') && ++seen === 5)
        first.stop();
    };
    const stopped = await runRollback(rollbackDeps(w, first), id);
    w.onEvent = undefined;
    expect(stopped.status).toBe('aborted');
    expect(Object.values(stopped.deleted).reduce((a, b) => a + b, 0)).toBe(5);
    const midway = await w.deps.state.readOnly(id);
    expect(midway.status).toBe('rolling-back');
    expect(planRollback(midway)).toMatchObject({ alreadyRolledBack: 5 });
    expect(planRollback(midway).steps).toHaveLength(total - 5);

    const resumed = await runRollback(rollbackDeps(w), id);
    expect(resumed.status).toBe('rolled-back');
    expect(Object.values(resumed.deleted).reduce((a, b) => a + b, 0)).toBe(total - 5);
    expect(deletes(w.world)).toHaveLength(total);
    expect(new Set(deletes(w.world)).size).toBe(total);
    expect(rowCounts(w.world)).toEqual(before);
  });

  it('counts a record someone already deleted in Splynx (404) as gone and carries on', async () => {
    const w = await startWorld();
    const summary = await runMigrate(w.deps, idsSelection(cleanIds(w.world, 1)), RUN_OPTIONS);
    const id = summary.migrationId as string;
    const label = w.world.splynx.db.rows('labels')[0];
    expect(label).toBeDefined();
    w.world.splynx.db.table('labels').delete(label?.id as number);
    const result = await runRollback(rollbackDeps(w), id);
    expect(result.status).toBe('rolled-back');
    expect(result.alreadyGone).toBe(1);
    expect(w.world.splynx.db.rows('customers')).toEqual([]);
  });

  it('stops on a refused delete with the fix, and a rerun finishes the job', async () => {
    const w = await startWorld();
    const summary = await runMigrate(w.deps, idsSelection(cleanIds(w.world, 1)), RUN_OPTIONS);
    const id = summary.migrationId as string;
    w.world.splynx.options.permissions = { admin: ['GET', 'POST', 'PUT'] };
    const refused = await runRollback(rollbackDeps(w), id);
    expect(refused.status).toBe('stopped');
    expect(refused.error).toContain('403');
    expect(refused.hint).toContain('Permissions');
    const view = await w.deps.state.readOnly(id);
    expect(view.status).toBe('rolling-back');
    expect(view.lastError?.kind).toBe('fatal');

    w.world.splynx.options.permissions = undefined;
    const done = await runRollback(rollbackDeps(w), id);
    expect(done.status).toBe('rolled-back');
    expect(w.world.splynx.db.rows('customers')).toEqual([]);
  });
});
