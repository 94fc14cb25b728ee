// Paid-through alignment (issue #17 pt 1): a migrated service starts billing in Splynx on the first
// day Sonar has not billed, and keeps its real activation date in sonar_activation_date.
import { describe, expect, it } from 'vitest';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import { defaultMappingConfig } from '../../source/mapping/mapping-config.js';
import type { CustomerPlan } from '../../source/mapping/payloads.js';
import type { SonarAccount } from '../../source/sonar/records.js';
import { account, accountService, accountTypes, resolver, service, statuses } from './builders.js';

function context(): CustomerContext {
  return {
    config: defaultMappingConfig(),
    today: '2026-01-15',
    statuses,
    accountTypes,
    services: new Map([
      ['10', service()],
      [
        '11',
        service({ id: '11', name: 'Static IP', type: 'RECURRING', data_service_detail: null }),
      ],
    ]),
    ids: resolver(),
    networks: [],
  };
}

function plan(sonar: SonarAccount): CustomerPlan {
  const result = mapCustomer(sonar, context());
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function starts(value: CustomerPlan) {
  return [...value.internetServices, ...value.recurringServices].map(({ payload }) => [
    payload.start_date,
    payload.additional_attributes.sonar_activation_date,
  ]);
}

describe('paid-through alignment', () => {
  it('a customer billed through the end of the month starts billing on the 1st of the next', () => {
    // Activated years ago, bill day 1, Sonar's last bill covered January: it bills next on Feb 1.
    const value = plan(
      account({
        activation_date: '2021-03-04',
        next_bill_date: '2026-02-01',
        account_services: [
          accountService({ id: '700', service_id: '10' }),
          accountService({ id: '701', service_id: '11' }),
        ],
      }),
    );
    expect(starts(value)).toEqual([
      ['2026-02-01', '2021-03-04'],
      ['2026-02-01', '2021-03-04'],
    ]);
  });

  it('a 3-month cycle mid-cycle starts after the whole billed cycle, not at its start', () => {
    // Billed on Dec 10 for Dec 10 – Mar 9 (months_to_bill 3); mid-cycle on Jan 15.
    const value = plan(
      account({
        activation_date: '2024-06-10',
        next_bill_date: '2026-03-10',
        billing_parameter: {
          bill_day: 10,
          due_days: 14,
          grace_days: 5,
          months_to_bill: 3,
          tax_exempt: false,
          print_invoice: false,
        },
      }),
    );
    expect(starts(value)).toEqual([['2026-03-10', '2024-06-10']]);
    expect(value.billing.billing_date).toBe(10);
  });

  it("a service's own next bill date wins over the account's", () => {
    const value = plan(
      account({
        next_bill_date: '2026-02-01',
        account_services: [
          accountService({ id: '700', service_id: '10', next_bill_date: '2026-04-01' }),
          accountService({ id: '701', service_id: '11' }),
        ],
      }),
    );
    expect(starts(value).map(([start]) => start)).toEqual(['2026-04-01', '2026-02-01']);
  });

  it('a customer never billed is billed from its activation date', () => {
    const value = plan(account({ activation_date: '2025-12-20', next_bill_date: null }));
    expect(starts(value)).toEqual([['2025-12-20', '2025-12-20']]);
  });

  it('a bill date before the activation never makes Splynx bill days before the service began', () => {
    const value = plan(account({ activation_date: '2026-01-05', next_bill_date: '2026-01-01' }));
    expect(starts(value)).toEqual([['2026-01-05', '2026-01-05']]);
  });
});
