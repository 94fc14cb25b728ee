// Issue #17's done-when, through the real CLI: the demo ISP migrated in full (balances imported)
// and `s2s verify` finds every customer's monthly recurring total and balance equal to Sonar's
// (exit 0, report.json and report.md carry the money section); a price broken in Splynx makes
// verify exit 1 naming the customer and both amounts. Splynx's `mrr_total` answered stuck at 0
// or not at all (the simulator's switch: the references do not say) changes nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoneyResult } from '../../source/engine/verify-money.js';
import { repairDemoIsp } from './demo-repairs.js';
import { type Bed, type CliResult, runCli, startBed } from './harness.js';

let bed: Bed;
let config: string;
let migrationId: string;

const differences = (run: CliResult) =>
  run.events.filter((e) => (e.type as string) === 'difference') as Array<Record<string, unknown>>;

function reportJson(): { money: MoneyResult } {
  return JSON.parse(readFileSync(path.join(bed.stateDir, migrationId, 'report.json'), 'utf8'));
}

async function patchSplynx(table: string, id: unknown, body: Record<string, unknown>) {
  const res = await fetch(`${bed.world.splynx.url}/__sim/records/${table}/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  bed = await startBed();
  await repairDemoIsp(bed.world);
  config = path.join(mkdtempSync(path.join(tmpdir(), 's2s-money-')), 's2s.config.json');
  writeFileSync(config, JSON.stringify({ balances: { mode: 'import' } }));
}, 60_000);
afterAll(() => bed.close());

describe('money after a full demo migration', { timeout: 240_000 }, () => {
  it('verify: every customer bills and owes in Splynx what it does in Sonar', async () => {
    const run = await bed.s2s(['migrate', '--all', '--yes', '--config', config]);
    expect(run.code, run.stderr).toBe(0);
    migrationId = run.summary?.migrationId as string;

    const verify = await bed.s2s(['verify', migrationId, '--config', config]);
    expect(differences(verify)).toEqual([]);
    expect(verify.code, verify.stderr).toBe(0);
    const { money } = reportJson();
    const customers = bed.world.splynx.db.rows('customers');
    expect(money.customers).toHaveLength(customers.length);
    expect(money.differing).toBe(0);
    for (const row of money.customers) {
      expect(row, row.label).toMatchObject({ mrrEqual: true, balanceEqual: true });
      expect(row.balanceChecked).toBe(true);
    }
    expect(money.totals.splynxMrr).toBe(money.totals.sonarMrr);
    expect(money.totals.splynxBalance).toBe(money.totals.sonarBalance);
    // The world has what makes the check mean something: billing customers, discounts, debts.
    expect(money.customers.filter((c) => c.sonarMrr > 0).length).toBeGreaterThan(10);
    expect(money.customers.some((c) => (c.sonarBalance ?? 0) !== 0)).toBe(true);
    const discounted = bed.world.splynx.db
      .rows('services_internet')
      .filter((s) => String(s.discount) === '1');
    expect(discounted.length).toBeGreaterThan(0);
    expect(money.mrrTotal.used).toBe(customers.length);
    const md = readFileSync(path.join(bed.stateDir, migrationId, 'report.md'), 'utf8');
    expect(md).toContain('## Money');
    expect(md).toContain(
      `Monthly recurring total: Sonar ${money.totals.sonarMrr.toFixed(2)}, Splynx ${money.totals.splynxMrr.toFixed(2)}`,
    );
    expect(md).toContain('0 of');
    expect(md).not.toContain('**≠');
  });

  it('a price broken in Splynx: exit 1 naming the customer and both amounts', async () => {
    const service = bed.world.splynx.db
      .rows('services_internet')
      .find((s) => s.status === 'active' && Number(s.unit_price) > 0);
    if (!service) throw new Error('no active priced internet service');
    const price = String(service.unit_price);
    const customer = bed.world.splynx.db.get('customers', Number(service.customer_id));
    if (!customer) throw new Error('the service has no customer');
    const accountId = (customer.additional_attributes as { sonar_id: string }).sonar_id;
    const before = reportJson().money.customers.find((c) => c.accountId === accountId);
    if (!before) throw new Error(`no money row for account ${accountId}`);
    await patchSplynx('services_internet', service.id, {
      unit_price: (Number(price) + 10).toFixed(4),
    });

    const broken = await bed.s2s(['verify', migrationId, '--config', config]);
    expect(broken.code).toBe(1);
    const mrr = differences(broken).filter((d) => d.field === 'mrr');
    expect(mrr).toEqual([
      expect.objectContaining({
        entity: 'customer',
        sonarId: accountId,
        splynxId: customer?.id,
        expected: before.sonarMrr,
        actual: Math.round((before.sonarMrr + 10) * 100) / 100,
        message: `monthly recurring total: Sonar ${before.sonarMrr.toFixed(2)}, Splynx ${(before.sonarMrr + 10).toFixed(2)} (services ${(before.sonarMrr + 10).toFixed(2)}, mrr_total ${(before.sonarMrr + 10).toFixed(2)})`,
      }),
    ]);
    const human = await runCli(['verify', migrationId, '--config', config], bed.env);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      `${before.label} (Splynx customer ${customer?.id}): mrr: Splynx has ${Math.round((before.sonarMrr + 10) * 100) / 100}, Sonar maps to ${before.sonarMrr}`,
    );
    const md = readFileSync(path.join(bed.stateDir, migrationId, 'report.md'), 'utf8');
    expect(md).toContain(`**≠ ${(before.sonarMrr + 10).toFixed(2)}**`);
    expect(md).toContain(before.label);
    await patchSplynx('services_internet', service.id, { unit_price: price });
    expect((await bed.s2s(['verify', migrationId, '--config', config])).code).toBe(0);
  });

  it('mrr_total stuck at 0 or not answered: verify falls back to the services and still passes', async () => {
    for (const mode of ['zero', 'absent'] as const) {
      bed.world.splynx.options.mrrTotal = mode;
      const run = await bed.s2s(['verify', migrationId, '--config', config]);
      expect(differences(run), mode).toEqual([]);
      expect(run.code, mode).toBe(0);
      const { money } = reportJson();
      expect(money.mrrTotal.used).toBeLessThan(money.customers.length);
    }
    bed.world.splynx.options.mrrTotal = 'computed';
  });
});
