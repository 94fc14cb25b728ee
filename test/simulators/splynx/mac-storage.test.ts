// The `normaliseMacs` switch: how a real Splynx reportedly stores an internet service's MACs
// (inferred from a real client, see source/simulators/splynx/coerce.ts), and the default that
// keeps them as sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseMacs } from '../../../source/simulators/splynx/coerce.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { call, session } from './client.js';

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
let path: string;
let tariffId: number;
let logins = 0;

beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
  const tariff = await api('POST', 'admin/tariffs/internet', {
    title: 'Fiber 100',
    speed_download: 102400,
    speed_upload: 51200,
    price: 49.5,
    billing_types: ['recurring'],
    partners_ids: [1],
    customer_categories: ['person', 'company'],
    available_for_locations: [1],
  });
  expect(tariff.status).toBe(201);
  const customer = await api('POST', 'admin/customers/customer', {
    name: 'Macs',
    status: 'active',
  });
  path = `admin/customers/customer/${(customer.json as { id: number }).id}/internet-services`;
  tariffId = (tariff.json as { id: number }).id;
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.options.normaliseMacs = false;
});

async function storedMac(mac: string): Promise<unknown> {
  const created = await api('POST', path, {
    tariff_id: tariffId,
    status: 'active',
    description: 'Internet',
    quantity: 1,
    start_date: '2024-01-01',
    taking_ipv4: 0,
    login: `mac-${++logins}`,
    mac,
  });
  expect(created.status).toBe(201);
  const id = (created.json as { id: number }).id;
  return ((await api('GET', `${path}--${id}`)).json as { mac: unknown }).mac;
}

describe('normaliseMacs', () => {
  it('is off by default: MACs are kept as sent', async () => {
    expect(await storedMac('2c:c8:1b:bd:c9:ab,00:e0:4c:68:7e:6a')).toBe(
      '2c:c8:1b:bd:c9:ab,00:e0:4c:68:7e:6a',
    );
  });

  it('stores them upper-case, without separators, the list joined by ", "', async () => {
    sim.options.normaliseMacs = true;
    expect(await storedMac('2c:c8:1b:bd:c9:ab,00-e0-4c-68-7e-6a')).toBe(
      '2CC81BBDC9AB, 00E04C687E6A',
    );
    expect(await storedMac('2cc8.1bbd.c9ab')).toBe('2CC81BBDC9AB');
  });

  it('normalises on update too, and is switched through /__sim/options', async () => {
    const patch = await call(sim, 'POST', '/__sim/options', { body: { normaliseMacs: true } });
    expect(patch.json).toMatchObject({ normaliseMacs: true });
    const created = await api('POST', path, {
      tariff_id: tariffId,
      status: 'active',
      description: 'Internet',
      quantity: 1,
      start_date: '2024-01-01',
      taking_ipv4: 0,
      login: `mac-${++logins}`,
    });
    const id = (created.json as { id: number }).id;
    expect((await api('PUT', `${path}--${id}`, { mac: 'aa:bb:cc:dd:ee:ff' })).status).toBe(202);
    expect(((await api('GET', `${path}--${id}`)).json as { mac: unknown }).mac).toBe(
      'AABBCCDDEEFF',
    );
    await call(sim, 'POST', '/__sim/options', { body: { normaliseMacs: false } });
    expect(sim.options.normaliseMacs).toBe(false);
  });

  it('keeps what is not a MAC as sent', () => {
    expect(normaliseMacs('aa:bb:cc:dd:ee:ff; router-7')).toBe('AABBCCDDEEFF, router-7');
  });
});
