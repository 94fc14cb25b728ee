// The freeze of issue #14, as a new user met it at 80×24: migrate one customer found by name,
// back to the list from the summary, plan another, `/` and esc out of the search, plan again.
// The app used to stop answering here and climb to 1.8 GB (a <Static> log left a freed Yoga node
// that Ink kept laying out, ink#904), so this drives that sequence a few times over, scrolling the
// list in between as a person would, and after each round the app must answer a key and its
// memory stay bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { DemoWorld } from '../../source/simulators/demo-world.js';
import { generateSonarDataset } from '../../source/simulators/sonar-dataset/generate.js';
import { cleanIds } from './harness.js';
import { hasTmux, openTerminal, type Terminal } from './tui-driver.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-freeze-'));
let term: Terminal | undefined;
afterAll(() => {
  term?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Far above the app's ~150–200 MB, far below the 1.8 GB it reached frozen. */
const RSS_BOUND_MB = 400;

describe.skipIf(!hasTmux)('the terminal app at 80×24', () => {
  test('the freeze sequence: the app keeps answering and its memory stays bounded', {
    timeout: 240_000,
  }, async () => {
    const t = openTerminal({
      args: ['demo', '--accounts', '120', '--seed', '7'],
      env: { S2S_STATE_DIR: path.join(dir, 'state') },
    });
    term = t;
    await t.waitFor('No migrations yet');
    await t.keys('n');
    await t.waitFor('All blocking checks passed');
    await t.keys('Enter');
    await t.waitFor('1/120');
    // Customers without a seeded problem (the demo generates the same ISP from the same seed).
    const dataset = generateSonarDataset({ seed: 7, accounts: 120 });
    const byId = new Map(dataset.tables.accounts.map((a) => [String(a.id), a.name as string]));
    const names = cleanIds({ dataset } as DemoWorld, 3).map((id) => byId.get(id) as string);
    for (const [round, name] of names.entries()) {
      // `/` a customer's name, enter, space, enter: the plan of that one customer.
      await t.keys('/');
      await t.type(name);
      await t.keys('Enter');
      await t.waitFor(/1\/\d+/);
      await t.keys('Space', 'Enter');
      await t.waitFor('Press enter to migrate');
      // enter (run): today's app asks first, and `y` answers; an older one ran at enter.
      await t.keys('Enter', 'y');
      await t.waitFor('Migration complete', 90_000);
      // enter on Summary, then `j j space enter`, `/`, `esc`, `enter`.
      await t.keys('Enter');
      await t.waitFor(/\/120/);
      await t.keys('j', 'j', 'Space', 'Enter');
      await t.waitFor('Plan for');
      await t.keys('/', 'Escape', 'Enter');
      await t.waitFor('Plan for');
      // A person scrolls; every row drawn and dropped reuses Yoga's memory.
      await t.keys('Escape');
      await t.waitFor(/\/120/);
      for (let i = 0; i < 40; i++) await t.keys(i % 10 < 7 ? 'j' : 'k');
      await t.keys('G', 'g', 'c');
      // Still answering: a key changes the screen within seconds.
      await t.keys('2');
      await t.waitFor('[Active]', 10_000);
      await t.keys('1');
      await t.waitFor('[All]', 10_000);
      const { rssMb } = t.memory();
      expect(rssMb, `RSS after round ${round + 1}`).toBeGreaterThan(0);
      expect(rssMb, `RSS after round ${round + 1}`).toBeLessThan(RSS_BOUND_MB);
    }
    // And it still quits cleanly.
    await t.keys('q');
    await t.waitFor('EXIT=0', 30_000);
  });
});
