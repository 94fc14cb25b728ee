// The Splynx a plan talks to, against the real simulator on loopback: reads reach Splynx, writes
// never do, and records that exist only in the plan answer their own read-backs and searches.
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { DrySplynx } from '../../source/engine/dry-splynx.js';
import {
  createSonarIdField,
  SONAR_ID_FIELD,
} from '../../source/engine/phases/additional-fields.js';
import { startSplynxSimulator } from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import { customerPaths, ENDPOINTS } from '../../source/splynx/endpoints.js';
import { readRecord, searchRecords } from '../../source/splynx/records-io.js';

const Row = v.record(v.string(), v.unknown());
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup() {
  const sim = await startSplynxSimulator({});
  const real = new SplynxClient({
    baseUrl: sim.url,
    auth: {
      mode: 'api-key-token',
      apiKey: sim.credentials.apiKey,
      apiSecret: sim.credentials.apiSecret,
    },
  });
  cleanups.push(async () => {
    await real.close();
    await sim.close();
  });
  const dry = new DrySplynx(real);
  const writes = () =>
    sim.log.list((e) => ['POST', 'PUT', 'DELETE'].includes(e.method) && !e.url.includes('auth'));
  return { sim, real, dry, client: dry.client(), writes };
}

describe('DrySplynx', () => {
  it('records creates and updates without sending them; plan records read back as sent', async () => {
    const { dry, client, writes } = await setup();
    const customers = ENDPOINTS.customer;
    const { id } = await client.create(customers.path, { name: 'Ann', login: 'ann' });
    expect(id).toBeLessThan(0);
    expect(await readRecord(client, customers.item(id))).toMatchObject({ id, login: 'ann' });
    await client.update(customers.item(id), { status: 'disabled' });
    expect(await readRecord(client, customers.item(id))).toMatchObject({ status: 'disabled' });
    // Under a plan customer, only what the plan made there exists.
    const path = customerPaths.internetServices(id);
    const service = await client.create(path, { login: 'ann-1' });
    expect(await searchRecords(client, path, {})).toEqual([{ login: 'ann-1', id: service.id }]);
    expect(await searchRecords(client, customerPaths.notes, { main: { customer_id: id } })).toEqual(
      [],
    );
    expect(dry.writes).toEqual({ POST: 2, PUT: 1 });
    expect(writes()).toEqual([]);
  });

  it('counts an additional field, named not numbered, as one POST it never sends', async () => {
    const { dry, client, writes } = await setup();
    const field = { ...SONAR_ID_FIELD };
    expect(await client.createNamed('admin/config/additional-fields/customers', field)).toEqual({
      name: 'sonar_id',
    });
    expect(
      await createSonarIdField(
        {
          splynx: client,
          emit: () => {},
          signal: new AbortController().signal,
        },
        'partners',
      ),
    ).toBe('created');
    expect(dry.writes).toEqual({ POST: 2 });
    expect(writes()).toEqual([]);
  });

  it('lays its updates over real records and lists its creates after the real ones', async () => {
    const { real, client, writes } = await setup();
    const customers = ENDPOINTS.customer;
    const existing = await real.create(customers.path, { name: 'Bo', login: 'bo' });
    const before = writes().length;
    await client.update(customers.item(existing.id), { name: 'Bo Renamed' });
    expect(await client.get(customers.item(existing.id), Row)).toMatchObject({
      login: 'bo',
      name: 'Bo Renamed',
    });
    expect((await real.get(customers.item(existing.id), Row)).name).toBe('Bo');
    const planned = await client.create(customers.path, { name: 'Cy', login: 'cy' });
    const logins = (await searchRecords(client, customers.path, {})).map((r) => r.login);
    expect(logins).toEqual(['bo', 'cy']);
    expect(await searchRecords(client, customers.path, { main: { login: 'cy' } })).toEqual([
      { name: 'Cy', login: 'cy', id: planned.id },
    ]);
    // A real 404 stays a 404.
    expect(await client.find(customers.item(999_999), Row)).toBeUndefined();
    expect(writes().length).toBe(before);
  });
});
