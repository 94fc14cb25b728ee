// Issue 7, performance at scale: the real CLI migrates a whole seeded ISP (default 100,000
// accounts, every status) into the Splynx simulator. Prints the CLI's peak RSS, customers/second,
// state file size, compaction time, and how long `resume` takes to start on the finished state.
// The CLI runs as operators run it: built (`npm run build`, done here first) with plain node, so
// start-up and memory are not tsx's.
// The resume is stopped (as Ctrl-C would) once it has started, unless --full-resume asks for the
// whole pass over every account with nothing to write (at 100,000 accounts, many minutes more).
// Run: npx tsx bench/scale.ts [accounts=100000] [concurrency=16] [--full-resume]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineEvent } from '../source/engine/events.js';
import { startDemoWorld } from '../source/simulators/demo-world.js';
import { openStateDir } from '../source/state/index.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const accounts = Number(positional[0] ?? 100_000);
const concurrency = Number(positional[1] ?? 16);
const fullResume = process.argv.includes('--full-resume');
const root = path.resolve(import.meta.dirname, '..');

/** A process's resident set from the kernel: VmHWM is the high-water mark, VmRSS the current. */
function rssMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function cli(
  args: string[],
  env: Record<string, string>,
  onEvent: (e: EngineEvent, ms: number, stop: () => void) => void,
) {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', ...args, '--json'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let peak = 0;
  // Where the memory goes: the highest current RSS seen while each phase ran.
  let phase = 'start';
  const byPhase = new Map<string, number>();
  const poll = setInterval(() => {
    peak = Math.max(peak, rssMb(child.pid as number, 'VmHWM'));
    const now = rssMb(child.pid as number, 'VmRSS');
    byPhase.set(phase, Math.max(byPhase.get(phase) ?? 0, now));
  }, 200);
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as EngineEvent;
      if (event.type === 'phase-started') phase = event.phase;
      onEvent(event, performance.now() - started, () => child.kill('SIGINT'));
    }
  });
  return new Promise<{
    code: number | null;
    peakMb: number;
    ms: number;
    byPhase: Map<string, number>;
  }>((resolve) =>
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, peakMb: peak, ms: performance.now() - started, byPhase });
    }),
  );
}

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

const genStart = performance.now();
const world = await startDemoWorld({ accounts, seed: 1 });
console.log(
  `s2s at scale: ${accounts} accounts (world ready in ${((performance.now() - genStart) / 1000).toFixed(1)} s), concurrency ${concurrency}`,
);
const stateDir = mkdtempSync(path.join(tmpdir(), 's2s-scale-'));
const env = { ...world.env, S2S_STATE_DIR: stateDir };

let customers = 0;
let customerStart = 0;
let customerEnd = 0;
let migrationId = '';
const full = await cli(
  [
    'migrate',
    '--all',
    '--include-inactive',
    '--no-stop-on-error',
    '--yes',
    '--concurrency',
    String(concurrency),
  ],
  env,
  (event, ms) => {
    if (event.type === 'migration') migrationId = event.migrationId;
    if (event.type === 'phase-started' && event.phase === 'customers') customerStart = ms;
    if (event.type === 'phase-finished' && event.phase === 'customers') customerEnd = ms;
    if (event.type === 'entity' && event.entity === 'customer' && event.action === 'created')
      customers++;
  },
);
const seconds = (customerEnd - customerStart) / 1000;
console.log(
  `migrate: exit ${full.code}, ${customers} customers created in ${seconds.toFixed(0)} s (${(customers / seconds).toFixed(0)}/s), total ${(full.ms / 1000).toFixed(0)} s, CLI peak RSS ${full.peakMb.toFixed(0)} MB`,
);
console.log(
  `  highest RSS while each phase ran: ${[...full.byPhase].map(([p, mb]) => `${p} ${mb.toFixed(0)} MB`).join(', ')}`,
);
console.log(
  `Splynx requests ${world.splynx.log.counts.total}, Sonar requests ${world.sonar.log.counts.total}`,
);

const dir = path.join(stateDir, migrationId);
for (const file of readdirSync(dir)) {
  console.log(`  state file ${file}: ${(statSync(path.join(dir, file)).size / 1e6).toFixed(1)} MB`);
}
const state = openStateDir(stateDir);
const openStart = performance.now();
const migration = await state.open(migrationId);
const openMs = performance.now() - openStart;
const compactStart = performance.now();
await migration.compact();
const compactMs = performance.now() - compactStart;
await migration.close();
console.log(
  `state: open (load snapshot + journal) ${openMs.toFixed(0)} ms, compaction ${compactMs.toFixed(0)} ms`,
);

let resumeStarted = 0;
const resume = await cli(['resume'], env, (event, ms, stop) => {
  if (event.type !== 'migration') return;
  resumeStarted = ms;
  if (!fullResume) stop();
});
console.log(
  `resume: started (process start to state loaded, lock taken, first event) after ${(resumeStarted / 1000).toFixed(2)} s; ${fullResume ? `whole pass over ${accounts} accounts with nothing to write ${(resume.ms / 1000).toFixed(0)} s` : 'then stopped (--full-resume for the whole pass)'}, exit ${resume.code}, peak RSS ${resume.peakMb.toFixed(0)} MB`,
);
await world.close();
