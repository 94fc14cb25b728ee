// The failures view in the real app (tmux, 80×24, the demo ISP): a stop-on-error run of every
// active customer stops on a record and lands on its failures, grouped by cause. `v` opens
// report.md, `r` retries all (the same record stops it again: nothing was fixed), `o` retries one
// record on its own (a migration of just that record), and `s` skips a whole cause: the inventory
// model without a primary field stops the run once for all its items, not once per item.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { generateSonarDataset } from '../../source/simulators/sonar-dataset/generate.js';
import { openStateDir } from '../../source/state/index.js';
import { hasTmux, openTerminal, type Terminal } from './tui-driver.js';

const WORLD = { accounts: 60, seed: 7 };
const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-failures-'));
const stateDir = path.join(dir, 'state');
let term: Terminal | undefined;
afterAll(() => {
  term?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const migrations = () =>
  existsSync(stateDir)
    ? readdirSync(stateDir)
        .filter((d) => /^\d{8}-\d{6}-/.test(d))
        .sort()
    : [];
const runLog = (id: string) => {
  const file = path.join(stateDir, id, 'run.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
const resumes = (id: string) => runLog(id).split('Resuming migration').length - 1;

async function until(test: () => boolean, what: string, ms = 90_000) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (test()) return;
    await sleep(100);
  }
  throw new Error(`never happened: ${what}\n${term?.screen()}`);
}

const STOPPED = 'Stopped on a failed record (resumable): ';
const stoppedOn = (screen: string) =>
  screen
    .split('\n')
    .find((l) => l.includes(STOPPED))
    ?.split(STOPPED)[1]
    ?.trim();

describe.skipIf(!hasTmux)('the failures view', () => {
  test('v report, r retry all, o retry one, s skip a cause: one cause stops the run once', {
    timeout: 300_000,
  }, async () => {
    const dataset = generateSonarDataset(WORLD);
    const model = dataset.meta.modelWithoutPrimaryFieldId;
    const noPrimary = dataset.tables.inventory_items
      .filter((i) => i.inventory_model_id === model)
      .map((i) => String(i.id));
    expect(noPrimary.length).toBeGreaterThan(2);

    const t = openTerminal({
      args: ['demo', '--accounts', String(WORLD.accounts), '--seed', String(WORLD.seed)],
      env: { S2S_STATE_DIR: stateDir },
    });
    term = t;
    await t.waitFor('No migrations yet');
    await t.keys('n');
    await t.waitFor('All blocking checks passed');
    await t.keys('Enter');
    await t.waitFor(`1/${WORLD.accounts}`);
    await t.keys('2');
    await t.waitFor('[Active]');
    await t.keys('a');
    await t.waitFor(/[1-9]\d* marked/);
    await t.keys('Enter');
    await t.waitFor('Press enter to migrate');
    expect(t.screen()).toContain('Stop on the first failed record: yes');
    await t.keys('Enter');
    await t.waitFor('now?');
    await t.keys('y');
    const first = await t.waitFor(STOPPED, 120_000);
    const [id] = migrations();
    if (!id) throw new Error('no migration');
    const label = stoppedOn(first);
    expect(first).toMatch(/\d+ records? in \d+ causes? · v: report\.md/);
    expect(first).toContain('s skip all of this cause');

    // v: report.md in the app; esc comes back.
    await t.keys('v');
    await t.waitFor(`report.md of ${id}`);
    await t.waitFor(`# Migration ${id}`);
    await t.keys('Escape');
    await t.waitFor(STOPPED);

    // r: everything is retried; nothing was fixed, so the same record stops it again.
    await t.keys('r');
    await until(() => resumes(id) === 1 && t.screen().includes(STOPPED), 'the retry stops again');
    expect(stoppedOn(t.screen())).toBe(label);

    // o: that one record on its own, in a migration of its own; it fails the same way.
    await t.keys('o');
    await until(() => migrations().length === 2, 'the retry-one migration');
    const single = migrations().find((m) => m !== id) as string;
    await until(
      () => existsSync(path.join(stateDir, single, 'report.json')) && t.screen().includes(STOPPED),
      'the retry of one record stops',
    );
    expect(t.screen()).toContain('1 record in 1 cause');
    expect(stoppedOn(t.screen())).toBe(label);

    // Back to the first migration from the Start screen (newest first), and resume it.
    await t.keys('Escape');
    await t.waitFor('Migration ');
    await t.keys('Enter');
    await t.waitFor(`/${WORLD.accounts}`);
    await t.keys('Escape');
    await t.waitFor('n new migration');
    await t.keys('j', 'Enter');
    await until(() => resumes(id) === 2 && t.screen().includes(STOPPED), 'the resume stops');

    // s, until the run completes: each stop is a new cause, and the model stops it once.
    const stops: string[] = [stoppedOn(t.screen()) as string];
    for (let i = 0; i < 20 && !t.screen().includes('Migration complete'); i++) {
      const before = resumes(id);
      await t.keys('s');
      await until(
        () =>
          resumes(id) === before + 1 &&
          (t.screen().includes('Migration complete') || t.screen().includes(STOPPED)),
        'the skip resumes',
      );
      // The summary of a stop comes with its report; wait for the frame to settle on it.
      await sleep(300);
      const next = stoppedOn(t.screen());
      if (next) stops.push(next);
    }
    await t.waitFor('Migration complete');
    const items = stops.filter((s) => noPrimary.some((n) => s === `inventory item ${n}`));
    expect(items, `stops: ${stops.join(' | ')}`).toHaveLength(1);
    expect(new Set(stops).size).toBe(stops.length);

    // Every item of that model is journaled skipped by the operator, none failed.
    const view = await openStateDir(stateDir).readOnly(id);
    expect(noPrimary.map((n) => view.get('inventory_item', n)?.action)).toEqual(
      noPrimary.map(() => 'skipped'),
    );
    await t.keys('q');
    await t.waitFor('EXIT=0', 30_000);
  });
});
