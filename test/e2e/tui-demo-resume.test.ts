// Issue 14, "the demo is a faithful rehearsal", in a real pseudo-terminal (tmux): the demo, a run
// of a few customers stopped with `q`, the app quit; started again, the demo says its data was
// kept, and enter resumes the migration against the same simulated Splynx to a completed Summary
// (the old demo started an empty Splynx here and the resume failed with "Labels is invalid").
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { demoDataDir } from '../../source/commands/demo-state.js';
import { startDemoWorld } from '../../source/simulators/demo-world.js';
import { openStateDir } from '../../source/state/index.js';
import { hasTmux, openTerminal, type Terminal } from './tui-driver.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-demo-resume-'));
const stateDir = path.join(dir, 'demo');
const terminals: Terminal[] = [];
afterAll(() => {
  for (const terminal of terminals) terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

function demo(...extra: string[]): Terminal {
  const terminal = openTerminal({
    // The latency keeps the run going long enough for `q` to stop it part-way.
    args: [
      'demo',
      '--accounts',
      '20',
      '--seed',
      '3',
      '--latency',
      '60',
      '--state-dir',
      stateDir,
      ...extra,
    ],
    env: {},
  });
  terminals.push(terminal);
  return terminal;
}

describe.skipIf(!hasTmux)('the demo across a quit', () => {
  test('q mid-run, quit, start again: the data is kept and enter resumes to a completed Summary', {
    timeout: 300_000,
  }, async () => {
    const first = demo();
    await first.waitFor('Fresh demo: simulated Sonar and Splynx start anew');
    await first.waitFor('No migrations yet');
    await first.keys('n');
    await first.waitFor('All blocking checks passed');
    await first.keys('Enter');
    await first.waitFor('1/20');
    for (let i = 0; i < 8; i++) await first.keys('Space', 'j');
    await first.keys('Enter');
    await first.waitFor('Press enter to migrate 8 customers');
    await first.keys('Enter');
    await first.waitFor('Yes, migrate 8 customers (y)');
    await first.keys('y');
    // Stopped once the first customer is in Splynx (its labels and tariffs before it), not all.
    // The demo dataset seeds records Splynx cannot take; skip them as an operator would.
    for (let i = 0; i < 1200; i++) {
      const [running] = await openStateDir(stateDir).list();
      if (running?.ok && (running.counts.customer?.created ?? 0) > 0) break;
      if (first.screen().includes('Stopped on a failed record')) await first.keys('s');
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.keys('q');
    await first.waitFor(/Summary|stopped|aborted/i);
    if (process.env.S2S_DEBUG_SCREENS) console.log(first.screen());
    const [stopped] = await openStateDir(stateDir).list();
    expect(stopped?.ok && stopped.status).not.toBe('completed');
    expect(stopped?.ok && stopped.counts.customer?.created).toBeLessThan(8);
    // Out of a failures view (esc) if the run stopped on a record, then quit.
    for (let i = 0; i < 5 && !first.screen().includes('EXIT='); i++) {
      await first.keys('Escape', 'q');
      await new Promise((r) => setTimeout(r, 500));
    }
    await first.waitFor(/EXIT=(0|130)/);
    first.close();

    const second = demo();
    const start = await second.waitFor('kept in');
    expect(start).toMatch(/Demo data from \d{4}-\d\d-\d\d \d\d:\d\d UTC kept in/);
    await second.waitFor(stopped?.id as string);
    await second.keys('Enter');
    await second.waitFor(/Migration complete|Stopped on a failed record/, 120_000);
    // The demo dataset seeds records Splynx cannot take; skip them as an operator would.
    const seen: string[] = [];
    for (let i = 0; i < 20 && second.screen().includes('Stopped on a failed record'); i++) {
      seen.push(second.screen());
      await second.keys('s');
      await second.waitFor(/Migration complete|Stopped on a failed record/, 120_000);
    }
    const done = await second.waitFor('Migration complete');
    if (process.env.S2S_DEBUG_SCREENS) console.log(seen.join('\n----\n'), done);
    for (const screen of [...seen, done]) {
      expect(screen).not.toContain('Labels is invalid');
      expect(screen).not.toContain('reset or restored');
    }
    await second.keys('Enter');
    await second.waitFor('created');
    await second.keys('q');
    await second.waitFor('EXIT=0');
    const list = await openStateDir(stateDir).list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ok: true, id: stopped?.id, status: 'completed' });
    // The simulated Splynx, as the demo left it: each customer once, as many as were created.
    const world = await startDemoWorld({ accounts: 20, seed: 3, dataDir: demoDataDir(stateDir) });
    try {
      const sonarIds = world.splynx.db
        .rows('customers')
        .map((c) => String((c.additional_attributes as Record<string, unknown>).sonar_id));
      expect(new Set(sonarIds).size).toBe(sonarIds.length);
      const created = list[0]?.ok ? (list[0].counts.customer?.created ?? 0) : -1;
      expect(sonarIds.length).toBe(created);
      expect(created).toBeGreaterThan(0);
    } finally {
      await world.close();
    }
  });
});
