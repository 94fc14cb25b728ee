// Figures for the state store: commit cost (append + fsync) must not grow with the state, and
// snapshot/compaction/load stay affordable at 100,000 records. Run: npx tsx bench/state-write.ts
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RecordTable } from '../source/state/record-table.js';
import type { EntityRecord, JournalLine } from '../source/state/schemas.js';
import { writeSnapshot } from '../source/state/snapshot.js';
import { openStateDir } from '../source/state/state-dir.js';

const COMMITS = 2_000;
const root = mkdtempSync(path.join(os.tmpdir(), 's2s-bench-state-'));
const state = openStateDir(root);
const at = new Date().toISOString();

function record(i: number): EntityRecord {
  return {
    key: `customer:${i}`,
    entity: 'customer',
    sonarId: String(i),
    splynxId: 100_000 + i,
    action: 'created',
    attempts: 1,
    payloadHash: hash(i),
    updatedAt: at,
    extra: { infoDone: true, serviceIds: [i * 3, i * 3 + 1] },
  };
}

function hash(i: number): string {
  return `sha256:${createHash('sha256').update(String(i)).digest('hex')}`;
}

/** A closed migration whose snapshot already holds `size` records (seeding by commits would take minutes of fsync). */
async function seeded(size: number): Promise<string> {
  const migration = await state.create({ mode: 'bench', size });
  await migration.close();
  const table = new RecordTable();
  for (let i = 0; i < size; i++) table.set(record(i));
  const header = {
    id: migration.id,
    createdAt: at,
    updatedAt: at,
    request: { mode: 'bench', size },
    status: 'running' as const,
    seq: 0,
    pendingIntents: [],
  };
  await writeSnapshot(path.join(migration.dir, 'migration.json'), { header, table });
  return migration.id;
}

async function measure(id: string): Promise<void> {
  let started = performance.now();
  const migration = await state.open(id);
  const openMs = performance.now() - started;
  const existing = migration.counts().customer?.created ?? 0;

  const micros: number[] = [];
  for (let i = existing; i < existing + COMMITS; i++) {
    started = performance.now();
    await migration.intent({ entity: 'customer', sonarId: i, payloadHash: hash(i) });
    await migration.commit({
      entity: 'customer',
      sonarId: i,
      action: 'created',
      splynxId: 100_000 + i,
    });
    micros.push(((performance.now() - started) * 1000) / 2);
  }
  micros.sort((a, b) => a - b);
  const mean = micros.reduce((sum, m) => sum + m, 0) / micros.length;

  started = performance.now();
  await migration.compact();
  const compactMs = performance.now() - started;
  const bytes = statSync(path.join(migration.dir, 'migration.json')).size;
  await migration.close();

  console.log(
    `${existing.toLocaleString('en').padStart(7)} records | write (append+fsync) mean ${mean.toFixed(0)} µs, ` +
      `p50 ${pct(micros, 0.5)} µs, p99 ${pct(micros, 0.99)} µs | open ${openMs.toFixed(0)} ms | ` +
      `compact ${compactMs.toFixed(0)} ms | snapshot ${(bytes / 1e6).toFixed(1)} MB`,
  );
}

/** Worst-case load: an empty snapshot and every record still in the journal. */
async function replay(size: number): Promise<void> {
  const migration = await state.create({ mode: 'bench-replay', size });
  await migration.close();
  const lines: string[] = [];
  for (let i = 0; i < size; i++) {
    const line: JournalLine = { seq: i + 1, at, type: 'commit', record: record(i) };
    lines.push(JSON.stringify(line));
  }
  writeFileSync(path.join(migration.dir, 'journal.ndjson'), `${lines.join('\n')}\n`, {
    mode: 0o600,
  });
  const started = performance.now();
  const view = await state.readOnly(migration.id);
  const ms = performance.now() - started;
  const bytes = statSync(path.join(migration.dir, 'journal.ndjson')).size;
  console.log(
    `${size.toLocaleString('en').padStart(7)} records | load by journal replay ${ms.toFixed(0)} ms ` +
      `(${(bytes / 1e6).toFixed(1)} MB journal, ${view.counts().customer?.created} records)`,
  );
}

function pct(sorted: number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(0);
}

try {
  console.log(`state dir ${root} (${COMMITS} intent+commit pairs per size, µs per journal write)`);
  // Two rounds, interleaved: the first writes after seeding 30 MB meet the disk still flushing it.
  const ids = { small: await seeded(1_000), large: await seeded(100_000) };
  for (const round of [1, 2]) {
    console.log(`round ${round}`);
    await measure(ids.small);
    await measure(ids.large);
  }
  await replay(100_000);
} finally {
  rmSync(root, { recursive: true, force: true });
}
