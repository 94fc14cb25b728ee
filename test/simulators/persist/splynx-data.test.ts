// The simulated Splynx's rows on disk (persist/splynx-data.ts, mutation-log.ts): written before
// the answer, replayed at start, a torn last line cut off, compacted when updates pile up.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayLog } from '../../../source/simulators/persist/mutation-log.js';
import { SPLYNX_LOG } from '../../../source/simulators/persist/splynx-data.js';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-splynx-data-'));
  dirs.push(dir);
  return dir;
}

const auth = (sim: SplynxSimulator) =>
  `Basic ${Buffer.from(`${sim.credentials.apiKey}:${sim.credentials.apiSecret}`).toString('base64')}`;

async function post(sim: SplynxSimulator, path: string, body: unknown): Promise<Response> {
  return fetch(`${sim.apiBase}/${path}`, {
    method: 'POST',
    headers: { authorization: auth(sim), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('Splynx simulator with a dataDir', () => {
  it('has a created row on disk when it answers 201, and again after a restart', async () => {
    const dataDir = tempDir();
    const first = await startSplynxSimulator({ dataDir, basicAuth: true });
    const created = await post(first, 'admin/administration/partners', { name: 'kept' });
    expect(created.status, await created.clone().text()).toBe(201);
    // Read before close: the line is there the moment the answer is (no buffering to flush).
    expect(readFileSync(path.join(dataDir, SPLYNX_LOG), 'utf8')).toContain('"name":"kept"');
    await first.close();
    const second = await startSplynxSimulator({ dataDir, basicAuth: true });
    try {
      expect(second.db.rows('partners').map((r) => r.name)).toEqual(['Main', 'kept']);
    } finally {
      await second.close();
    }
  });

  it('without a dataDir starts empty every time (memory only)', async () => {
    const first = await startSplynxSimulator({ basicAuth: true });
    expect((await post(first, 'admin/administration/partners', { name: 'gone' })).status).toBe(201);
    await first.close();
    const second = await startSplynxSimulator({ basicAuth: true });
    expect(second.db.rows('partners').map((r) => r.name)).toEqual(['Main']);
    await second.close();
  });

  it('cuts off a torn last line (a write the process died in) and appends after it', async () => {
    const dataDir = tempDir();
    const first = await startSplynxSimulator({ dataDir });
    first.db.table('labels').insert({ label: 'one' });
    await first.close();
    const file = path.join(dataDir, SPLYNX_LOG);
    const whole = statSync(file).size;
    appendFileSync(file, '{"t":"labels","op":"put","row":{"id":2,"lab');
    const second = await startSplynxSimulator({ dataDir });
    expect(statSync(file).size).toBe(whole);
    second.db.table('labels').insert({ label: 'two' });
    await second.close();
    const labels: unknown[] = [];
    await replayLog(file, (entry) => labels.push(entry));
    expect(labels).toHaveLength(2);
    const third = await startSplynxSimulator({ dataDir });
    expect(third.db.rows('labels').map((r) => [r.id, r.label])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    await third.close();
  });

  it('compacts a log of many updates at start, keeping rows, the next id and deletions', async () => {
    const dataDir = tempDir();
    const first = await startSplynxSimulator({ dataDir });
    const labels = first.db.table('labels');
    for (let i = 0; i < 5; i++) labels.insert({ label: `l${i}` });
    for (let i = 0; i < 3000; i++) labels.update(1, { color: `#${i}` });
    labels.delete(5);
    await first.close();
    const file = path.join(dataDir, SPLYNX_LOG);
    const before = statSync(file).size;
    const second = await startSplynxSimulator({ dataDir });
    expect(statSync(file).size).toBeLessThan(before / 10);
    expect(second.db.rows('labels').map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(second.db.get('labels', 1)?.color).toBe('#2999');
    // A deleted last row's id is not handed out again, compaction or not.
    expect(second.db.table('labels').insert({ label: 'new' }).id).toBe(6);
    await second.close();
    const third = await startSplynxSimulator({ dataDir });
    expect(third.db.rows('labels').map((r) => r.id)).toEqual([1, 2, 3, 4, 6]);
    await third.close();
  });

  it('never writes an administrator password to disk, and the seeded admin still logs in', async () => {
    const dataDir = tempDir();
    const first = await startSplynxSimulator({ dataDir, adminPassword: 'very-secret-pw' });
    first.db.update('administrators', 1, { name: 'Renamed', password: 'very-secret-pw' });
    first.db.table('administrators').insert({ login: 'other', password: 'other-secret' });
    for (let i = 0; i < 2000; i++) first.db.update('administrators', 1, { email: `a${i}@x` });
    await first.close();
    // Compacted on this start: the snapshot must not hold it either.
    const second = await startSplynxSimulator({ dataDir, adminPassword: 'very-secret-pw' });
    const text = readFileSync(path.join(dataDir, SPLYNX_LOG), 'utf8');
    expect(text).not.toContain('very-secret-pw');
    expect(text).not.toContain('other-secret');
    expect(second.db.get('administrators', 1)).toMatchObject({
      name: 'Renamed',
      password: 'very-secret-pw',
    });
    await second.close();
  });
});
