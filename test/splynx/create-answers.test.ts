// Creates answered as the blueprint documents them, and as they go wrong. An additional field is
// named, not numbered (Create Additional Field → 201 {"name": ...}); every other create answers
// {"id": N}. A create answered `{}` confirms nothing: the record is looked up (by name, or by its
// sonar_id / natural key) before anything is sent again, so nothing is duplicated, and a whole
// migration through such answers ends in exactly the Splynx a clean run leaves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { runMigrate } from '../../source/engine/orchestrator.js';
import {
  createSonarIdField,
  ensureSonarIdField,
  SONAR_ID_FIELD,
} from '../../source/engine/phases/additional-fields.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import { type Migration, openStateDir } from '../../source/state/index.js';
import { snapshotDifferences, splynxSnapshot } from '../e2e/harness.js';
import { cleanIds, engineWorlds, idsSelection, RUN_OPTIONS } from '../engine/world.js';
import { expectApiError } from '../expect-api-error.js';
import { API, fakeClock, JSON_HEADERS, mockSplynx, ORIGIN } from './wire.js';

const FIELDS = 'admin/config/additional-fields/customers';
const FIELD = `${FIELDS}--sonar_id`;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function ledger(): Promise<Migration> {
  const migration = await openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-fields-'))).create({
    test: true,
  });
  closers.push(() => migration.close());
  return migration;
}

function wireClient() {
  const { agent, pool } = mockSplynx();
  const client = new SplynxClient({
    baseUrl: ORIGIN,
    auth: { mode: 'basic', apiKey: 'k', apiSecret: 's' },
    dispatcher: agent,
    clock: fakeClock().clock,
    backoff: { attempts: 3 },
  });
  closers.push(async () => {
    await client.close();
    await agent.close();
  });
  return { pool, client };
}

describe('the answer to a create, at the wire', () => {
  const answered = async (path: string, status: number, body: string, send = SONAR_ID_FIELD) => {
    const { pool, client } = wireClient();
    pool
      .intercept({ path: `${API}/${path}`, method: 'POST' })
      .reply(status, body, { headers: JSON_HEADERS });
    return path === FIELDS
      ? client.createNamed(path, send)
      : client.create(path, send).then((r) => ({ id: r.id }));
  };

  it('an additional field answered 201 {name} is created, named by that name', async () => {
    expect(await answered(FIELDS, 201, '{"name":"sonar_id"}')).toEqual({ name: 'sonar_id' });
  });

  it('an additional field answered 201 {id}, as other creates are, is created too', async () => {
    expect(await answered(FIELDS, 201, '{"id":3}')).toEqual({ name: 'sonar_id' });
  });

  it.each([
    ['{}', '{}'],
    ['another name', '{"name":"remark"}'],
    ['no body', ''],
  ])(
    'an additional field answered 201 with %s is an unknown outcome, never a success',
    async (_what, body) => {
      const error = await expectApiError(answered(FIELDS, 201, body));
      expect(error.kind).toBe('unknown-outcome');
      expect(error.message).toMatch(
        /^Splynx POST admin\/config\/additional-fields\/customers answered 201 without a usable name for the new record/,
      );
      expect(error.fields).toEqual([
        { field: 'name', message: 'missing from the answer to a create' },
      ]);
    },
  );

  it.each([
    ['{}', '{}'],
    ['a name where an id is documented', '{"name":"sonar_id"}'],
  ])('a customer answered 201 with %s is an unknown outcome', async (_what, body) => {
    const error = await expectApiError(answered('admin/customers/customer', 201, body));
    expect(error.kind).toBe('unknown-outcome');
    expect(error.fields).toEqual([{ field: 'id', message: 'missing from the answer to a create' }]);
  });
});

describe('the sonar_id field against the simulator (201 {name}, as documented)', () => {
  let sim: SplynxSimulator;
  let client: SplynxClient;
  let events: EngineEvent[];
  beforeEach(async () => {
    sim = await startSplynxSimulator();
    const { apiKey, apiSecret } = sim.credentials;
    client = new SplynxClient({
      baseUrl: sim.url,
      auth: { mode: 'api-key-token', apiKey, apiSecret },
    });
    events = [];
    closers.push(async () => {
      await client.close();
      await sim.close();
    });
  });
  const ctx = async () => ({
    splynx: client,
    ledger: await ledger(),
    emit: (e: EngineEvent) => events.push(e),
    signal: new AbortController().signal,
  });
  const posts = () => sim.log.list((e) => e.method === 'POST' && e.url.endsWith(FIELDS));
  const lookups = () => sim.log.list((e) => e.method === 'GET' && e.url.endsWith(FIELD));
  const fields = () => sim.db.rows('additional_fields').filter((f) => f.module === 'customers');

  it('is created from a 201 {name}, journaled, and adopted without a write the next time', async () => {
    const c = await ctx();
    await ensureSonarIdField(c, 'customers');
    expect(posts().map((p) => p.status)).toEqual([201]);
    expect(c.ledger.get('additional_field', 'customers')).toMatchObject({
      action: 'created',
      splynxId: 'customers--sonar_id',
    });
    expect(await createSonarIdField(c, 'customers')).toBe('adopted');
    expect(posts()).toHaveLength(1);
    expect(fields()).toHaveLength(1);
  });

  it('a create that commits and answers 500 is found by name, not sent again', async () => {
    sim.faults.set({ commitThenFail: 1 });
    expect(await createSonarIdField(await ctx(), 'customers')).toBe('created');
    expect(posts().map((p) => p.status)).toEqual([500]);
    // Before the create, then after the unknown outcome.
    expect(lookups().map((l) => l.status)).toEqual([404, 200]);
    expect(fields()).toHaveLength(1);
  });

  it('a create answered {} is found by name, not sent again', async () => {
    sim.options.lieNext = { kind: 'empty-object', count: 1, method: 'POST', path: FIELDS };
    expect(await createSonarIdField(await ctx(), 'customers')).toBe('created');
    expect(posts()).toHaveLength(1);
    expect(fields()).toHaveLength(1);
  });
});

describe('the sonar_id field when a create’s outcome is unknown and nothing was made', () => {
  it('looks it up by name, finds nothing, sends it again once', async () => {
    const { pool, client } = wireClient();
    const seen: string[] = [];
    pool
      .intercept({ path: `${API}/${FIELD}`, method: 'GET' })
      .reply(() => {
        seen.push('GET');
        return {
          statusCode: 404,
          data: '{"error":{"message":"Not found","code":404,"internal_code":"NOT_FOUND"}}',
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .times(2);
    pool
      .intercept({ path: `${API}/${FIELDS}`, method: 'POST' })
      .reply(() => {
        seen.push('POST');
        return {
          statusCode: seen.filter((s) => s === 'POST').length === 1 ? 500 : 201,
          data:
            seen.filter((s) => s === 'POST').length === 1
              ? '{"error":{"message":"Internal server error","code":500,"internal_code":"SERVER_ERROR"}}'
              : '{"name":"sonar_id"}',
          responseOptions: { headers: JSON_HEADERS },
        };
      })
      .times(2);
    const events: EngineEvent[] = [];
    const action = await createSonarIdField(
      {
        splynx: client,
        emit: (e) => events.push(e),
        signal: new AbortController().signal,
      },
      'customers',
    );
    expect(action).toBe('created');
    expect(seen).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        level: 'warn',
        message: expect.stringContaining(
          'sonar_id field in customers: outcome of the create was unknown',
        ),
      }),
    );
  });

  it('stops, naming the field, when it never confirms and is never found', async () => {
    const { pool, client } = wireClient();
    pool
      .intercept({ path: `${API}/${FIELD}`, method: 'GET' })
      .reply(
        404,
        { error: { message: 'Not found', code: 404, internal_code: 'NOT_FOUND' } },
        { headers: JSON_HEADERS },
      )
      .times(3);
    pool
      .intercept({ path: `${API}/${FIELDS}`, method: 'POST' })
      .reply(201, '{}', { headers: JSON_HEADERS })
      .times(2);
    const error = await expectApiError(
      createSonarIdField(
        {
          splynx: client,
          emit: () => {},
          signal: new AbortController().signal,
          maxAttempts: 2,
        },
        'customers',
      ),
    );
    expect(error.kind).toBe('unknown-outcome');
    expect(error.message).toContain('POST admin/config/additional-fields/customers answered 201');
  });
});

describe('a migration whose every create is answered {}', () => {
  const startWorld = engineWorlds();

  it('ends in exactly the Splynx a clean run leaves: every record found, none duplicated', async () => {
    const clean = await startWorld();
    const ids = cleanIds(clean.world, 4);
    const expected = await runMigrate(clean.deps, idsSelection(ids), RUN_OPTIONS);
    expect(expected.status).toBe('completed');

    const lying = await startWorld({
      splynx: { lieNext: { kind: 'empty-object', count: 100_000, method: 'POST' } },
    });
    const summary = await runMigrate(lying.deps, idsSelection(ids), RUN_OPTIONS);
    expect(lying.events.filter((e) => e.type === 'record-failed')).toEqual([]);
    expect(summary.status).toBe('completed');
    expect(summary.counts).toEqual(expected.counts);
    // Every create was answered {}, and none of them was sent twice.
    const creates = (w: typeof clean) =>
      w.world.splynx.log.list((e) => e.method === 'POST' && !e.url.includes('/auth/tokens'));
    expect(creates(lying).length).toBeGreaterThan(20);
    expect(creates(lying).every((e) => e.fault === 'lie:empty-object')).toBe(true);
    const urls = (w: typeof clean) =>
      creates(w)
        .map((e) => e.url.split('?')[0])
        .sort();
    expect(urls(lying)).toEqual(urls(clean));
    expect(snapshotDifferences(splynxSnapshot(lying.world), splynxSnapshot(clean.world))).toEqual(
      [],
    );
    const fields = lying.world.splynx.db
      .rows('additional_fields')
      .map((f) => `${String(f.module)}--${String(f.name)}`);
    expect(new Set(fields).size).toBe(fields.length);
  });
});
