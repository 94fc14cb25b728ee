// Crashes for real: a child process writes and is killed with SIGKILL (by the test, or by itself
// at a chosen compaction step); the next open must find every commit the child saw confirmed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompactionStep } from '../../source/state/migration.js';
import { openStateDir, type StateDir } from '../../source/state/state-dir.js';
import { type Child, killAll, spawnWriter } from './fixtures/child.js';

let root: string;
let state: StateDir;
const children: Child[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 's2s-crash-'));
  state = openStateDir(root);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

afterAll(() => killAll(children));

async function closedMigrationId(): Promise<string> {
  const migration = await state.create({ mode: 'migrate' });
  await migration.close();
  return migration.id;
}

function confirmed(child: Child): number[] {
  return child.lines.filter((l) => l.startsWith('ok ')).map((l) => Number(l.slice(3)));
}

describe('crash safety', () => {
  it.each([120, 333])(
    'keeps every confirmed commit when killed with SIGKILL after %i of them',
    async (killAfter) => {
      const id = await closedMigrationId();
      // Small compactEvery: the kill may also land inside a compaction.
      const child = spawnWriter({
        stateDir: root,
        id,
        mode: 'write',
        count: 100_000,
        compactEvery: 40,
      });
      children.push(child);
      await child.waitFor((line) => line === `ok ${killAfter - 1}`);
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      const seen = confirmed(child);
      expect(seen.slice(0, killAfter)).toEqual(Array.from({ length: killAfter }, (_, i) => i));

      const migration = await state.open(id, {});
      const records = [...migration.records()];
      // The child may have committed one more before the kill, or had one intent in flight.
      expect(records.length === seen.length || records.length === seen.length + 1).toBe(true);
      expect(records.map((r) => r.sonarId)).toEqual(records.map((_, i) => String(i)));
      for (const r of records) {
        expect(r.splynxId).toBe(1000 + Number(r.sonarId));
        expect(r.attempts).toBe(1);
      }
      expect(migration.counts()).toEqual({
        customer: { created: records.length, adopted: 0, skipped: 0, failed: 0, blocked: 0 },
      });
      const pending = migration.pendingIntents().map((p) => p.key);
      expect(pending.length <= 1).toBe(true);
      if (pending.length === 1) expect(pending).toEqual([`customer:${records.length}`]);
      await migration.close();
    },
  );

  const steps: CompactionStep[] = [
    'temp-written',
    'temp-synced',
    'renamed',
    'directory-synced',
    'journal-truncated',
  ];

  it.each(steps)('loses nothing when the process dies at compaction step %s', async (step) => {
    const id = await closedMigrationId();
    const child = spawnWriter({
      stateDir: root,
      id,
      mode: 'write',
      count: 30,
      compactEvery: 1_000_000,
      crashAtStep: step,
    });
    children.push(child);
    const { signal } = await child.exited;
    expect(signal).toBe('SIGKILL');
    expect(confirmed(child)).toHaveLength(30);
    expect(child.lines).not.toContain('done');

    const migration = await state.open(id, {});
    expect(migration.warnings).toEqual([]);
    expect([...migration.records()].map((r) => r.splynxId)).toEqual(
      Array.from({ length: 30 }, (_, i) => 1000 + i),
    );
    expect(migration.pendingIntents()).toEqual([]);
    await migration.commit({ entity: 'customer', sonarId: 30, action: 'created', splynxId: 1030 });
    await migration.close();
    expect(existsSync(path.join(migration.dir, 'migration.json.tmp'))).toBe(false);

    const view = await state.readOnly(id);
    expect(view.counts().customer?.created).toBe(31);
  });

  it('a failed compaction leaves the journal in charge and never fails the commit behind it', async () => {
    let failAt: CompactionStep | undefined = 'temp-written';
    const flaky = openStateDir(root, {
      compactEvery: 2,
      onCompactionStep: (step) => {
        if (step === failAt) throw new Error(`disk full at ${step}`);
      },
    });
    const migration = await flaky.create({});
    await migration.commit({ entity: 'customer', sonarId: 1, action: 'created', splynxId: 1 });
    await migration.commit({ entity: 'customer', sonarId: 2, action: 'created', splynxId: 2 });
    expect(migration.warnings).toEqual([
      'Compaction failed (disk full at temp-written); the journal still holds every change.',
    ]);
    failAt = 'renamed';
    await expect(migration.compact()).rejects.toThrow('disk full at renamed');
    await migration.commit({ entity: 'customer', sonarId: 3, action: 'created', splynxId: 3 });
    failAt = undefined;
    await migration.close();

    const view = await flaky.readOnly(migration.id);
    expect([...view.records()].map((r) => r.key)).toEqual([
      'customer:1',
      'customer:2',
      'customer:3',
    ]);
    expect(view.warnings).toEqual([]);
  });
});
