// Our OPTIONS answers against the ones captured from a real Splynx (live-endpoints.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../../source/simulators/splynx/definitions/index.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { session } from './client.js';

interface LiveAttribute {
  name: string;
  type: string;
  required: boolean;
}
interface LiveEndpoint {
  status: number;
  schema: { attributes?: LiveAttribute[] } | null;
}

const live = JSON.parse(
  readFileSync(
    path.resolve(process.cwd(), '../shared/reference/splynx/live-endpoints.json'),
    'utf8',
  ),
) as { endpoint_analysis: Record<string, LiveEndpoint> };

const withSchema = COLLECTIONS.filter((d) => live.endpoint_analysis[d.path]?.schema?.attributes);

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
});
afterAll(() => sim.close());

const key = (a: LiveAttribute) => `${a.name}:${a.type}:${a.required}`;

describe('OPTIONS matches the live instance', () => {
  it('covers the endpoints the live capture has schemas for', () => {
    expect(withSchema.map((d) => d.path).sort()).toEqual([
      'admin/administration/administrators',
      'admin/administration/locations',
      'admin/administration/partners',
      'admin/customers/customer',
      'admin/finance/invoices',
      'admin/finance/payment-methods',
      'admin/finance/payments',
      'admin/finance/transaction-categories',
      'admin/finance/transactions',
      'admin/inventory/items',
      'admin/inventory/vendors',
      'admin/networking/ipv4',
      'admin/networking/ipv6',
      'admin/tariffs/internet',
      'admin/tariffs/one-time',
    ]);
  });

  it.each(withSchema.map((d) => [d.path]))(
    '%s: attributes (name, type, required)',
    async (endpoint) => {
      const res = await api('OPTIONS', endpoint);
      expect(res.status).toBe(200);
      const ours = (res.json as { attributes: LiveAttribute[] }).attributes.map(key).sort();
      const theirs = (live.endpoint_analysis[endpoint]?.schema?.attributes ?? []).map(key).sort();
      expect(ours).toEqual(theirs);
    },
  );

  it('answers 405 where the live instance did (tariffs/recurring)', async () => {
    expect(live.endpoint_analysis['admin/tariffs/recurring']?.schema).toBeNull();
    expect((await api('OPTIONS', 'admin/tariffs/recurring')).status).toBe(405);
  });
});
