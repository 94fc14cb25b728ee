// The hostile corpus through the real CLI in one run: every case is either in Splynx exactly as
// Sonar held it, or refused with the record and the field named. Nothing crashes, nothing is
// quietly rewritten on the way.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordFailure } from '../../source/engine/events.js';
import { type Bed, type CliResult, startBed } from './harness.js';
import {
  cleanAccountIds,
  dataAccountService,
  type Expectation,
  HOSTILE_CASES,
  NETWORK_CASES,
} from './hostile-corpus.js';

type Row = Record<string, unknown>;

interface Prepared {
  name: string;
  accountId: number;
  accounts: number[];
  expect: Expectation;
}

let bed: Bed;
let run: CliResult;
const prepared: Prepared[] = [];
const networks: Array<{ name: string; sonarId: string; field: string; rule: string }> = [];

beforeAll(async () => {
  bed = await startBed();
  const tables = bed.world.sonar.tables;
  const hard = new Set(bed.world.dataset.meta.hardCases.map((h) => h.account_id));
  const pool = cleanAccountIds(tables, hard);
  const needed = HOSTILE_CASES.reduce((n, c) => n + (c.accounts ?? 1), 0);
  if (pool.length < needed + 1)
    throw new Error(`only ${pool.length} clean accounts for ${needed + 1}`);
  for (const hostile of HOSTILE_CASES) {
    const accounts = pool.splice(0, hostile.accounts ?? 1);
    prepared.push({ name: hostile.name, accounts, ...hostile.apply(tables, accounts) });
  }
  // One more clean account carries an IP inside each malformed network, so the run needs them.
  const [carrier = 0] = pool.splice(0, 1);
  for (const network of NETWORK_CASES) {
    networks.push({ name: network.name, ...network.apply(tables, carrier) });
  }
  const config = path.join(bed.stateDir, 's2s.config.json');
  writeFileSync(config, JSON.stringify({ balances: { mode: 'import' } }));
  const args = (ids: number[]) => [
    'migrate',
    '--customers',
    ids.join(','),
    '--include-inactive',
    '--no-stop-on-error',
    '--concurrency',
    '1',
    '--config',
    config,
    '--yes',
  ];
  run = await bed.s2s(args([...prepared.flatMap((p) => p.accounts), carrier]));
}, 180_000);
afterAll(() => bed.close());

const failures = (): RecordFailure[] =>
  run.events.flatMap((e) => (e.type === 'record-failed' ? [e.failure] : []));

function customerOf(accountId: number): Row | undefined {
  return bed.world.splynx.db
    .rows('customers')
    .find((c) => (c.additional_attributes as Row).sonar_id === String(accountId));
}

describe('a corpus of hostile Sonar records, migrated in one run', () => {
  it('the run ends with failures (exit 1), a summary, and no crash', () => {
    expect(run.stderr).not.toMatch(/\n\s+at |TypeError|ReferenceError|BugError/);
    expect(run.code).toBe(1);
    expect(run.summary?.command).toBe('migrate');
    // Failures leave the migration resumable ("stopped"), but nothing stopped it early.
    expect(run.summary?.status).toBe('stopped');
    expect(run.summary?.failure).toBeUndefined();
    expect(run.summary?.failures).toBe(run.events.filter((e) => e.type === 'record-failed').length);
    expect(HOSTILE_CASES.length + NETWORK_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE_CASES.map((c) => c.name))('%s', (name) => {
    const p = prepared.find((candidate) => candidate.name === name) as Prepared;
    if ('fails' in p.expect) {
      const want = p.expect.fails;
      const failure = failures().find(
        (f) => f.entity === want.entity && f.sonarId === want.sonarId,
      );
      expect(
        failure,
        JSON.stringify(
          failures().filter((f) => p.accounts.some((a) => f.label.includes(`account ${a} `))),
        ),
      ).toBeDefined();
      expect(failure).toMatchObject({
        field: want.field,
        ...(want.rule ? { rule: want.rule } : {}),
      });
      // The message names the record; the field is named by the failure itself.
      expect(`${failure?.label} ${failure?.message}`).toContain(String(p.accountId));
      if (want.entity === 'customer') expect(customerOf(p.accountId)).toBeUndefined();
      return;
    }
    const want = p.expect.migrated;
    const customer = customerOf(p.accountId);
    expect(
      customer,
      JSON.stringify(failures().filter((f) => f.label.includes(`account ${p.accountId} `))),
    ).toBeDefined();
    if (want.customer) expect(customer).toMatchObject(want.customer);
    if (want.internetService) {
      const sonarId = String(dataAccountService(bed.world.sonar.tables, p.accountId).id);
      const service = bed.world.splynx.db
        .rows('services_internet')
        .find((s) => (s.additional_attributes as Row).sonar_id === sonarId);
      expect(service).toMatchObject(want.internetService);
    }
    if (want.openingBalance) {
      const rows = bed.world.splynx.db
        .rows('transactions')
        .filter((t) => t.customer_id === customer?.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject(want.openingBalance);
    }
    if (want.log) {
      const log = want.log;
      expect(run.events.some((e) => e.type === 'log' && log.test(e.message))).toBe(true);
    }
  });

  it('a parent failure under --no-stop-on-error fails that customer and the run carries on', () => {
    expect(run.summary?.status).toBe('stopped');
    expect(run.summary?.failure).toBeUndefined();
    const rules = failures().map((f) => f.rule);
    expect(rules).toContain('missing-parent');
    expect(rules).toContain('parent-cycle');
  });

  it('failure events carry only the record, field, rule, message and fixes', () => {
    const allowed = new Set([
      'kind',
      'phase',
      'entity',
      'sonarId',
      'label',
      'field',
      'rule',
      'message',
      'splynxMessage',
      'status',
      'fixes',
    ]);
    for (const failure of failures()) {
      expect(Object.keys(failure).filter((k) => !allowed.has(k))).toEqual([]);
    }
  });

  it.each(NETWORK_CASES.map((c) => c.name))('network: %s', (name) => {
    const n = networks.find((candidate) => candidate.name === name);
    const failure = failures().find((f) => f.entity === 'ipv4_network' && f.sonarId === n?.sonarId);
    expect(failure).toMatchObject({ field: n?.field, rule: n?.rule });
    expect(
      bed.world.splynx.db
        .rows('ipv4_networks')
        .some((r) => String((r.additional_attributes as Row).sonar_id).startsWith(`${n?.sonarId}`)),
    ).toBe(false);
  });
});
