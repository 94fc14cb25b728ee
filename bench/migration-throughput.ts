// Issue 4's throughput bench: the real CLI migrates the active customers of a seeded ISP into the
// Splynx simulator with 20 ms latency per request at concurrency 8. Prints customers/second,
// Splynx requests per customer, and the ratio to the latency limit
//   limit = concurrency / (requests per customer × latency).
// Run: npx tsx bench/migration-throughput.ts [accounts=10000] [latencyMs=20] [concurrency=8]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineEvent } from '../source/engine/events.js';
import { startDemoWorld } from '../source/simulators/demo-world.js';

const accounts = Number(process.argv[2] ?? 10_000);
const latencyMs = Number(process.argv[3] ?? 20);
const concurrency = Number(process.argv[4] ?? 8);
const root = path.resolve(import.meta.dirname, '..');

async function run(args: string[], env: Record<string, string>, onEvent: (e: EngineEvent) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args, '--json'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('{')) onEvent(JSON.parse(line) as EngineEvent);
      newline = buffer.indexOf('\n');
    }
  });
  return new Promise<number | null>((resolve) => child.on('close', resolve));
}

/** One run over a selection; counts Splynx requests while the customers phase runs. */
async function measure(label: string, selection: string[]) {
  const world = await startDemoWorld({ accounts, seed: 1, latencyMs });
  const env = { ...world.env, S2S_STATE_DIR: mkdtempSync(path.join(tmpdir(), 's2s-bench-')) };
  let phaseStart = 0;
  let phaseEnd = 0;
  let requestsAtStart = 0;
  let requestsAtEnd = 0;
  let customers = 0;
  const code = await run(
    ['migrate', ...selection, '--yes', '--no-stop-on-error', '--concurrency', String(concurrency)],
    env,
    (event) => {
      if (event.type === 'phase-started' && event.phase === 'customers') {
        phaseStart = performance.now();
        requestsAtStart = world.splynx.log.counts.total;
      }
      if (event.type === 'phase-finished' && event.phase === 'customers') {
        phaseEnd = performance.now();
        requestsAtEnd = world.splynx.log.counts.total;
      }
      if (event.type === 'entity' && event.entity === 'customer' && event.action === 'created')
        customers++;
    },
  );
  await world.close();
  const seconds = (phaseEnd - phaseStart) / 1000;
  const perCustomer = (requestsAtEnd - requestsAtStart) / customers;
  const rate = customers / seconds;
  const limit = concurrency / (perCustomer * (latencyMs / 1000));
  console.log(
    `${label.padEnd(44)} exit ${code}  ${customers} customers in ${seconds.toFixed(1)} s  ` +
      `${rate.toFixed(1)}/s  ${perCustomer.toFixed(2)} Splynx requests/customer  ` +
      `limit ${limit.toFixed(1)}/s  ratio ${(rate / limit).toFixed(2)}`,
  );
}

// Customers with exactly one internet service and nothing else hanging off them (the target's case).
const probe = await startDemoWorld({ accounts, seed: 1 });
const { tables, meta } = probe.dataset;
await probe.close();
const hard = new Set(meta.hardCases.map((h) => h.account_id));
const active = new Set(tables.account_statuses.filter((s) => s.activates_account).map((s) => s.id));
const data = new Set(tables.services.filter((s) => s.type === 'DATA').map((s) => s.id));
const servicesOf = new Map<number, number[]>();
for (const s of tables.account_services) {
  servicesOf.set(s.account_id as number, [
    ...(servicesOf.get(s.account_id as number) ?? []),
    s.service_id as number,
  ]);
}
const noted = new Set(tables.notes.map((n) => n.noteable_id as number));
const company = new Set(
  tables.account_types
    .filter((t) => t.type !== 'RESIDENTIAL' && t.type !== 'SENIOR_CITIZEN')
    .map((t) => t.id),
);
const simple = tables.accounts
  .filter((a) => {
    const svc = servicesOf.get(a.id) ?? [];
    return (
      active.has(a.account_status_id as number) &&
      a.archived_at === null &&
      a.parent_account_id === null &&
      !hard.has(a.id) &&
      !noted.has(a.id) &&
      !company.has(a.account_type_id as number) &&
      svc.length === 1 &&
      data.has(svc[0] as number)
    );
  })
  .slice(0, 400)
  .map((a) => String(a.id));

console.log(
  `s2s migration throughput: ${accounts} accounts, ${latencyMs} ms Splynx latency, concurrency ${concurrency}`,
);
await measure(`one-service customers (${simple.length})`, ['--customers', simple.join(',')]);
await measure('all active customers (--all)', ['--all']);
