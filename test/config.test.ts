import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappingConfig, readEnv } from '../source/config.js';
import { UserError } from '../source/errors.js';

describe('readEnv', () => {
  it('is empty (demo mode) when nothing is configured', () => {
    const env = readEnv({});
    expect(env.sonar).toBeUndefined();
    expect(env.splynx).toBeUndefined();
    expect(env.secrets).toEqual([]);
  });

  it('builds both connections and lists every secret for redaction', () => {
    const env = readEnv({
      SONAR_URL: 'https://isp.sonar.software',
      SONAR_TOKEN: 'tok-123456',
      SPLYNX_URL: 'https://splynx.isp.test',
      SPLYNX_API_KEY: 'key-abcdef',
      SPLYNX_API_SECRET: 'sec-abcdef',
      SPLYNX_INSECURE_TLS: '1',
    });
    expect(env.sonar).toEqual({ url: 'https://isp.sonar.software', token: 'tok-123456' });
    expect(env.splynx).toEqual({
      url: 'https://splynx.isp.test',
      auth: { mode: 'api-key-token', apiKey: 'key-abcdef', apiSecret: 'sec-abcdef' },
      insecureTls: true,
    });
    expect(env.secrets.sort()).toEqual(['key-abcdef', 'sec-abcdef', 'tok-123456']);
  });

  it('uses admin login when no API key is given, and Basic when asked', () => {
    const admin = readEnv({
      SPLYNX_URL: 'https://s.test',
      SPLYNX_LOGIN: 'a',
      SPLYNX_PASSWORD: 'pw-1234',
    });
    expect(admin.splynx?.auth).toEqual({ mode: 'admin', login: 'a', password: 'pw-1234' });
    const basic = readEnv({
      SPLYNX_URL: 'https://s.test',
      SPLYNX_API_KEY: 'k',
      SPLYNX_API_SECRET: 's',
      SPLYNX_BASIC_AUTH: 'true',
    });
    expect(basic.splynx?.auth.mode).toBe('basic');
  });

  it.each([
    [{ SONAR_URL: 'https://x.test' }, /needs both SONAR_URL and SONAR_TOKEN/],
    [{ SONAR_URL: 'not a url', SONAR_TOKEN: 't' }, /SONAR_URL must be a URL/],
    [{ SPLYNX_API_KEY: 'k', SPLYNX_API_SECRET: 's' }, /SPLYNX_URL is missing/],
    [
      { SPLYNX_URL: 'https://s.test', SPLYNX_API_KEY: 'k' },
      /both SPLYNX_API_KEY and SPLYNX_API_SECRET/,
    ],
    [{ SPLYNX_URL: 'https://s.test', SPLYNX_LOGIN: 'a' }, /needs SPLYNX_API_KEY/],
    [{ S2S_DEBUG: 'maybe' }, /S2S_DEBUG/],
  ])('rejects %j', (env, message) => {
    expect(() => readEnv(env)).toThrow(UserError);
    expect(() => readEnv(env)).toThrow(message);
  });
});

describe('readEnv terminal', () => {
  it('turns colour off for NO_COLOR (any non-empty value) and TERM=dumb, and flags a dumb terminal', () => {
    expect(readEnv({ TERM: 'xterm-256color' }).terminal).toEqual({ dumb: false, colour: true });
    expect(readEnv({ NO_COLOR: '1' }).terminal).toEqual({ dumb: false, colour: false });
    expect(readEnv({ NO_COLOR: '' }).terminal).toEqual({ dumb: false, colour: true });
    expect(readEnv({ TERM: 'dumb' }).terminal).toEqual({ dumb: true, colour: false });
  });
});

describe('loadMappingConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 's2s-config-'));

  it('returns documented defaults when the file is missing', () => {
    const config = loadMappingConfig(path.join(dir, 'missing.json'));
    expect(config.customers.loginTemplate).toBe('{id}');
    expect(config.customers.makeInvoices).toBe(0);
    expect(config.customers.splynxStatus).toEqual({
      ACTIVE: 'active',
      SUSPENDED: 'blocked',
      INACTIVE: 'disabled',
      TERMINATED: 'disabled',
    });
    expect(config.balances.mode).toBe('off');
  });

  it('names the dot-path of every invalid setting', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ tariffs: { abc: 3 }, customers: { loginTemplate: 'cust', locationId: 0 } }),
    );
    expect(() => loadMappingConfig(file)).toThrow(/tariffs\.abc/);
    expect(() => loadMappingConfig(file)).toThrow(/customers\.loginTemplate: must contain \{id\}/);
    expect(() => loadMappingConfig(file)).toThrow(/customers\.locationId/);
  });

  it('explains broken JSON', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "tariffs": ');
    expect(() => loadMappingConfig(file)).toThrow(/is not valid JSON/);
  });
});
