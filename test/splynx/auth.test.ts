import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../source/errors.js';
import { NonceSource, signature, signatureHeader } from '../../source/splynx/auth.js';
import { SplynxClient } from '../../source/splynx/client.js';
import type { SplynxAuth } from '../../source/splynx/client-options.js';
import { API, fakeClock, headerOf, JSON_HEADERS, jsonBodyOf, mockSplynx, ORIGIN } from './wire.js';

const KEY = 'abc123key';
const SECRET = 's3cr3t-secret';
const CHECK = { status: 'ok', message: 'API is valid', same_server: 0 };

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

function setup(auth: SplynxAuth, extra: { concurrency?: number } = {}) {
  const { agent, pool } = mockSplynx();
  const time = fakeClock();
  const client = new SplynxClient({
    baseUrl: ORIGIN,
    auth,
    dispatcher: agent,
    clock: time.clock,
    concurrency: extra.concurrency,
  });
  closers.push(async () => {
    await client.close();
    await agent.close();
  });
  return { agent, pool, client, time };
}

function tokens(nowMs: number, n: number, ttlSeconds = 1800) {
  const s = Math.floor(nowMs / 1000);
  return {
    access_token: `access-${n}-aaaaaaaa`,
    access_token_expiration: s + ttlSeconds,
    refresh_token: `refresh-${n}-rrrrrrrr`,
    refresh_token_expiration: s + 86_400,
    permissions: [],
  };
}

describe('signature', () => {
  it('is the uppercase hex HMAC-SHA256 of nonce+key under the secret', () => {
    // Reference value from: printf '171234567800abc123key' | openssl dgst -sha256 -hmac s3cr3t-secret
    expect(signature(171234567800, KEY, SECRET)).toBe(
      '29E543FDFE6618066F693ABED4CD36071A4DFA71198D65FEC2CABEB047C61C40',
    );
    expect(signatureHeader(KEY, SECRET, 171234567800)).toBe(
      `Splynx-EA (key=${KEY}&nonce=171234567800&signature=29E543FDFE6618066F693ABED4CD36071A4DFA71198D65FEC2CABEB047C61C40)`,
    );
  });
});

describe('NonceSource', () => {
  it('starts from the clock in centiseconds and never repeats while the clock stands still', () => {
    let now = 1_700_000_000_000;
    const nonces = new NonceSource(() => now);
    expect([nonces.next(), nonces.next(), nonces.next()]).toEqual([
      170_000_000_000, 170_000_000_001, 170_000_000_002,
    ]);
    now += 1_000;
    expect(nonces.next()).toBe(170_000_000_100);
    now -= 60_000; // the clock stepping back must not send the nonce back with it
    expect(nonces.next()).toBe(170_000_000_101);
  });
});

describe('auth headers on the wire', () => {
  it('basic: base64 key:secret', async () => {
    const { pool, client } = setup({ mode: 'basic', apiKey: 'key', apiSecret: 'secret' });
    let seen: string | undefined;
    pool.intercept({ path: `${API}/admin/api/check` }).reply((opts) => {
      seen = headerOf(opts, 'authorization');
      return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
    });
    await client.check();
    expect(seen).toBe('Basic a2V5OnNlY3JldA==');
  });

  it('signature: a valid signature for a fresh nonce on every request', async () => {
    const { pool, client, time } = setup({
      mode: 'api-key-signature',
      apiKey: KEY,
      apiSecret: SECRET,
    });
    const seen: string[] = [];
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply((opts) => {
        seen.push(headerOf(opts, 'authorization') ?? '');
        return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
      })
      .times(2);
    await client.check();
    await client.check();
    const first = Math.round(time.now / 10);
    expect(seen).toEqual([
      signatureHeader(KEY, SECRET, first),
      signatureHeader(KEY, SECRET, first + 1),
    ]);
  });

  it('signature: nonces arrive strictly increasing under 50 concurrent calls', async () => {
    const { pool, client } = setup(
      { mode: 'api-key-signature', apiKey: KEY, apiSecret: SECRET },
      { concurrency: 8 },
    );
    const arrived: number[] = [];
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply((opts) => {
        const header = headerOf(opts, 'authorization') ?? '';
        const params = new URLSearchParams(/^Splynx-EA \((.*)\)$/.exec(header)?.[1] ?? '');
        const nonce = Number(params.get('nonce'));
        expect(params.get('signature')).toBe(signature(nonce, KEY, SECRET));
        arrived.push(nonce);
        return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
      })
      .times(50);
    await Promise.all(Array.from({ length: 50 }, () => client.check()));
    expect(arrived).toHaveLength(50);
    for (let i = 1; i < arrived.length; i++) {
      expect(arrived[i]).toBe((arrived[i - 1] as number) + 1);
    }
  });

  it('admin: logs in with login/password and sends the access token', async () => {
    const { pool, client, time } = setup({ mode: 'admin', login: 'boss', password: 'hunter22' });
    let login: unknown;
    pool.intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' }).reply((opts) => {
      login = jsonBodyOf(opts);
      expect(headerOf(opts, 'authorization')).toBeUndefined();
      return {
        statusCode: 201,
        data: tokens(time.now, 1),
        responseOptions: { headers: JSON_HEADERS },
      };
    });
    let seen: string | undefined;
    pool.intercept({ path: `${API}/admin/api/check` }).reply((opts) => {
      seen = headerOf(opts, 'authorization');
      return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
    });
    await client.check();
    expect(login).toEqual({ auth_type: 'admin', login: 'boss', password: 'hunter22' });
    expect(seen).toBe('Splynx-EA (access_token=access-1-aaaaaaaa)');
  });
});

describe('access tokens from an API key', () => {
  const auth: SplynxAuth = { mode: 'api-key-token', apiKey: KEY, apiSecret: SECRET };

  it('logs in once with a signed nonce (never the secret) even for 50 concurrent callers', async () => {
    const { pool, client, time } = setup(auth, { concurrency: 8 });
    const logins: Record<string, unknown>[] = [];
    pool.intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' }).reply((opts) => {
      logins.push(jsonBodyOf(opts) as Record<string, unknown>);
      return {
        statusCode: 201,
        data: tokens(time.now, 1),
        responseOptions: { headers: JSON_HEADERS },
      };
    });
    const seen = new Set<string>();
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply((opts) => {
        seen.add(headerOf(opts, 'authorization') ?? '');
        return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
      })
      .times(50);
    await Promise.all(Array.from({ length: 50 }, () => client.check()));
    expect(logins).toHaveLength(1);
    const nonce = Math.round(time.now / 10);
    expect(logins[0]).toEqual({
      auth_type: 'api_key',
      key: KEY,
      nonce,
      signature: signature(nonce, KEY, SECRET),
    });
    expect([...seen]).toEqual(['Splynx-EA (access_token=access-1-aaaaaaaa)']);
  });

  it('renews with the refresh token 5 s before expiry', async () => {
    const { pool, client, time } = setup(auth);
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(201, tokens(time.now, 1, 60), { headers: JSON_HEADERS });
    const refreshed: string[] = [];
    pool.intercept({ path: `${API}/admin/auth/tokens/refresh-1-rrrrrrrr` }).reply((opts) => {
      refreshed.push(opts.method);
      return {
        statusCode: 200,
        data: tokens(time.now, 2),
        responseOptions: { headers: JSON_HEADERS },
      };
    });
    const seen: string[] = [];
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply((opts) => {
        seen.push(headerOf(opts, 'authorization') ?? '');
        return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
      })
      .times(3);
    await client.check();
    time.advance(54_000); // 6 s left: still good
    await client.check();
    time.advance(2_000); // 4 s left: inside the margin, renew first
    await client.check();
    expect(refreshed).toEqual(['GET']);
    expect(seen).toEqual([
      'Splynx-EA (access_token=access-1-aaaaaaaa)',
      'Splynx-EA (access_token=access-1-aaaaaaaa)',
      'Splynx-EA (access_token=access-2-aaaaaaaa)',
    ]);
  });

  it('logs in again when the refresh is refused', async () => {
    const { pool, client, time } = setup(auth);
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(201, tokens(time.now, 1, 60), { headers: JSON_HEADERS });
    pool
      .intercept({ path: `${API}/admin/auth/tokens/refresh-1-rrrrrrrr` })
      .reply(
        401,
        { error: { message: 'Expired', code: 401, internal_code: 'EXPIRED_REFRESH_TOKEN' } },
        { headers: JSON_HEADERS },
      );
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(201, tokens(time.now + 60_000, 3), { headers: JSON_HEADERS });
    const seen: string[] = [];
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply((opts) => {
        seen.push(headerOf(opts, 'authorization') ?? '');
        return { statusCode: 200, data: CHECK, responseOptions: { headers: JSON_HEADERS } };
      })
      .times(2);
    await client.check();
    time.advance(60_000);
    await client.check();
    expect(seen).toEqual([
      'Splynx-EA (access_token=access-1-aaaaaaaa)',
      'Splynx-EA (access_token=access-3-aaaaaaaa)',
    ]);
  });

  it('renews once and replays every request rejected with EXPIRED_ACCESS_TOKEN, writes included', async () => {
    const { pool, client, time } = setup(auth, { concurrency: 4 });
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(201, tokens(time.now, 1), { headers: JSON_HEADERS });
    let refreshes = 0;
    pool.intercept({ path: `${API}/admin/auth/tokens/refresh-1-rrrrrrrr` }).reply(() => {
      refreshes++;
      return {
        statusCode: 200,
        data: tokens(time.now, 2),
        responseOptions: { headers: JSON_HEADERS },
      };
    });
    const expired = {
      error: { message: 'Access token expired', code: 401, internal_code: 'EXPIRED_ACCESS_TOKEN' },
    };
    const bodies: unknown[] = [];
    pool
      .intercept({ path: `${API}/admin/customers/customer`, method: 'POST' })
      .reply<object>((opts) => {
        bodies.push(jsonBodyOf(opts));
        return headerOf(opts, 'authorization')?.includes('access-1')
          ? { statusCode: 401, data: expired, responseOptions: { headers: JSON_HEADERS } }
          : {
              statusCode: 201,
              data: { id: 10 + bodies.length },
              responseOptions: { headers: JSON_HEADERS },
            };
      })
      .times(8);
    const ids = await Promise.all(
      [1, 2, 3, 4].map((n) => client.create('admin/customers/customer', { name: `c${n}` })),
    );
    expect(refreshes).toBe(1);
    expect(bodies).toHaveLength(8);
    expect(ids.map((r) => r.id).sort()).toEqual([15, 16, 17, 18]);
  });

  it('a second EXPIRED_ACCESS_TOKEN after renewal is fatal, not a loop', async () => {
    const { pool, client, time } = setup(auth);
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(201, tokens(time.now, 1), { headers: JSON_HEADERS });
    pool
      .intercept({ path: `${API}/admin/auth/tokens/refresh-1-rrrrrrrr` })
      .reply(200, tokens(time.now, 2), { headers: JSON_HEADERS });
    pool
      .intercept({ path: `${API}/admin/api/check` })
      .reply(
        401,
        { error: { message: 'expired', code: 401, internal_code: 'EXPIRED_ACCESS_TOKEN' } },
        { headers: JSON_HEADERS },
      )
      .times(2);
    const error = await client.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('fatal');
    expect((error as ApiError).internalCode).toBe('EXPIRED_ACCESS_TOKEN');
  });

  it('a refused login is fatal with a hint naming the settings to check', async () => {
    const { pool, client } = setup(auth);
    pool
      .intercept({ path: `${API}/admin/auth/tokens`, method: 'POST' })
      .reply(
        401,
        { error: { message: 'Invalid user', code: 401, internal_code: 'INVALID_USER' } },
        { headers: JSON_HEADERS },
      );
    const error = (await client.check().catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('fatal');
    expect(error.message).toBe(
      'Splynx POST admin/auth/tokens failed with 401: INVALID_USER Invalid user',
    );
    expect(error.hint).toContain('SPLYNX_API_KEY and SPLYNX_API_SECRET');
  });
});
