// putStep at the wire (a real Splynx simulator, a real state directory): a value Splynx stores in
// its own form is recorded on the entity event, a value it does not keep still fails the step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { type PutStep, putStep } from '../../source/engine/put-step.js';
import { RecordFailedError } from '../../source/engine/record-failure.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../source/simulators/splynx/server.js';
import { SplynxClient } from '../../source/splynx/client.js';
import { customerPaths, ENDPOINTS } from '../../source/splynx/endpoints.js';
import { type Migration, openStateDir } from '../../source/state/index.js';

let sim: SplynxSimulator;
let splynx: SplynxClient;
let migration: Migration;
let events: EngineEvent[];
let customerId: number;

beforeEach(async () => {
  sim = await startSplynxSimulator();
  const { apiKey, apiSecret } = sim.credentials;
  splynx = new SplynxClient({
    baseUrl: sim.url,
    auth: { mode: 'api-key-token', apiKey, apiSecret },
  });
  migration = await openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-put-'))).create({
    test: true,
  });
  events = [];
  customerId = (await splynx.create(ENDPOINTS.customer.path, { name: 'Ada', login: 'ada' })).id;
});

afterEach(async () => {
  await migration.close();
  await splynx.close();
  await sim.close();
});

const ctx = () => ({
  ledger: migration,
  splynx,
  emit: (e: EngineEvent) => events.push(e),
  signal: new AbortController().signal,
});

const billing = (payload: Record<string, unknown>, fresh: boolean): PutStep => ({
  phase: 'customers',
  entity: 'customer_billing',
  sonarId: '1',
  label: 'account 1 billing',
  path: customerPaths.billing(customerId),
  splynxId: customerId,
  payload,
  fresh,
});

describe('putStep read-back', () => {
  it('records a decimal Splynx stored as "12.5000" on the entity event', async () => {
    await putStep(ctx(), billing({ min_balance: 12.5 }, true));
    expect(sim.db.rows('customer_billing')[0]?.min_balance).toBe('12.5000');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'entity',
        action: 'created',
        normalised: [{ field: 'min_balance', rule: 'decimal' }],
      }),
    );
    expect(migration.get('customer_billing', '1')).toMatchObject({ action: 'created' });
  });

  it('adopts what Splynx already holds in its own form, recording it, and writes nothing', async () => {
    await putStep(ctx(), billing({ min_balance: 12.5 }, true));
    const other = await openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-put-'))).create({});
    events = [];
    const puts = () => sim.log.list((e) => e.method === 'PUT').length;
    const before = puts();
    await putStep({ ...ctx(), ledger: other }, billing({ min_balance: '12.50' }, false));
    await other.close();
    expect(puts()).toBe(before);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'adopted',
        normalised: [{ field: 'min_balance', rule: 'decimal' }],
      }),
    );
  });

  it('fails the step when Splynx does not keep the value', async () => {
    // The deposit is computed by Splynx: a PUT cannot set it.
    const error = await putStep(ctx(), billing({ deposit: 5 }, true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordFailedError);
    expect((error as RecordFailedError).failure).toMatchObject({
      rule: 'verify-mismatch',
      field: 'deposit',
    });
    expect(migration.get('customer_billing', '1')).toMatchObject({ action: 'failed' });
  });
});
