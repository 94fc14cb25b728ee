// `--fresh-demo` (commands/demo-state.ts): clears the demo's migrations and its simulators' data
// together, refuses while a migration there is in use, and the demo says which kind of start it is.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearDemoState, demoDataDir, demoDataLine } from '../../source/commands/demo-state.js';
import { startDemoWorld } from '../../source/simulators/demo-world.js';
import { openStateDir } from '../../source/state/index.js';
import { cleanIds, runCli } from '../e2e/harness.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-demo-state-'));
  dirs.push(dir);
  return dir;
}

describe('a fresh demo', () => {
  it('clears the migrations and the simulated data, and the next start is fresh', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'state', 'demo');
    const dataDir = demoDataDir(stateDir);
    const first = await startDemoWorld({ accounts: 60, seed: 3, dataDir });
    expect(demoDataLine(first.data, stateDir, cwd)).toBe(
      'Fresh demo: simulated Sonar and Splynx start anew in state/demo.',
    );
    const run = await runCli(
      ['migrate', '--customers', cleanIds(first, 2).join(','), '--yes', '--json'],
      { ...first.env, S2S_STATE_DIR: stateDir },
    );
    expect(run.code, run.stderr).toBe(0);
    await first.close();

    const kept = await startDemoWorld({ accounts: 60, seed: 3, dataDir });
    expect(kept.data?.fresh).toBe(false);
    expect(kept.splynx.db.rows('customers')).toHaveLength(2);
    expect(demoDataLine(kept.data, stateDir, cwd)).toMatch(
      /^Demo data from \d{4}-\d\d-\d\d \d\d:\d\d UTC kept in state\/demo \(--fresh-demo starts anew\)\.$/,
    );
    await kept.close();

    expect(clearDemoState(stateDir)).toEqual({ migrations: 1 });
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(stateDir)).toEqual([]);
    const fresh = await startDemoWorld({ accounts: 60, seed: 3, dataDir });
    expect(fresh.data?.fresh).toBe(true);
    expect(fresh.splynx.db.has('customers')).toBe(false);
    await fresh.close();
  });

  it('says when kept migrations wrote to a Splynx whose data is gone', async () => {
    const cwd = tempDir();
    const stateDir = path.join(cwd, 'demo');
    const state = openStateDir(stateDir);
    const migration = await state.create({});
    await migration.close();
    expect(demoDataLine({ fresh: true, since: new Date().toISOString() }, stateDir, cwd)).toBe(
      'Fresh demo data, but 1 earlier migration(s) in demo wrote to a simulated Splynx that is gone: --fresh-demo clears them.',
    );
  });

  it('is refused while a migration in the state dir is in use', async () => {
    const stateDir = tempDir();
    const state = openStateDir(stateDir);
    const migration = await state.create({});
    try {
      expect(() => clearDemoState(stateDir)).toThrow(
        /Cannot start a fresh demo: migration .* is in use/,
      );
      expect(readdirSync(stateDir)).toContain(migration.id);
    } finally {
      await migration.close();
    }
  });
});
