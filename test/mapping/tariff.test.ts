import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defaultMappingConfig, MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import { findDuplicateTariffTitles, mapTariff, tariffKindOf } from '../../source/mapping/tariff.js';
import { resolver, service } from './builders.js';

const config = defaultMappingConfig();
const ids = resolver({ partners: { '1': 1, '2': 7 }, locations: [1, 3] });

describe('mapTariff', () => {
  it('maps a DATA service to an internet tariff available to every partner and location', () => {
    expect(mapTariff(service(), config, ids)).toEqual({
      ok: true,
      value: {
        tariffKind: 'internet',
        payload: {
          title: 'Fiber 100',
          price: 49.99,
          with_vat: false,
          speed_download: 100000,
          speed_upload: 20000,
          billing_types: ['recurring'],
          partners_ids: [1, 7],
          customer_categories: ['person', 'company'],
          available_for_locations: [1, 3],
          additional_attributes: { sonar_id: '10' },
        },
      },
      warnings: [],
    });
  });

  it('limits a company service to that company’s partner', () => {
    const result = mapTariff(service({ company_id: '2' }), config, ids);
    expect(result).toMatchObject({ ok: true, value: { payload: { partners_ids: [7] } } });
  });

  it('maps RECURRING and EXPIRING to recurring and ONETIME to one-time tariffs', () => {
    const recurring = mapTariff(
      service({
        id: '11',
        name: 'Static IP',
        type: 'RECURRING',
        amount: 500,
        data_service_detail: null,
      }),
      config,
      ids,
    );
    expect(recurring).toEqual({
      ok: true,
      value: {
        tariffKind: 'recurring',
        payload: {
          title: 'Static IP',
          price: 5,
          with_vat: false,
          billing_types: ['recurring'],
          partners_ids: [1, 7],
          customer_categories: ['person', 'company'],
          available_for_locations: [1, 3],
          additional_attributes: { sonar_id: '11' },
        },
      },
      warnings: [],
    });
    const oneTime = mapTariff(
      service({ type: 'ONETIME', amount: 12050, data_service_detail: null }),
      config,
      ids,
    );
    expect(oneTime).toMatchObject({
      ok: true,
      value: { tariffKind: 'one_time', payload: { price: 120.5 } },
    });
    expect('value' in oneTime && 'billing_types' in oneTime.value.payload).toBe(false);
    // An expiring service bills every cycle until it runs out: a recurring tariff.
    const expiring = mapTariff(
      service({ type: 'EXPIRING', amount: 2500, data_service_detail: null, times_to_run: 12 }),
      config,
      ids,
    );
    expect(expiring).toMatchObject({
      ok: true,
      value: { tariffKind: 'recurring', payload: { price: 25, billing_types: ['recurring'] } },
    });
  });

  it.each([
    [
      'VOICE',
      'DEBIT',
      'service 10 "Fiber 100" is a voice service; voice is out of scope for this migration',
    ],
    [
      'OVERAGE',
      'DEBIT',
      'service 10 "Fiber 100" is a usage overage charge; Splynx handles overage with FUP/CAP rules, not tariffs',
    ],
    [
      'ADJUSTMENT',
      'DEBIT',
      'service 10 "Fiber 100" is an adjustment; adjustments are one-off ledger entries, not tariffs',
    ],
    [
      'RECURRING',
      'CREDIT',
      'service 10 "Fiber 100" is a credit; it becomes no tariff but a fixed discount on the customer service it applies to (credits in s2s.config.json)',
    ],
  ] as const)('skips %s/%s with a reason', (type, application, reason) => {
    expect(mapTariff(service({ type, application }), config, ids)).toEqual({
      kind: 'skip',
      reason,
    });
    expect(tariffKindOf({ type, application })).toBeNull();
  });

  it('maps onto an existing tariff when configured', () => {
    const custom = v.parse(MappingConfigSchema, { tariffs: { '10': 55 } });
    expect(mapTariff(service(), custom, ids)).toEqual({
      kind: 'existing',
      tariffKind: 'internet',
      splynxId: 55,
    });
  });

  it('reports a data service without speeds and a company without a partner', () => {
    const result = mapTariff(service({ data_service_detail: null, company_id: '9' }), config, ids);
    expect('ok' in result && !result.ok && result.issues.map((i) => [i.field, i.rule])).toEqual([
      ['partners_ids', 'unresolved-reference'],
      ['speed_download', 'required'],
    ]);
  });

  it('warns about a missing amount and a multi-month billing period', () => {
    const result = mapTariff(service({ amount: null, billing_frequency: 3 }), config, ids);
    expect(result).toMatchObject({ ok: true, value: { payload: { price: 0 } } });
    expect('ok' in result && result.ok && result.warnings.map((w) => w.rule)).toEqual([
      'no-price',
      'billing-frequency',
    ]);
  });
});

describe('findDuplicateTariffTitles', () => {
  it('flags a second service of the same kind and title, ignoring skipped and configured ones', () => {
    const services = [
      service({ id: '10', name: 'Fiber 100' }),
      service({ id: '11', name: 'fiber 100 ' }),
      service({ id: '12', name: 'Fiber 100', type: 'RECURRING' }),
      service({ id: '13', name: 'Fiber 100', type: 'VOICE' }),
      service({ id: '14', name: 'Fiber 100' }),
      service({ id: '15', name: 'Fiber 200' }),
    ];
    const custom = v.parse(MappingConfigSchema, { tariffs: { '14': 3 } });
    expect(
      findDuplicateTariffTitles(services, custom).map((i) => [
        i.sonarId,
        i.field,
        i.rule,
        i.message,
      ]),
    ).toEqual([
      [
        '11',
        'title',
        'duplicate-title',
        'Service 11 is named "fiber 100 " like service 10; Splynx tariff titles are unique, so it would take over that tariff.',
      ],
    ]);
  });
});
