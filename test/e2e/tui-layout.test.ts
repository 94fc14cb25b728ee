// The layout in a real terminal as it is resized: at 80×24 the footer keeps enter, esc, q and ?;
// below 80×24 the app says the terminal is too small (and comes back when it grows); at 120×40 the
// list uses the room. No frame is ever taller than the terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hasTmux, openTerminal, type Terminal } from './tui-driver.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-layout-'));
let term: Terminal | undefined;
afterAll(() => {
  term?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowsShown = (screen: string) => screen.split('\n').filter((l) => /^[>v ]\[[ x]\] /.test(l));

describe.skipIf(!hasTmux)('the terminal app as the terminal is resized', () => {
  test('80×24 footer, too small below it, more rows at 120×40', { timeout: 120_000 }, async () => {
    const t = openTerminal({
      args: ['demo', '--accounts', '60', '--seed', '3'],
      env: { S2S_STATE_DIR: path.join(dir, 'state') },
    });
    term = t;
    await t.waitFor('No migrations yet');
    await t.keys('n');
    await t.waitFor('All blocking checks passed');
    await t.keys('Enter');
    const small = await t.waitFor('1/60');
    const footer = small.trimEnd().split('\n').at(-1) ?? '';
    for (const key of ['enter plan', 'esc back', 'q quit', '? help']) expect(footer).toContain(key);
    const at80 = rowsShown(small).length;

    t.resize(70, 20);
    await t.waitFor('s2s needs at least 80×24');
    // Keys wait while it is too small: `q` would have quit.
    await t.keys('q');
    t.resize(120, 40);
    const big = await t.waitFor(/1\/60/);
    expect(big).not.toContain('needs at least');
    expect(rowsShown(big).length).toBeGreaterThan(at80);
    // The frame fits: its first line is still the top of the terminal.
    expect(big.split('\n')[0]).toBe('Customers (demo)');
    await t.keys('q');
    await t.waitFor('EXIT=0', 30_000);
  });
});
