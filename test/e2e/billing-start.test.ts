// Paid-through alignment end to end (issue #17 pt 1): the real CLI against the simulators stores,
// on every migrated service, the first day Sonar has not billed as start_date and the activation
// date in the sonar_activation_date additional field; verify stays clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../source/simulators/demo-world.js';
import { type Bed, cleanIds, startBed } from './harness.js';

let bed: Bed;
beforeAll(async () => {
  bed = await startBed({ accounts: 400 });
});
afterAll(() => bed.close());

type Row = Record<string, unknown>;

function billingOf(world: DemoWorld, id: string) {
  const { tables } = world.dataset;
  const account = tables.accounts.find((a) => String(a.id) === id) as Row;
  const parameter = tables.account_billing_parameters.find((p) => String(p.account_id) === id);
  return {
    activation: account.activation_date as string,
    next: account.next_bill_date as string | null,
    months: parameter?.months_to_bill,
  };
}

describe('paid-through alignment against the simulators', () => {
  it('monthly, quarterly mid-cycle and never-billed customers start billing where Sonar stops', async () => {
    const clean = cleanIds(bed.world, 400);
    const monthly = clean.find(
      (id) => billingOf(bed.world, id).months === 1 && billingOf(bed.world, id).next !== null,
    );
    const quarterly = clean.find(
      (id) =>
        billingOf(bed.world, id).months === 3 &&
        (billingOf(bed.world, id).next ?? '') > '2026-01-31',
    );
    const never = clean.find((id) => billingOf(bed.world, id).next === null);
    const picked = [monthly, quarterly, never];
    expect(picked.every((id) => id !== undefined)).toBe(true);
    const ids = picked as string[];

    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code).toBe(0);

    const customers = bed.world.splynx.db.rows('customers');
    for (const id of ids) {
      const sonar = billingOf(bed.world, id);
      const customer = customers.find(
        (c) => (c.additional_attributes as Row | undefined)?.sonar_id === id,
      );
      expect(customer, `account ${id}`).toBeDefined();
      const services = [
        ...bed.world.splynx.db.rows('services_internet'),
        ...bed.world.splynx.db.rows('services_custom'),
      ].filter((s) => String(s.customer_id) === String(customer?.id));
      expect(services.length, `services of ${id}`).toBeGreaterThan(0);
      for (const service of services) {
        expect(String(service.start_date).slice(0, 10)).toBe(sonar.next ?? sonar.activation);
        expect((service.additional_attributes as Row).sonar_activation_date).toBe(sonar.activation);
      }
    }

    const verify = await bed.s2s(['verify', run.summary?.migrationId as string]);
    expect(verify.code).toBe(0);
  });

  it('an expiring service ends after the cycles Sonar has left; one with none left is not moved', async () => {
    const { tables } = bed.world.dataset;
    const expiring = new Set(tables.services.filter((s) => s.type === 'EXPIRING').map((s) => s.id));
    const runs = new Map(
      tables.expiring_service_details.map((d) => [d.service_id, d.times_to_run as number]),
    );
    const clean = new Set(cleanIds(bed.world, 400));
    const rows = tables.account_services.filter(
      (a) => expiring.has(a.service_id as number) && clean.has(String(a.account_id)),
    );
    expect(rows.length).toBeGreaterThan(0);
    const run = await bed.s2s([
      'migrate',
      '--customers',
      [...new Set(rows.map((r) => String(r.account_id)))].join(','),
      '--yes',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const stored = bed.world.splynx.db.rows('services_custom');
    for (const row of rows) {
      const left =
        (runs.get(row.service_id as number) ?? 0) - (row.number_of_times_billed as number);
      const service = stored.find(
        (s) => (s.additional_attributes as Row).sonar_id === String(row.id),
      );
      if (left <= 0) {
        expect(service, `account service ${row.id}`).toBeUndefined();
        continue;
      }
      const start = String(service?.start_date).slice(0, 10);
      // Bill days are 1–28, so the day never needs clamping: the day before `left` months on.
      const [y, m, d] = start.split('-').map(Number) as [number, number, number];
      const end = new Date(Date.UTC(y, m - 1 + left, d) - 86_400_000).toISOString().slice(0, 10);
      expect(String(service?.end_date).slice(0, 10), `account service ${row.id}`).toBe(end);
    }
  });
});
