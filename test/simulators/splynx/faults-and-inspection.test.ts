import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { call, session } from './client.js';

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.reset());

describe('faults', () => {
  it('answers 429 with Retry-After for the next N requests', async () => {
    sim.faults.set({ rateLimitNext: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const res = await api('GET', 'admin/administration/partners');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json).toEqual({
        error: { message: 'Too many requests', code: 429, internal_code: 'TOO_MANY_REQUESTS' },
      });
    }
    expect((await api('GET', 'admin/administration/partners')).status).toBe(200);
  });

  it('fails reads with 500 but lets writes through', async () => {
    sim.faults.set({ serverErrorOnReads: 1 });
    expect((await api('POST', 'admin/inventory/vendors', { name: 'Write ok' })).status).toBe(201);
    const read = await api('GET', 'admin/inventory/vendors');
    expect(read.status).toBe(500);
    expect(read.json).toEqual({
      error: { message: 'Internal server error', code: 500, internal_code: 'SERVER_ERROR' },
    });
    expect((await api('GET', 'admin/inventory/vendors')).status).toBe(200);
  });

  it('commits the row, then answers 500 (commit-then-fail)', async () => {
    sim.faults.set({ commitThenFail: 1 });
    const res = await api('POST', 'admin/inventory/vendors', { name: 'Ghost' });
    expect(res.status).toBe(500);
    const found = await api('GET', 'admin/inventory/vendors?main_attributes[name]=Ghost');
    expect(found.json).toEqual([expect.objectContaining({ name: 'Ghost' })]);
    expect(sim.log.list((e) => e.fault === 'commit-then-fail')).toHaveLength(1);
  });

  it('holds the answer on a timeout so the client gives up', async () => {
    sim.faults.set({ timeoutNext: 1, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${sim.apiBase}/admin/api/check`, { signal: controller.signal });
    const outcome = pending.then(
      () => 'answered',
      (error: Error) => error.name,
    );
    setTimeout(() => controller.abort(), 50);
    expect(await outcome).toBe('AbortError');
    expect(sim.faults.current.timeoutNext).toBe(0);
  });

  it('adds latency before answering', async () => {
    sim.faults.set({ latencyMs: 30 });
    const res = await api('GET', 'admin/administration/locations');
    expect(res.status).toBe(200);
    const entry = sim.log.list((e) => e.url === '/api/2.0/admin/administration/locations').at(-1);
    expect(entry?.ms).toBeGreaterThanOrEqual(29);
  });
});

describe('request log', () => {
  it('records writes without passwords or the Authorization header', async () => {
    await api('POST', 'admin/administration/administrators', {
      login: 'logged',
      name: 'Logged',
      email: 'l@x.io',
      password: 'super-secret-pw',
    });
    const entry = sim.log
      .list((e) => e.url === '/api/2.0/admin/administration/administrators')
      .at(-1);
    expect(entry?.status).toBe(201);
    expect(entry?.body).toEqual({
      login: 'logged',
      name: 'Logged',
      email: 'l@x.io',
      password: '[redacted]',
    });
    expect(JSON.stringify(sim.log.list())).not.toContain('super-secret-pw');
    expect(JSON.stringify(sim.log.list())).not.toContain('demo-api-secret');
  });
});

describe('inspection routes', () => {
  it('serves health, state, requests', async () => {
    expect((await call(sim, 'GET', '/__sim/health')).json).toEqual({ status: 'ok' });
    const partners = await call(sim, 'GET', '/__sim/state?table=partners');
    expect(partners.json).toEqual({ table: 'partners', rows: [{ id: 1, name: 'Main' }] });
    const all = (await call(sim, 'GET', '/__sim/state')).json as {
      tables: Record<string, unknown[]>;
    };
    expect(all.tables.transaction_categories).toHaveLength(5);
    expect(all.tables.payment_methods?.map((r) => (r as { id: number }).id)).toEqual([
      1, 2, 3, 5, 6,
    ]);
    expect(all.tables.inventory_stocks).toHaveLength(2);
    expect(all.tables.taxes).toHaveLength(2);
    expect(all.tables.administrators?.[0]).toMatchObject({
      login: 'admin',
      role_name: 'super-administrator',
      password: '[redacted]',
    });
    const requests = (await call(sim, 'GET', '/__sim/requests')).json as {
      requests: Array<{ url: string }>;
    };
    expect(requests.requests.some((r) => r.url === '/api/2.0/admin/auth/tokens')).toBe(true);
    expect((await call(sim, 'GET', '/__sim/state?table=nope')).status).toBe(404);
  });

  it('reads and sets faults and options', async () => {
    const set = await call(sim, 'POST', '/__sim/faults', { body: { rateLimitNext: 1 } });
    expect(set.json).toMatchObject({ rateLimitNext: 1 });
    expect((await call(sim, 'GET', '/__sim/faults')).json).toMatchObject({ rateLimitNext: 1 });
    expect((await api('GET', 'admin/api/check')).status).toBe(429);
    expect((await call(sim, 'POST', '/__sim/faults', { body: { rateLimitNext: -1 } })).status).toBe(
      400,
    );

    const opts = await call(sim, 'POST', '/__sim/options', {
      body: { typing: 'v4', permissions: { admin: ['GET'] } },
    });
    expect(opts.json).toMatchObject({ typing: 'v4', permissions: { admin: ['GET'] } });
    expect((await api('GET', 'admin/administration/partners/1')).json).toMatchObject({ id: '1' });
    expect((await api('POST', 'admin/administration/partners', { name: 'P' })).status).toBe(403);
    await call(sim, 'POST', '/__sim/options', { body: { typing: 'v5', permissions: null } });
    expect((await call(sim, 'GET', '/__sim/options')).json).toMatchObject({
      typing: 'v5',
      errorShape: 'array',
    });
    expect((await call(sim, 'POST', '/__sim/options', { body: { typing: 'v3' } })).status).toBe(
      400,
    );
  });

  it('patches a row behind the API', async () => {
    const id = (
      (await api('POST', 'admin/customers/customer', { name: 'Before' })).json as { id: number }
    ).id;
    const patched = await call(sim, 'PATCH', `/__sim/records/customers/${id}`, {
      body: { name: 'After', city: 'Ops' },
    });
    expect(patched.status).toBe(200);
    expect((await api('GET', `admin/customers/customer/${id}`)).json).toMatchObject({
      name: 'After',
      city: 'Ops',
    });
    expect((await call(sim, 'PATCH', '/__sim/records/customers/9999', { body: {} })).status).toBe(
      404,
    );
  });
});
