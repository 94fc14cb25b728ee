// The client against a Splynx simulator whose answers lie: every lie is a classified ApiError
// naming method and path, never data; reads retry only where a retry can help; a write that got
// a lying answer is an unknown outcome, and adopt-or-create reconciles it by search.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { adoptOrCreate } from '../../source/engine/write-record.js';
import { type LieKind, NGINX_502_PAGE, PHP_NOTICE } from '../../source/simulators/splynx/lies.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import type { Clock } from '../../source/splynx/client-options.js';
import { ENDPOINTS } from '../../source/splynx/endpoints.js';
import { type Migration, openStateDir } from '../../source/state/index.js';
import { createSonarIdField, customerSpec } from '../engine/customer-spec.js';
import { expectApiError } from '../expect-api-error.js';

const VENDORS = 'admin/inventory/vendors';
const Vendor = v.looseObject({ id: v.number(), name: v.string() });
const MAY_HAVE_HAPPENED = ' (the write may have happened: search before retrying)';

let sim: SplynxSimulator;
let client: SplynxClient;
let sleeps: number[];
/** Log entries up to this sequence number are set-up, not under test. */
let mark = 0;

beforeEach(async () => {
  sim = await startSplynxSimulator();
  sleeps = [];
  // Real time, but backoff waits are recorded and skipped.
  const clock: Clock = {
    now: Date.now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
    },
  };
  const { apiKey, apiSecret } = sim.credentials;
  client = new SplynxClient({
    baseUrl: sim.url,
    auth: { mode: 'api-key-token', apiKey, apiSecret },
    clock,
  });
  await client.check();
  // Record 1 for the reads; set-up requests are left out of wire().
  await client.create(VENDORS, { name: 'Acme' });
  mark = sim.log.list().at(-1)?.seq ?? 0;
});

afterEach(async () => {
  await client.close();
  await sim.close();
});

function lie(kind: LieKind, method: 'GET' | 'OPTIONS' | 'POST' | 'PUT' | 'DELETE', count = 1) {
  sim.options.lieNext = { kind, count, method, path: VENDORS };
}

/** Requests to the vendors endpoint as "METHOD status [fault]". */
const wire = () =>
  sim.log
    .list((e) => e.seq > mark && e.url.includes(VENDORS))
    .map((e) => `${e.method} ${e.status}${e.fault ? ` ${e.fault}` : ''}`);

describe('reads that lie', () => {
  it('non-json: fatal at once, with the PHP notice quoted', async () => {
    lie('non-json', 'GET');
    const error = await expectApiError(client.get(`${VENDORS}/1`, Vendor));
    expect([error.kind, error.status, error.method, error.path]).toEqual([
      'fatal',
      200,
      'GET',
      `${VENDORS}/1`,
    ]);
    expect(error.message).toBe(
      `Splynx GET ${VENDORS}/1 answered 200 with a non-JSON body where JSON was expected: ${PHP_NOTICE}`,
    );
    expect(error.body).toBe(PHP_NOTICE);
    expect(wire()).toEqual(['GET 200 lie:non-json']);
  });

  it('html-error (502): retried, and the second answer is the data', async () => {
    lie('html-error', 'GET');
    expect(await client.get(`${VENDORS}/1`, Vendor)).toMatchObject({ id: 1 });
    expect(wire()).toEqual(['GET 502 lie:html-error', 'GET 200']);
    expect(sleeps).toHaveLength(1);
  });

  it('html-error that persists: a retryable error naming the proxy page, after every attempt', async () => {
    lie('html-error', 'GET', 99);
    const error = await expectApiError(client.list(VENDORS, Vendor));
    expect([error.kind, error.status, error.method, error.path]).toEqual([
      'retryable',
      502,
      'GET',
      VENDORS,
    ]);
    expect(error.message).toBe(
      `Splynx GET ${VENDORS} failed with 502: an HTML page ("502 Bad Gateway"), not the Splynx API`,
    );
    expect(error.hint).toMatch(/^A web server or proxy in front of Splynx answered/);
    expect(error.body).toBe(NGINX_502_PAGE);
    expect(wire()).toHaveLength(6);
  });

  it('error-envelope-200: fatal, never returned as a record or a list', async () => {
    lie('error-envelope-200', 'GET', 2);
    // A schema with only optional fields would accept the envelope as a record.
    const lenient = v.looseObject({ id: v.optional(v.number()) });
    const one = await expectApiError(client.get(`${VENDORS}/1`, lenient));
    expect([one.kind, one.status, one.internalCode]).toEqual(['fatal', 200, 'SERVER_ERROR']);
    expect(one.message).toBe(
      `Splynx GET ${VENDORS}/1 answered 200 (success) with an error body: SERVER_ERROR Internal server error`,
    );
    const many = await expectApiError(client.list(VENDORS, Vendor));
    expect([many.kind, many.path]).toEqual(['fatal', VENDORS]);
    expect(wire()).toEqual(['GET 200 lie:error-envelope-200', 'GET 200 lie:error-envelope-200']);
  });

  it('truncated: retried, and the whole answer is the data', async () => {
    lie('truncated', 'GET');
    expect(await client.get(`${VENDORS}/1`, Vendor)).toMatchObject({ id: 1 });
    expect(wire()).toEqual(['GET 200 lie:truncated', 'GET 200']);
  });

  it('truncated that persists: a retryable error saying how much arrived', async () => {
    lie('truncated', 'GET', 99);
    const error = await expectApiError(client.get(`${VENDORS}/1`, Vendor));
    expect([error.kind, error.status]).toEqual(['retryable', 200]);
    expect(error.message).toMatch(
      new RegExp(
        `^Splynx GET ${VENDORS}/1 answered 200 with JSON cut short after \\d+ bytes where JSON was expected: \\{"id":1,`,
      ),
    );
    expect(wire()).toHaveLength(6);
  });

  it('OPTIONS answered with HTML under 200 is fatal and not cached', async () => {
    sim.options.lieNext = { kind: 'non-json', count: 1, method: 'OPTIONS' };
    const error = await expectApiError(client.options(VENDORS));
    expect([error.kind, error.method]).toEqual(['fatal', 'OPTIONS']);
    expect((await client.options(VENDORS)).attributes.length).toBeGreaterThan(0);
  });
});

describe('writes that lie are unknown outcomes, sent once', () => {
  it.each([
    ['non-json', 200, 'with a non-JSON body where JSON was expected'],
    ['html-error', 502, 'failed with 502: an HTML page ("502 Bad Gateway"), not the Splynx API'],
    ['error-envelope-200', 200, '(success) with an error body: SERVER_ERROR Internal server error'],
    ['missing-id', 201, 'without a usable id for the new record: {}'],
    ['truncated', 201, 'with JSON cut short after 4 bytes where JSON was expected: {"id'],
  ] as const)(
    'POST answered %s (%i): the record exists once, the error says so',
    async (kind, status, what) => {
      lie(kind, 'POST');
      const error = await expectApiError(client.create(VENDORS, { name: `Lied to (${kind})` }));
      expect([error.kind, error.status, error.method, error.path]).toEqual([
        'unknown-outcome',
        status,
        'POST',
        VENDORS,
      ]);
      expect(error.message).toContain(`Splynx POST ${VENDORS} `);
      expect(error.message).toContain(what);
      expect(error.message.endsWith(MAY_HAVE_HAPPENED)).toBe(true);
      expect(sleeps).toEqual([]);
      expect(wire()).toEqual([`POST ${status} lie:${kind}`]);
      expect(
        sim.db.rows('inventory_vendors').filter((r) => r.name === `Lied to (${kind})`),
      ).toHaveLength(1);
    },
  );

  it.each([
    ['non-json', 'DELETE'],
    ['truncated', 'DELETE'],
    ['error-envelope-200', 'DELETE'],
  ] as const)('%s on %s: unknown outcome, not success', async (kind, method) => {
    const { id } = await client.create(VENDORS, { name: 'Target' });
    lie(kind, method);
    const error = await expectApiError(client.remove(`${VENDORS}/${id}`));
    expect([error.kind, error.method, error.path]).toEqual([
      'unknown-outcome',
      method,
      `${VENDORS}/${id}`,
    ]);
    expect(error.message.endsWith(MAY_HAVE_HAPPENED)).toBe(true);
    expect(sim.log.list((e) => e.method === method)).toHaveLength(1);
  });

  // A PUT sets the values it carries, so the client treats it as a read: never an unknown outcome.
  it.each([
    ['truncated', 'PUT 200 lie:truncated'],
    ['html-error', 'PUT 502 lie:html-error'],
  ] as const)('%s on PUT: sent again, and the update lands once', async (kind, first) => {
    const { id } = await client.create(VENDORS, { name: 'Target' });
    lie(kind, 'PUT');
    await client.update(`${VENDORS}/${id}`, { name: 'Changed' });
    expect(
      sim.log
        .list((e) => e.method === 'PUT')
        .map((e) => `PUT ${e.status}${e.fault ? ` ${e.fault}` : ''}`),
    ).toEqual([first, 'PUT 202']);
    expect(sim.db.rows('inventory_vendors').find((r) => r.id === id)?.name).toBe('Changed');
  });

  it.each(['non-json', 'error-envelope-200'] as const)(
    '%s on PUT: fatal at once, like a read (a setup problem, not a lost write)',
    async (kind) => {
      const { id } = await client.create(VENDORS, { name: 'Target' });
      lie(kind, 'PUT');
      const error = await expectApiError(client.update(`${VENDORS}/${id}`, { name: 'Changed' }));
      expect([error.kind, error.method]).toEqual(['fatal', 'PUT']);
      expect(error.message.endsWith(MAY_HAVE_HAPPENED)).toBe(false);
      expect(sim.log.list((e) => e.method === 'PUT')).toHaveLength(1);
    },
  );
});

describe('no corrupted state: adopt-or-create reconciles a lying create by search', () => {
  let migration: Migration;
  const events: EngineEvent[] = [];

  beforeEach(async () => {
    await createSonarIdField(client);
    migration = await openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-lies-'))).create({
      test: true,
    });
  });
  afterEach(() => migration.close());

  it.each(['missing-id', 'truncated', 'non-json', 'error-envelope-200'] as const)(
    'a create answered %s: one record in Splynx, the ledger says created with its id',
    async (kind) => {
      sim.options.lieNext = { kind, count: 1, method: 'POST', path: ENDPOINTS.customer.path };
      const result = await adoptOrCreate(
        { ledger: migration, emit: (e) => events.push(e), signal: new AbortController().signal },
        customerSpec(client, '42'),
      );
      const rows = sim.db.rows('customers');
      expect(rows.map((r) => r.login)).toEqual(['42']);
      expect(result).toEqual({ splynxId: rows[0]?.id, action: 'created', reused: false });
      expect(migration.get('customer', '42')).toMatchObject({
        action: 'created',
        splynxId: rows[0]?.id,
      });
      expect(migration.pendingIntents()).toEqual([]);
      expect(
        sim.log.list((e) => e.method === 'POST' && e.url.endsWith(ENDPOINTS.customer.path)),
      ).toHaveLength(1);
    },
  );
});
