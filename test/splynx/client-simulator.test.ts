// The client against the real Splynx simulator on loopback, one fault switch at a time.
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { abortableSleep } from '../../source/http/backoff.js';
import {
  type SplynxSimulator,
  type SplynxSimulatorOptions,
  startSplynxSimulator,
} from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import type { Clock, SplynxAuth, SplynxClientOptions } from '../../source/splynx/client-options.js';
import { coerceRecord } from '../../source/splynx/coerce.js';
import { sameValue } from '../../source/splynx/normalise.js';
import { expectApiError } from '../expect-api-error.js';

const CUSTOMERS = 'admin/customers/customer';
const Customer = coerceRecord({
  id: 'id',
  name: 'text',
  login: 'text',
  status: 'text',
  partner_id: 'id',
  parent_id: 'id',
  mrr_total: 'decimal',
  date_add: 'date',
  customer_labels: 'ids',
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Real time, but backoff waits are recorded and skipped. */
function recordingClock(now: () => number = Date.now) {
  const sleeps: number[] = [];
  const clock: Clock = {
    now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
    },
  };
  return { clock, sleeps };
}

async function setup(
  simOptions: SplynxSimulatorOptions = {},
  auth: (sim: SplynxSimulator) => SplynxAuth = (sim) => ({
    mode: 'api-key-token',
    apiKey: sim.credentials.apiKey,
    apiSecret: sim.credentials.apiSecret,
  }),
  clientOptions: Partial<SplynxClientOptions> = {},
) {
  const sim = await startSplynxSimulator(simOptions);
  const { clock, sleeps } = recordingClock();
  const client = new SplynxClient({
    baseUrl: sim.url,
    auth: auth(sim),
    clock,
    ...clientOptions,
  });
  cleanups.push(async () => {
    await client.close();
    await sim.close();
  });
  return { sim, client, sleeps };
}

const requests = (sim: SplynxSimulator, method?: string) =>
  sim.log
    .list((e) => method === undefined || e.method === method)
    .map((e) => `${e.method} ${e.url.split('?')[0]} ${e.status}${e.fault ? ` ${e.fault}` : ''}`);

describe('auth against the simulator', () => {
  it('token flow: logs in once, then every call carries the token', async () => {
    const { sim, client } = await setup();
    await client.check();
    const { id } = await client.create(CUSTOMERS, { name: 'Ann', login: 'ann' });
    expect((await client.get(`${CUSTOMERS}/${id}`, Customer)).login).toBe('ann');
    expect(requests(sim)).toEqual([
      'POST /api/2.0/admin/auth/tokens 201',
      'GET /api/2.0/admin/api/check 200',
      'POST /api/2.0/admin/customers/customer 201',
      `GET /api/2.0/admin/customers/customer/${id} 200`,
    ]);
  });

  it('a token expiring mid-run is renewed and the rejected request replayed', async () => {
    // The client's clock stands still, so only the server's 401 can tell it the token expired.
    const frozen = Date.now();
    const { sim, client } = await setup({ tokenTtlSeconds: 1 }, undefined, {
      clock: recordingClock(() => frozen).clock,
    });
    const { id } = await client.create(CUSTOMERS, { name: 'Bob', login: 'bob' });
    const names: string[] = [];
    while (!sim.log.list().some((e) => e.status === 401)) {
      names.push((await client.get(`${CUSTOMERS}/${id}`, Customer)).name);
      await abortableSleep(100);
    }
    expect(names.every((n) => n === 'Bob')).toBe(true);
    const tail = requests(sim).slice(-3);
    expect(tail[0]).toBe(`GET /api/2.0/admin/customers/customer/${id} 401`);
    expect(tail[1]).toMatch(/^GET \/api\/2\.0\/admin\/auth\/tokens\/[0-9a-f]+ 200$/);
    expect(tail[2]).toBe(`GET /api/2.0/admin/customers/customer/${id} 200`);
  });

  it('signature mode keeps the nonce order a strict-nonce key demands under concurrency', async () => {
    const { sim, client } = await setup(
      { strictNonce: true },
      (s) => ({
        mode: 'api-key-signature',
        apiKey: s.credentials.apiKey,
        apiSecret: s.credentials.apiSecret,
      }),
      { concurrency: 8 },
    );
    await Promise.all(Array.from({ length: 40 }, () => client.check()));
    expect(sim.log.list().map((e) => e.status)).toEqual(Array.from({ length: 40 }, () => 200));
  });

  it('admin login works; basic works only when the key allows it', async () => {
    const admin = await setup({}, (s) => ({
      mode: 'admin',
      login: s.credentials.adminLogin,
      password: s.credentials.adminPassword,
    }));
    await admin.client.check();

    const basic = await setup({ basicAuth: true }, (s) => ({
      mode: 'basic',
      apiKey: s.credentials.apiKey,
      apiSecret: s.credentials.apiSecret,
    }));
    await basic.client.check();
    basic.sim.options.basicAuth = false;
    const error = await expectApiError(basic.client.check());
    expect([error.kind, error.status]).toEqual(['fatal', 401]);
    expect(error.hint).toContain('"Unsecure access"');
  });

  it('a missing permission and a disabled module are fatal with the fix', async () => {
    const { client } = await setup({
      permissions: {
        'admin/customers': ['GET'],
        'admin/api': ['GET'],
        'admin/networking': ['GET'],
      },
    });
    const forbidden = await expectApiError(client.create(CUSTOMERS, { name: 'x' }));
    expect([forbidden.kind, forbidden.status]).toEqual(['fatal', 403]);
    expect(forbidden.hint).toContain('Permissions');
    const disabled = await expectApiError(client.list('admin/networking/cpe', v.unknown()));
    expect([disabled.kind, disabled.status, disabled.internalCode]).toEqual([
      'fatal',
      405,
      'METHOD_DISABLED',
    ]);
  });
});

describe('typing and validation', () => {
  it.each(['v4', 'v5'] as const)(
    '%s records coerce to the same values and verify with sameValue',
    async (typing) => {
      const { client } = await setup({ typing });
      const sent = { name: 'Cy', login: 'cy', status: 'active', partner_id: 1, parent_id: 0 };
      const { id } = await client.create(CUSTOMERS, sent);
      const got = await client.get(`${CUSTOMERS}/${id}`, Customer);
      expect({
        id: got.id,
        partner_id: got.partner_id,
        parent_id: got.parent_id,
        mrr_total: got.mrr_total,
        customer_labels: got.customer_labels,
      }).toEqual({ id, partner_id: 1, parent_id: 0, mrr_total: 0, customer_labels: [] });
      const raw = await client.get(`${CUSTOMERS}/${id}`, v.record(v.string(), v.unknown()));
      for (const [field, value] of Object.entries(sent)) {
        expect([field, sameValue(value, raw[field])]).toEqual([field, true]);
      }
      if (typing === 'v4') expect(raw.id).toBe(String(id));
      else expect(raw.id).toBe(id);
    },
  );

  it.each(['array', 'envelope'] as const)(
    '422 in the %s shape names the fields',
    async (errorShape) => {
      const { client } = await setup({ errorShape });
      await client.create(CUSTOMERS, { name: 'Dee', login: 'dee' });
      const error = await expectApiError(client.create(CUSTOMERS, { name: 'Dee', login: 'dee' }));
      expect([error.kind, error.status]).toEqual(['record', 422]);
      expect(error.fields.map((f) => f.field)).toEqual(['login']);
      expect(error.message).toContain('login: ');
    },
  );
});

describe('fault switches', () => {
  it('commit-then-fail: the create is an unknown outcome, sent once, and the row exists', async () => {
    const { sim, client } = await setup();
    await client.check();
    sim.faults.set({ commitThenFail: 1 });
    const error = await expectApiError(client.create(CUSTOMERS, { name: 'Eve', login: 'eve' }));
    expect([error.kind, error.status]).toEqual(['unknown-outcome', 500]);
    expect(requests(sim, 'POST').slice(1)).toEqual([
      'POST /api/2.0/admin/customers/customer 500 commit-then-fail',
    ]);
    const found = await client.list(CUSTOMERS, Customer, { main: { login: 'eve' } });
    expect(found.map((c) => c.name)).toEqual(['Eve']);
  });

  it('429 is retried after the Retry-After the server sent', async () => {
    const { sim, client, sleeps } = await setup({
      faults: { rateLimitNext: 1, retryAfterSeconds: 3 },
    });
    await client.check();
    expect(sleeps).toEqual([3000]);
    expect(requests(sim)).toEqual([
      'POST /api/2.0/admin/auth/tokens 429 rate-limit',
      'POST /api/2.0/admin/auth/tokens 201',
      'GET /api/2.0/admin/api/check 200',
    ]);
  });

  it('5xx on reads is retried until it succeeds', async () => {
    const { sim, client, sleeps } = await setup();
    await client.check();
    sim.faults.set({ serverErrorOnReads: 2 });
    await client.check();
    expect(sleeps).toHaveLength(2);
    expect(requests(sim, 'GET').map((r) => r.split(' ')[2])).toEqual(['200', '500', '500', '200']);
  });

  it('a held read times out and is retried; a held write is an unknown outcome', async () => {
    const { sim, client } = await setup({}, undefined, { timeoutMs: 300 });
    await client.check();
    sim.faults.set({ timeoutNext: 1, timeoutMs: 5_000 });
    await client.check();
    sim.faults.set({ timeoutNext: 1, timeoutMs: 5_000 });
    const error = await expectApiError(client.create(CUSTOMERS, { name: 'Fay' }));
    expect([error.kind, error.status]).toEqual(['unknown-outcome', undefined]);
  });
});

describe('listing, counting, schema', () => {
  it('listAll pages in id order; count and options agree with the data', async () => {
    const { sim, client } = await setup();
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++) {
      ids.push(
        (
          await client.create(CUSTOMERS, {
            name: `P${i}`,
            login: `p${i}`,
            status: i % 2 ? 'active' : 'new',
          })
        ).id,
      );
    }
    const pages: number[][] = [];
    for await (const page of client.listAll(CUSTOMERS, Customer, { pageSize: 3 })) {
      pages.push(page.map((c) => c.id));
    }
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(await client.count(CUSTOMERS)).toBe(7);
    expect(await client.count(CUSTOMERS, { main: { status: 'active' } })).toBe(4);
    expect(await client.count(CUSTOMERS, { main: { login: ['IN', ['p1', 'p2', 'zz']] } })).toBe(2);

    const schema = await client.options(CUSTOMERS);
    await client.options(CUSTOMERS);
    expect(schema.attributes.find((a) => a.name === 'name')).toMatchObject({
      required: true,
      title: 'Full name',
    });
    expect(requests(sim, 'OPTIONS')).toHaveLength(1);
  });
});
