import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CustomerContext, mapCustomer } from '../../source/mapping/customer.js';
import type { MappingIssue } from '../../source/mapping/issues.js';
import {
  defaultMappingConfig,
  type MappingConfigInput,
  MappingConfigSchema,
} from '../../source/mapping/mapping-config.js';
import type { CustomerPlan } from '../../source/mapping/payloads.js';
import type { SonarAccount } from '../../source/sonar/records.js';
import {
  account,
  accountService,
  accountTypes,
  address,
  contact,
  item,
  resolver,
  service,
  statuses,
} from './builders.js';

function context(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return {
    config: defaultMappingConfig(),
    today: '2026-11-26',
    statuses,
    accountTypes,
    services: new Map([
      ['10', service()],
      [
        '11',
        service({
          id: '11',
          name: 'Static IP',
          type: 'RECURRING',
          amount: 500,
          data_service_detail: null,
        }),
      ],
      ['12', service({ id: '12', name: 'Install', type: 'ONETIME', data_service_detail: null })],
    ]),
    ids: resolver({ labels: { '5': 15 } }),
    networks: [
      { splynxId: 1, cidr: '100.64.1.0/24', typeOfUsage: 'static' },
      { splynxId: 2, cidr: '100.64.2.0/24', typeOfUsage: 'pool' },
    ],
    ...overrides,
  };
}

function withConfig(input: MappingConfigInput): CustomerContext {
  return context({ config: v.parse(MappingConfigSchema, input) });
}

function plan(record: SonarAccount, ctx = context()): CustomerPlan {
  const result = mapCustomer(record, ctx);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issuesOf(record: SonarAccount, ctx = context()): Array<[string, string, string]> {
  const result = mapCustomer(record, ctx);
  if (result.ok) throw new Error('expected issues, got ok');
  return result.issues.map((i: MappingIssue) => [i.field, i.sourceField, i.rule]);
}

describe('mapCustomer: a representative residential account', () => {
  it('produces the exact plan', () => {
    const record = account({
      account_group_ids: ['5'],
      ip_assignments: [
        {
          id: '1',
          subnet: '100.64.1.10/32',
          subnet_id: '20',
          ip_pool_id: null,
          soft: false,
          description: null,
          source: { via: 'radius_account', radius_account_id: '900' },
        },
      ],
      equipment: [
        item({ id: '81', inventoryitemable_type: 'Address', inventoryitemable_id: '300' }),
      ],
      notes: [
        {
          id: '1',
          message: 'Gate code 1234\nDog in yard',
          priority: 'STICKY',
          created_at: '2022-01-01T00:00:00Z',
        },
        {
          id: '2',
          message: 'Called about speed',
          priority: 'NORMAL',
          created_at: '2022-02-01T00:00:00Z',
        },
        { id: '3', message: '   ', priority: 'NORMAL', created_at: '2022-02-01T00:00:00Z' },
      ],
    });
    const result = mapCustomer(record, context());
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        sonarId: '1042',
        label: 'account 1042 "Ada Lovelace"',
        state: 'ACTIVE',
        finalStatus: 'active',
        createStatus: 'active',
        parentSonarId: null,
        customer: {
          name: 'Ada Lovelace',
          login: '1042',
          status: 'active',
          category: 'person',
          partner_id: 1,
          location_id: 1,
          email: 'ada@example.com',
          phone: '5551234567',
          street_1: '12 Mill Lane',
          city: 'Springfield',
          zip_code: '62701',
          gps: '39.7817,-89.6501',
          date_add: '2021-03-04',
          customer_labels: [15],
          additional_attributes: { sonar_id: '1042' },
        },
        info: null,
        billing: { make_invoices: 0, billing_date: 1, billing_due: 14, grace_period: 5 },
        internetServices: [
          {
            sonarId: '700',
            payload: {
              tariff_id: 31,
              status: 'active',
              description: 'Fiber 100',
              quantity: 1,
              start_date: '2021-03-04',
              end_date: '0000-00-00',
              additional_attributes: { sonar_id: '700', sonar_activation_date: '2021-03-04' },
              login: 'ada-pppoe',
              password: 's3cret',
              taking_ipv4: 1,
              ipv4: '100.64.1.10',
              mac: '24:5A:4C:00:11:22',
            },
          },
        ],
        recurringServices: [],
        notes: [
          {
            sonarId: '1',
            payload: { comment: 'Gate code 1234\nDog in yard', is_pinned: 1, type: 'comment' },
          },
          {
            sonarId: '2',
            payload: { comment: 'Called about speed', is_pinned: 0, type: 'comment' },
          },
        ],
        openingBalance: null,
        portalPasswordReset: false,
        unlinkedEquipment: ['81'],
      },
    });
  });
});

describe('mapCustomer: company accounts, contacts and addresses', () => {
  const company = account({
    id: '2001',
    name: 'Bäckerei Müller GmbH',
    account_type_id: '2',
    contacts: [
      contact({
        id: '1',
        name: 'Owner',
        primary: false,
        email_address: 'owner@baeckerei.example',
        phone_numbers: [{ number: '5550001', extension: '12', type: 'Work' }],
      }),
      contact({
        id: '2',
        name: 'Jörg Müller',
        primary: true,
        email_address: 'joerg@baeckerei.example',
        username: 'joerg',
      }),
    ],
    addresses: [
      address({ serviceable: false, line1: 'Old shop' }),
      address({ line1: 'Hauptstraße 5', line2: 'Hinterhaus', latitude: null }),
      address({
        type: 'MAILING',
        serviceable: false,
        line1: 'PO Box 9',
        city: 'Berlin',
        zip: '10115',
      }),
    ],
  });

  it('uses the primary contact first, appends the others, and fills customer-info', () => {
    const value = plan(company);
    expect([value.customer.category, value.customer.email, value.customer.phone]).toEqual([
      'company',
      'joerg@baeckerei.example,owner@baeckerei.example',
      '5551234567,5550001 x12',
    ]);
    expect(value.info).toEqual({ contact_person: 'Jörg Müller' });
    expect(value.portalPasswordReset).toBe(true);
  });

  it('takes the serviceable physical address and bills to the mailing address', () => {
    const value = plan(company);
    expect([value.customer.street_1, value.customer.gps]).toEqual([
      'Hauptstraße 5, Hinterhaus',
      '',
    ]);
    expect(value.billing).toEqual({
      make_invoices: 0,
      billing_date: 1,
      billing_due: 14,
      grace_period: 5,
      billing_street_1: 'PO Box 9',
      billing_city: 'Berlin',
      billing_zip_code: '10115',
    });
  });

  it.each([
    ['1', 'person'],
    ['2', 'company'],
    ['3', 'company'],
    ['4', 'person'],
  ])('account type %s → category %s', (typeId, category) => {
    expect(plan(account({ account_type_id: typeId })).customer.category).toBe(category);
  });

  it('category follows config, and an unknown account type warns and falls back to person', () => {
    const ctx = withConfig({ customers: { categoryByAccountType: { SENIOR_CITIZEN: 'company' } } });
    expect(plan(account({ account_type_id: '4' }), ctx).customer.category).toBe('company');
    const result = mapCustomer(account({ account_type_id: '77' }), context());
    expect(
      result.ok && [result.value.customer.category, result.warnings.map((w) => w.rule)],
    ).toEqual(['person', ['unresolved-reference']]);
  });

  it('uses the login template and location from config', () => {
    const value = plan(
      account(),
      withConfig({ customers: { loginTemplate: 'sn-{id}', locationId: 4 } }),
    );
    expect([value.customer.login, value.customer.location_id]).toEqual(['sn-1042', 4]);
  });

  it('reports a login template that makes logins too long, pointing at the config key', () => {
    const result = mapCustomer(
      account(),
      withConfig({ customers: { loginTemplate: `${'x'.repeat(125)}{id}` } }),
    );
    expect(!result.ok && result.issues.map((i) => [i.field, i.rule, i.fix])).toEqual([
      ['login', 'max-length:128', 'Shorten customers.loginTemplate in s2s.config.json.'],
    ]);
  });

  it('passes a child account’s parent on for the engine', () => {
    expect(plan(account({ parent_account_id: '1000' })).parentSonarId).toBe('1000');
  });

  it('falls back to the created date when the account was never activated', () => {
    const value = plan(account({ activation_date: null }));
    expect([value.customer.date_add, value.internetServices[0]?.payload.start_date]).toEqual([
      '2021-03-01',
      '2021-03-01',
    ]);
  });
});

describe('mapCustomer: values Splynx would reject', () => {
  it('reports an over-long city (32) without cutting it', () => {
    expect(
      issuesOf(
        account({ addresses: [address({ city: 'Llanfairpwllgwyngyllgogerychwyrndrobwll' })] }),
      ),
    ).toEqual([['city', 'addresses[PHYSICAL].city', 'max-length:32']]);
    expect(plan(account({ addresses: [address({ city: 'C'.repeat(32) })] })).customer.city).toBe(
      'C'.repeat(32),
    );
  });

  it('reports an invalid email', () => {
    const result = mapCustomer(
      account({ contacts: [contact({ email_address: 'ada@@example.com' })] }),
      context(),
    );
    expect(
      !result.ok && result.issues.map((i) => [i.field, i.sourceField, i.rule, i.message]),
    ).toEqual([
      [
        'email',
        'contacts[id=500].email_address',
        'email',
        '"ada@@example.com" from contacts[id=500].email_address of Account 1042 is not an email address Splynx accepts.',
      ],
    ]);
  });

  it('reports only the bad part of a comma-separated email list', () => {
    const contacts = [contact({ email_address: 'ok@example.com,not-an-email' })];
    const result = mapCustomer(account({ contacts }), context());
    expect(
      !result.ok && result.issues.map((i) => [i.field, i.rule, i.message.split(' ')[0]]),
    ).toEqual([['email', 'email', '"not-an-email"']]);
  });

  it('accepts an account without any email', () => {
    const value = plan(account({ contacts: [contact({ email_address: null })] }));
    expect(value.customer.email).toBe('');
  });

  it('checks the billing address too, with a dot-path field', () => {
    const addresses = [address(), address({ type: 'MAILING', city: 'M'.repeat(33) })];
    expect(issuesOf(account({ addresses }))).toEqual([
      ['billing.billing_city', 'addresses[MAILING].city', 'max-length:32'],
    ]);
  });

  it('keeps line breaks in notes but reports other control characters', () => {
    const note = (message: string) => ({
      id: '9',
      message,
      priority: 'NORMAL' as const,
      created_at: '2022-01-01T00:00:00Z',
    });
    expect(plan(account({ notes: [note('line 1\r\n\tline 2')] })).notes).toHaveLength(1);
    const result = mapCustomer(account({ notes: [note('bell\u0007')] }), context());
    expect(
      !result.ok && result.issues.map((i) => [i.entity, i.sonarType, i.sonarId, i.rule]),
    ).toEqual([['note', 'Note', '9', 'control-characters']]);
  });

  it('sends only make_invoices when Sonar has no billing parameter or mailing address', () => {
    const makeInvoices = withConfig({ customers: { makeInvoices: 1 } });
    expect(plan(account({ billing_parameter: null }), makeInvoices).billing).toEqual({
      make_invoices: 1,
    });
  });

  it('reports a missing name', () => {
    expect(issuesOf(account({ name: '' }))).toEqual([['name', 'name', 'required']]);
  });

  it('reports a missing tariff mapping with the config key that fixes it', () => {
    const result = mapCustomer(account(), context({ ids: resolver({ tariffs: {} }) }));
    expect(!result.ok && result.issues).toEqual([
      {
        entity: 'internet_service',
        sonarId: '700',
        sonarType: 'AccountService',
        field: 'tariff_id',
        sourceField: 'service_id',
        rule: 'tariff-mapping',
        message: 'Sonar service 10 "Fiber 100" has no Splynx internet tariff.',
        fix: 'Migrate the foundation phase first, or map it onto an existing tariff with tariffs."10": <Splynx tariff id> in s2s.config.json.',
      },
    ]);
  });

  it('reports control characters', () => {
    expect(issuesOf(account({ addresses: [address({ city: 'Spring\u0000field' })] }))).toEqual([
      ['city', 'addresses[PHYSICAL].city', 'control-characters'],
    ]);
    expect(issuesOf(account({ name: 'Ada\tLovelace' }))).toEqual([
      ['name', 'name', 'control-characters'],
    ]);
  });

  it('passes unicode and apostrophes through unchanged', () => {
    const value = plan(
      account({
        name: "Zoë O'Brien-Ångström 李",
        contacts: [contact({ email_address: "zoe.o'brien@example.com" })],
        addresses: [address({ city: 'Saint-Jérôme', line1: "1 Rue de l'Église" })],
      }),
    );
    expect([
      value.customer.name,
      value.customer.email,
      value.customer.city,
      value.customer.street_1,
      value.label,
    ]).toEqual([
      "Zoë O'Brien-Ångström 李",
      "zoe.o'brien@example.com",
      'Saint-Jérôme',
      "1 Rue de l'Église",
      'account 1042 "Zoë O\'Brien-Ångström 李"',
    ]);
  });

  it('collects every problem of a record, not just the first', () => {
    const record = account({
      name: '',
      contacts: [contact({ email_address: 'bad' })],
      addresses: [address({ city: 'x'.repeat(33), zip: 'z'.repeat(33) })],
      account_group_ids: ['404'],
    });
    const result = mapCustomer(record, context({ ids: resolver({ tariffs: {}, partners: {} }) }));
    expect(!result.ok && result.issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'partner_id:unresolved-reference',
      'customer_labels:unresolved-reference',
      'name:required',
      'email:email',
      'city:max-length:32',
      'zip_code:max-length:32',
      'tariff_id:tariff-mapping',
    ]);
  });
});

describe('mapCustomer: services', () => {
  it('gives two DATA services distinct logins', () => {
    const value = plan(
      account({
        account_services: [
          accountService({ id: '700' }),
          accountService({ id: '701', name_override: 'Backup link' }),
        ],
      }),
    );
    expect(
      value.internetServices.map((s) => [
        s.sonarId,
        s.payload.login,
        s.payload.password,
        s.payload.description,
      ]),
    ).toEqual([
      ['700', 'ada-pppoe', 's3cret', 'Fiber 100'],
      ['701', '1042-701', undefined, 'Backup link'],
    ]);
  });

  it('uses the price override as unit price, in currency units', () => {
    const value = plan(
      account({ account_services: [accountService({ price_override: 3995, quantity: 2 })] }),
    );
    expect([
      value.internetServices[0]?.payload.unit_price,
      value.internetServices[0]?.payload.quantity,
    ]).toEqual([39.95, 2]);
    expect('unit_price' in (plan(account()).internetServices[0]?.payload ?? {})).toBe(false);
  });

  it('maps RECURRING services and warns about the ones that are not migrated', () => {
    const result = mapCustomer(
      account({
        account_services: [
          accountService({ id: '701', service_id: '11' }),
          accountService({ id: '702', service_id: '12' }),
        ],
      }),
      context(),
    );
    expect(result.ok && result.value.recurringServices).toEqual([
      {
        sonarId: '701',
        payload: {
          tariff_id: 41,
          status: 'active',
          description: 'Static IP',
          quantity: 1,
          start_date: '2021-03-04',
          end_date: '0000-00-00',
          additional_attributes: { sonar_id: '701', sonar_activation_date: '2021-03-04' },
        },
      },
    ]);
    expect(result.ok && result.warnings.map((w) => [w.sonarId, w.rule])).toEqual([
      ['702', 'not-migrated'],
    ]);
  });

  it('creates a suspended customer active with disabled services, then blocks it', () => {
    const value = plan(account({ account_status_id: '2' }));
    expect([
      value.state,
      value.createStatus,
      value.finalStatus,
      value.internetServices[0]?.payload.status,
    ]).toEqual(['SUSPENDED', 'active', 'blocked', 'disabled']);
  });

  it('takes no static IP from a pool network and warns about an IP outside every network', () => {
    const assignment = (id: string, subnet: string) => ({
      id,
      subnet,
      subnet_id: '20',
      ip_pool_id: null,
      soft: true,
      description: null,
      source: { via: 'account' as const },
    });
    const result = mapCustomer(
      account({
        ip_assignments: [assignment('1', '100.64.2.9/32'), assignment('2', '198.51.100.7/32')],
      }),
      context(),
    );
    expect(
      result.ok && [
        result.value.internetServices[0]?.payload.taking_ipv4,
        'ipv4' in (result.value.internetServices[0]?.payload ?? {}),
      ],
    ).toEqual([0, false]);
    expect(result.ok && result.warnings.map((w) => [w.field, w.rule])).toEqual([
      ['internet_services.ipv4', 'ip-outside-networks'],
    ]);
  });

  it('gives an IP tied to a RADIUS account to that account’s service, the rest in order', () => {
    const ip = (id: string, subnet: string, radius: string | null) => ({
      id,
      subnet,
      subnet_id: '20',
      ip_pool_id: null,
      soft: false,
      description: null,
      source:
        radius === null
          ? { via: 'account' as const }
          : { via: 'radius_account' as const, radius_account_id: radius },
    });
    const result = mapCustomer(
      account({
        account_services: [accountService({ id: '700' }), accountService({ id: '701' })],
        radius_accounts: [
          { id: '900', username: 'ada-pppoe', password: 's3cret' },
          { id: '901', username: 'ada-backup', password: null },
        ],
        ip_assignments: [
          ip('1', '100.64.1.20/32', '901'),
          ip('2', '100.64.1.21/32', null),
          ip('3', '100.64.1.22/32', null),
        ],
      }),
      context(),
    );
    expect(
      result.ok &&
        result.value.internetServices.map((s) => [
          s.payload.login,
          s.payload.taking_ipv4,
          s.payload.ipv4,
        ]),
    ).toEqual([
      ['ada-pppoe', 1, '100.64.1.21'],
      ['ada-backup', 1, '100.64.1.20'],
    ]);
    expect(result.ok && result.warnings.map((w) => [w.rule, w.message])).toEqual([
      [
        'ip-not-migrated',
        'Account 1042 has more static IPs than data services; 100.64.1.22 is not assigned.',
      ],
    ]);
  });

  it('gives each DATA service the MACs of its own equipment', () => {
    const value = plan(
      account({
        account_services: [accountService({ id: '700' }), accountService({ id: '701' })],
        equipment: [
          item({
            id: '81',
            account_service_id: '701',
            field_values: { '61': 'AA-BB-CC-DD-EE-01', '62': 'SN' },
          }),
          item({ id: '82', account_service_id: null }),
        ],
      }),
    );
    expect(value.internetServices.map((s) => s.payload.mac)).toEqual([
      undefined,
      'AA-BB-CC-DD-EE-01',
    ]);
    expect(value.unlinkedEquipment).toEqual(['81', '82']);
  });
});

describe('mapCustomer: opening balance', () => {
  it('is off by default', () => {
    expect(plan(account({ balance: 1250 })).openingBalance).toBeNull();
  });

  it('imports a debt as a debit and credit as a credit, zero as nothing', () => {
    const ctx = withConfig({ balances: { mode: 'import' } });
    expect(plan(account({ balance: 1250 }), ctx).openingBalance).toEqual({
      amount: 12.5,
      type: 'debit',
      description: 'Opening balance from Sonar account 1042',
    });
    expect(plan(account({ balance: -300 }), ctx).openingBalance).toMatchObject({
      amount: 3,
      type: 'credit',
    });
    expect(plan(account({ balance: 0 }), ctx).openingBalance).toBeNull();
    expect(plan(account({ balance: null }), ctx).openingBalance).toBeNull();
  });

  it('inverts the sign when configured', () => {
    const ctx = withConfig({ balances: { mode: 'import', invertSign: true } });
    expect(plan(account({ balance: 1250 }), ctx).openingBalance).toMatchObject({
      amount: 12.5,
      type: 'credit',
    });
  });
});
