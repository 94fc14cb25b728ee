import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';

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
    data.records[0].splynxId = -4;
    writeFileSync(snapshot, JSON.stringify(data));
    await expect(state.readOnly(id)).rejects.toThrow(
      `${snapshot} is not a valid s2s snapshot: records.0.splynxId: Invalid value: Expected >=0 but received -4.`,
    );
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

  it('stores the records as plain JSON the operator can read', async () => {
    const { dir } = await closedMigration();
    const data = JSON.parse(readFileSync(path.join(dir, 'migration.json'), 'utf8'));
    expect(data).toMatchObject({
      format: 1,
      request: { mode: 'migrate' },
      status: 'running',
      seq: 1,
      records: [{ key: 'customer:1', splynxId: 10, action: 'created', attempts: 0 }],
      pendingIntents: [],
    });
  });
});
