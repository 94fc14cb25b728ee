// Issue 14 item 2 in a real pseudo-terminal (tmux, private socket): the app is killed with -9 in
// the middle of a run; started again, its Start screen lists that migration as interrupted (not
// running), and enter resumes it, taking the dead process's lock over, to a completed Summary.
// Live mode against simulators this test starts, so the second app sees the same Splynx.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../source/simulators/demo-world.js';
import { openStateDir } from '../../source/state/index.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `s2s-e2e-interrupted-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-tui-interrupted-'));
const stateDir = path.join(dir, 'state');
let world: DemoWorld | undefined;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}
const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);
const alive = (session: string) =>
  spawnSync('tmux', ['-L', socket, 'has-session', '-t', session]).status === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(session: string, text: string | RegExp, ms = 60_000): Promise<string> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < ms) {
    last = alive(session) ? screen(session) : last;
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`screen never showed ${String(text)}:\n${last}`);
}

async function keys(session: string, ...sequence: string[]) {
  for (const key of sequence) {
    tmux('send-keys', '-t', session, key);
    await sleep(150);
  }
}

/** The app in a new 80×24 tmux session, with the simulators' environment (live mode). */
function launch(session: string, extraEnv: Record<string, string> = {}) {
  const cli = path.resolve('source/cli.tsx');
  const tsx = path.resolve('node_modules/.bin/tsx');
  const env = { ...world?.env, S2S_STATE_DIR: stateDir, NO_COLOR: '1', ...extraEnv };
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '80',
    '-y',
    '24',
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    // Ink renders only the final frame when it thinks it runs in CI: a person's terminal has no CI.
    `env -u CI ${tsx} ${cli}; echo "EXIT=$?"; sleep 60`,
  );
}

afterAll(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('the terminal app after kill -9', () => {
  test('lists the killed migration as interrupted; enter resumes it to a completed Summary', {
    timeout: 240_000,
  }, async () => {
    world = await startDemoWorld({ accounts: 20, seed: 3 });
    // The crash seam SIGKILLs the app itself right after Splynx confirmed its 4th create: no
    // cleanup, no journal line for that write, the lock left behind, as with kill -9.
    launch('first', { S2S_TEST_KILL_AFTER_CREATES: '4' });
    await waitFor('first', 'No migrations yet');
    await keys('first', 'n');
    await waitFor('first', 'All blocking checks passed');
    await keys('first', 'Enter');
    await waitFor('first', '1/20');
    await keys('first', 'Space', 'Enter');
    await waitFor('first', 'Press enter to migrate 1 customer');
    await keys('first', 'Enter');
    // The app asks before its first write.
    await waitFor('first', 'Yes, migrate 1 customer (y)');
    await keys('first', 'y');
    await waitFor('first', 'EXIT=137');
    const [killed] = await openStateDir(stateDir).list();
    expect(killed).toMatchObject({ ok: true, status: 'running', lock: { state: 'stale' } });
    const id = killed?.id as string;

    launch('second');
    const start = await waitFor('second', 'interrupted:');
    expect(start).toMatch(new RegExp(`> ${id}\\s+interrupted `));
    expect(start).toMatch(/ {4}interrupted: process \d+ is no longer running; enter resumes it/);
    expect(start).not.toMatch(/\brunning\s+\d+ created/);
    await keys('second', 'Enter');
    // The takeover is said in the run's log, naming the dead process.
    const pid = killed?.ok && killed.lock.state === 'stale' ? killed.lock.holder.pid : 0;
    await waitFor('second', `Took over the lock from process ${pid} on ${os.hostname()}, taken 20`);
    await waitFor('second', /Migration complete|Stopped on a failed record/);
    // The demo dataset seeds records Splynx cannot take; skip them as an operator would.
    for (let i = 0; i < 20 && screen('second').includes('Stopped on a failed record'); i++) {
      await keys('second', 's');
      await waitFor('second', /Migration complete|Stopped on a failed record/);
    }
    await waitFor('second', 'Migration complete');
    await keys('second', 'Enter');
    await waitFor('second', 'created');
    await keys('second', 'q');
    await waitFor('second', 'EXIT=0');

    // The same migration, resumed (not a second one), completed and unlocked.
    const list = await openStateDir(stateDir).list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ok: true, id, status: 'completed', lock: { state: 'free' } });
    if (!list[0]?.ok) throw new Error('damaged');
    expect(list[0].counts.customer?.failed ?? 0).toBe(0);
  });
});
