// The real app in a real pseudo-terminal (tmux, on a private socket), against the demo simulators
// on loopback port 0 and a temporary state dir: one customer, then all, skipping the seeded bad
// records a cause at a time by key, then quit; the state on disk must say completed, and the
// app's frames are gone from the terminal (it drew on the alternate screen).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStateDir } from '../../source/state/index.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `s2s-e2e-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-'));
const stateDir = path.join(dir, 'state');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}
const screen = () => tmux('capture-pane', '-p', '-t', 'app');
const alive = () => spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'app']).status === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(
  text: string | RegExp | ((screen: string) => boolean),
  ms = 60_000,
): Promise<string> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < ms) {
    last = alive() ? screen() : last;
    const ok =
      typeof text === 'string'
        ? last.includes(text)
        : text instanceof RegExp
          ? text.test(last)
          : text(last);
    if (ok) return last;
    await sleep(100);
  }
  throw new Error(`screen never showed ${String(text)}:\n${last}`);
}

async function keys(...sequence: string[]) {
  for (const key of sequence) {
    tmux('send-keys', '-t', 'app', key);
    await sleep(150);
  }
}

/**
 * `s` on the failures view: skips the highlighted cause and resumes. Waits for what follows (the
 * next stop names another record in its first line, or the run completes).
 */
async function skipCause(): Promise<number> {
  const stoppedAt = screen().split('\n')[0] ?? '';
  await keys('s');
  await waitFor(
    (text) =>
      text.includes('Migration complete') ||
      (text.includes('Stopped on a failed record') && !text.startsWith(stoppedAt)),
  );
  return 1;
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('s2s demo in a terminal', () => {
  test('migrates one customer, then all, skipping bad records, by keyboard', {
    timeout: 180_000,
  }, async () => {
    const cli = path.resolve('source/cli.tsx');
    const tsx = path.resolve('node_modules/.bin/tsx');
    tmux(
      'new-session',
      '-d',
      '-s',
      'app',
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      `S2S_STATE_DIR=${stateDir}`,
      '-e',
      'NO_COLOR=1',
      // Ink renders only the final frame when it thinks it runs in CI: a person's terminal has no CI.
      `env -u CI ${tsx} ${cli} demo --accounts 20 --seed 3; echo "EXIT=$?"; sleep 60`,
    );
    let skips = 0;
    await waitFor('No migrations yet');
    await keys('n');
    await waitFor('All blocking checks passed');
    await keys('Enter');
    await waitFor('1/20');
    await keys('Space', 'Enter');
    await waitFor('Press enter to migrate 1 customer');
    await keys('Enter');
    await waitFor('Write 1 customer to the simulated Splynx now?');
    await keys('y');
    await waitFor(/Migration complete|Stopped on a failed record/);
    for (let i = 0; i < 20 && screen().includes('Stopped on a failed record'); i++) {
      skips += await skipCause();
    }
    await waitFor('Migration complete');
    await keys('Enter');
    await waitFor('created');
    await keys('a');
    await waitFor('20 marked');
    await keys('Enter');
    await waitFor('Press enter to migrate all 20 customers');
    await keys('Enter');
    await waitFor('now?');
    await keys('y');
    await waitFor(/Migration complete|Stopped on a failed record/);
    for (let i = 0; i < 20 && screen().includes('Stopped on a failed record'); i++) {
      skips += await skipCause();
    }
    await waitFor('Migration complete');
    await keys('q');
    const after = await waitFor('EXIT=0');
    // The alternate screen is gone with the app: none of its frames is left on the terminal.
    expect(after).not.toContain('Migration complete');
    expect(after).not.toContain('Customers (demo)');

    // The demo dataset seeds records Splynx cannot take; each was skipped by key.
    expect(skips).toBeGreaterThan(0);
    const list = await openStateDir(stateDir).list();
    expect(list.map((m) => (m.ok ? m.status : m.problem))).toEqual(['completed', 'completed']);
    const last = list[1];
    if (!last?.ok) throw new Error('no second migration');
    expect(last.counts.customer?.created ?? 0).toBeGreaterThan(0);
    expect(last.counts.customer?.failed ?? 0).toBe(0);
  });
});

test('refuses the app without a terminal and points to the headless commands', () => {
  const result = spawnSync(
    path.resolve('node_modules/.bin/tsx'),
    [path.resolve('source/cli.tsx'), 'demo'],
    {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, TERM: 'xterm-256color', S2S_STATE_DIR: stateDir },
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(
    's2s: The s2s terminal app needs an interactive terminal (stdin and stdout are not a TTY).\n',
  );
  expect(result.stderr).toContain('`s2s migrate --customer <id> --yes`');
});

test('refuses the app on TERM=dumb, which cannot redraw a screen, and names the way out', () => {
  const result = spawnSync(
    path.resolve('node_modules/.bin/tsx'),
    [path.resolve('source/cli.tsx'), 'demo'],
    { encoding: 'utf8', input: '', env: { ...process.env, TERM: 'dumb', S2S_STATE_DIR: stateDir } },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('TERM=dumb cannot do');
  expect(result.stderr).toContain('`s2s migrate --customer <id> --yes`');
});
