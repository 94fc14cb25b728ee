import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BugError, UserError } from '../../source/errors.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';

let root: string;
let clock: Date;
let state: StateDir;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-state-'));
  clock = new Date('2026-11-26T07:15:00.000Z');
  state = openStateDir(path.join(root, 'state'), { now: () => clock });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const tick = (ms = 1_000) => {
  clock = new Date(clock.getTime() + ms);
};
const mode = (file: string) => statSync(file).mode & 0o777;

describe('StateDir', () => {
  it('creates a migration named by UTC time and holding the request', async () => {
    const migration = await state.create({ mode: 'migrate', selection: { customers: [1042] } });
    expect(migration.id).toMatch(/^20261126-071500-[0-9a-f]{4}$/);
    expect(migration.dir).toBe(path.join(root, 'state', migration.id));
    expect(migration.status).toBe('running');
    expect(migration.createdAt).toBe('2026-11-26T07:15:00.000Z');
    expect(migration.request).toEqual({ mode: 'migrate', selection: { customers: [1042] } });
    await migration.close();
  });

  it('keeps commits, status and the derived id map across a reopen', async () => {
    const migration = await state.create({ mode: 'migrate' });
    tick();
    await migration.commit({ entity: 'customer', sonarId: 1042, action: 'created', splynxId: 7 });
    await migration.commit({
      entity: 'tariff_internet',
      sonarId: '7',
      action: 'adopted',
      splynxId: '3',
    });
    await migration.commit({
      entity: 'customer',
      sonarId: 1043,
      action: 'failed',
      lastError: { kind: 'record', message: 'city is longer than 32', field: 'city' },
    });
    await migration.setStatus('stopped', {
      kind: 'record',
      message: 'customer 1043: city too long',
      key: 'customer:1043',
    });
    await migration.close();

    const again = await state.open(migration.id);
    expect(again.status).toBe('stopped');
    expect(again.lastError).toEqual({
      kind: 'record',
      message: 'customer 1043: city too long',
      key: 'customer:1043',
    });
    expect(again.splynxId('customer', 1042)).toBe(7);
    expect(again.splynxId('customer', '1042')).toBe(7);
    expect(again.splynxId('tariff_internet', 7)).toBe('3');
    expect(again.splynxId('customer', 1043)).toBeUndefined();
    expect(again.splynxId('customer', 9999)).toBeUndefined();
    expect(again.get('customer', 1042)).toEqual({
      key: 'customer:1042',
      entity: 'customer',
      sonarId: '1042',
      splynxId: 7,
      action: 'created',
      attempts: 0,
      updatedAt: '2026-11-26T07:15:01.000Z',
    });
    expect([...again.records({ entity: 'customer' })].map((r) => r.key)).toEqual([
      'customer:1042',
      'customer:1043',
    ]);
    expect([...again.records({ action: 'adopted' })].map((r) => r.key)).toEqual([
      'tariff_internet:7',
    ]);
    expect(again.counts()).toEqual({
      customer: { created: 1, adopted: 0, skipped: 0, failed: 1, blocked: 0 },
      tariff_internet: { created: 0, adopted: 1, skipped: 0, failed: 0, blocked: 0 },
    });
    await again.setStatus('running');
    expect(again.lastError).toBeUndefined();
    await again.close();
  });

  it('reports intents without a commit as pending, and a commit clears them', async () => {
    const migration = await state.create({});
    await migration.intent({ entity: 'customer', sonarId: 1, payloadHash: 'sha256:aa' });
    tick();
    await migration.intent({ entity: 'customer', sonarId: 2, payloadHash: 'sha256:bb' });
    await migration.commit({ entity: 'customer', sonarId: 1, action: 'created', splynxId: 11 });
    expect(migration.pendingIntents()).toEqual([
      {
        key: 'customer:2',
        entity: 'customer',
        sonarId: '2',
        payloadHash: 'sha256:bb',
        at: '2026-11-26T07:15:01.000Z',
        attempts: 1,
      },
    ]);
    expect(migration.get('customer', 1)?.payloadHash).toBe('sha256:aa');
    expect(migration.get('customer', 1)?.attempts).toBe(1);
    const id = migration.id;
    // Crash-like: the journal is all there is (no close, so no compaction), reopened by the
    // next process after the lock is cleared.
    await migration.close();
    const again = await state.open(id);
    expect(again.pendingIntents().map((p) => p.key)).toEqual(['customer:2']);
    await again.commit({ entity: 'customer', sonarId: 2, action: 'adopted', splynxId: 12 });
    expect(again.pendingIntents()).toEqual([]);
    expect(again.get('customer', 2)).toMatchObject({ attempts: 1, payloadHash: 'sha256:bb' });
    await again.close();
  });

  it('counts attempts per intent and never forgets a known Splynx id', async () => {
    const migration = await state.create({});
    const customer = { entity: 'customer', sonarId: 5 } as const;
    await migration.intent({ ...customer, payloadHash: 'h1' });
    await migration.intent({ ...customer, payloadHash: 'h2' });
    await migration.commit({
      ...customer,
      action: 'created',
      splynxId: 500,
      extra: { infoDone: false },
    });
    await migration.intent({ ...customer, payloadHash: 'h3' });
    const failed = await migration.commit({
      ...customer,
      action: 'failed',
      lastError: { kind: 'record', message: 'billing_due must be 1..31', field: 'billing_due' },
    });
    expect(failed).toEqual({
      key: 'customer:5',
      entity: 'customer',
      sonarId: '5',
      splynxId: 500,
      action: 'failed',
      attempts: 3,
      lastError: { kind: 'record', message: 'billing_due must be 1..31', field: 'billing_due' },
      payloadHash: 'h3',
      updatedAt: '2026-11-26T07:15:00.000Z',
      extra: { infoDone: false },
    });
    const done = await migration.commit({
      ...customer,
      action: 'created',
      extra: { infoDone: true },
    });
    expect(done.lastError).toBeUndefined();
    expect(done.splynxId).toBe(500);
    expect(done.extra).toEqual({ infoDone: true });
    expect(migration.counts().customer).toEqual({
      created: 1,
      adopted: 0,
      skipped: 0,
      failed: 0,
      blocked: 0,
    });
    await migration.close();
  });

  it('rejects misuse as BugError and writes nothing for it', async () => {
    const migration = await state.create({});
    const journal = path.join(migration.dir, 'journal.ndjson');
    await expect(
      migration.commit({ entity: 'customer', sonarId: 1, action: 'created' }),
    ).rejects.toThrow(new BugError("commit customer:1: action 'created' needs a splynxId."));
    await expect(
      migration.commit({ entity: 'customer', sonarId: 1, action: 'blocked' }),
    ).rejects.toThrow("action 'blocked' needs a lastError");
    await expect(
      migration.commit({ entity: 'Customer', sonarId: 1, action: 'skipped' }),
    ).rejects.toThrow(/entity: must be a snake_case entity name/);
    // Payload bodies have no place in state: unknown keys and oversized extras are refused.
    const payload = { name: 'Jane Roe', password: 'hunter2-secret', street_1: 'Long Road 1' };
    await expect(
      migration.commit({
        entity: 'customer',
        sonarId: 1,
        action: 'created',
        splynxId: 1,
        payload,
      } as never),
    ).rejects.toThrow(BugError);
    await expect(
      migration.commit({
        entity: 'customer',
        sonarId: 1,
        action: 'created',
        splynxId: 1,
        extra: { body: 'x'.repeat(3_000) },
      }),
    ).rejects.toThrow(/extra: must stay under 2048 bytes/);
    await expect(state.create({ when: new Date() })).rejects.toThrow(
      /not plain JSON: when: must be a plain JSON object/,
    );
    expect(readFileSync(journal, 'utf8')).toBe('');
    await migration.close();
    const files = ['migration.json', 'journal.ndjson'].map((f) =>
      readFileSync(path.join(migration.dir, f), 'utf8'),
    );
    for (const text of files) expect(text).not.toContain('hunter2');
  });

  it('keeps error messages short', async () => {
    const migration = await state.create({});
    const record = await migration.commit({
      entity: 'customer',
      sonarId: 1,
      action: 'failed',
      lastError: { kind: 'fatal', message: 'y'.repeat(5_000) },
    });
    expect(record.lastError?.message).toBe(`${'y'.repeat(2_000)}…`);
    await migration.close();
  });

  it('lists migrations oldest first with counts, and names the latest', async () => {
    expect(await state.latest()).toBeUndefined();
    const first = await state.create({ n: 1 });
    await first.commit({ entity: 'customer', sonarId: 1, action: 'skipped' });
    await first.setStatus('completed');
    await first.close();
    tick(60_000);
    const second = await state.create({ n: 2 });
    await second.intent({ entity: 'customer', sonarId: 9, payloadHash: 'h' });
    await second.setStatus('stopped', { kind: 'fatal', message: 'Splynx said 401' });

    const list = await state.list();
    expect(list).toEqual([
      {
        ok: true,
        id: first.id,
        status: 'completed',
        createdAt: '2026-11-26T07:15:00.000Z',
        updatedAt: '2026-11-26T07:15:00.000Z',
        counts: { customer: { created: 0, adopted: 0, skipped: 1, failed: 0, blocked: 0 } },
        lastError: undefined,
        pendingIntents: 0,
        lock: { state: 'free' },
      },
      {
        ok: true,
        id: second.id,
        status: 'stopped',
        createdAt: '2026-11-26T07:16:00.000Z',
        updatedAt: '2026-11-26T07:16:00.000Z',
        counts: {},
        lastError: { kind: 'fatal', message: 'Splynx said 401' },
        pendingIntents: 1,
        lock: {
          state: 'held',
          reason: `process ${process.pid} is still running`,
          holder: {
            pid: process.pid,
            hostname: os.hostname(),
            startedAt: '2026-11-26T07:16:00.000Z',
            heartbeatAt: '2026-11-26T07:16:00.000Z',
            // Where /proc exists, the lock also records when this process started.
            ...(existsSync('/proc/self/stat') ? { processStartedAt: expect.any(String) } : {}),
          },
        },
      },
    ]);
    expect(second.id > first.id).toBe(true);
    expect((await state.latest())?.id).toBe(second.id);
    await second.close();
  });

  it('lists a damaged migration with its problem instead of failing the whole list', async () => {
    const good = await state.create({});
    await good.close();
    tick(60_000);
    const bad = await state.create({});
    await bad.close();
    writeFileSync(path.join(bad.dir, 'migration.json'), '{"format":1,', { mode: 0o600 });
    const list = await state.list();
    expect(list.map((s) => [s.id, s.ok])).toEqual([
      [good.id, true],
      [bad.id, false],
    ]);
    const damaged = list[1];
    expect(damaged?.ok === false && damaged.problem).toContain(
      `${path.join(bad.dir, 'migration.json')} is not valid JSON`,
    );
  });

  it('refuses unknown and malformed ids with a UserError', async () => {
    const missing = state.open('20261126-071500-beef');
    await expect(missing).rejects.toThrow(UserError);
    await expect(missing).rejects.toThrow(
      `There is no migration 20261126-071500-beef in ${path.join(root, 'state')}.`,
    );
    await expect(state.open('../../etc')).rejects.toThrow(/is not a migration id/);
    await expect(state.readOnly('nope')).rejects.toThrow(UserError);
  });

  it('gives a read-only view while the writer holds the lock', async () => {
    const migration = await state.create({});
    await migration.commit({ entity: 'customer', sonarId: 3, action: 'created', splynxId: 30 });
    const view = await state.readOnly(migration.id);
    expect(view.splynxId('customer', 3)).toBe(30);
    expect(view.lock.state).toBe('held');
    expect(view.warnings).toEqual([]);
    await migration.close();
    expect((await state.readOnly(migration.id)).lock).toEqual({ state: 'free' });
  });

  it('creates every folder 0700 and every file 0600', async () => {
    const migration = await state.create({});
    expect(mode(path.join(root, 'state'))).toBe(0o700);
    expect(mode(migration.dir)).toBe(0o700);
    expect(mode(path.join(migration.dir, 'lock'))).toBe(0o600);
    expect(mode(path.join(migration.dir, 'journal.ndjson'))).toBe(0o600);
    expect(mode(path.join(migration.dir, 'migration.json'))).toBe(0o600);
    await migration.commit({ entity: 'customer', sonarId: 3, action: 'skipped' });
    await migration.compact();
    expect(mode(path.join(migration.dir, 'migration.json'))).toBe(0o600);
    expect(mode(path.join(migration.dir, 'journal.ndjson'))).toBe(0o600);
    await migration.close();
  });

  it('lets the journal grow with the state, but never past maxJournalLines', async () => {
    const capped = openStateDir(path.join(root, 'state'), {
      now: () => clock,
      compactEvery: 2,
      maxJournalLines: 4,
    });
    const migration = await capped.create({});
    const journal = path.join(migration.dir, 'journal.ndjson');
    const lines = () => readFileSync(journal, 'utf8').split('\n').filter(Boolean).length;
    const seen: number[] = [];
    for (let i = 1; i <= 12; i++) {
      await migration.commit({ entity: 'customer', sonarId: i, action: 'skipped' });
      seen.push(lines());
    }
    // Compacted at 2 lines (2 records), then at 2 again (4 records), then every 4: the cap.
    expect(seen).toEqual([1, 0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 0]);
    await migration.close();
  });

  it('compacts into the snapshot and empties the journal', async () => {
    const small = openStateDir(path.join(root, 'state'), { now: () => clock, compactEvery: 3 });
    const migration = await small.create({});
    const journal = path.join(migration.dir, 'journal.ndjson');
    await migration.commit({ entity: 'customer', sonarId: 1, action: 'skipped' });
    await migration.commit({ entity: 'customer', sonarId: 2, action: 'skipped' });
    expect(readFileSync(journal, 'utf8').split('\n')).toHaveLength(3);
    await migration.commit({ entity: 'customer', sonarId: 3, action: 'skipped' });
    expect(readFileSync(journal, 'utf8')).toBe('');
    const snapshot = JSON.parse(readFileSync(path.join(migration.dir, 'migration.json'), 'utf8'));
    expect(snapshot.seq).toBe(3);
    expect(snapshot.records).toMatchObject({
      count: 3,
      entities: ['customer'],
      sonarId: [1, 2, 3],
    });
    await migration.commit({ entity: 'customer', sonarId: 4, action: 'skipped' });
    expect(JSON.parse(readFileSync(journal, 'utf8')).seq).toBe(4);
    await migration.close();
    expect(readFileSync(journal, 'utf8')).toBe('');
    await expect(
      migration.commit({ entity: 'customer', sonarId: 5, action: 'skipped' }),
    ).rejects.toThrow(BugError);
  });
});

describe('returned state', () => {
  it('is frozen, so a stray mutation cannot bypass the journal', async () => {
    const dir = openStateDir(path.join(mkdtempSync(path.join(os.tmpdir(), 's2s-frozen-')), 's'));
    const migration = await dir.create({ selection: { customers: [1, 2] } });
    const record = await migration.commit({
      entity: 'customer',
      sonarId: 1,
      action: 'created',
      splynxId: 10,
      extra: { serviceIds: [4] },
    });
    const serviceIds = record.extra?.serviceIds as number[];
    expect(serviceIds).toEqual([4]);
    expect(() => serviceIds.push(5)).toThrow(TypeError);
    expect(() => {
      (
        (migration.request as { selection: { customers: number[] } }).selection
          .customers as number[]
      ).push(3);
    }).toThrow(TypeError);
    expect(migration.get('customer', 1)?.extra).toEqual({ serviceIds: [4] });
    // Records are built afresh for each caller: changing one changes nothing stored.
    (record as { action: string }).action = 'failed';
    expect(migration.get('customer', 1)?.action).toBe('created');
    await migration.close();
    rmSync(path.dirname(dir.dir), { recursive: true, force: true });
  });
});
