// Taxes by mapping (issue #17 pt 4): tariffs carry the Splynx tax mapped from the service's Sonar
// tax; an unmapped tax is named; a tax-exempt account on taxed tariffs is reported.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import { mapTariff } from '../../source/mapping/tariff.js';
import { unmappedTaxes } from '../../source/mapping/taxes.js';
import type { SonarFoundation, SonarTax } from '../../source/sonar/records.js';
import { account, accountTypes, resolver, service, statuses } from './builders.js';

const salesTax: SonarTax = {
  id: '1',
  name: 'State Sales Tax',
  rate: 6.25,
  application: 'PERCENTAGE',
  type: 'GLOBAL',
};
const taxed = service({ tax_ids: ['1'] });
const mapped = v.parse(MappingConfigSchema, { taxes: { '1': 7 } });

function foundation(services = [taxed]): SonarFoundation {
  return {
    companies: [],
    account_statuses: [],
    account_types: [],
    account_groups: [],
    roles: [],
    users: [],
    services,
    taxes: [salesTax],
  };
}

describe('taxes', () => {
  it('a mapped tax goes onto the tariff as tax_id', () => {
    const plan = mapTariff(taxed, mapped, resolver());
    expect(plan).toMatchObject({ ok: true, value: { payload: { tax_id: 7 } } });
  });

  it('an untaxed service makes a tariff without tax_id', () => {
    const plan = mapTariff(service(), mapped, resolver());
    expect(plan).toMatchObject({ ok: true });
    expect('value' in plan && 'tax_id' in plan.value.payload).toBe(false);
  });

  it('a tax without a mapping stops the tariff naming the tax and the config key', () => {
    const plan = mapTariff(taxed, defaultMappingConfig(), resolver());
    expect(plan).toMatchObject({
      ok: false,
      issues: [{ sonarId: '10', field: 'tax_id', rule: 'tax-mapping' }],
    });
    expect('issues' in plan && plan.issues[0]?.fix).toContain('taxes."1"');
    expect(unmappedTaxes(foundation(), defaultMappingConfig()).map((u) => u.tax.name)).toEqual([
      'State Sales Tax',
    ]);
    expect(unmappedTaxes(foundation(), mapped)).toEqual([]);
  });

  it('a service mapped onto an existing tariff uses no tax of its own', () => {
    const config = v.parse(MappingConfigSchema, { tariffs: { '10': 31 } });
    expect(unmappedTaxes(foundation(), config)).toEqual([]);
  });

  it('a tax-exempt account on taxed tariffs is reported with the fix', () => {
    const context: CustomerContext = {
      config: mapped,
      today: '2026-01-15',
      statuses,
      accountTypes,
      services: new Map([['10', taxed]]),
      ids: resolver(),
      networks: [],
    };
    const exempt = account({
      billing_parameter: {
        bill_day: 1,
        due_days: 14,
        grace_days: 5,
        months_to_bill: 1,
        tax_exempt: true,
        print_invoice: false,
      },
    });
    const result = mapCustomer(exempt, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ sonarId: '1042', rule: 'tax-exempt' }),
    );
    // Not exempt: no such warning.
    const plain = mapCustomer(account(), context);
    expect(plain.ok && plain.warnings.some((w) => w.rule === 'tax-exempt')).toBe(false);
  });
});
