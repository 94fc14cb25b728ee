import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { entities, gql, ids } from './client.js';
import { buildFixture } from './fixture.js';

let sim: SonarSimulator;
let clamped: SonarSimulator;

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: { tables: buildFixture() } });
  clamped = await startSonarSimulator({
    dataset: { tables: buildFixture() },
    defaultPageSize: 3,
    maxPageSize: 2,
  });
});

afterAll(async () => {
  await sim.close();
  await clamped.close();
});

const accountIds = (args: string) => ids(sim, `{ accounts${args} { entities { id } } }`);

describe('wire format', () => {
  it('serialises Int64Bit as strings and accepts numbers, numeric strings and variables', async () => {
    expect(
      await entities(
        sim,
        '{ accounts(id: 2) { entities { id account_status_id parent_account_id company_id } } }',
      ),
    ).toEqual([{ id: '2', account_status_id: '1', parent_account_id: '1', company_id: '1' }]);
    expect(await accountIds('(id: "3")')).toEqual(['3']);
    expect(
      await ids(sim, 'query($id: Int64Bit) { accounts(id: $id) { entities { id } } }', { id: '5' }),
    ).toEqual(['5']);
    expect(
      await ids(sim, 'query($id: Int64Bit) { accounts(id: $id) { entities { id } } }', { id: 1 }),
    ).toEqual(['1']);
  });

  it('derives sonar_unique_id and _version', async () => {
    const [row] = await entities(
      sim,
      '{ accounts(id: 1) { entities { sonar_unique_id _version } } }',
    );
    expect(row).toEqual({
      sonar_unique_id: Buffer.from('Account:1').toString('base64'),
      _version: '1',
    });
  });

  it('answers validation errors with 200 and an errors array', async () => {
    const reply = await gql(sim, '{ accounts { entities { favourite_colour } } }');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors?.[0]?.message).toBe(
      'Cannot query field "favourite_colour" on type "Account".',
    );
  });

  it('serves introspection', async () => {
    const reply = await gql(sim, '{ __type(name: "PageInfo") { fields { name } } }');
    expect(reply.body.data).toEqual({
      __type: {
        fields: [
          { name: 'page' },
          { name: 'total_pages' },
          { name: 'total_count' },
          { name: 'records_per_page' },
        ],
      },
    });
  });
});

describe('pagination and order', () => {
  it('pages 1-based until total_pages, with an empty page beyond the end', async () => {
    const seen: string[] = [];
    const infos: unknown[] = [];
    for (let page = 1; ; page++) {
      const reply = await gql(
        sim,
        'query($p: Int!) { accounts(paginator: {page: $p, records_per_page: 2}) { entities { id } page_info { page total_pages total_count records_per_page } aggregations { field } } }',
        { p: page },
      );
      const accounts = reply.body.data?.accounts as {
        entities: { id: string }[];
        page_info: { total_pages: number };
        aggregations: unknown[];
      };
      expect(accounts.aggregations).toEqual([]);
      seen.push(...accounts.entities.map((e) => e.id));
      infos.push(accounts.page_info);
      if (page >= accounts.page_info.total_pages) break;
    }
    expect(seen).toEqual(['1', '2', '3', '5']);
    expect(infos).toEqual([
      { page: 1, total_pages: 2, total_count: 4, records_per_page: 2 },
      { page: 2, total_pages: 2, total_count: 4, records_per_page: 2 },
    ]);
    const beyond = await gql(
      sim,
      '{ accounts(paginator: {page: 3, records_per_page: 2}) { entities { id } page_info { page total_pages total_count } } }',
    );
    expect(beyond.body.data?.accounts).toEqual({
      entities: [],
      page_info: { page: 3, total_pages: 2, total_count: 4 },
    });
  });

  it('returns every row without a paginator, and zero pages for zero rows', async () => {
    const reply = await gql(
      sim,
      '{ all: accounts { page_info { page total_pages total_count records_per_page } } none: accounts(name: "nobody") { page_info { total_pages total_count } } }',
    );
    expect(reply.body.data).toEqual({
      all: { page_info: { page: 1, total_pages: 1, total_count: 4, records_per_page: 4 } },
      none: { page_info: { total_pages: 0, total_count: 0 } },
    });
  });

  it('applies the configured default page size and clamps records_per_page', async () => {
    const reply = await gql(
      clamped,
      '{ a: accounts { entities { id } page_info { records_per_page total_pages } } b: accounts(paginator: {page: 2, records_per_page: 500}) { entities { id } page_info { records_per_page } } }',
    );
    expect(reply.body.data).toEqual({
      a: {
        entities: [{ id: '1' }, { id: '2' }],
        page_info: { records_per_page: 2, total_pages: 2 },
      },
      b: { entities: [{ id: '3' }, { id: '5' }], page_info: { records_per_page: 2 } },
    });
    const zero = await gql(
      sim,
      '{ accounts(paginator: {page: 1, records_per_page: 0}) { entities { id } } }',
    );
    expect(zero.body.errors?.[0]?.message).toBe('records_per_page must be at least 1.');
  });

  it('sorts by several keys in order', async () => {
    expect(await accountIds('(sorter: [{attribute: "name", direction: DESC}])')).toEqual([
      '3',
      '2',
      '1',
      '5',
    ]);
    expect(await accountIds('(sorter: {attribute: "id", direction: DESC})')).toEqual([
      '5',
      '3',
      '2',
      '1',
    ]);
    expect(
      await accountIds(
        '(sorter: [{attribute: "account_status_id", direction: DESC}, {attribute: "id", direction: ASC}])',
      ),
    ).toEqual(['3', '1', '2', '5']);
  });
});

describe('filters', () => {
  it('ANDs equality arguments', async () => {
    expect(await accountIds('(account_status_id: 1)')).toEqual(['1', '2', '5']);
    expect(await accountIds('(account_status_id: 1, account_type_id: 2)')).toEqual(['5']);
    expect(await accountIds('(parent_account_id: 1, include_archived: true)')).toEqual(['2', '4']);
  });

  it('matches string fields partially and case-insensitively, exactly, or negated', async () => {
    const search = (field: string) => accountIds(`(search: [{string_fields: [${field}]}])`);
    expect(await search('{attribute: "name", search_value: "SMITH", match: true}')).toEqual([
      '1',
      '2',
    ]);
    expect(
      await search(
        '{attribute: "name", search_value: "alice smith", match: true, partial_matching: false}',
      ),
    ).toEqual(['1']);
    expect(
      await search(
        '{attribute: "name", search_value: "Alice", match: true, partial_matching: false}',
      ),
    ).toEqual([]);
    expect(await search('{attribute: "name", search_value: "smith", match: false}')).toEqual([
      '3',
      '5',
    ]);
  });

  it('compares enum fields by name', async () => {
    expect(
      await ids(
        sim,
        '{ services(search: {string_fields: {attribute: "type", search_value: "data", match: true, partial_matching: false}}) { entities { id } } }',
      ),
    ).toEqual(['1', '3']);
  });

  it('ORs entries of the same attribute, ANDs attributes, ORs Search objects', async () => {
    expect(
      await accountIds(
        '(search: [{integer_fields: [{attribute: "account_status_id", search_value: 1, operator: EQ}, {attribute: "account_status_id", search_value: 2, operator: EQ}]}])',
      ),
    ).toEqual(['1', '2', '3', '5']);
    expect(
      await accountIds(
        '(search: [{integer_fields: [{attribute: "account_status_id", search_value: 1, operator: EQ}, {attribute: "account_status_id", search_value: 2, operator: EQ}, {attribute: "id", search_value: 1, operator: GT}]}])',
      ),
    ).toEqual(['2', '3', '5']);
    expect(
      await accountIds(
        '(search: [{string_fields: [{attribute: "name", search_value: "alice", match: true}]}, {string_fields: [{attribute: "name", search_value: "acme", match: true}]}])',
      ),
    ).toEqual(['1', '5']);
  });

  it('applies range operators to integers, floats, dates and datetimes', async () => {
    expect(
      await accountIds(
        '(search: {integer_fields: [{attribute: "id", search_value: 2, operator: GTE}, {attribute: "id", search_value: 5, operator: LT}]})',
      ),
    ).toEqual(['2', '3']);
    expect(
      await accountIds(
        '(search: {integer_fields: {attribute: "id", search_value: 2, operator: NEQ}})',
      ),
    ).toEqual(['1', '3', '5']);
    expect(
      await accountIds(
        '(search: {date_fields: {attribute: "activation_date", search_value: "2024-01-03", operator: GTE}})',
      ),
    ).toEqual(['2', '3']);
    expect(
      await accountIds(
        '(search: {datetime_fields: {attribute: "created_at", search_value: "2024-01-03T10:00:00+00:00", operator: LTE}})',
      ),
    ).toEqual(['1', '2']);
    expect(
      await ids(
        sim,
        '{ addresses(search: {float_fields: {attribute: "latitude", search_value: 40, operator: GT}}) { entities { id } } }',
      ),
    ).toEqual(['3']);
  });

  it('filters booleans, unset and existing fields', async () => {
    const search = (s: string) => accountIds(`(search: {${s}})`);
    expect(
      await search('boolean_fields: {attribute: "is_delinquent", search_value: true}'),
    ).toEqual(['3']);
    expect(
      await search(
        'boolean_fields: {attribute: "is_delinquent", search_value: true, operator: NEQ}',
      ),
    ).toEqual(['1', '2', '5']);
    expect(await search('unset_fields: ["activation_date"]')).toEqual(['5']);
    expect(await search('exists: ["parent_account_id"]')).toEqual(['2']);
  });

  it('finds IP assignments inside or outside a subnet', async () => {
    const within = (match: boolean) =>
      ids(
        sim,
        `{ ip_assignments(search: {ip_address_fields: {attribute: "subnet", search_value: "100.64.1.0/25", match: ${match}}}) { entities { id } } }`,
      );
    expect(await within(true)).toEqual(['1', '2', '4']);
    expect(await within(false)).toEqual(['3']);
  });

  it('general_search looks through text fields, and through selected relations when asked', async () => {
    expect(await accountIds('(general_search: "JONES")')).toEqual(['3']);
    const city = (mode: string) =>
      ids(
        sim,
        `{ accounts(general_search: "chicago", general_search_mode: ${mode}) { entities { id addresses { entities { city } } } } }`,
      );
    expect(await city('ROOT')).toEqual([]);
    expect(await city('ROOT_PLUS_RELATIONS')).toEqual(['3']);
  });

  it('rejects an attribute the entity does not have', async () => {
    const reply = await gql(
      sim,
      '{ accounts(search: {string_fields: {attribute: "nickname", search_value: "x", match: true}}) { entities { id } } }',
    );
    expect(reply.body.errors?.[0]?.message).toBe(
      '"nickname" is not a searchable field of Account.',
    );
    expect(reply.body.data).toBeNull();
  });
});

describe('reverse relation filters', () => {
  it('keeps accounts having a DATA service, without trimming their nested list', async () => {
    const rows = await entities(
      sim,
      '{ accounts(reverse_relation_filters: {relation: "account_services.service", search: {string_fields: {attribute: "type", search_value: "DATA", match: true, partial_matching: false}}}) { entities { id account_services { entities { id } } } } }',
    );
    expect(rows).toEqual([
      { id: '1', account_services: { entities: [{ id: '1' }, { id: '2' }] } },
      { id: '3', account_services: { entities: [{ id: '3' }] } },
    ]);
  });

  it('rejects a relation path the entity does not have', async () => {
    const reply = await gql(
      sim,
      '{ accounts(reverse_relation_filters: {relation: "addresses.towers"}) { entities { id } } }',
    );
    expect(reply.body.errors?.[0]?.message).toBe(
      '"towers" is not a relation of Address (in "addresses.towers").',
    );
  });

  it('is_empty keeps parents without related rows', async () => {
    expect(
      await accountIds(
        '(reverse_relation_filters: {relation: "account_services", is_empty: true})',
      ),
    ).toEqual(['5']);
  });

  it('ANDs filters in one group and ORs groups', async () => {
    const springfield =
      '{relation: "addresses", search: {string_fields: {attribute: "city", search_value: "Springfield", match: true}}}';
    const tower =
      '{relation: "account_groups", search: {string_fields: {attribute: "name", search_value: "Tower", match: true}}}';
    const chicago =
      '{relation: "addresses", group: "2", search: {string_fields: {attribute: "city", search_value: "Chicago", match: true}}}';
    expect(await accountIds(`(reverse_relation_filters: [${springfield}, ${tower}])`)).toEqual([
      '1',
    ]);
    expect(await accountIds(`(reverse_relation_filters: [${tower}, ${chicago}])`)).toEqual([
      '1',
      '3',
      '5',
    ]);
  });
});

describe('relations', () => {
  it('hides archived accounts unless include_archived, on roots and nested lists', async () => {
    expect(await accountIds('(include_archived: true)')).toEqual(['1', '2', '3', '4', '5']);
    const [row] = await entities(
      sim,
      '{ accounts(id: 1) { entities { child_accounts { entities { id } } all: child_accounts(include_archived: true) { entities { id } } } } }',
    );
    expect(row).toEqual({
      child_accounts: { entities: [{ id: '2' }] },
      all: { entities: [{ id: '2' }, { id: '4' }] },
    });
  });

  it('resolves a filtered to-one relation to null when the filter excludes it', async () => {
    const rows = await entities(
      sim,
      '{ account_services { entities { id service(enabled: true) { name } } } }',
    );
    expect(rows).toEqual([
      { id: '1', service: { name: 'Fiber 100' } },
      { id: '2', service: { name: 'Router rental' } },
      { id: '3', service: null },
      { id: '4', service: { name: 'Router rental' } },
    ]);
  });

  it('resolves polymorphic owners with __typename and inline fragments', async () => {
    const rows = await entities(
      sim,
      '{ ip_assignments { entities { id ipassignmentable { __typename id ... on Account { name } ... on InventoryItem { inventory_model { name } } ... on RadiusAccount { username } } } } }',
    );
    expect(rows).toEqual([
      { id: '1', ipassignmentable: { __typename: 'Account', id: '1', name: 'Alice Smith' } },
      {
        id: '2',
        ipassignmentable: {
          __typename: 'InventoryItem',
          id: '1',
          inventory_model: { name: 'NanoStation' },
        },
      },
      { id: '3', ipassignmentable: { __typename: 'RadiusAccount', id: '1', username: 'carol' } },
      { id: '4', ipassignmentable: null },
    ]);
  });

  it('serves a customer with everything the migration reads in one query', async () => {
    const [row] = await entities(
      sim,
      `{ accounts(id: 1) { entities {
          account_status { name activates_account } account_type { type } company { name }
          account_billing_parameter { bill_day due_days grace_days }
          account_groups { entities { name } }
          addresses(type: PHYSICAL) { entities { line1 city subdivision serviceable
            inventory_items { entities { id inventory_model_field_data { entities { value inventory_model_field { name primary } } } } } } }
          contacts(primary: true) { entities { name email_address phone_numbers { entities { number phone_number_type { name } } } } }
          account_services { entities { quantity price_override service { name type amount data_service_detail { download_speed_kilobits_per_second } recurring_service_detail { billing_frequency } } } }
          notes { entities { message priority } }
      } } }`,
    );
    expect(row).toEqual({
      account_status: { name: 'Active', activates_account: true },
      account_type: { type: 'RESIDENTIAL' },
      company: { name: 'Valley Fiber' },
      account_billing_parameter: { bill_day: 1, due_days: 14, grace_days: 5 },
      account_groups: { entities: [{ name: 'VIP' }, { name: 'Tower North' }] },
      addresses: {
        entities: [
          {
            line1: '1 Main St',
            city: 'Springfield',
            subdivision: 'US_WV',
            serviceable: true,
            inventory_items: {
              entities: [
                {
                  id: '1',
                  inventory_model_field_data: {
                    entities: [
                      {
                        value: '00:11:22:33:44:55',
                        inventory_model_field: { name: 'MAC', primary: true },
                      },
                      {
                        value: 'SN-0001',
                        inventory_model_field: { name: 'Serial', primary: false },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
      contacts: {
        entities: [
          {
            name: 'Alice Smith',
            email_address: 'alice@example.com',
            phone_numbers: {
              entities: [
                { number: '0123456789', phone_number_type: { name: 'Mobile' } },
                { number: '5550001', phone_number_type: { name: 'Home' } },
              ],
            },
          },
        ],
      },
      account_services: {
        entities: [
          {
            quantity: 1,
            price_override: null,
            service: {
              name: 'Fiber 100',
              type: 'DATA',
              amount: 5999,
              data_service_detail: { download_speed_kilobits_per_second: 100000 },
              recurring_service_detail: null,
            },
          },
          {
            quantity: 2,
            price_override: 400,
            service: {
              name: 'Router rental',
              type: 'RECURRING',
              amount: 500,
              data_service_detail: null,
              recurring_service_detail: { billing_frequency: 1 },
            },
          },
        ],
      },
      notes: { entities: [{ message: 'Gate code 1234', priority: 'STICKY' }] },
    });
  });

  it('serves transactions, account_ip_assignments and me', async () => {
    const reply = await gql(
      sim,
      `{ transactions(account_id: 1) { entities { id running_balance type } page_info { total_count } }
         one: account_ip_assignments(account_id: 1) { entities { account_id subnet } }
         three: account_ip_assignments(account_id: 3) { entities { subnet } }
         me { username language role { name } } }`,
    );
    expect(reply.body).toEqual({
      data: {
        transactions: {
          entities: [
            { id: '1', running_balance: 5999, type: 'DEBIT' },
            { id: '2', running_balance: 0, type: 'PAYMENT' },
          ],
          page_info: { total_count: 2 },
        },
        one: {
          entities: [
            { account_id: '1', subnet: '100.64.1.10/32' },
            { account_id: '1', subnet: '100.64.1.11/32' },
          ],
        },
        three: { entities: [{ subnet: '100.64.1.150/32' }] },
        me: { username: 'ada', language: 'en', role: { name: 'Admin' } },
      },
    });
  });
});
