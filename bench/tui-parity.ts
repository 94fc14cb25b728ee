// Throughput parity: the same world (seed, size) migrated headless and in the terminal app, at the
// same concurrency, one after the other, and the two rates side by side. The headless run is the
// CLI (`migrate --all --yes --no-stop-on-error`); the app is the real CLI in a real pseudo-terminal
// (tmux, 80×24), driven by keys through Customers → Active → all → plan → stop on error off → run.
// Both read their figures from the report.json the run wrote, so they are measured the same way;
// each world is fresh, the simulators run in this process for both. Target: app ≥ 0.9 × headless.
// Run: npx tsx bench/tui-parity.ts [accounts=500] [concurrency=4] [seed=1]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoWorld } from '../source/simulators/demo-world.js';

const ACCOUNTS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const SEED = Number(process.argv[4] ?? 1);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'source/cli.tsx');
const socket = `s2s-parity-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  durationMs: number;
  records: number;
  customers: number;
  splynxRequests: number;
}

/** What a run's report.json says: its duration, records created or adopted, and customers. */
function figures(stateDir: string): Figures {
  const [id] = readdirSync(stateDir).filter((d) => /^\d{8}-/.test(d));
  if (!id) throw new Error(`no migration in ${stateDir}`);
  const report = JSON.parse(readFileSync(path.join(stateDir, id, 'report.json'), 'utf8')) as {
    durationMs: number;
    requests?: { splynx?: number };
    totals: Array<{ entity: string; created: number; adopted: number }>;
  };
  const records = report.totals.reduce((n, t) => n + t.created + t.adopted, 0);
  const customers = report.totals
    .filter((t) => t.entity === 'customer')
    .reduce((n, t) => n + t.created + t.adopted, 0);
  return {
    durationMs: report.durationMs,
    records,
    customers,
    splynxRequests: report.requests?.splynx ?? 0,
  };
}

async function headless(): Promise<Figures> {
  const world = await startDemoWorld({ accounts: ACCOUNTS, seed: SEED });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 's2s-parity-headless-'));
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        'migrate',
        '--all',
        '--yes',
        '--no-stop-on-error',
        '--concurrency',
        String(CONCURRENCY),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...world.env, S2S_STATE_DIR: stateDir },
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    await new Promise((resolve) => child.on('close', resolve));
    return figures(stateDir);
  } finally {
    await world.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}
const screen = () => tmux('capture-pane', '-p', '-t', 'app');

async function waitFor(text: string | RegExp, ms = 600_000): Promise<string> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < ms) {
    last = screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`the app never showed ${String(text)}:\n${last}`);
}

async function keys(...sequence: string[]) {
  for (const key of sequence) {
    tmux('send-keys', '-t', 'app', key);
    await sleep(200);
  }
}

/** Peak RSS (VmHWM) of the app's node process, in MB. */
function peakRss(): number {
  const pane = tmux('list-panes', '-t', 'app', '-F', '#{pane_pid}').trim();
  const pid = spawnSync('pgrep', ['-P', pane], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function app(): Promise<Figures & { peakRssMb: number }> {
  const world = await startDemoWorld({ accounts: ACCOUNTS, seed: SEED });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 's2s-parity-app-'));
  try {
    const env = Object.entries({ ...world.env, S2S_STATE_DIR: stateDir, NO_COLOR: '1' }).flatMap(
      ([k, v]) => ['-e', `${k}=${v}`],
    );
    tmux(
      'new-session',
      '-d',
      '-s',
      'app',
      '-x',
      '80',
      '-y',
      '24',
      ...env,
      // Ink renders only the final frame when it thinks it runs in CI: a person's terminal has no CI.
      `cd ${ROOT} && env -u CI ${process.execPath} --import tsx ${CLI} --concurrency ${CONCURRENCY}; sleep 60`,
    );
    await waitFor('No migrations yet');
    await keys('n');
    await waitFor('All blocking checks passed');
    await keys('Enter');
    await waitFor(`/${ACCOUNTS.toLocaleString('en-US')}`);
    await keys('2');
    await waitFor('[Active]');
    await keys('a');
    await waitFor(/[1-9][\d,]* marked/);
    await keys('Enter');
    await waitFor('Press enter to migrate');
    await keys('s');
    await waitFor('Stop on the first failed record: no');
    await keys('Enter');
    await waitFor('now?');
    await keys('y');
    await waitFor(/Migration complete|Stopped on a failed record|Migration failed/);
    const peakRssMb = peakRss();
    await keys('q');
    return { ...figures(stateDir), peakRssMb };
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await world.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (spawnSync('tmux', ['-V']).status !== 0) {
  console.log('tui-parity needs tmux (the app runs in a real pseudo-terminal); skipped.');
  process.exit(0);
}
console.log(
  `tui-parity: ${ACCOUNTS} accounts (seed ${SEED}), all active customers, concurrency ${CONCURRENCY}`,
);
const h = await headless();
const a = await app();
const rate = (f: Figures) => (f.records * 1000) / f.durationMs;
const perCustomer = (f: Figures) => (f.customers * 1000) / f.durationMs;
const row = (name: string, f: Figures) =>
  `${name.padEnd(9)} ${(f.durationMs / 1000).toFixed(1).padStart(6)} s  ${rate(f).toFixed(1).padStart(7)} records/s  ${perCustomer(f).toFixed(1).padStart(6)} customers/s  (${f.records} records, ${f.customers} customers, ${f.splynxRequests} Splynx requests)`;
console.log(row('headless', h));
console.log(row('app', a));
console.log(
  `ratio app/headless: ${(rate(a) / rate(h)).toFixed(2)} (target ≥ 0.90); app peak RSS ${a.peakRssMb.toFixed(0)} MB`,
);
if (a.records !== h.records) {
  console.log(`warning: the runs migrated different record counts (${a.records} vs ${h.records})`);
}
