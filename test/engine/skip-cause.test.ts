// The terminal app's "skip every record of this cause": with the skipFailure hook, a cause that
// stopped the run once never stops it again. The demo ISP's inventory model without a primary
// field fails each of its items with one cause; without the hook each item stops the run anew.
import { describe, expect, it } from 'vitest';
import type { RecordFailure, RunSummary } from '../../source/engine/events.js';
import { runMigrate, runResume } from '../../source/engine/orchestrator.js';
import { causeKey } from '../../source/engine/report.js';
import { RunControl } from '../../source/engine/run-control.js';
import { resolveSelection } from '../../source/engine/selection.js';
import { openStateDir } from '../../source/state/index.js';
import { type EngineWorld, engineWorlds } from './world.js';

const startWorld = engineWorlds();

const keyOf = (f: RecordFailure) => causeKey({ ...f, action: 'failed' });
const ofModel = (f: RecordFailure, model: number) =>
  f.entity === 'inventory_item' && f.message.includes(`model ${model} `);

/** Runs, then resumes after every stop, until the migration completes; returns each stop. */
async function untilDone(
  world: EngineWorld,
  skipCauses: boolean,
): Promise<{ stops: RecordFailure[]; last: RunSummary }> {
  const skipped = new Set<string>();
  const deps = () => ({
    ...world.deps,
    control: new RunControl(),
    ...(skipCauses
      ? {
          skipFailure: (f: RecordFailure) =>
            skipped.has(keyOf(f)) ? `skipped by the operator: ${f.message}` : undefined,
        }
      : {}),
  });
  const selection = resolveSelection(
    { all: true, includeInactive: false, phases: ['foundation', 'inventory'] },
    { requireExplicit: true },
  );
  const stops: RecordFailure[] = [];
  let last = await runMigrate(deps(), selection, { concurrency: 2, stopOnError: true });
  const id = last.migrationId as string;
  for (let round = 0; round < 20 && last.failure; round++) {
    const failure = last.failure;
    stops.push(failure);
    // What the app's `s` does to the record that stopped the run: journal it skipped.
    const migration = await world.deps.state.open(id);
    await migration.commit({
      entity: failure.entity,
      sonarId: failure.sonarId,
      action: 'skipped',
      lastError: { kind: 'record', message: `skipped by the operator: ${failure.message}` },
    });
    await migration.close();
    skipped.add(keyOf(failure));
    last = await runResume(deps(), id, {});
  }
  return { stops, last };
}

describe('skipping a cause', () => {
  it('an inventory model without a primary field stops the run once for all its items', async () => {
    const world = await startWorld({ accounts: 60, seed: 7 });
    const model = world.world.dataset.meta.modelWithoutPrimaryFieldId;
    const items = world.world.dataset.tables.inventory_items.filter(
      (i) => i.inventory_model_id === model,
    );
    expect(items.length).toBeGreaterThan(2);

    const { stops, last } = await untilDone(world, true);
    expect(last.status).toBe('completed');
    const byCause = new Map<string, number>();
    for (const stop of stops) byCause.set(keyOf(stop), (byCause.get(keyOf(stop)) ?? 0) + 1);
    expect([...byCause.values()].every((n) => n === 1)).toBe(true);
    const noPrimary = stops.filter((s) => ofModel(s, model));
    expect(noPrimary).toHaveLength(1);

    // Every item of that model is journaled skipped with the operator's reason, none failed.
    const view = await openStateDir(world.stateDir).readOnly(last.migrationId as string);
    const records = items.map((i) => view.get('inventory_item', String(i.id)));
    expect(records.map((r) => r?.action)).toEqual(items.map(() => 'skipped'));
    expect(records[1]?.lastError?.message).toMatch(/^skipped by the operator: /);
  });

  it('without the hook every item of that model stops the run again', async () => {
    const world = await startWorld({ accounts: 60, seed: 7 });
    const model = world.world.dataset.meta.modelWithoutPrimaryFieldId;
    const items = world.world.dataset.tables.inventory_items.filter(
      (i) => i.inventory_model_id === model,
    );
    const { stops } = await untilDone(world, false);
    expect(stops.filter((s) => ofModel(s, model))).toHaveLength(items.length);
  });
});
