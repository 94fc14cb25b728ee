// Expiring services (issue #17 pt 3): an EXPIRING Sonar service becomes a Splynx recurring service
// that ends after the cycles Sonar has left (times_to_run − number_of_times_billed).
import { describe, expect, it } from 'vitest';
import { addMonths, expiringEnd } from '../../source/mapping/billing-start.js';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import { defaultMappingConfig } from '../../source/mapping/mapping-config.js';
import { account, accountService, accountTypes, resolver, service, statuses } from './builders.js';

const installment = service({
  id: '12',
  name: 'Equipment Installment (12 months)',
  type: 'EXPIRING',
  amount: 2500,
  data_service_detail: null,
  times_to_run: 12,
});

function context(expiring = installment): CustomerContext {
  return {
    config: defaultMappingConfig(),
    today: '2026-01-15',
    statuses,
    accountTypes,
    services: new Map([
      ['10', service()],
      ['12', expiring],
    ]),
    ids: resolver({ tariffs: { 'internet:10': 31, 'recurring:12': 42 } }),
    networks: [],
  };
}

function withInstallment(billed: number | null) {
  return account({
    next_bill_date: '2026-02-01',
    account_services: [
      accountService({ id: '700', service_id: '10' }),
      accountService({ id: '702', service_id: '12', number_of_times_billed: billed }),
    ],
  });
}

describe('expiring services', () => {
  it('with 3 cycles left, ends on the last day of the third cycle after the paid-through date', () => {
    const result = mapCustomer(withInstallment(9), context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.recurringServices).toHaveLength(1);
    expect(result.value.recurringServices[0]?.payload).toMatchObject({
      tariff_id: 42,
      start_date: '2026-02-01',
      // February, March, April: Splynx bills exactly those three.
      end_date: '2026-04-30',
      additional_attributes: { sonar_id: '702' },
    });
  });

  it('with 0 cycles left, is not migrated and the plan says why', () => {
    const result = mapCustomer(withInstallment(12), context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.recurringServices).toEqual([]);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ sonarId: '702', field: 'end_date', rule: 'expired' }),
    );
  });

  it('never billed, it runs all its cycles', () => {
    const result = mapCustomer(withInstallment(null), context());
    expect(result.ok && result.value.recurringServices[0]?.payload.end_date).toBe('2027-01-31');
  });

  it('cycles of several months count in months', () => {
    expect(expiringEnd('2026-03-10', 4, 2, 3)).toEqual({ left: 2, endDate: '2026-09-09' });
  });

  it('without times_to_run in Sonar, is not migrated (never billed forever) and is reported', () => {
    const result = mapCustomer(withInstallment(3), context({ ...installment, times_to_run: null }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.recurringServices).toEqual([]);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ sonarId: '702', rule: 'not-migrated' }),
    );
  });

  it('adds months clamped to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });
});
