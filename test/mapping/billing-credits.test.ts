// Credits become discounts (issue #17 pt 2): a Sonar CREDIT service is a fixed discount on the
// Splynx service it applies to; the config decides which when Sonar does not; none → a clear stop.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import type { SonarAccountService } from '../../source/sonar/records.js';
import { account, accountService, accountTypes, resolver, service, statuses } from './builders.js';

const senior = service({
  id: '13',
  name: 'Senior Citizen Discount',
  type: 'RECURRING',
  application: 'CREDIT',
  amount: 500,
  data_service_detail: null,
});

function context(config = defaultMappingConfig()): CustomerContext {
  return {
    config,
    today: '2026-01-15',
    statuses,
    accountTypes,
    services: new Map([
      ['10', service()],
      [
        '11',
        service({ id: '11', name: 'Static IP', type: 'RECURRING', data_service_detail: null }),
      ],
      ['13', senior],
    ]),
    ids: resolver(),
    networks: [],
  };
}

const credit = accountService({ id: '709', service_id: '13' });
const withServices = (services: SonarAccountService[]) =>
  account({ next_bill_date: '2026-02-01', account_services: services });

describe('credits', () => {
  it("by default lower the account's only internet service by a fixed amount, and say so", () => {
    const result = mapCustomer(withServices([accountService({ id: '700' }), credit]), context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.internetServices[0]?.payload).toMatchObject({
      discount: 1,
      discount_type: 'fixed',
      discount_value: 5,
      discount_start_date: '2026-02-01',
      discount_text: 'Senior Citizen Discount',
    });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ sonarId: '709', rule: 'credit-discount' }),
    );
    expect(result.warnings.some((w) => w.rule === 'not-migrated' && w.sonarId === '709')).toBe(
      false,
    );
  });

  it('go where credits.appliesTo says', () => {
    const config = v.parse(MappingConfigSchema, { credits: { appliesTo: { '13': '11' } } });
    const result = mapCustomer(
      withServices([
        accountService({ id: '700' }),
        accountService({ id: '701', service_id: '11' }),
        credit,
      ]),
      context(config),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.recurringServices[0]?.payload.discount_value).toBe(5);
    expect(result.value.internetServices[0]?.payload.discount).toBeUndefined();
  });

  it('with no target stop the account naming the credit and the config key', () => {
    const twoData = withServices([
      accountService({ id: '700' }),
      accountService({ id: '702' }),
      credit,
    ]);
    const result = mapCustomer(twoData, context());
    expect(result).toMatchObject({
      ok: false,
      issues: [{ sonarId: '709', rule: 'credit-target', field: 'discount_value' }],
    });
    expect(!result.ok && result.issues[0]?.fix).toContain('"appliesTo": {"13"');

    const none = v.parse(MappingConfigSchema, { credits: { default: 'none' } });
    const refused = mapCustomer(
      withServices([accountService({ id: '700' }), credit]),
      context(none),
    );
    expect(refused).toMatchObject({
      ok: false,
      issues: [{ sonarId: '709', rule: 'credit-target' }],
    });
  });

  it('naming a service the account lacks is a stop too', () => {
    const config = v.parse(MappingConfigSchema, { credits: { appliesTo: { '13': '11' } } });
    const result = mapCustomer(
      withServices([accountService({ id: '700' }), credit]),
      context(config),
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [{ sonarId: '709', rule: 'credit-target' }],
    });
  });
});
