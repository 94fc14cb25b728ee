// The OPTIONS switch: the live instance's object (default, live-endpoints.json) or the flat array
// the blueprint declares (Base requests → Get attributes of an entity), set at start or over
// POST /__sim/options; and the client reads either into the same schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SONAR_ID_FIELD } from '../../../source/engine/phases/additional-fields.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../../source/splynx/client.js';
import { call, session } from './client.js';

const CUSTOMERS = 'admin/customers/customer';
let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
  await api('POST', 'admin/config/additional-fields/customers', SONAR_ID_FIELD);
  await api('POST', 'admin/config/additional-fields/customers', {
    ...SONAR_ID_FIELD,
    name: 'contract_no',
    is_required: 1,
    is_unique: 0,
    searchable: 0,
  });
});
afterAll(() => sim.close());

async function schemaRead(shape: 'live' | 'blueprint') {
  sim.options.optionsShape = shape;
  const { apiKey, apiSecret } = sim.credentials;
  const client = new SplynxClient({
    baseUrl: sim.url,
    auth: { mode: 'api-key-token', apiKey, apiSecret },
  });
  try {
    return await client.options(CUSTOMERS);
  } finally {
    await client.close();
  }
}

describe('optionsShape', () => {
  it('live (the default): {attributes, additional_attributes}', async () => {
    expect(sim.options.optionsShape).toBe('live');
    const res = await api('OPTIONS', CUSTOMERS);
    expect(Object.keys(res.json as object)).toEqual(['attributes', 'additional_attributes']);
  });

  it('blueprint: one array, the attributes then the additional fields (which name a module)', async () => {
    sim.options.optionsShape = 'blueprint';
    try {
      const entries = (await api('OPTIONS', CUSTOMERS)).json as Record<string, unknown>[];
      expect(Array.isArray(entries)).toBe(true);
      const fields = entries.filter((e) => 'module' in e);
      expect(fields.map((f) => [f.name, f.required, f.is_unique, f.searchable])).toEqual([
        ['sonar_id', false, true, true],
        ['contract_no', true, false, false],
      ]);
      expect(
        entries.slice(0, -2).every((e) => Object.keys(e).join() === 'name,title,type,required'),
      ).toBe(true);
    } finally {
      sim.options.optionsShape = 'live';
    }
  });

  it('is set over POST /__sim/options, and refused when unknown', async () => {
    const set = await call(sim, 'POST', '/__sim/options', { body: { optionsShape: 'blueprint' } });
    expect((set.json as { optionsShape: string }).optionsShape).toBe('blueprint');
    expect(Array.isArray((await api('OPTIONS', CUSTOMERS)).json)).toBe(true);
    const bad = await call(sim, 'POST', '/__sim/options', { body: { optionsShape: 'flat' } });
    expect(bad.status).toBe(400);
    await call(sim, 'POST', '/__sim/options', { body: { optionsShape: 'live' } });
  });

  it('s2s reads both shapes into the same schema: fields, required ones, the custom fields', async () => {
    const live = await schemaRead('live');
    const blueprint = await schemaRead('blueprint');
    sim.options.optionsShape = 'live';
    const view = (s: typeof live) => ({
      attributes: s.attributes.map((a) => [a.name, a.required]),
      fields: s.additional_attributes.map((f) => [
        f.name,
        f.is_required,
        f.is_unique,
        f.searchable,
      ]),
    });
    expect(view(blueprint)).toEqual(view(live));
    expect(view(live).fields).toEqual([
      ['sonar_id', 0, 1, 1],
      ['contract_no', 1, 0, 0],
    ]);
    expect(view(live).attributes).toContainEqual(['name', true]);
  });
});
