// Issue #17's failure cases the other billing e2e tests do not hold, through the real CLI against
// the simulators: a credit with no service to apply to (credits.default "none" stops the account
// naming the credit and the fix; credits.appliesTo decides), a customer billed through the end of
// the month, expiring services with 0 and with 3 cycles left, and a re-run with balances imported
// that writes no second discount or transaction; verify's money check passes on all of them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoneyResult } from '../../source/engine/verify-money.js';
import { type Bed, cleanIds, lastSeq, splynxWrites, startBed } from './harness.js';

let bed: Bed;
let dir: string;
beforeAll(async () => {
  bed = await startBed({ accounts: 400 });
  dir = mkdtempSync(path.join(tmpdir(), 's2s-billing-'));
}, 60_000);
afterAll(() => bed.close());

type Row = Record<string, unknown>;

function configFile(name: string, config: Record<string, unknown>): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const customerOf = (accountId: string) =>
  bed.world.splynx.db
    .rows('customers')
    .find((c) => (c.additional_attributes as Row).sonar_id === accountId);
const servicesOf = (table: string, customer: Row | undefined) =>
  bed.world.splynx.db.rows(table).filter((s) => String(s.customer_id) === String(customer?.id));

describe('billing failure cases', { timeout: 240_000 }, () => {
  it('a credit without a target: "none" stops the account naming it; appliesTo decides', async () => {
    const { tables } = bed.world.dataset;
    const credits = new Map(
      tables.services.filter((s) => s.application === 'CREDIT').map((s) => [s.id, s]),
    );
    const data = new Set(tables.services.filter((s) => s.type === 'DATA').map((s) => s.id));
    const clean = new Set(cleanIds(bed.world, 400));
    const credit = tables.account_services.find(
      (a) => credits.has(a.service_id as number) && clean.has(String(a.account_id)),
    );
    if (!credit) throw new Error('no credited clean account');
    const accountId = String(credit.account_id);
    const internet = tables.account_services.find(
      (a) => a.account_id === credit.account_id && data.has(a.service_id as number),
    );
    const creditService = String(credit.service_id);

    const none = configFile('none.json', { credits: { default: 'none' } });
    const stopped = await bed.s2s(['migrate', '--customers', accountId, '--yes', '--config', none]);
    expect(stopped.code).toBe(1);
    const failure = stopped.events.find((e) => e.type === 'record-failed') as
      | { failure: { message: string; fixes: string[]; rule?: string } }
      | undefined;
    expect(failure?.failure.rule).toBe('credit-target');
    expect(failure?.failure.message).toContain(`credit ${credit.id}`);
    expect(failure?.failure.message).toContain('has no service to apply to');
    expect(failure?.failure.fixes.join(' ')).toContain(`"appliesTo": {"${creditService}"`);
    expect(customerOf(accountId)).toBeUndefined();

    const decided = configFile('applies.json', {
      credits: { default: 'none', appliesTo: { [creditService]: String(internet?.service_id) } },
    });
    const run = await bed.s2s(['migrate', '--customers', accountId, '--yes', '--config', decided]);
    expect(run.code, run.stderr).toBe(0);
    const [service] = servicesOf('services_internet', customerOf(accountId));
    const amount = credits.get(credit.service_id as number)?.amount as number;
    expect(String(service?.discount)).toBe('1');
    expect(Number(service?.discount_value)).toBe((amount * (credit.quantity as number)) / 100);
    const verify = await bed.s2s([
      'verify',
      run.summary?.migrationId as string,
      '--config',
      decided,
    ]);
    expect(verify.code, verify.stdout).toBe(0);
  });

  it('billed through the month end, expiring with 0 and 3 cycles left, a re-run: right dates, no duplicates, equal money', async () => {
    const { tables } = bed.world.dataset;
    const sonar = bed.world.sonar.records;
    const clean = cleanIds(bed.world, 400).slice(5);
    // Billed through 31 Dec: Sonar bills next on 1 Jan, for January.
    const monthEnd = clean[0] as string;
    sonar.patch('accounts', Number(monthEnd), { next_bill_date: '2027-01-01' });
    for (const row of tables.account_services.filter((a) => String(a.account_id) === monthEnd)) {
      sonar.patch('account_services', row.id as number, { next_bill_date: null });
    }
    // Two expiring services of one kind, with 6 cycles: one billed 6 times, one 3 times.
    const expiring = tables.services.find((s) => s.type === 'EXPIRING');
    if (!expiring) throw new Error('no expiring service');
    const detail = tables.expiring_service_details.find((d) => d.service_id === expiring.id);
    sonar.patch('expiring_service_details', detail?.id as number, { times_to_run: 6 });
    const rows = tables.account_services.filter(
      (a) => a.service_id === expiring.id && clean.includes(String(a.account_id)),
    );
    const [spent, running] = rows;
    if (!spent || !running || spent.account_id === running.account_id) {
      throw new Error('need two accounts with the expiring service');
    }
    sonar.patch('account_services', spent.id as number, { number_of_times_billed: 6 });
    sonar.patch('account_services', running.id as number, { number_of_times_billed: 3 });
    const ids = [monthEnd, String(spent.account_id), String(running.account_id)];

    const config = configFile('import.json', { balances: { mode: 'import' } });
    const run = await bed.s2s([
      'migrate',
      '--customers',
      ids.join(','),
      '--yes',
      '--config',
      config,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const id = run.summary?.migrationId as string;
    const log = `${run.stdout}${run.stderr}`;
    expect(log).toContain(`has run all 6 cycles in Sonar`);

    for (const table of ['services_internet', 'services_custom']) {
      for (const service of servicesOf(table, customerOf(monthEnd))) {
        expect(String(service.start_date)).toBe('2027-01-01');
      }
    }
    const stored = bed.world.splynx.db.rows('services_custom');
    const bySonar = (row: Row) =>
      stored.find((s) => (s.additional_attributes as Row).sonar_id === String(row.id));
    expect(bySonar(spent)).toBeUndefined();
    const left = bySonar(running);
    const start = String(left?.start_date);
    const [y, m, d] = start.split('-').map(Number) as [number, number, number];
    const end = new Date(Date.UTC(y, m - 1 + 3, d) - 86_400_000).toISOString().slice(0, 10);
    expect(String(left?.end_date)).toBe(end);

    const verify = await bed.s2s(['verify', id, '--config', config]);
    expect(verify.code, verify.stdout).toBe(0);
    const report = JSON.parse(readFileSync(path.join(bed.stateDir, id, 'report.json'), 'utf8'));
    const money = report.money as MoneyResult;
    const row = money.customers.find((c) => c.accountId === monthEnd);
    expect(row).toMatchObject({ sonarNextBill: '2027-01-01', splynxNextBill: '2027-01-01' });
    expect(money.differing).toBe(0);

    // A re-run: no second discount, transaction or service.
    const transactions = bed.world.splynx.db.rows('transactions').length;
    const before = lastSeq(bed.world);
    const again = await bed.s2s([
      'migrate',
      '--customers',
      ids.join(','),
      '--yes',
      '--config',
      config,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    expect(bed.world.splynx.db.rows('transactions')).toHaveLength(transactions);
    expect((await bed.s2s(['verify', id, '--config', config])).code).toBe(0);
  });
});
