// The lying-answer switch: each kind on the wire, the write behind it really done, the counter
// and the filters honoured, and the switch reachable over POST /__sim/options.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NGINX_502_PAGE, PHP_NOTICE } from '../../../source/simulators/splynx/lies.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { call, session } from './client.js';

const VENDORS = 'admin/inventory/vendors';
let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.options.lieNext = null;
});

const vendorNames = () => sim.db.rows('inventory_vendors').map((row) => row.name);

describe('lying answers', () => {
  it('is off by default', async () => {
    const fresh = await startSplynxSimulator();
    try {
      expect(fresh.options.lieNext).toBeNull();
      expect((await call(fresh, 'GET', '/__sim/options')).json).toMatchObject({ lieNext: null });
    } finally {
      await fresh.close();
    }
  });

  it('non-json: 200 text/plain with a PHP notice, for exactly the next N requests', async () => {
    sim.options.lieNext = { kind: 'non-json', count: 2 };
    for (let i = 0; i < 2; i++) {
      const res = await api('GET', VENDORS);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(res.text).toBe(PHP_NOTICE);
    }
    expect(sim.options.lieNext).toBeNull();
    const honest = await api('GET', VENDORS);
    expect(honest.status).toBe(200);
    expect(Array.isArray(honest.json)).toBe(true);
  });

  it('html-error: 502 with the nginx page; a write behind it is still done', async () => {
    sim.options.lieNext = { kind: 'html-error', count: 1, method: 'POST' };
    const res = await api('POST', VENDORS, { name: 'Behind the proxy' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('server')).toBe('nginx');
    expect(res.text).toBe(NGINX_502_PAGE);
    expect(vendorNames()).toContain('Behind the proxy');
  });

  it('error-envelope-200: a success status carrying the error envelope', async () => {
    sim.options.lieNext = { kind: 'error-envelope-200', count: 1 };
    const res = await api('GET', `${VENDORS}/1`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      error: { message: 'Internal server error', code: 500, internal_code: 'SERVER_ERROR' },
    });
  });

  it('missing-id: the create happens, the answer is 201 {}', async () => {
    sim.options.lieNext = { kind: 'missing-id', count: 1, method: 'POST' };
    const res = await api('POST', VENDORS, { name: 'No id for you' });
    expect([res.status, res.text]).toEqual([201, '{}']);
    expect(vendorNames().filter((name) => name === 'No id for you')).toHaveLength(1);
  });

  it('empty-object: a create is answered 201 {} whatever names the record (an id, a field name)', async () => {
    sim.options.lieNext = { kind: 'empty-object', count: 2, method: 'POST' };
    const vendor = await api('POST', VENDORS, { name: 'Empty answer' });
    expect([vendor.status, vendor.text]).toEqual([201, '{}']);
    const field = await api('POST', 'admin/config/additional-fields/inventory_vendors', {
      name: 'remark',
      title: 'Remark',
      type: 'string',
      is_required: 0,
      is_unique: 0,
      is_add: 1,
      show_in_list: 0,
      searchable: 0,
      readonly: 0,
      disabled: 0,
    });
    expect([field.status, field.text]).toEqual([201, '{}']);
    expect(vendorNames().filter((name) => name === 'Empty answer')).toHaveLength(1);
    expect(sim.db.rows('additional_fields').map((f) => f.name)).toContain('remark');
  });

  it('truncated: half the JSON, with a Content-Length that matches what was sent', async () => {
    const whole = (await api('GET', `${VENDORS}/1`)).text;
    sim.options.lieNext = { kind: 'truncated', count: 1 };
    const res = await api('GET', `${VENDORS}/1`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(res.text)));
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('truncated on a bodiless write: 200 with a cut "ok" object, and the update is done', async () => {
    const created = await api('POST', VENDORS, { name: 'Before' });
    const id = (created.json as { id: number }).id;
    sim.options.lieNext = { kind: 'truncated', count: 1, method: 'PUT' };
    const res = await api('PUT', `${VENDORS}/${id}`, { name: 'After' });
    expect([res.status, res.text]).toEqual([200, '{"statu']);
    expect(sim.db.rows('inventory_vendors').find((row) => row.id === id)?.name).toBe('After');
  });

  it('the method and path filters leave other requests honest and the counter untouched', async () => {
    sim.options.lieNext = { kind: 'non-json', count: 1, method: 'POST', path: VENDORS };
    expect((await api('GET', VENDORS)).status).toBe(200);
    expect(
      (await api('POST', 'admin/administration/partners', { name: 'Honest partner' })).status,
    ).toBe(201);
    expect(sim.options.lieNext).toEqual({
      kind: 'non-json',
      count: 1,
      method: 'POST',
      path: VENDORS,
    });
    expect((await api('POST', VENDORS, { name: 'Lied about' })).text).toBe(PHP_NOTICE);
    expect(sim.options.lieNext).toBeNull();
  });

  it('spares token requests unless the path filter names them', async () => {
    sim.options.lieNext = { kind: 'html-error', count: 1 };
    await session(sim);
    expect(sim.options.lieNext).toMatchObject({ count: 1 });
    sim.options.lieNext = { kind: 'html-error', count: 1, path: 'admin/auth/tokens' };
    await expect(session(sim)).rejects.toThrow(/^login failed: 502 <html>/);
  });

  it('is set and cleared over POST /__sim/options, validated, and marked in the request log', async () => {
    const set = await call(sim, 'POST', '/__sim/options', {
      body: { lieNext: { kind: 'error-envelope-200', count: 3, method: 'GET' } },
    });
    expect(set.status).toBe(200);
    expect((set.json as { lieNext: unknown }).lieNext).toEqual({
      kind: 'error-envelope-200',
      count: 3,
      method: 'GET',
    });
    await api('GET', VENDORS);
    const log = (await call(sim, 'GET', '/__sim/requests')).json as {
      requests: { method: string; url: string; fault?: string }[];
    };
    expect(log.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: `/api/2.0/${VENDORS}`,
      fault: 'lie:error-envelope-200',
    });
    const bad = await call(sim, 'POST', '/__sim/options', {
      body: { lieNext: { kind: 'lying', count: 1 } },
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { message: string } }).error.message).toMatch(/^lieNext\.kind: /);
    await call(sim, 'POST', '/__sim/options', { body: { lieNext: null } });
    expect(sim.options.lieNext).toBeNull();
  });

  it('can be given at start-up', async () => {
    const started = await startSplynxSimulator({ lieNext: { kind: 'missing-id' } });
    try {
      expect(started.options.lieNext).toEqual({ kind: 'missing-id', count: 1 });
    } finally {
      await started.close();
    }
  });
});
