// Splynx reportedly stores MACs in its own form ("2CC81BBDC9AB, 00E04C687E6A"). With the
// simulator doing so, a migration of accounts with equipment still completes, the read-back
// records the normalisation instead of stopping, and verify finds no differences — while a MAC
// that really changed is still a difference.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { runMigrate } from '../../source/engine/orchestrator.js';
import { verifyMigration } from '../../source/engine/verify.js';
import { cleanIds, type EngineWorld, engineWorlds, idsSelection, RUN_OPTIONS } from './world.js';

const startWorld = engineWorlds();
const NORMALISED_MACS = /^[0-9A-F]{12}(, [0-9A-F]{12})*$/;

async function migrated(normaliseMacs: boolean) {
  const w = await startWorld({ splynx: { normaliseMacs } });
  const summary = await runMigrate(w.deps, idsSelection(cleanIds(w.world, 4)), RUN_OPTIONS);
  return { w, summary, id: summary.migrationId as string };
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

const macNormalised = (events: EngineEvent[]) =>
  events.filter(
    (e) =>
      e.type === 'entity' &&
      e.entity === 'internet_service' &&
      e.normalised?.some((n) => n.field === 'mac' && n.rule === 'mac'),
  );

describe('read-back of MACs Splynx normalised', () => {
  it('completes, records the normalisation, and verify finds no differences', async () => {
    const { w, summary, id } = await migrated(true);
    expect(w.events.filter((e) => e.type === 'record-failed')).toEqual([]);
    expect(summary.status).toBe('completed');
    const macs = w.world.splynx.db
      .rows('services_internet')
      .map((row) => row.mac)
      .filter((mac) => mac !== '');
    expect(macs.length).toBeGreaterThan(0);
    for (const mac of macs) expect(mac).toMatch(NORMALISED_MACS);
    // Sonar spells them "02:5e:…": every service with a MAC was read back in the other form.
    expect(macNormalised(w.events)).toHaveLength(macs.length);

    const result = await verify(w, id);
    expect(result.differences).toEqual([]);
    expect(result.normalised).toContainEqual({
      entity: 'internet_service',
      field: 'mac',
      rule: 'mac',
      count: macs.length,
    });
  });

  it('records nothing for MACs when Splynx keeps them as sent', async () => {
    const { w, summary, id } = await migrated(false);
    expect(summary.status).toBe('completed');
    expect(macNormalised(w.events)).toEqual([]);
    const result = await verify(w, id);
    expect(result.differences).toEqual([]);
    expect(result.normalised?.filter((n) => n.field === 'mac')).toEqual([]);
  });

  it('still reports a MAC that really changed in Splynx', async () => {
    const { w, id } = await migrated(true);
    const row = w.world.splynx.db.rows('services_internet').find((r) => r.mac !== '');
    if (!row) throw new Error('no service with a MAC');
    w.world.splynx.db.table('services_internet').update(row.id, { mac: 'AABBCCDDEEFF' });
    const result = await verify(w, id);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({
      entity: 'internet_service',
      field: 'mac',
      actual: 'AABBCCDDEEFF',
    });
  });
});
