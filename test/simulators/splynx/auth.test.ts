import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sign } from '../../../source/simulators/splynx/auth.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { call } from './client.js';

let sim: SplynxSimulator;
beforeAll(async () => {
  sim = await startSplynxSimulator({ apiKey: 'k-123', apiSecret: 's-456' });
});
afterAll(() => sim.close());
beforeEach(() => {
  Object.assign(sim.options, {
    basicAuth: false,
    strictNonce: false,
    tokenTtlSeconds: 1800,
    bindTokenToUserAgent: false,
    permissions: undefined,
  });
});

const error = (status: number, internal_code: string) => ({
  error: { message: expect.any(String), code: status, internal_code },
});

async function apiKeyToken(nonce: number, signature = sign('s-456', nonce, 'k-123'), ua?: string) {
  return call(sim, 'POST', 'admin/auth/tokens', {
    body: { auth_type: 'api_key', key: 'k-123', nonce, signature },
    headers: ua ? { 'user-agent': ua } : {},
  });
}

describe('token auth', () => {
  it('issues tokens for a signed api_key login and accepts them', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await apiKeyToken(100);
    expect(res.status).toBe(201);
    const body = res.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'access_token_expiration',
      'permissions',
      'refresh_token',
      'refresh_token_expiration',
    ]);
    expect(body.permissions).toEqual([]);
    expect(body.access_token_expiration).toBeGreaterThanOrEqual(before + 1800);
    const check = await call(sim, 'GET', 'admin/api/check', {
      headers: { authorization: `Splynx-EA (access_token=${String(body.access_token)})` },
    });
    expect(check.status).toBe(200);
    expect(check.json).toEqual({ status: 'ok', message: 'API is valid', same_server: 0 });
  });

  it('rejects a bad signature with 401', async () => {
    const res = await apiKeyToken(101, 'DEADBEEF');
    expect(res.status).toBe(401);
    expect(res.json).toEqual(error(401, 'UNAUTHORIZED'));
  });

  it('logs an administrator in and rejects a wrong password', async () => {
    const ok = await call(sim, 'POST', 'admin/auth/tokens', {
      body: { auth_type: 'admin', login: 'admin', password: 'demo-admin-password' },
    });
    expect(ok.status).toBe(201);
    const bad = await call(sim, 'POST', 'admin/auth/tokens', {
      body: { auth_type: 'admin', login: 'admin', password: 'nope' },
    });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual(error(401, 'INVALID_USER'));
  });

  it('answers 401 to an empty body and 400 INVALID_AUTH_TYPE to an unknown type', async () => {
    expect((await call(sim, 'POST', 'admin/auth/tokens')).status).toBe(401);
    const res = await call(sim, 'POST', 'admin/auth/tokens', { body: { auth_type: 'magic' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual(error(400, 'INVALID_AUTH_TYPE'));
  });

  it('reports a missing header, an expired token, then renews it and logs out', async () => {
    const missing = await call(sim, 'GET', 'admin/customers/customer');
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual(error(401, 'MISSED_AUTHORIZATION_HEADER'));

    sim.options.tokenTtlSeconds = 0;
    const login = (await apiKeyToken(102)).json as { access_token: string; refresh_token: string };
    const expired = await call(sim, 'GET', 'admin/customers/customer', {
      headers: { authorization: `Splynx-EA (access_token=${login.access_token})` },
    });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual(error(401, 'EXPIRED_ACCESS_TOKEN'));

    sim.options.tokenTtlSeconds = 1800;
    const renewed = await call(sim, 'GET', `admin/auth/tokens/${login.refresh_token}`);
    expect(renewed.status).toBe(200);
    const fresh = renewed.json as Record<string, string>;
    expect(fresh.refresh_token).toBe(login.refresh_token);
    expect(fresh.access_token).not.toBe(login.access_token);
    expect('permissions' in fresh).toBe(false);
    const works = await call(sim, 'GET', 'admin/customers/customer', {
      headers: { authorization: `Splynx-EA (access_token=${fresh.access_token})` },
    });
    expect(works.status).toBe(200);

    const out = await call(sim, 'DELETE', `admin/auth/tokens/${login.refresh_token}`);
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    const after = await call(sim, 'GET', 'admin/customers/customer', {
      headers: { authorization: `Splynx-EA (access_token=${fresh.access_token})` },
    });
    expect(after.status).toBe(401);
    expect((await call(sim, 'GET', `admin/auth/tokens/${login.refresh_token}`)).status).toBe(404);
  });

  it('binds a token to its User-Agent when asked', async () => {
    sim.options.bindTokenToUserAgent = true;
    const login = (await apiKeyToken(103, undefined, 'agent-a')).json as { access_token: string };
    const same = await call(sim, 'GET', 'admin/api/check', {
      headers: {
        authorization: `Splynx-EA (access_token=${login.access_token})`,
        'user-agent': 'agent-a',
      },
    });
    expect(same.status).toBe(200);
    const other = await call(sim, 'GET', 'admin/api/check', {
      headers: {
        authorization: `Splynx-EA (access_token=${login.access_token})`,
        'user-agent': 'agent-b',
      },
    });
    expect(other.status).toBe(401);
    expect(other.json).toEqual(error(401, 'USER_AGENT_CHANGED'));
  });
});

describe('signature and Basic auth', () => {
  const signed = (nonce: number) => ({
    authorization: `Splynx-EA (key=k-123&nonce=${nonce}&signature=${sign('s-456', nonce, 'k-123')})`,
  });

  it('accepts a signed request and, with strictNonce, refuses a nonce that does not go up', async () => {
    expect((await call(sim, 'GET', 'admin/api/check', { headers: signed(500) })).status).toBe(200);
    expect((await call(sim, 'GET', 'admin/api/check', { headers: signed(500) })).status).toBe(200);
    sim.options.strictNonce = true;
    const replay = await call(sim, 'GET', 'admin/api/check', { headers: signed(500) });
    expect(replay.status).toBe(401);
    expect((await call(sim, 'GET', 'admin/api/check', { headers: signed(501) })).status).toBe(200);
    const bad = await call(sim, 'GET', 'admin/api/check', {
      headers: { authorization: 'Splynx-EA (key=k-123&nonce=600&signature=ABC)' },
    });
    expect(bad.status).toBe(401);
  });

  it('allows Basic only for an unsecure key', async () => {
    const basic = { authorization: `Basic ${Buffer.from('k-123:s-456').toString('base64')}` };
    const off = await call(sim, 'GET', 'admin/api/check', { headers: basic });
    expect(off.status).toBe(401);
    expect(off.json).toEqual(error(401, 'UNAUTHORIZED'));
    sim.options.basicAuth = true;
    expect((await call(sim, 'GET', 'admin/api/check', { headers: basic })).status).toBe(200);
    const wrong = { authorization: `Basic ${Buffer.from('k-123:nope').toString('base64')}` };
    expect((await call(sim, 'GET', 'admin/api/check', { headers: wrong })).status).toBe(401);
  });
});

describe('permissions', () => {
  it('answers 403 FORBIDDEN outside the granted prefixes and methods', async () => {
    sim.options.permissions = { 'admin/customers': ['GET'], 'admin/api': ['GET'] };
    const headers = { authorization: `Basic ${Buffer.from('k-123:s-456').toString('base64')}` };
    sim.options.basicAuth = true;
    expect((await call(sim, 'GET', 'admin/customers/customer', { headers })).status).toBe(200);
    expect((await call(sim, 'HEAD', 'admin/customers/customer', { headers })).status).toBe(204);
    const post = await call(sim, 'POST', 'admin/customers/customer', {
      headers,
      body: { name: 'x' },
    });
    expect(post.status).toBe(403);
    expect(post.json).toEqual(error(403, 'FORBIDDEN'));
    const other = await call(sim, 'GET', 'admin/tariffs/internet', { headers });
    expect(other.status).toBe(403);
  });
});
