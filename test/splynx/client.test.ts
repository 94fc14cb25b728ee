import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../../source/errors.js';
import { SplynxClient } from '../../source/splynx/client.js';
import type { RequestEvent, SplynxClientOptions } from '../../source/splynx/client-options.js';
import { normaliseBaseUrl } from '../../source/splynx/client-options.js';
import { coerceRecord } from '../../source/splynx/coerce.js';
import { expectApiError } from '../expect-api-error.js';
import { API, fakeClock, JSON_HEADERS, mockSplynx, ORIGIN } from './wire.js';

const KEY = 'key-0123456789abcdef';
const SECRET = 'secret-fedcba9876543210';
const Customer = coerceRecord({ id: 'id', name: 'text', status: 'text' });
const CUSTOMERS = `${API}/admin/customers/customer`;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

function setup(extra: Partial<SplynxClientOptions> = {}) {
  const { agent, pool } = mockSplynx();
  const time = fakeClock();
  const events: RequestEvent[] = [];
  const client = new SplynxClient({
    baseUrl: ORIGIN,
    auth: { mode: 'basic', apiKey: KEY, apiSecret: SECRET },
    dispatcher: agent,
    clock: time.clock,
    backoff: { attempts: 3 },
    onRequest: (e) => events.push(e),
    ...extra,
  });
  closers.push(async () => {
    await client.close();
    await agent.close();
  });
  return { agent, pool, client, time, events };
}

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://isp.example', 'https://isp.example/api/2.0'],
    ['https://isp.example/', 'https://isp.example/api/2.0'],
    ['https://isp.example/api/2.0/', 'https://isp.example/api/2.0'],
    ['http://127.0.0.1:8080/splynx?x=1', 'http://127.0.0.1:8080/splynx/api/2.0'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseBaseUrl(input)).toBe(expected);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => normaliseBaseUrl('isp.example')).toThrow('is not a valid URL');
    expect(() => normaliseBaseUrl('ftp://isp.example')).toThrow('must start with http');
  });
});

describe('reads', () => {
  it('get validates and coerces; 404 is a record error; find turns it into undefined', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: `${CUSTOMERS}/7` })
      .reply(200, { id: '7', name: 'Ann', status: 'active' }, { headers: JSON_HEADERS });
    expect(await client.get('admin/customers/customer/7', Customer)).toEqual({
      id: 7,
      name: 'Ann',
      status: 'active',
    });

    const notFound = { error: { message: 'Not found', code: 404, internal_code: 'NOT_FOUND' } };
    pool
      .intercept({ path: `${CUSTOMERS}/8` })
      .reply(404, notFound, { headers: JSON_HEADERS })
      .times(2);
    const error = await expectApiError(client.get('/admin/customers/customer/8', Customer));
    expect([error.kind, error.status, error.internalCode]).toEqual(['record', 404, 'NOT_FOUND']);
    expect(await client.find('admin/customers/customer/8', Customer)).toBeUndefined();
  });

  it('a schema mismatch names the dot-path in the response', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: CUSTOMERS }).reply(
      200,
      [
        { id: 1, name: 'A', status: 'new' },
        { id: 'x', name: 'B', status: 'new' },
      ],
      {
        headers: JSON_HEADERS,
      },
    );
    const error = await expectApiError(client.list('admin/customers/customer', Customer));
    expect(error.kind).toBe('record');
    expect(error.fields).toEqual([{ field: '1.id', message: 'expected an id, got "x"' }]);
  });

  it('list sends filters, order and paging in PHP bracket syntax', async () => {
    const { pool, client } = setup();
    let path = '';
    pool.intercept({ path: (p) => p.startsWith(CUSTOMERS) }).reply((opts) => {
      path = opts.path;
      return { statusCode: 200, data: [], responseOptions: { headers: JSON_HEADERS } };
    });
    await client.list('admin/customers/customer', Customer, {
      main: { status: ['IN', ['active', 'blocked']] },
      additional: { sonar_id: '42' },
      order: { id: 'ASC' },
      limit: 5,
      offset: 10,
    });
    expect(decodeURIComponent(path)).toBe(
      `${CUSTOMERS}?main_attributes[status][0]=IN&main_attributes[status][1][0]=active` +
        '&main_attributes[status][1][1]=blocked&additional_attributes[sonar_id]=42' +
        '&order[id]=ASC&limit=5&offset=10',
    );
  });

  it('listAll pages by id until a short page', async () => {
    const { pool, client } = setup();
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id, name: `c${id}`, status: 'active' }));
    const asked: string[] = [];
    pool
      .intercept({ path: (p) => p.startsWith(CUSTOMERS) })
      .reply((opts) => {
        const query = new URLSearchParams(opts.path.split('?')[1]);
        asked.push(decodeURIComponent(opts.path.split('?')[1] ?? ''));
        const offset = Number(query.get('offset'));
        const limit = Number(query.get('limit'));
        return {
          statusCode: 200,
          data: rows.slice(offset, offset + limit),
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .times(3);
    const pages: number[][] = [];
    for await (const page of client.listAll('admin/customers/customer', Customer, {
      main: { status: 'active' },
      pageSize: 2,
    })) {
      pages.push(page.map((c) => c.id));
    }
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
    expect(asked).toEqual([
      'main_attributes[status]=active&order[id]=ASC&limit=2&offset=0',
      'main_attributes[status]=active&order[id]=ASC&limit=2&offset=2',
      'main_attributes[status]=active&order[id]=ASC&limit=2&offset=4',
    ]);
  });

  it('count reads X-total-count from HEAD with the same filters', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: `${CUSTOMERS}?main_attributes%5Bstatus%5D=active`,
        method: 'HEAD',
      })
      .reply(204, '', { headers: { 'x-total-count': '1234' } });
    expect(await client.count('admin/customers/customer', { main: { status: 'active' } })).toBe(
      1234,
    );
    pool.intercept({ path: CUSTOMERS, method: 'HEAD' }).reply(204, '');
    const error = await expectApiError(client.count('admin/customers/customer'));
    expect(error.kind).toBe('fatal');
    expect(error.message).toContain('without a usable X-total-count header');
  });

  it('options is fetched once per path and accepts the object and the bare-array shapes', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: CUSTOMERS, method: 'OPTIONS' }).reply(
      200,
      {
        attributes: [{ name: 'name', title: 'Full name', type: 'string', required: true }],
        additional_attributes: [
          { name: 'sonar_id', title: 'Sonar id', type: 'string', is_unique: '1', searchable: '1' },
        ],
      },
      { headers: JSON_HEADERS },
    );
    const [a, b] = await Promise.all([
      client.options('admin/customers/customer'),
      client.options('admin/customers/customer/'),
    ]);
    expect(a).toBe(b);
    expect(a.attributes).toEqual([
      { name: 'name', title: 'Full name', type: 'string', required: true },
    ]);
    expect(a.additional_attributes[0]).toMatchObject({
      name: 'sonar_id',
      is_unique: 1,
      searchable: 1,
      is_required: 0,
    });
    expect(await client.options('admin/customers/customer')).toBe(a);

    pool
      .intercept({ path: `${API}/admin/tariffs/internet`, method: 'OPTIONS' })
      .reply(200, [{ name: 'title', required: '1' }], { headers: JSON_HEADERS });
    expect(await client.options('admin/tariffs/internet')).toEqual({
      attributes: [{ name: 'title', title: '', type: 'string', required: true }],
      additional_attributes: [],
    });
  });
});

describe('options caching', () => {
  it('one caller giving up does not cancel the shared fetch for the others', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: CUSTOMERS, method: 'OPTIONS' })
      .reply(200, { attributes: [{ name: 'name', required: true }] }, { headers: JSON_HEADERS })
      .delay(50);
    const impatient = new AbortController();
    const first = client.options('admin/customers/customer', impatient.signal);
    const second = client.options('admin/customers/customer');
    impatient.abort();
    await expect(first).rejects.toSatisfy(isAbortError);
    expect((await second).attributes.map((a) => a.name)).toEqual(['name']);
  });
});

describe('writes', () => {
  it('create returns the numeric id from 201', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: CUSTOMERS, method: 'POST', body: '{"name":"Ann"}' })
      .reply(201, { id: '12' }, { headers: JSON_HEADERS });
    expect(await client.create('admin/customers/customer', { name: 'Ann' })).toEqual({ id: 12 });
  });

  it('202 and 204 bodies are never parsed, however odd', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: `${CUSTOMERS}/3`, method: 'PUT' })
      .reply(202, '<<not json{', { headers: JSON_HEADERS });
    pool.intercept({ path: `${CUSTOMERS}/3`, method: 'DELETE' }).reply(204, 'garbage');
    await expect(client.update('admin/customers/customer/3', { name: 'B' })).resolves.toBe(
      undefined,
    );
    await expect(client.remove('admin/customers/customer/3')).resolves.toBe(undefined);
  });
});

describe('422 validation errors', () => {
  const issues = [
    { field: 'login', message: 'Login "42" has already been taken.' },
    { field: 'email', message: 'Email is not a valid email address.' },
  ];

  it.each([
    ['the Yii array', issues],
    [
      'the error envelope',
      {
        error: {
          message: issues[0]?.message,
          code: 422,
          internal_code: 'INVALID_INPUT_DATA',
          fields: issues,
        },
      },
    ],
  ])('%s becomes one record error naming the fields', async (_shape, body) => {
    const { pool, client } = setup();
    pool.intercept({ path: CUSTOMERS, method: 'POST' }).reply(422, body, { headers: JSON_HEADERS });
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect(error.kind).toBe('record');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual(issues);
    expect(error.message).toBe(
      'Splynx POST admin/customers/customer failed with 422: login: Login "42" has already been taken.; email: Email is not a valid email address.',
    );
    expect(error.body).toBe(JSON.stringify(body));
  });

  it('an envelope with field → messages also names the fields', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: CUSTOMERS, method: 'POST' }).reply(
      422,
      {
        error: {
          message: 'Invalid input',
          code: 422,
          internal_code: 'INVALID_INPUT_DATA',
          errors: { city: ['City should contain at most 32 characters.'] },
        },
      },
      { headers: JSON_HEADERS },
    );
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect(error.internalCode).toBe('INVALID_INPUT_DATA');
    expect(error.fields).toEqual([
      { field: 'city', message: 'City should contain at most 32 characters.' },
    ]);
  });
});

describe('retries', () => {
  it('429 waits for Retry-After, holds the shared limiter, then succeeds', async () => {
    const { pool, client, time, events } = setup();
    pool.intercept({ path: `${CUSTOMERS}/1` }).reply(429, '', { headers: { 'retry-after': '2' } });
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(200, { id: 1, name: 'A', status: 'new' }, { headers: JSON_HEADERS });
    const started = time.now;
    expect((await client.get('admin/customers/customer/1', Customer)).id).toBe(1);
    expect(time.sleeps).toEqual([2000]);
    expect(time.now - started).toBe(2000);
    expect(events.map((e) => [e.status, e.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
  });

  it('a Retry-After longer than maxRetryAfterMs surfaces instead of waiting', async () => {
    const { pool, client, time } = setup({ backoff: { attempts: 3, maxRetryAfterMs: 5_000 } });
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(429, '', { headers: { 'retry-after': '600' } });
    const error = await expectApiError(client.get('admin/customers/customer/1', Customer));
    expect([error.kind, error.status, error.retryAfterMs]).toEqual(['retryable', 429, 600_000]);
    expect(time.sleeps).toEqual([]);
  });

  it('GET is retried on 503 and network errors, then succeeds', async () => {
    const { pool, client, time } = setup();
    pool.intercept({ path: `${CUSTOMERS}/1` }).reply(503, 'Service Unavailable');
    pool.intercept({ path: `${CUSTOMERS}/1` }).replyWithError(new Error('socket hang up'));
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(200, { id: 1, name: 'A', status: 'new' }, { headers: JSON_HEADERS });
    expect((await client.get('admin/customers/customer/1', Customer)).name).toBe('A');
    expect(time.sleeps).toHaveLength(2);
  });

  it('GET gives up after backoff.attempts with a retryable error', async () => {
    const { pool, client } = setup();
    let sent = 0;
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(() => {
        sent++;
        return { statusCode: 502, data: '<html><body>Bad gateway</body></html>' };
      })
      .times(5);
    const error = await expectApiError(client.get('admin/customers/customer/1', Customer));
    expect([error.kind, error.status, sent]).toEqual(['retryable', 502, 3]);
  });

  it('POST 500 is an unknown outcome, sent exactly once', async () => {
    const { pool, client, time } = setup();
    let sent = 0;
    pool
      .intercept({ path: CUSTOMERS, method: 'POST' })
      .reply(() => {
        sent++;
        return {
          statusCode: 500,
          data: { error: { message: 'Internal', code: 500, internal_code: 'SERVER_ERROR' } },
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .times(3);
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect([error.kind, error.status, sent, time.sleeps.length]).toEqual([
      'unknown-outcome',
      500,
      1,
      0,
    ]);
    expect(error.message).toContain('search before retrying');
  });

  it('POST that times out is an unknown outcome without a status', async () => {
    const { pool, client } = setup({ timeoutMs: 50 });
    let sent = 0;
    pool
      .intercept({ path: CUSTOMERS, method: 'POST' })
      .reply(() => {
        sent++;
        return { statusCode: 201, data: { id: 1 } };
      })
      .delay(5_000)
      .times(3);
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect([error.kind, error.status, sent]).toEqual(['unknown-outcome', undefined, 1]);
    expect(error.message).toBe(
      'Splynx POST admin/customers/customer failed: no answer within 50 ms (the write may have happened: search before retrying)',
    );
  });

  it('PUT is idempotent: a 500 and a timeout are sent again, and it succeeds', async () => {
    const { pool, client, time } = setup({ timeoutMs: 50 });
    const path = `${CUSTOMERS}/3`;
    pool.intercept({ path, method: 'PUT' }).reply(500, { error: { message: 'Internal' } });
    pool.intercept({ path, method: 'PUT' }).reply(202, '').delay(5_000);
    pool.intercept({ path, method: 'PUT' }).reply(202, '');
    await client.update('admin/customers/customer/3', { name: 'y' });
    expect(time.sleeps).toHaveLength(2);
  });

  it('a GET that times out is retried', async () => {
    const { pool, client } = setup({ timeoutMs: 50 });
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(200, { id: 1, name: 'slow', status: 'new' }, { headers: JSON_HEADERS })
      .delay(5_000);
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(200, { id: 1, name: 'fast', status: 'new' }, { headers: JSON_HEADERS });
    expect((await client.get('admin/customers/customer/1', Customer)).name).toBe('fast');
  });

  it('a 429 on a write is retried: the server refused it before doing anything', async () => {
    const { pool, client, time } = setup();
    pool
      .intercept({ path: CUSTOMERS, method: 'POST' })
      .reply(429, '', { headers: { 'retry-after': '1' } });
    pool
      .intercept({ path: CUSTOMERS, method: 'POST' })
      .reply(201, { id: 4 }, { headers: JSON_HEADERS });
    expect(await client.create('admin/customers/customer', { name: 'x' })).toEqual({ id: 4 });
    expect(time.sleeps).toEqual([1000]);
  });

  it('aborting during a backoff wait stops the retries', async () => {
    const run = new AbortController();
    const { pool, client } = setup({
      signal: run.signal,
      clock: {
        now: Date.now,
        sleep: async () => {
          run.abort();
          throw run.signal.reason;
        },
      },
    });
    let sent = 0;
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(() => {
        sent++;
        return { statusCode: 503, data: '' };
      })
      .times(3);
    await expect(client.get('admin/customers/customer/1', Customer)).rejects.toSatisfy(
      isAbortError,
    );
    expect(sent).toBe(1);
  });

  it('a write that could not connect is retryable: nothing was sent', async () => {
    const { pool, client } = setup();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    pool.intercept({ path: CUSTOMERS, method: 'POST' }).replyWithError(refused);
    pool
      .intercept({ path: CUSTOMERS, method: 'POST' })
      .reply(201, { id: 3 }, { headers: JSON_HEADERS });
    expect(await client.create('admin/customers/customer', { name: 'x' })).toEqual({ id: 3 });
  });
});

describe('a certificate that cannot be verified', () => {
  it('is fatal at once, sent once, with both ways out', async () => {
    const { pool, client, events } = setup();
    const selfSigned = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    pool.intercept({ path: CUSTOMERS, method: 'POST' }).replyWithError(selfSigned).times(3);
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect(error.kind).toBe('fatal');
    expect(events.filter((e) => e.method === 'POST')).toHaveLength(1);
    expect(error.message).toContain('the TLS certificate of SPLYNX_URL could not be verified');
    expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(error.hint).toContain('SPLYNX_INSECURE_TLS=1');
  });
});

describe('fatal errors carry the fix', () => {
  it.each([
    [403, 'FORBIDDEN', 'GET', 'Permissions'],
    [405, 'NOT_ALLOWED_BY_PARTNER_RESTRICTION', 'GET', 'Partner to "Any"'],
    [405, 'METHOD_DISABLED', 'GET', 'module may be switched off'],
    [401, 'UNAUTHORIZED', 'GET', '"Unsecure access"'],
  ])('%i %s', async (status, internalCode, _method, hint) => {
    const { pool, client } = setup();
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(
        status,
        { error: { message: 'No', code: status, internal_code: internalCode } },
        { headers: JSON_HEADERS },
      );
    const error = await expectApiError(client.get('admin/customers/customer/1', Customer));
    expect([error.kind, error.status, error.internalCode]).toEqual(['fatal', status, internalCode]);
    expect(error.hint).toContain(hint);
  });

  it('404 on a collection means the endpoint is missing', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: `${API}/admin/networking/ip-pools` })
      .reply(404, { error: { message: 'Not found', code: 404, internal_code: 'NOT_FOUND' } });
    const error = await expectApiError(client.list('admin/networking/ip-pools', v.unknown()));
    expect(error.kind).toBe('fatal');
    expect(error.hint).toBe(
      'This Splynx has no admin/networking/ip-pools endpoint: check the Splynx version and that the module is enabled.',
    );
  });

  it('an HTML page where JSON was expected is a clear error with a redacted, short snippet', async () => {
    const { pool, client } = setup();
    const page = `<!DOCTYPE html><html><body>Login page for ${KEY} ${'x'.repeat(5000)}</body></html>`;
    pool
      .intercept({ path: `${CUSTOMERS}/1` })
      .reply(200, page, { headers: { 'content-type': 'text/html' } });
    const error = await expectApiError(client.get('admin/customers/customer/1', Customer));
    expect(error.kind).toBe('fatal');
    const shown = '<!DOCTYPE html><html><body>Login page for [redacted] ';
    expect(error.message).toBe(
      'Splynx GET admin/customers/customer/1 answered 200 with an HTML page where JSON was expected: ' +
        `${shown}${'x'.repeat(120 - shown.length)}…`,
    );
    expect(error.hint).toContain('SPLYNX_URL');
    expect(error.body?.length).toBe(2048);
    expect(error.body).not.toContain(KEY);
  });

  it('a create answered with HTML is an unknown outcome', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: CUSTOMERS, method: 'POST' }).reply(201, '<html>ok</html>');
    const error = await expectApiError(client.create('admin/customers/customer', { name: 'x' }));
    expect(error.kind).toBe('unknown-outcome');
  });
});

describe('secrets', () => {
  it('never appear in request events, error messages or stored bodies', async () => {
    const { agent, pool } = mockSplynx();
    const time = fakeClock();
    const events: RequestEvent[] = [];
    const client = new SplynxClient({
      baseUrl: ORIGIN,
      auth: { mode: 'api-key-token', apiKey: KEY, apiSecret: SECRET },
      dispatcher: agent,
      clock: time.clock,
      onRequest: (e) => events.push(e),
    });
    closers.push(async () => {
      await client.close();
      await agent.close();
    });
    const access = 'ACCESS-TOKEN-0123456789';
    const refresh = 'REFRESH-TOKEN-0123456789';
    const exp = Math.floor(time.now / 1000);
    pool.intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' }).reply(
      201,
      {
        access_token: access,
        access_token_expiration: exp + 60,
        refresh_token: refresh,
        refresh_token_expiration: exp + 3600,
      },
      { headers: JSON_HEADERS },
    );
    pool
      .intercept({ path: `${API}/admin/auth/tokens/${refresh}` })
      .reply(500, `upstream failed for ${refresh} with ${access}`)
      .times(6);
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(422, [{ field: 'key', message: `bad key ${KEY} secret ${SECRET}` }], {
        headers: JSON_HEADERS,
      });
    pool.intercept({ path: `${API}/admin/api/check` }).reply(
      200,
      { status: 'ok' },
      {
        headers: JSON_HEADERS,
      },
    );
    await client.check();
    time.advance(60_000);
    const error = await expectApiError(client.check());

    const everything = JSON.stringify({
      events,
      message: error.message,
      body: error.body,
      hint: error.hint,
      fields: error.fields,
    });
    for (const secret of [KEY, SECRET, access, refresh]) {
      expect(everything).not.toContain(secret);
    }
    expect(events.map((e) => `${e.method} ${e.path} ${e.status ?? '-'}`)).toEqual([
      'POST admin/auth/tokens 201',
      'GET admin/api/check 200',
      ...Array.from({ length: 6 }, () => 'GET admin/auth/tokens/[redacted] 500'),
      'POST admin/auth/tokens 422',
    ]);
  });
});

describe('concurrency and cancellation against a loopback server', () => {
  let server: Server;
  let url = '';
  let active = 0;
  let maxActive = 0;
  let held: (() => void)[] = [];
  let hang = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const answer = () => {
        active--;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 1, name: 'A', status: 'new' }));
      };
      req.on('close', () => {
        if (!res.writableEnded) active--;
      });
      if (hang) return;
      held.push(answer);
      // Answer in batches so the in-flight count can reach the limit before anyone finishes.
      setImmediate(() => {
        if (held.length >= 2 || active === held.length) {
          const batch = held;
          held = [];
          for (const finish of batch) finish();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('never has more than `concurrency` requests in flight', async () => {
    maxActive = 0;
    const client = new SplynxClient({
      baseUrl: url,
      auth: { mode: 'basic', apiKey: KEY, apiSecret: SECRET },
      concurrency: 2,
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () => client.get('admin/customers/customer/1', Customer)),
      );
      expect(results).toHaveLength(12);
      expect(maxActive).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('aborting the run signal cancels in-flight and queued requests alike', async () => {
    hang = true;
    const run = new AbortController();
    const events: RequestEvent[] = [];
    const client = new SplynxClient({
      baseUrl: url,
      auth: { mode: 'basic', apiKey: KEY, apiSecret: SECRET },
      concurrency: 2,
      signal: run.signal,
      onRequest: (e) => events.push(e),
    });
    try {
      const calls = Array.from({ length: 5 }, () =>
        client.get('admin/customers/customer/1', Customer).then(
          () => 'done',
          (e: unknown) => (isAbortError(e) ? 'aborted' : String(e)),
        ),
      );
      while (active < 2) await new Promise((r) => setTimeout(r, 5));
      run.abort();
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 5 }, () => 'aborted'));
      expect(events.map((e) => e.error)).toEqual(['aborted', 'aborted']);
      await expect(client.get('admin/customers/customer/1', Customer)).rejects.toThrow();
    } finally {
      hang = false;
      await client.close();
    }
  });

  it('a per-call signal cancels only that call', async () => {
    hang = true;
    const client = new SplynxClient({
      baseUrl: url,
      auth: { mode: 'basic', apiKey: KEY, apiSecret: SECRET },
    });
    try {
      const mine = new AbortController();
      const cancelled = client.get('admin/customers/customer/1', Customer, {
        signal: mine.signal,
      });
      const other = client.get('admin/customers/customer/1', Customer);
      while (active < 2) await new Promise((r) => setTimeout(r, 5));
      mine.abort();
      await expect(cancelled).rejects.toSatisfy(isAbortError);
      hang = false;
      for (const finish of held.splice(0)) finish();
      // The other request is still waiting on the hung server: close() is what ends it.
      const outcome = other.then(
        () => 'done',
        (e: unknown) => (isAbortError(e) ? 'aborted' : String(e)),
      );
      await client.close();
      expect(await outcome).toBe('aborted');
    } finally {
      hang = false;
      await client.close();
    }
  });
});
