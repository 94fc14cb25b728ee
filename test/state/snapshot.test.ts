import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { DENSE_COLUMNS } from '../../source/state/record-table.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';

type Columns = {
  [column in 'entity' | 'sonarId' | 'splynxId' | 'action' | 'attempts' | 'updatedAt']: unknown[];
} & {
  count: number;
  actions: string[];
  payloadHash: string;
  lastError: Record<string, unknown>;
};

let root: string;
let state: StateDir;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-snapshot-'));
  state = openStateDir(root);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function closedMigration(): Promise<{ id: string; dir: string }> {
  const migration = await state.create({ mode: 'migrate' });
  await migration.commit({ entity: 'customer', sonarId: 1, action: 'created', splynxId: 10 });
  await migration.close();
  return { id: migration.id, dir: migration.dir };
}

describe('snapshot', () => {
  it('refuses an unparseable snapshot with a UserError naming the file, and changes nothing', async () => {
    const { id, dir } = await closedMigration();
    const snapshot = path.join(dir, 'migration.json');
    const journal = path.join(dir, 'journal.ndjson');
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').slice(0, 40));
    writeFileSync(journal, '');
    const before = readFileSync(snapshot);

    const error = await state.open(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message.startsWith(`${snapshot} is not valid JSON (`)).toBe(true);
    expect((error as UserError).hint).toContain('Nothing was changed or deleted.');
    expect(readFileSync(snapshot).equals(before)).toBe(true);
    expect(readFileSync(journal, 'utf8')).toBe('');
    expect(state.lockState(id)).toEqual({ state: 'free' });
  });

  it('refuses a snapshot of the wrong shape, reporting the dot-path', async () => {
    const { id, dir } = await closedMigration();
    const snapshot = path.join(dir, 'migration.json');
    const data = JSON.parse(readFileSync(snapshot, 'utf8'));
    data.records.entity = 'customer';
    writeFileSync(snapshot, JSON.stringify(data));
    await expect(state.readOnly(id)).rejects.toThrow(
      `${snapshot} is not a valid s2s snapshot: records.entity: must be an array of entity indexes.`,
    );
  });

  it.each([
    [
      'splynxId',
      (r: Columns) => (r.splynxId[0] = -4),
      'records.splynxId[0]: must be null, a non-negative integer or a string of 1 to 200 characters',
    ],
    [
      'sonarId',
      (r: Columns) => (r.sonarId[0] = ''),
      'records.sonarId[0]: must be a non-negative integer or a string of 1 to 200 characters',
    ],
    [
      'entity',
      (r: Columns) => (r.entity[0] = 7),
      'records.entity[0]: not an index into records.entities',
    ],
    [
      'action',
      (r: Columns) => (r.action[0] = 9),
      'records.action[0]: not an index into records.actions',
    ],
    [
      'actions',
      (r: Columns) => (r.actions[0] = 'made'),
      'records.actions[0]: unknown action "made"',
    ],
    [
      'attempts',
      (r: Columns) => (r.attempts[0] = -1),
      'records.attempts[0]: must be a non-negative integer',
    ],
    [
      'updatedAt',
      (r: Columns) => (r.updatedAt[0] = 'soon'),
      'records.updatedAt[0]: must be a number of milliseconds',
    ],
    [
      'payloadHash',
      (r: Columns) => (r.payloadHash = 'X'.repeat(32)),
      'records.payloadHash[0]: must be 32 lowercase hex characters or 32 dashes',
    ],
    [
      'a short column',
      (r: Columns) => r.sonarId.pop(),
      'records.sonarId holds 0 values for 1 records',
    ],
    [
      'a duplicate',
      (r: Columns) => {
        r.count = 2;
        for (const c of DENSE_COLUMNS) r[c].push(r[c][0]);
        r.payloadHash += r.payloadHash;
      },
      'records.sonarId[1]: customer:1 appears twice',
    ],
    [
      'lastError',
      (r: Columns) => (r.lastError['0'] = { kind: 'oops', message: 'x' }),
      'records.lastError[0]: must be {kind, message} with an optional field, hint and key',
    ],
  ])('names the column and record of a bad value: %s', async (_what, damage, message) => {
    const { id, dir } = await closedMigration();
    const snapshot = path.join(dir, 'migration.json');
    const data = JSON.parse(readFileSync(snapshot, 'utf8'));
    damage(data.records);
    writeFileSync(snapshot, JSON.stringify(data));
    const before = readFileSync(snapshot);
    await expect(state.open(id)).rejects.toThrow(
      `${snapshot} is not a valid s2s snapshot: ${message}.`,
    );
    expect(readFileSync(snapshot).equals(before)).toBe(true);
  });

  it('still reads a format 1 snapshot (one object per record) and writes format 2 from then on', async () => {
    const { id, dir } = await closedMigration();
    const snapshot = path.join(dir, 'migration.json');
    const data = JSON.parse(readFileSync(snapshot, 'utf8'));
    const at = data.updatedAt;
    const records = [
      {
        key: 'customer:1',
        entity: 'customer',
        sonarId: '1',
        splynxId: 10,
        action: 'created',
        attempts: 1,
        payloadHash: 'a'.repeat(32),
        updatedAt: at,
        extra: { unverified: true },
      },
      {
        key: 'additional_field:admins',
        entity: 'additional_field',
        sonarId: 'admins',
        splynxId: 'admins--sonar_id',
        action: 'adopted',
        attempts: 0,
        updatedAt: at,
      },
    ];
    writeFileSync(snapshot, JSON.stringify({ ...data, format: 1, records }));
    const migration = await state.open(id);
    expect([...migration.records()]).toEqual(records);
    expect(migration.counts().customer?.created).toBe(1);
    await migration.close();
    expect(JSON.parse(readFileSync(snapshot, 'utf8')).format).toBe(2);
  });

  it('refuses a snapshot whose id does not match its folder', async () => {
    const { id, dir } = await closedMigration();
    const snapshot = path.join(dir, 'migration.json');
    const data = JSON.parse(readFileSync(snapshot, 'utf8'));
    data.id = '20200101-000000-0000';
    writeFileSync(snapshot, JSON.stringify(data));
    await expect(state.open(id)).rejects.toThrow(
      `${snapshot} belongs to migration 20200101-000000-0000, not ${id}.`,
    );
  });

  it('refuses a folder without a snapshot', async () => {
    const { id, dir } = await closedMigration();
    rmSync(path.join(dir, 'migration.json'));
    await expect(state.readOnly(id)).rejects.toThrow(
      `${dir} has no migration.json: the migration was never completely created.`,
    );
  });

  it('stores the records as plain JSON columns', async () => {
    const { dir } = await closedMigration();
    const data = JSON.parse(readFileSync(path.join(dir, 'migration.json'), 'utf8'));
    expect(data).toMatchObject({
      format: 2,
      request: { mode: 'migrate' },
      status: 'running',
      seq: 1,
      records: {
        count: 1,
        entities: ['customer'],
        actions: ['created', 'adopted', 'skipped', 'failed', 'blocked'],
        entity: [0],
        sonarId: [1],
        splynxId: [10],
        action: [0],
        attempts: [0],
        payloadHash: '-'.repeat(32),
        otherHashes: {},
        extra: {},
        lastError: {},
      },
      pendingIntents: [],
    });
  });
});
