// The demo's kept data (state/demo/simulators) at scale: start time and resident memory of the
// simulators' process (demo-child.ts, as the app starts it) on a fresh data directory, then over
// a Splynx log as a finished N-account demo leaves it (a customer, a service and a billing row per
// account, and the PUTs of resumed runs on top), which replays and compacts, then once more over
// the compacted log. Prints figures; asserts nothing. `npx tsx bench/demo-data.ts [accounts]`
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoProcess } from '../source/commands/demo-process.js';
import { SPLYNX_LOG } from '../source/simulators/persist/splynx-data.js';

const accounts = Number(process.argv[2] ?? 50_000);
const dataDir = path.join(
  mkdtempSync(path.join(os.tmpdir(), 's2s-bench-demo-data-')),
  'simulators',
);
const options = { accounts, seed: 1, dataDir };

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function start(label: string): Promise<void> {
  const began = performance.now();
  const world = await startDemoProcess(options);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const { rss, peak } = rssMb(world.pid);
  const log = statSync(path.join(dataDir, SPLYNX_LOG), { throwIfNoEntry: false });
  console.log(
    `${label.padEnd(34)} start ${seconds.padStart(5)} s · simulators RSS ${rss} MB (peak ${peak} MB) · splynx.ndjson ${Math.round((log?.size ?? 0) / 1e6)} MB`,
  );
  await world.close();
}

function customer(id: number) {
  return {
    id,
    login: `customer${id}`,
    name: `Customer Number ${id}`,
    email: `customer${id}@example.net`,
    billing_email: '',
    phone: '555-0100',
    category: 'person',
    street_1: `${id} Long Street Name`,
    street_2: '',
    zip_code: '12345',
    city: 'Springfield',
    status: 'active',
    partner_id: 1,
    location_id: 1,
    date_add: '2026-01-01',
    added_by: 'api',
    gps: '',
    additional_attributes: { sonar_id: String(id) },
  };
}

await start(`fresh, ${accounts} accounts`);
const lines: string[] = [];
for (let id = 1; id <= accounts; id++) {
  lines.push(JSON.stringify({ t: 'customers', op: 'put', row: customer(id) }));
  lines.push(
    JSON.stringify({
      t: 'services_internet',
      op: 'put',
      row: {
        id,
        customer_id: id,
        tariff_id: 1,
        login: `customer${id}`,
        status: 'active',
        ipv4: '',
      },
    }),
  );
  lines.push(
    JSON.stringify({
      t: 'customer_billing',
      op: 'put',
      row: { id, customer_id: id, deposit: '0.0000' },
    }),
  );
}
// Resumed runs PUT customers again: more entries than twice the rows, so the next start compacts.
for (let round = 0; round < 4; round++) {
  for (let id = 1; id <= accounts; id++) {
    lines.push(JSON.stringify({ t: 'customers', op: 'patch', id, patch: customer(id) }));
  }
}
writeFileSync(path.join(dataDir, SPLYNX_LOG), `${lines.join('\n')}\n`);
lines.length = 0;
await start('kept data: replay + compaction');
await start('kept data: compacted log');
rmSync(path.dirname(dataDir), { recursive: true, force: true });
