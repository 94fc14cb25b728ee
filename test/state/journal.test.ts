import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';

let root: string;
let state: StateDir;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-journal-'));
  state = openStateDir(root, { now: () => new Date('2026-11-26T07:15:00.000Z') });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A migration with three journal lines (intent 1, commit 1, intent 2) and no compaction. */
async function threeLines(): Promise<{ id: string; journal: string; snapshot: string }> {
  const migration = await state.create({});
  await migration.intent({ entity: 'customer', sonarId: 1, payloadHash: 'h1' });
  await migration.commit({ entity: 'customer', sonarId: 1, action: 'created', splynxId: 10 });
  await migration.intent({ entity: 'customer', sonarId: 2, payloadHash: 'h2' });
  const journal = path.join(migration.dir, 'journal.ndjson');
  const snapshot = path.join(migration.dir, 'migration.json');
  // Keep the journal as a crash would leave it: copy it aside, close (which compacts), restore.
  const lines = readFileSync(journal, 'utf8');
  const before = readFileSync(snapshot, 'utf8');
  await migration.close();
  writeFileSync(journal, lines);
  writeFileSync(snapshot, before);
  return { id: migration.id, journal, snapshot };
}

describe('journal replay', () => {
  it('replays every line after the snapshot', async () => {
    const { id, journal } = await threeLines();
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(3);
    const migration = await state.open(id);
    expect(migration.splynxId('customer', 1)).toBe(10);
    expect(migration.pendingIntents().map((p) => p.key)).toEqual(['customer:2']);
    expect(migration.warnings).toEqual([]);
    await migration.close();
  });

  it('ignores a last line cut short by a crash, with a warning, and trims it before appending', async () => {
    const { id, journal } = await threeLines();
    const torn = '{"seq":4,"at":"2026-11-26T07:15:00.000Z","type":"commit","record":{"key":"cus';
    appendFileSync(journal, torn);
    const intact = readFileSync(journal, 'utf8');

    const view = await state.readOnly(id);
    expect(view.warnings).toEqual([
      `${journal} line 4 is incomplete (still being written, or cut short by a crash); it was never confirmed and is not counted.`,
    ]);
    expect(readFileSync(journal, 'utf8')).toBe(intact);

    const migration = await state.open(id);
    expect(migration.warnings).toEqual([
      `${journal} line 4 was cut short by a crash before it was confirmed; its ${torn.length} bytes were dropped.`,
    ]);
    expect(migration.pendingIntents().map((p) => p.key)).toEqual(['customer:2']);
    expect(readFileSync(journal, 'utf8')).toBe(intact.slice(0, -torn.length));
    await migration.commit({ entity: 'customer', sonarId: 2, action: 'created', splynxId: 20 });
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3, 4]);
    await migration.close();

    const again = await state.open(id);
    expect(again.warnings).toEqual([]);
    expect(again.splynxId('customer', 2)).toBe(20);
    await again.close();
  });

  it('treats a complete-looking last line without its newline as never confirmed', async () => {
    const { id, journal } = await threeLines();
    appendFileSync(
      journal,
      JSON.stringify({
        seq: 4,
        at: '2026-11-26T07:15:00.000Z',
        type: 'status',
        status: 'completed',
      }),
    );
    const view = await state.readOnly(id);
    expect(view.status).toBe('running');
    expect(view.warnings).toHaveLength(1);
  });

  it('refuses a damaged line in the middle, naming file and line, and leaves the files alone', async () => {
    const { id, journal, snapshot } = await threeLines();
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[1] = lines[1]?.replace('"created"', '"creat') ?? '';
    writeFileSync(journal, lines.join('\n'));
    const journalBefore = readFileSync(journal);
    const snapshotBefore = readFileSync(snapshot);

    const opening = state.open(id);
    await expect(opening).rejects.toThrow(UserError);
    await expect(opening).rejects.toThrow(`${journal} line 2 is damaged: not valid JSON (`);
    await expect(state.readOnly(id)).rejects.toThrow(`${journal} line 2 is damaged`);
    expect(readFileSync(journal).equals(journalBefore)).toBe(true);
    expect(readFileSync(snapshot).equals(snapshotBefore)).toBe(true);
    // The failed open released the lock it took.
    expect(state.lockState(id)).toEqual({ state: 'free' });
  });

  it('refuses a middle line that is JSON but not a journal entry, with its dot-path', async () => {
    const { id, journal } = await threeLines();
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[1] = lines[1]?.replace('"action":"created"', '"action":"made"') ?? '';
    writeFileSync(journal, lines.join('\n'));
    await expect(state.open(id)).rejects.toThrow(
      /line 2 is damaged: not a valid journal entry: record\.action: Invalid type: Expected \("created" \| "adopted"/,
    );
  });

  it('refuses a gap in the sequence: lines were lost', async () => {
    const { id, journal } = await threeLines();
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, [lines[0], lines[2], ''].join('\n'));
    await expect(state.open(id)).rejects.toThrow(
      `${journal} line 2 is damaged: sequence 3 where 2 was expected: lines are missing.`,
    );
  });

  it('carries the hint that nothing was changed', async () => {
    const { id, journal } = await threeLines();
    writeFileSync(journal, `garbage\n${readFileSync(journal, 'utf8')}`);
    const error = await state.open(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toMatch(/^Nothing was changed or deleted\./);
  });
});
