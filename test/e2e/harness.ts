// End-to-end harness: the real CLI in a child process against both simulators on loopback,
// each test with its own state directory. Nothing of ours is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineEvent, RunSummary } from '../../source/engine/events.js';
import {
  type DemoWorld,
  type DemoWorldOptions,
  startDemoWorld,
} from '../../source/simulators/demo-world.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'source/cli.tsx');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: EngineEvent[];
  summary: RunSummary | undefined;
}

export interface Running {
  child: ChildProcess;
  result: Promise<CliResult>;
}

export function tempStateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 's2s-e2e-'));
}

export function startCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A hung CLI is killed so the test fails instead of hanging; chaos runs need longer.
  const timer = setTimeout(
    () => child.kill('SIGKILL'),
    options.timeoutMs ?? Number(process.env.S2S_E2E_CLI_TIMEOUT_MS ?? 300_000),
  );
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const events = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as EngineEvent);
      const last = events.findLast((e) => e.type === 'summary');
      resolve({
        code,
        signal,
        stdout,
        stderr,
        events,
        summary: last?.type === 'summary' ? last.summary : undefined,
      });
    });
  });
  return { child, result };
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return startCli(args, env, options).result;
}

export interface Bed {
  world: DemoWorld;
  stateDir: string;
  env: Record<string, string>;
  /** Runs the CLI with --json and this bed's state dir. */
  s2s(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startBed(options: DemoWorldOptions = {}): Promise<Bed> {
  const world = await startDemoWorld({ accounts: 120, seed: 7, ...options });
  const stateDir = tempStateDir();
  const env = { ...world.env, S2S_STATE_DIR: stateDir };
  return {
    world,
    stateDir,
    env,
    s2s: (args, extraEnv = {}) => runCli([...args, '--json'], { ...env, ...extraEnv }),
    close: () => world.close(),
  };
}

/** Splynx writes (POST/PUT/DELETE) the simulator has answered since `sinceSeq`. */
export function splynxWrites(world: DemoWorld, sinceSeq = 0) {
  return world.splynx.log
    .list((entry) => entry.seq > sinceSeq && ['POST', 'PUT', 'DELETE'].includes(entry.method))
    .filter((entry) => !entry.url.includes('/auth/tokens'));
}

export function lastSeq(world: DemoWorld): number {
  return world.splynx.log.list().at(-1)?.seq ?? 0;
}

type Row = Record<string, unknown>;

/**
 * What a migration leaves in Splynx, keyed by Sonar origin and with Splynx's own ids and
 * timestamps left out, so two runs can be compared for "exactly the same state".
 */
export function splynxSnapshot(world: DemoWorld): Record<string, Record<string, Row>> {
  const db = world.splynx.db;
  const customersById = new Map(db.rows('customers').map((c) => [c.id, c] as const));
  const sonarOf = (row: Row) =>
    String((row.additional_attributes as Row | undefined)?.sonar_id ?? '');
  const strip = (row: Row, extra: string[] = []) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) {
      if (
        [
          'id',
          'last_update',
          'date_add_time',
          'updated_at',
          'datetime',
          'added_by_id',
          'pinned_date',
          ...extra,
        ].includes(k)
      )
        continue;
      if (k.endsWith('_id') && k !== 'sonar_id') continue;
      out[k] = v;
    }
    return out;
  };
  const byKey = (rows: Row[], key: (r: Row) => string, extra: string[] = []) => {
    const out: Record<string, Row> = {};
    for (const row of rows) {
      const k = key(row);
      if (k in out) throw new Error(`duplicate record ${k}`);
      out[k] = strip(row, extra);
    }
    return out;
  };
  const ownerSonarId = (row: Row) =>
    sonarOf((customersById.get(row.customer_id as number) ?? {}) as Row);
  return {
    customers: byKey(db.rows('customers'), sonarOf, ['parent_id']),
    services_internet: byKey(
      db.rows('services_internet'),
      (r) => `${ownerSonarId(r)}/${sonarOf(r)}`,
    ),
    services_custom: byKey(db.rows('services_custom'), (r) => `${ownerSonarId(r)}/${sonarOf(r)}`),
    customer_notes: byKey(
      db.rows('customer_notes'),
      (r) => `${ownerSonarId(r)}/${String(r.title)}`,
    ),
    tariffs_internet: byKey(db.rows('tariffs_internet'), (r) => String(r.title)),
    tariffs_recurring: byKey(db.rows('tariffs_recurring'), (r) => String(r.title)),
    ipv4_networks: byKey(db.rows('ipv4_networks'), (r) => `${r.network}/${r.mask}`),
    inventory_items: byKey(db.rows('inventory_items'), (r) => String(r.barcode)),
    labels: byKey(db.rows('labels'), (r) => String(r.label)),
    partners: byKey(db.rows('partners'), (r) => String(r.name)),
  };
}

/** JSON with object keys sorted, so field order never counts as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Row).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

/** Readable differences between two snapshots: extra, missing and changed records per table. */
export function snapshotDifferences(
  actual: ReturnType<typeof splynxSnapshot>,
  expected: ReturnType<typeof splynxSnapshot>,
): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[table] ?? {};
    const e = expected[table] ?? {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(e)])) {
      if (!(key in e)) out.push(`${table} ${key}: extra ${JSON.stringify(a[key])}`);
      else if (!(key in a)) out.push(`${table} ${key}: missing`);
      else if (canonical(a[key]) !== canonical(e[key])) {
        const fields = Object.keys({ ...a[key], ...e[key] }).filter(
          (f) => canonical(a[key]?.[f]) !== canonical(e[key]?.[f]),
        );
        out.push(
          `${table} ${key}: ${fields.map((f) => `${f} ${JSON.stringify(a[key]?.[f])} ≠ ${JSON.stringify(e[key]?.[f])}`).join(', ')}`,
        );
      }
    }
  }
  return out;
}

export function entities(result: CliResult, action?: string) {
  return result.events.filter(
    (e): e is Extract<EngineEvent, { type: 'entity' }> =>
      e.type === 'entity' && (action === undefined || e.action === action),
  );
}

/** The first `n` unarchived accounts without a seeded problem, any status (chaos selections). */
export function plainIds(world: DemoWorld, n: number): string[] {
  const { tables, meta } = world.dataset;
  const hard = new Set(meta.hardCases.map((h) => h.account_id));
  return tables.accounts
    .filter((a) => !hard.has(a.id) && a.archived_at === null)
    .slice(0, n)
    .map((a) => String(a.id));
}

/** Active, top-level accounts with a DATA service and none of the seeded problems. */
export function cleanIds(world: DemoWorld, n: number): string[] {
  const { tables, meta } = world.dataset;
  const hard = new Set(meta.hardCases.map((h) => h.account_id));
  const active = new Set(
    tables.account_statuses.filter((s) => s.activates_account).map((s) => s.id),
  );
  const data = new Set(tables.services.filter((s) => s.type === 'DATA').map((s) => s.id));
  const withData = new Set(
    tables.account_services
      .filter((s) => data.has(s.service_id as number))
      .map((s) => s.account_id),
  );
  return tables.accounts
    .filter(
      (a) =>
        active.has(a.account_status_id as number) &&
        a.archived_at === null &&
        a.parent_account_id === null &&
        !hard.has(a.id) &&
        withData.has(a.id),
    )
    .slice(0, n)
    .map((a) => String(a.id));
}

/** A two-column table for the figures a long (chaos) run prints at its end. */
export function table(title: string, rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return [`\n${title}`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join(
    '\n',
  );
}
