// adopt-or-create at the wire: a real Splynx simulator and a real state directory; the only thing
// driven by hand is which record is written.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { RecordFailedError } from '../../source/engine/record-failure.js';
import { adoptOrCreate } from '../../source/engine/write-record.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import { type Migration, openStateDir } from '../../source/state/index.js';
import { createSonarIdField, customerSpec as spec } from './customer-spec.js';

let sim: SplynxSimulator;
let client: SplynxClient;
let migration: Migration;
let events: EngineEvent[];

beforeEach(async () => {
  sim = await startSplynxSimulator();
  const { apiKey, apiSecret } = sim.credentials;
  client = new SplynxClient({
    baseUrl: sim.url,
    auth: { mode: 'api-key-token', apiKey, apiSecret },
  });
  await createSonarIdField(client);
  migration = await openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-write-'))).create({
    test: true,
  });
  events = [];
});

afterEach(async () => {
  await migration.close();
  await client.close();
  await sim.close();
});

const ctx = () => ({
  ledger: migration,
  emit: (e: EngineEvent) => events.push(e),
  signal: new AbortController().signal,
});

const customerSpec = (sonarId: string, payload: Record<string, unknown>) =>
  spec(client, sonarId, payload);

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RecordFailedError) return error.failure;
    throw error;
  }
  throw new Error('expected a record failure');
}

describe('adoptOrCreate', () => {
  it('a Splynx 422 (over-long city) names the field and Splynx’s words, and journals the failure', async () => {
    const failure = await failureOf(
      adoptOrCreate(ctx(), customerSpec('7', { name: 'Ada', login: '7', city: 'x'.repeat(40) })),
    );
    expect(failure).toMatchObject({
      kind: 'record',
      field: 'city',
      rule: 'splynx-validation',
      status: 422,
    });
    expect(failure.splynxMessage).toMatch(/^city: City should contain at most 32 characters/);
    expect(migration.get('customer', '7')).toMatchObject({ action: 'failed' });
    expect(sim.db.rows('customers')).toEqual([]);
  });

  it('the envelope-shaped 422 gives the same typed failure', async () => {
    sim.options.errorShape = 'envelope';
    const failure = await failureOf(
      adoptOrCreate(ctx(), customerSpec('8', { name: 'Bo', login: '8', email: 'not-an-email' })),
    );
    expect(failure).toMatchObject({ kind: 'record', field: 'email', status: 422 });
  });

  it('commit-then-500: the create landed, a search finds it, it is recorded as created once', async () => {
    sim.faults.set({ commitThenFail: 1 });
    const result = await adoptOrCreate(ctx(), customerSpec('9', { name: 'Cy', login: '9' }));
    expect(result).toMatchObject({ action: 'created', reused: false });
    expect(sim.db.rows('customers')).toHaveLength(1);
    expect(sim.log.list((e) => e.method === 'POST' && e.url.endsWith('/customer'))).toHaveLength(1);
    expect(migration.get('customer', '9')).toMatchObject({
      action: 'created',
      splynxId: result.splynxId,
    });
  });

  it('adopts an existing record by sonar_id without writing, then reuses the ledger with no request', async () => {
    const existing = await client.create('admin/customers/customer', {
      name: 'Dee',
      login: '10',
      additional_attributes: { sonar_id: '10' },
    });
    const result = await adoptOrCreate(ctx(), customerSpec('10', { name: 'Dee', login: '10' }));
    expect(result).toEqual({ splynxId: existing.id, action: 'adopted', reused: false });
    const seq = sim.log.list().at(-1)?.seq ?? 0;
    const again = await adoptOrCreate(ctx(), customerSpec('10', { name: 'Dee', login: '10' }));
    expect(again).toEqual({ splynxId: existing.id, action: 'adopted', reused: true });
    expect(sim.log.list((e) => e.seq > seq)).toEqual([]);
  });

  it('a record s2s made earlier is brought in line with a changed Sonar record', async () => {
    await client.create('admin/customers/customer', {
      name: 'Old name',
      login: '11',
      additional_attributes: { sonar_id: '11' },
    });
    const result = await adoptOrCreate(
      ctx(),
      customerSpec('11', { name: 'New name', login: '11' }),
    );
    expect(result.action).toBe('adopted');
    expect(sim.db.rows('customers')[0]?.name).toBe('New name');
  });

  it('someone else’s record with the same login is reported, never overwritten', async () => {
    await client.create('admin/customers/customer', { name: 'Stranger', login: '12' });
    const failure = await failureOf(
      adoptOrCreate(ctx(), customerSpec('12', { name: 'Eve', login: '12' })),
    );
    expect(failure).toMatchObject({ rule: 'verify-mismatch' });
    expect(failure.message).toContain('"Stranger"');
    expect(sim.db.rows('customers')[0]?.name).toBe('Stranger');
  });

  it('an intent without a commit (crash after POST) is reconciled by search on the next attempt', async () => {
    const spec = customerSpec('13', { name: 'Fay', login: '13' });
    await migration.intent({ entity: 'customer', sonarId: '13', payloadHash: 'h' });
    const made = await client.create('admin/customers/customer', spec.payload);
    const result = await adoptOrCreate(ctx(), spec);
    // It was our own create: rollback must still delete it.
    expect(result).toMatchObject({ splynxId: made.id, action: 'created' });
    expect(sim.db.rows('customers')).toHaveLength(1);
    expect(migration.pendingIntents()).toEqual([]);
  });
});

describe('read-back through the normalisation rules', () => {
  /** Changes the stored row behind the API between the create and its read-back. */
  const storedAs = (patch: Record<string, unknown>) => ({
    ...ctx(),
    afterCreate: () => {
      const row = sim.db.rows('customers').at(-1);
      if (row) sim.db.table('customers').update(row.id, patch);
    },
  });

  it('an e-mail Splynx keeps in lower case is recorded on the entity event, not a failure', async () => {
    const result = await adoptOrCreate(
      storedAs({ email: 'ada@example.com' }),
      customerSpec('21', { name: 'Ada', login: '21', email: 'Ada@Example.COM' }),
    );
    expect(result.action).toBe('created');
    expect(events.find((e) => e.type === 'entity')).toMatchObject({
      action: 'created',
      normalised: [{ field: 'email', rule: 'email' }],
    });
    expect(migration.get('customer', '21')?.extra?.unverified).toBeUndefined();
  });

  it('another e-mail read back is still a mismatch that stops the record', async () => {
    const { update: _update, ...withoutUpdate } = customerSpec('22', {
      name: 'Bo',
      login: '22',
      email: 'bo@example.com',
    });
    const failure = await failureOf(
      adoptOrCreate(storedAs({ email: 'bob@example.com' }), withoutUpdate),
    );
    expect(failure).toMatchObject({ rule: 'verify-mismatch', field: 'email' });
    expect(migration.get('customer', '22')?.extra?.unverified).toBe(true);
  });
});
