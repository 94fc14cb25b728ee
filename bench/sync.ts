// Issue 16, speed of `s2s sync`: migrate a seeded ISP (every status, the deliberately broken
// accounts left out so every account is in Splynx), rename 1 % of the accounts in Sonar, then
// sync. Prints Splynx writes and reads, and Sonar requests, of the sync against the changed
// records and against the migration's own full extraction; then a second sync with nothing new.
// Run: npx tsx bench/sync.ts [accounts=2000] [changed percent=1] [concurrency=8]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoWorld } from '../source/simulators/demo-world.js';

const accounts = Number(process.argv[2] ?? 2000);
const percent = Number(process.argv[3] ?? 1);
const concurrency = Number(process.argv[4] ?? 8);
const root = path.resolve(import.meta.dirname, '..');

const world = await startDemoWorld({ accounts, seed: 1 });
const stateDir = mkdtempSync(path.join(tmpdir(), 's2s-bench-sync-'));
const env = { PATH: process.env.PATH ?? '', ...world.env, S2S_STATE_DIR: stateDir };
const hard = new Set(world.dataset.meta.hardCases.map((h) => h.account_id));
for (const id of hard) world.sonar.records.remove('accounts', id);

// Token requests (auth) are neither reads nor writes of records: left out.
const isAuth = (url: string) => url.includes('/auth/');
function counts() {
  const splynx = world.splynx.log.counts.byMethod;
  const auth = world.splynx.log.list((e) => isAuth(e.url)).length;
  return {
    reads: (splynx.GET ?? 0) + (splynx.HEAD ?? 0) + (splynx.OPTIONS ?? 0),
    writes: (splynx.POST ?? 0) + (splynx.PUT ?? 0) + (splynx.DELETE ?? 0) - auth,
    sonar: world.sonar.log.counts.total,
  };
}

// The simulators live in this process: the CLI runs beside them (never spawnSync, which would
// stop them answering).
async function run(args: string[]) {
  const before = counts();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'source/cli.tsx', ...args, '--json', '--concurrency', String(concurrency)],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Only the last complete line is kept: the summary.
  let last = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    const complete = lines.filter((l) => l !== '').at(-1);
    if (complete !== undefined) last = complete;
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const after = counts();
  return {
    code,
    seconds: (performance.now() - started) / 1000,
    reads: after.reads - before.reads,
    writes: after.writes - before.writes,
    sonar: after.sonar - before.sonar,
    stderr,
    summary: (() => {
      try {
        return (JSON.parse(last) as { summary?: { failures: number; changes?: unknown } }).summary;
      } catch {
        return undefined;
      }
    })(),
  };
}

try {
  const migrate = await run([
    'migrate',
    '--all',
    '--include-inactive',
    '--no-stop-on-error',
    '--yes',
  ]);
  if (migrate.code !== 0 && migrate.code !== 1) throw new Error(`migrate: ${migrate.stderr}`);
  const migrated = world.sonar.tables.accounts.map((a) => a.id);
  const step = Math.max(1, Math.round(100 / percent));
  const changed = migrated.filter((_, i) => i % step === 0);
  for (const id of changed) world.sonar.records.patch('accounts', id, { name: `Renamed ${id}` });

  const sync = await run(['sync', '--yes', '--no-stop-on-error']);
  const again = await run(['sync', '--yes', '--no-stop-on-error']);
  const rows: Array<[string, string | number]> = [
    ['accounts in Sonar (broken ones left out)', migrated.length],
    ['changed in Sonar (renamed)', changed.length],
    ['migrate: Sonar requests (a full extraction)', migrate.sonar],
    ['migrate: Splynx reads / writes', `${migrate.reads} / ${migrate.writes}`],
    [
      'migrate: records failed (seeded broken inventory, orphaned children)',
      migrate.summary?.failures ?? '?',
    ],
    ['sync: Sonar requests', sync.sonar],
    ['sync: Splynx writes', sync.writes],
    ['sync: Splynx reads', sync.reads],
    ['sync: Splynx reads per changed record', (sync.reads / changed.length).toFixed(2)],
    ['sync: seconds', sync.seconds.toFixed(1)],
    ['second sync (nothing new): Splynx reads / writes', `${again.reads} / ${again.writes}`],
    ['second sync: Sonar requests', again.sonar],
    ['second sync: seconds', again.seconds.toFixed(1)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nsync of ${accounts} accounts, ${percent} % changed, concurrency ${concurrency}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  // Exit 1 with --no-stop-on-error: what failed in the migration (the seeded broken inventory,
  // children of the broken accounts left out) fails again in every sync; those accounts count as
  // `migrate` (not in Splynx yet), and their lookups are part of the constant reads.
  console.log(
    `  sync exit ${sync.code}, ${sync.summary?.failures ?? '?'} record(s) failed; changes ${JSON.stringify(sync.summary?.changes)}`,
  );
} finally {
  await world.close();
}
