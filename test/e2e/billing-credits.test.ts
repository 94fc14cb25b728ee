// Credits end to end (issue #17 pt 2): a Sonar senior discount becomes a fixed discount on the
// customer's internet service in Splynx; plan and run log name each; a re-run writes nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, cleanIds, lastSeq, splynxWrites, startBed } from './harness.js';

let bed: Bed;
beforeAll(async () => {
  bed = await startBed({ accounts: 400 });
});
afterAll(() => bed.close());

type Row = Record<string, unknown>;

describe('credits become discounts', () => {
  it('discounts the internet service, names it in plan and run, and a re-run adds nothing', async () => {
    const { tables } = bed.world.dataset;
    const credits = new Map(
      tables.services.filter((s) => s.application === 'CREDIT').map((s) => [s.id, s]),
    );
    const clean = new Set(cleanIds(bed.world, 400));
    const credited = tables.account_services.filter(
      (a) => credits.has(a.service_id as number) && clean.has(String(a.account_id)),
    );
    expect(credited.length).toBeGreaterThan(0);
    const ids = [...new Set(credited.map((a) => String(a.account_id)))].slice(0, 3);

    const plan = await bed.s2s(['plan', '--customers', ids.join(',')]);
    expect(plan.code, plan.stderr).toBe(0);
    const said = `${plan.stdout}${plan.stderr}`.split('becomes a fixed discount').length - 1;
    expect(said).toBeGreaterThanOrEqual(ids.length);

    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const id = run.summary?.migrationId as string;
    const customers = bed.world.splynx.db.rows('customers');
    for (const accountId of ids) {
      const customer = customers.find(
        (c) => (c.additional_attributes as Row).sonar_id === accountId,
      );
      const internet = bed.world.splynx.db
        .rows('services_internet')
        .filter((s) => String(s.customer_id) === String(customer?.id));
      expect(internet).toHaveLength(1);
      const credit = credited.find((a) => String(a.account_id) === accountId);
      const amount = credits.get(credit?.service_id as number)?.amount as number;
      expect(Number(internet[0]?.discount_value)).toBe(amount / 100);
      expect(String(internet[0]?.discount_type)).toBe('fixed');
      expect(String(internet[0]?.discount)).toBe('1');
    }
    // The run's log says it for each credit too (report.json does not list mapping notes yet).
    const told = `${run.stdout}${run.stderr}`.split('becomes a fixed discount').length - 1;
    expect(told).toBeGreaterThanOrEqual(ids.length);

    const before = lastSeq(bed.world);
    const again = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    const verify = await bed.s2s(['verify', id]);
    expect(verify.code, verify.stdout).toBe(0);
  });
});
