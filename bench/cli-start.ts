// Issue 13, fast start: how long a headless command takes from process start to exit, for the
// built entry (`node dist/cli.js`, what `npx s2s` and `npm start` run after `npm ci`) and for the
// source through tsx (compiled at every start). Builds dist/ first, so the figures are for the
// current source. Median of RUNS runs each; `node -e 0` is the floor any Node CLI pays.
// Run: npx tsx bench/cli-start.ts [runs=10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStateDir } from '../source/state/index.js';

const RUNS = Number(process.argv[2] ?? 10);
const root = path.resolve(import.meta.dirname, '..');

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

// `status` reads a real state directory: one migration of 1,000 records.
const stateDir = mkdtempSync(path.join(tmpdir(), 's2s-bench-start-'));
const migration = await openStateDir(stateDir).create({ selection: { kind: 'all' } });
for (let i = 1; i <= 1_000; i++) {
  await migration.commit({ entity: 'customer', sonarId: i, action: 'created', splynxId: i });
}
await migration.setStatus('completed');
await migration.close();

const COMMANDS: Array<[string, string[]]> = [
  ['--help', ['--help']],
  ['status', ['status', '--state-dir', stateDir]],
  ['preflight --help', ['preflight', '--help']],
];
const ENTRIES: Array<[string, string[]]> = [
  ['built (node dist/cli.js)', ['dist/cli.js']],
  ['tsx (source/cli.tsx)', ['--import', 'tsx', 'source/cli.tsx']],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeRuns(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  return median(times);
}

const floor = timeRuns(['-e', '0']);
console.log(`Start-up to exit, median of ${RUNS} runs (node -e 0: ${floor.toFixed(0)} ms)\n`);
const width = Math.max(...COMMANDS.map(([label]) => label.length));
console.log(
  `  ${'command'.padEnd(width)}  ${ENTRIES.map(([label]) => label.padStart(26)).join('')}`,
);
for (const [label, args] of COMMANDS) {
  const cells = ENTRIES.map(([, entry]) => `${timeRuns([...entry, ...args]).toFixed(0)} ms`);
  console.log(`  ${label.padEnd(width)}  ${cells.map((c) => c.padStart(26)).join('')}`);
}
rmSync(stateDir, { recursive: true, force: true });
