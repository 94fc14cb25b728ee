// Throughput parity: the same world (seed, size) migrated headless and in the terminal app, at the
// same concurrency, one after the other, and the two rates side by side. The headless run is the
// CLI (`migrate --all --yes --no-stop-on-error`); the app is the real CLI in a real pseudo-terminal
// (tmux, 80×24), driven by keys through Customers → Active → all → plan → stop on error off → run.
// Both read their figures from the report.json the run wrote, so they are measured the same way;
// each world is fresh, its simulators in a process of their own (`s2s simulate`), so neither this
// bench's polling of the terminal nor a run's CPU slows them. Target: app ≥ 0.9 × headless.
// TUI_PARITY_NODE_ARGS adds node flags to both runs (e.g. --cpu-prof) for a closer look.
// It also times the app's first frame (process start to the Start screen, live mode).
// The machine is shared, so the pair runs `rounds` times, alternating, and the medians are
// compared (each pair's ratio is printed too).
// Run: npx tsx bench/tui-parity.ts [accounts=500] [concurrency=4] [seed=1] [rounds=3]
// Memory: npx tsx bench/tui-parity.ts --demo-rss [accounts=50000] [seconds=120] runs `s2s demo`
// (simulators in the app's own process, as an operator trying it has them), migrates every active
// customer for that long, samples the app's RSS each second, then stops it with q.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEMO_RSS = process.argv[2] === '--demo-rss';
const args = DEMO_RSS ? process.argv.slice(3) : process.argv.slice(2);
const ACCOUNTS = Number(args[0] ?? (DEMO_RSS ? 50_000 : 500));
const CONCURRENCY = DEMO_RSS ? 4 : Number(args[1] ?? 4);
const SECONDS = DEMO_RSS ? Number(args[1] ?? 120) : 0;
const SEED = DEMO_RSS ? 1 : Number(args[2] ?? 1);
const ROUNDS = DEMO_RSS ? 1 : Number(args[3] ?? 3);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'source/cli.tsx');
const socket = `s2s-parity-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  /** CPU time (user + system) the process spent from the run's start to its end. */
  cpuMs: number;
  durationMs: number;
  records: number;
  customers: number;
  splynxRequests: number;
}

interface World {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** `s2s simulate` in a child process: a fresh seeded world, its URLs and demo credentials. */
async function startWorld(): Promise<World> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'simulate', '--accounts', String(ACCOUNTS), '--seed', String(SEED)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`simulate exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('Ctrl-C stops both')) return;
      resolve(
        Object.fromEntries(
          [...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
        ),
      );
    });
  });
  return {
    env,
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU time a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuOf(pid: number | string | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** What a run's report.json says: its duration, records created or adopted, and customers. */
function figures(stateDir: string, cpuMs: number): Figures {
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
    cpuMs,
    durationMs: report.durationMs,
    records,
    customers,
    splynxRequests: report.requests?.splynx ?? 0,
  };
}

async function headless(): Promise<Figures> {
  const world = await startWorld();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 's2s-parity-headless-'));
  try {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.TUI_PARITY_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''),
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
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // The run's CPU: from the engine's first line to its summary (the process start, module
    // loading and exit are the app's too, outside its run).
    let started = Number.NaN;
    let ended = Number.NaN;
    let last = Number.NaN;
    const poll = setInterval(() => {
      last = cpuOf(child.pid) || last;
    }, 20);
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (Number.isNaN(started) && text.includes('Starting migration')) started = cpuOf(child.pid);
      if (text.includes('\nSummary: ')) ended = cpuOf(child.pid);
    });
    await new Promise((resolve) => child.on('close', resolve));
    clearInterval(poll);
    return figures(stateDir, (Number.isNaN(ended) ? last : ended) - started);
  } finally {
    await world.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}
const screen = () => tmux('capture-pane', '-p', '-t', 'app');

async function waitFor(text: string | RegExp, ms = 600_000, pollMs = 100): Promise<string> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < ms) {
    try {
      last = screen();
    } catch {
      // The session is starting.
    }
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await sleep(pollMs);
  }
  throw new Error(`the app never showed ${String(text)}:\n${last}`);
}

async function keys(...sequence: string[]) {
  for (const key of sequence) {
    tmux('send-keys', '-t', 'app', key);
    await sleep(200);
  }
}

function appPid(): string | undefined {
  const pane = tmux('list-panes', '-t', 'app', '-F', '#{pane_pid}').trim();
  return spawnSync('pgrep', ['-P', pane], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
}

/** RSS now and at its peak (VmRSS, VmHWM) of the app's node process, in MB. */
function memory(): { rss: number; peak: number } {
  const pid = appPid();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}
const peakRss = () => memory().peak;

/** Customers → Active → all → plan → stop on error off → run, by keys. */
async function startRun() {
  await keys('Enter');
  await waitFor(`/${ACCOUNTS.toLocaleString('en-US')}`);
  await keys('2');
  await waitFor('[Active]');
  await keys('a');
  await waitFor(/[1-9][\d,]* marked/);
  await keys('Enter');
  await waitFor('Press enter to migrate', 1_800_000);
  await keys('s');
  await waitFor('Stop on the first failed record: no');
  await keys('Enter');
  await waitFor('now?');
  await keys('y');
}

/** The real app at 80×24 in the bench's tmux session `app`, with these variables and arguments. */
function startApp(vars: Record<string, string>, args: string, nodeArgs = ''): void {
  const env = Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // Ink renders only the final frame when it thinks it runs in CI: a person's terminal has no CI.
  const run = `env -u CI ${process.execPath} ${nodeArgs} --import tsx ${CLI} ${args}`;
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
    `cd ${ROOT} && ${run}; sleep 60`,
  );
}

async function demoRss() {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 's2s-parity-demo-'));
  try {
    startApp({ S2S_STATE_DIR: stateDir, NO_COLOR: '1' }, `demo --accounts ${ACCOUNTS}`);
    await waitFor('No migrations yet', 600_000);
    const idle = memory().rss;
    await keys('n');
    await waitFor('All blocking checks passed', 600_000);
    await startRun();
    await waitFor('· running ·', 600_000);
    let peak = 0;
    const samples: number[] = [];
    for (let s = 0; s < SECONDS; s++) {
      await sleep(1000);
      const { rss } = memory();
      samples.push(rss);
      peak = Math.max(peak, rss);
      if (/Migration complete|Stopped on a failed record/.test(screen())) break;
    }
    const progress =
      screen()
        .split('\n')
        .find((l) => l.startsWith('> ')) ?? '';
    const highWater = memory().peak;
    await keys('q');
    console.log(
      `demo ${ACCOUNTS.toLocaleString('en-US')} accounts: app RSS ${idle.toFixed(0)} MB at the Start screen, peak ${peak.toFixed(0)} MB over ${samples.length} s of the run, ${highWater.toFixed(0)} MB high-water mark including the plan (target < 400 MB); the run was at: ${progress.trim()}`,
    );
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function app(): Promise<Figures & { peakRssMb: number; firstFrameMs: number }> {
  const world = await startWorld();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 's2s-parity-app-'));
  try {
    const spawned = performance.now();
    startApp(
      { ...world.env, S2S_STATE_DIR: stateDir, NO_COLOR: '1' },
      `--concurrency ${CONCURRENCY}`,
      process.env.TUI_PARITY_NODE_ARGS ?? '',
    );
    await waitFor('No migrations yet', 60_000, 10);
    const firstFrameMs = performance.now() - spawned;
    await keys('n');
    await waitFor('All blocking checks passed');
    await startRun();
    // While it runs, the terminal is left alone (reading the screen costs tmux and this process
    // CPU the run would miss): the end is the report.json the run writes, watched on disk.
    const pid = appPid();
    const started = cpuOf(pid);
    const reported = () =>
      readdirSync(stateDir).some((d) => existsSync(path.join(stateDir, d, 'report.json')));
    while (!reported()) await sleep(50);
    const cpuMs = cpuOf(pid) - started;
    await waitFor(/Migration complete|Stopped on a failed record|Migration failed/);
    const peakRssMb = peakRss();
    await keys('q');
    return { ...figures(stateDir, cpuMs), peakRssMb, firstFrameMs };
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
if (DEMO_RSS) {
  await demoRss();
  process.exit(0);
}
console.log(
  `tui-parity: ${ACCOUNTS} accounts (seed ${SEED}), all active customers, concurrency ${CONCURRENCY}`,
);
const rate = (f: Figures) => (f.records * 1000) / f.durationMs;
const perCustomer = (f: Figures) => (f.customers * 1000) / f.durationMs;
const row = (name: string, f: Figures) =>
  `${name.padEnd(9)} ${(f.durationMs / 1000).toFixed(1).padStart(6)} s  ${rate(f).toFixed(1).padStart(7)} records/s  ${perCustomer(f).toFixed(1).padStart(6)} customers/s  CPU ${(f.cpuMs / 1000).toFixed(2)} s  (${f.records} records, ${f.customers} customers, ${f.splynxRequests} Splynx requests)`;
const heads: Figures[] = [];
const apps: Array<Awaited<ReturnType<typeof app>>> = [];
for (let round = 1; round <= ROUNDS; round++) {
  const h = await headless();
  const a = await app();
  heads.push(h);
  apps.push(a);
  console.log(`round ${round}`);
  console.log(row('headless', h));
  console.log(row('app', a));
  console.log(`  ratio ${(rate(a) / rate(h)).toFixed(2)}`);
}
const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
const hRate = median(heads.map(rate));
const aRate = median(apps.map(rate));
const a = apps[0] as Awaited<ReturnType<typeof app>>;
const h = heads[0] as Figures;
console.log(
  `median of ${ROUNDS}: headless ${hRate.toFixed(1)} records/s, app ${aRate.toFixed(1)} records/s; ratio app/headless: ${(aRate / hRate).toFixed(2)} (target ≥ 0.90)`,
);
const hCpu = median(heads.map((f) => f.cpuMs));
const aCpu = median(apps.map((f) => f.cpuMs));
console.log(
  `CPU in the run (median, robust to a busy machine): headless ${(hCpu / 1000).toFixed(2)} s, app ${(aCpu / 1000).toFixed(2)} s; the app spends ${(aCpu / hCpu).toFixed(2)}× the headless CPU`,
);
console.log(
  `app first frame ${median(apps.map((x) => x.firstFrameMs)).toFixed(0)} ms (median; process start included, target < 1000 ms); app peak RSS ${Math.max(...apps.map((x) => x.peakRssMb)).toFixed(0)} MB`,
);
if (a.records !== h.records) {
  console.log(`warning: the runs migrated different record counts (${a.records} vs ${h.records})`);
}
