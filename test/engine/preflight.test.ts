// Preflight against the simulators: a fresh install passes; a module switched off (405), a key
// without a permission (403), a required custom field, a wrong config id and the billing switch
// each block with the place to fix it.
import { describe, expect, it } from 'vitest';
import { blocking, runPreflight } from '../../source/engine/preflight.js';
import type { PreflightCheck } from '../../source/ui/services.js';
import { type EngineWorld, engineWorlds } from './world.js';

const startWorld = engineWorlds();

async function preflight(fixture: EngineWorld) {
  const streamed: PreflightCheck[] = [];
  const checks = await runPreflight(
    {
      sonar: fixture.deps.sonar,
      splynx: fixture.deps.splynx,
      config: fixture.deps.config,
      signal: fixture.deps.control.signal,
    },
    (check) => streamed.push(check),
  );
  expect(streamed).toEqual(checks);
  return checks;
}

const byId = (checks: PreflightCheck[], id: string) => checks.find((c) => c.id === id);

describe('preflight', () => {
  it('passes on a fresh Splynx, with a warning for guessed statuses and unreadable schemas', async () => {
    const w = await startWorld();
    const checks = await preflight(w);
    expect(blocking(checks)).toEqual([]);
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual([
      'endpoint:admin/tariffs/recurring',
      'status-mapping',
    ]);
    expect(byId(checks, 'billing-interlock')?.ok).toBe(true);
    expect(byId(checks, 'fields:admin/customers/customer')?.ok).toBe(true);
  });

  it('blocks on an endpoint answering 405 (module disabled) and names the module to switch on', async () => {
    const w = await startWorld({ splynx: { disabledPaths: ['admin/inventory/items'] } });
    const checks = await preflight(w);
    expect(blocking(checks)).toEqual([
      {
        id: 'endpoint:admin/inventory/items',
        title: 'Splynx admin/inventory/items',
        ok: false,
        severity: 'blocking',
        detail:
          'HEAD answered 405 (method disabled): this Splynx does not offer admin/inventory/items.',
        fix: 'In Splynx: Config → Main → Modules → switch on "Inventory"; or leave its phase out with --phases.',
      },
    ]);
  });

  it('blocks on a missing permission (403) with the Permissions entry to tick', async () => {
    const w = await startWorld({
      splynx: {
        permissions: {
          admin: ['GET', 'POST', 'PUT', 'DELETE'],
          'admin/networking/ipv4': [],
        },
      },
    });
    const checks = await preflight(w);
    const ids = blocking(checks).map((c) => c.id);
    expect(ids).toEqual(['endpoint:admin/networking/ipv4']);
    expect(blocking(checks)[0]?.fix).toBe(
      'In Splynx: Administration → Main → API keys → (the key) → Permissions → Networking → IPv4 networks: tick view, add, edit and delete.',
    );
  });

  it('blocks on a required custom field the mapping never fills', async () => {
    const w = await startWorld();
    await w.deps.splynx.createNamed('admin/config/additional-fields/customers', {
      name: 'contract_no',
      title: 'Contract number',
      type: 'string',
      is_required: 1,
      is_unique: 0,
      is_add: 1,
      show_in_list: 0,
      searchable: 0,
      readonly: 0,
      disabled: 0,
    });
    const checks = await preflight(w);
    const failed = blocking(checks);
    expect(failed.map((c) => c.id)).toEqual(['fields:admin/customers/customer']);
    expect(failed[0]?.detail).toContain('additional fields contract_no');
  });

  it('blocks on invoicing switched on and on ids the config names that Splynx lacks', async () => {
    const w = await startWorld();
    w.deps.config.customers.makeInvoices = 1;
    w.deps.config.customers.locationId = 42;
    w.deps.config.tariffs = { '1': 77 };
    const checks = await preflight(w);
    expect(blocking(checks).map((c) => c.id)).toEqual(['billing-interlock', 'config-records']);
    expect(byId(checks, 'config-records')?.detail).toBe(
      'Splynx has no location 42 (customers.locationId); no internet tariff 77 (tariffs.1).',
    );
  });

  it('stops after the connection checks when Splynx refuses the credentials', async () => {
    const w = await startWorld({}, { SPLYNX_API_SECRET: 'not-the-secret' });
    const checks = await preflight(w);
    expect(checks.map((c) => [c.id, c.ok])).toEqual([
      ['sonar', true],
      ['splynx', false],
    ]);
    expect(checks[1]?.fix).toContain('SPLYNX_API_KEY');
  });
});
