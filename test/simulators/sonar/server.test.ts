import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { entities, gql } from './client.js';
import { buildFixture } from './fixture.js';

let sim: SonarSimulator;
let limited: SonarSimulator;

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: { tables: buildFixture() }, token: 'test-token' });
  limited = await startSonarSimulator({
    dataset: { tables: buildFixture() },
    rateLimitPerMinute: 2,
  });
});

afterAll(async () => {
  await sim.close();
  await limited.close();
});

afterEach(() => sim.faults.reset());

const query = JSON.stringify({ query: '{ accounts(id: 1) { entities { name } } }' });

function post(path: string, headers: Record<string, string>, signal?: AbortSignal) {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: query,
    signal,
  });
}

describe('transport', () => {
  it('listens on loopback and names its endpoint', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.endpoint).toBe(`${sim.url}/api/graphql`);
    expect(sim.token).toBe('test-token');
  });

  it('answers 401 Unauthenticated without a token or with a wrong one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: 'test-token' },
    ];
    for (const headers of attempts) {
      const response = await post('/api/graphql', headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthenticated.' });
    }
  });

  it('answers on /api/graphql and /api/graphql/', async () => {
    for (const path of ['/api/graphql', '/api/graphql/']) {
      const response = await post(path, { authorization: 'Bearer test-token' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        data: { accounts: { entities: [{ name: 'Alice Smith' }] } },
      });
    }
  });

  it('refuses GET on the endpoint and a body that is not a GraphQL request', async () => {
    expect((await fetch(sim.endpoint)).status).toBe(405);
    const response = await fetch(sim.endpoint, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: '{"variables": {}}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'Invalid request body at "query": Invalid key: Expected "query" but received undefined',
        },
      ],
    });
    const broken = await fetch(sim.endpoint, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.' }],
    });
  });

  it('logs requests without the Authorization header', async () => {
    sim.log.clear();
    await post('/api/graphql', { authorization: 'Bearer test-token' });
    await fetch(`${sim.endpoint}?page=2`);
    const response = await fetch(`${sim.url}/__sim/requests`);
    const text = await response.text();
    expect(text).not.toContain('test-token');
    const body = JSON.parse(text) as {
      requests: { method: string; url: string; status: number; body: unknown }[];
    };
    expect(
      body.requests.map(({ method, url, status, body }) => ({ method, url, status, body })),
    ).toEqual([
      {
        method: 'POST',
        url: '/api/graphql',
        status: 200,
        body: { query: '{ accounts(id: 1) { entities { name } } }', variables: null },
      },
      { method: 'GET', url: '/api/graphql?page=2', status: 405, body: undefined },
    ]);
  });
});

describe('faults', () => {
  const authorized = { authorization: 'Bearer test-token' };

  it('adds latency', async () => {
    sim.faults.set({ latencyMs: 120 });
    sim.log.clear();
    expect((await post('/api/graphql', authorized)).status).toBe(200);
    expect(sim.log.list()[0]!.ms).toBeGreaterThanOrEqual(100);
  });

  it('answers 429 with Retry-After and the documented body, then recovers', async () => {
    sim.faults.set({ rateLimitNext: 1, retryAfterSeconds: 7 });
    const limitedResponse = await post('/api/graphql', authorized);
    expect(limitedResponse.status).toBe(429);
    expect(limitedResponse.headers.get('retry-after')).toBe('7');
    expect(await limitedResponse.json()).toEqual({ error: 'Request limit of 400/min reached.' });
    expect((await post('/api/graphql', authorized)).status).toBe(200);
  });

  it('fails reads with 500 HTML, then 503 JSON, then recovers', async () => {
    sim.faults.set({ serverErrorOnReads: 2 });
    const first = await post('/api/graphql', authorized);
    expect(first.status).toBe(500);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await first.text()).toContain('500 | Server Error');
    const second = await post('/api/graphql', authorized);
    expect(second.status).toBe(503);
    expect(await second.json()).toEqual({ message: 'Service Unavailable' });
    expect((await post('/api/graphql', authorized)).status).toBe(200);
  });

  it('holds a request until the client gives up', async () => {
    sim.faults.set({ timeoutNext: 1, timeoutMs: 60_000 });
    sim.log.clear();
    const controller = new AbortController();
    const pending = post('/api/graphql', authorized, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    for (let i = 0; i < 100 && sim.log.list().length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(sim.log.list().map((entry) => [entry.status, entry.fault])).toEqual([[0, 'timeout']]);
    expect((await post('/api/graphql', authorized)).status).toBe(200);
  });

  it('enforces the optional per-minute limit', async () => {
    const send = () =>
      fetch(limited.endpoint, {
        method: 'POST',
        headers: { authorization: 'Bearer sonar-demo-token', 'content-type': 'application/json' },
        body: query,
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const third = await send();
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ error: 'Request limit of 2/min reached.' });
    const wait = Number(third.headers.get('retry-after'));
    expect(wait >= 1 && wait <= 60).toBe(true);
  });
});

describe('inspection routes', () => {
  it('reports health', async () => {
    const response = await fetch(`${sim.url}/__sim/health`);
    expect(await response.json()).toEqual({ ok: true, accounts: 5 });
  });

  it('reads and merges fault settings, rejecting bad ones with dot-paths', async () => {
    const merged = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ serverErrorOnReads: 1 }),
    });
    expect(merged.status).toBe(200);
    const current = (await (await fetch(`${sim.url}/__sim/faults`)).json()) as Record<
      string,
      unknown
    >;
    expect(current.serverErrorOnReads).toBe(1);
    expect(sim.faults.current.serverErrorOnReads).toBe(1);
    const bad = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: -5 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: 'Invalid fault settings.',
      issues: [{ path: 'latencyMs', message: 'Invalid value: Expected >=0 but received -5' }],
    });
  });

  it('PATCHes a record so the next query sees the fix and a new _version', async () => {
    const patch = (path: string, body: unknown) =>
      fetch(`${sim.url}/__sim/records/${path}`, { method: 'PATCH', body: JSON.stringify(body) });
    const response = await patch('accounts/3', { name: 'Carol Jones' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { record: { name: string } }).record.name).toBe(
      'Carol Jones',
    );
    // Moving a contact to another account must refresh the relation index too.
    expect((await patch('contacts/3', { contactable_id: 3 })).status).toBe(200);
    expect(
      await entities(
        sim,
        '{ accounts(id: 3) { entities { name _version contacts { entities { id } } } } }',
      ),
    ).toEqual([{ name: 'Carol Jones', _version: '2', contacts: { entities: [{ id: '3' }] } }]);
    expect((await patch('accounts/99', { name: 'x' })).status).toBe(404);
    expect((await patch('dragons/1', { name: 'x' })).status).toBe(404);
    expect((await patch('accounts/1', [1])).status).toBe(400);
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${sim.url}/__sim/nothing`)).status).toBe(404);
    expect((await fetch(`${sim.url}/`)).status).toBe(404);
  });
});

describe('errors during execution', () => {
  it('returns partial data with errors', async () => {
    const reply = await gql(
      sim,
      '{ accounts(id: 1) { entities { id account_status(search: {exists: ["nope"]}) { id } } } }',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      errors: [
        {
          message: '"nope" is not a searchable field of AccountStatus.',
          locations: [{ line: 1, column: 35 }],
          path: ['accounts', 'entities', 0, 'account_status'],
        },
      ],
      data: { accounts: { entities: [{ id: '1', account_status: null }] } },
    });
  });
});
