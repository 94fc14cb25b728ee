// Index narrowing must never change an answer: for every shape of search, the rows the full filter
// keeps from the narrowed candidates are exactly the rows it keeps from the whole table.
import { graphql } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { filterRows } from '../../../source/simulators/sonar/collection.js';
import { narrowCandidates } from '../../../source/simulators/sonar/narrow.js';
import type { TableName } from '../../../source/simulators/sonar/relations.js';
import {
  createSonarContext,
  type SonarContext,
  sonarExecutableSchema,
} from '../../../source/simulators/sonar/resolvers.js';
import type { SearchInput } from '../../../source/simulators/sonar/search.js';
import { startSonarSimulator } from '../../../source/simulators/sonar/server.js';
import { SonarStore } from '../../../source/simulators/sonar/store.js';
import { generateSonarDataset } from '../../../source/simulators/sonar-dataset/generate.js';
import { entities, gql } from './client.js';

let ctx: SonarContext;
let store: SonarStore;

beforeAll(() => {
  store = new SonarStore(generateSonarDataset({ seed: 5, accounts: 400 }).tables);
  ctx = createSonarContext(store, { defaultPageSize: 100, maxPageSize: 1000 });
});

const int = (
  attribute: string,
  operator: 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE',
  search_value: number,
) => ({
  attribute,
  operator,
  search_value,
});

type Case = [string, string, TableName, SearchInput[]];
const CASES: Case[] = [
  [
    'an id list',
    'Account',
    'accounts',
    [3, 77, 150, 9999].map((id) => ({ integer_fields: [int('id', 'EQ', id)] })),
  ],
  [
    'account-id ranges with a single point',
    'RadiusAccount',
    'radius_accounts',
    [
      { integer_fields: [int('account_id', 'GTE', 10), int('account_id', 'LTE', 60)] },
      { integer_fields: [int('account_id', 'EQ', 200)] },
    ],
  ],
  [
    'open and closed bounds',
    'Note',
    'notes',
    [{ integer_fields: [int('noteable_id', 'GT', 20), int('noteable_id', 'LT', 40)] }],
  ],
  [
    'a bound with a status point and a date',
    'Account',
    'accounts',
    [
      {
        integer_fields: [int('account_status_id', 'EQ', 1), int('id', 'LTE', 120)],
        datetime_fields: [
          { attribute: 'created_at', operator: 'GTE', search_value: '2015-01-01T00:00:00+00:00' },
        ],
      },
    ],
  ],
  [
    'EQ alternatives ORed, cut by a bound on the same attribute',
    'Account',
    'accounts',
    [
      {
        integer_fields: [
          int('id', 'EQ', 5),
          int('id', 'EQ', 50),
          int('id', 'EQ', 300),
          int('id', 'LT', 100),
        ],
      },
    ],
  ],
  [
    'NEQ beside a range',
    'IpAssignment',
    'ip_assignments',
    [
      {
        integer_fields: [
          int('ipassignmentable_id', 'GTE', 1),
          int('ipassignmentable_id', 'LTE', 30),
          int('ipassignmentable_id', 'NEQ', 7),
        ],
      },
    ],
  ],
  [
    'a nullable column',
    'Account',
    'accounts',
    [{ integer_fields: [int('parent_account_id', 'GTE', 1)] }],
  ],
  [
    'an empty range',
    'Address',
    'addresses',
    [{ integer_fields: [int('addressable_id', 'GTE', 50), int('addressable_id', 'LTE', 10)] }],
  ],
];

describe('narrowCandidates', () => {
  it.each(CASES)('agrees with the full scan: %s', (_name, type, table, search) => {
    const all = store.rows(table);
    const narrowed = narrowCandidates(ctx, type, table, search);
    expect(narrowed).toBeDefined();
    const scan = filterRows(ctx, type, all, { search });
    expect(filterRows(ctx, type, narrowed ?? [], { search })).toEqual(scan);
    // It narrows: a selective search never tests the whole table.
    expect(narrowed?.length).toBeLessThan(all.length);
  });

  it.each(['and', 'or'] as const)(
    'agrees with the full scan under the %s reading of same-attribute entries',
    (reading) => {
      const read = { ...ctx, searchReading: reading };
      for (const [name, type, table, search] of CASES) {
        const scan = filterRows(read, type, store.rows(table), { search });
        const narrowed = narrowCandidates(read, type, table, search) ?? store.rows(table);
        expect(filterRows(read, type, narrowed, { search }), name).toEqual(scan);
      }
    },
  );

  it('gives up (every row is tested) when any Search object has no integer hold', () => {
    const search: SearchInput[] = [
      { integer_fields: [int('id', 'EQ', 3)] },
      { string_fields: [{ attribute: 'name', search_value: 'a', match: true }] },
    ];
    expect(narrowCandidates(ctx, 'Account', 'accounts', search)).toBeUndefined();
    expect(narrowCandidates(ctx, 'Account', 'accounts', [])).toBeUndefined();
    expect(
      narrowCandidates(ctx, 'Account', 'accounts', [{ integer_fields: [int('id', 'NEQ', 3)] }]),
    ).toBeUndefined();
  });

  it('leaves an unknown attribute to the full filter, which rejects it', async () => {
    expect(
      narrowCandidates(ctx, 'Account', 'accounts', [
        { integer_fields: [int('nickname', 'EQ', 1)] },
      ]),
    ).toBeUndefined();
    const sim = await startSonarSimulator({ dataset: { tables: store.tables } });
    try {
      const reply = await gql(
        sim,
        '{ accounts(search: {integer_fields: {attribute: "nickname", search_value: 1, operator: EQ}}) { entities { id } } }',
      );
      expect(reply.body.errors?.[0]?.message).toBe(
        '"nickname" is not a searchable field of Account.',
      );
      // Through the server, an indexed search answers as the tables say.
      const rows = await entities<{ id: string }>(
        sim,
        '{ notes(noteable_type: Account, search: {integer_fields: [{attribute: "noteable_id", search_value: 10, operator: GTE}, {attribute: "noteable_id", search_value: 12, operator: LTE}]}, paginator: {page: 1, records_per_page: 1000}) { entities { id } } }',
      );
      expect(rows.map((r) => Number(r.id))).toEqual(
        store
          .rows('notes')
          .filter(
            (n) =>
              n.noteable_type === 'Account' &&
              Number(n.noteable_id) >= 10 &&
              Number(n.noteable_id) <= 12,
          )
          .map((n) => n.id),
      );
    } finally {
      await sim.close();
    }
  });

  it('drops its indexes when a row changes', () => {
    const search: SearchInput[] = [{ integer_fields: [int('account_status_id', 'EQ', 424242)] }];
    expect(narrowCandidates(ctx, 'Account', 'accounts', search)).toEqual([]);
    const row = store.rows('accounts')[0];
    const before = row?.account_status_id;
    store.patch('accounts', row?.id as number, { account_status_id: 424242 });
    try {
      expect(narrowCandidates(ctx, 'Account', 'accounts', search)?.map((r) => r.id)).toEqual([
        row?.id,
      ]);
    } finally {
      store.patch('accounts', row?.id as number, { account_status_id: before });
    }
  });

  it('is what root collections use: a searched query never reads the whole table', async () => {
    const own = new SonarStore(store.tables);
    const contextValue = createSonarContext(own, { defaultPageSize: 100, maxPageSize: 1000 });
    const source =
      '{ notes(search: [{integer_fields: [{attribute: "noteable_id", search_value: 3, operator: GTE}, {attribute: "noteable_id", search_value: 9, operator: LTE}]}]) { entities { id } } }';
    const run = () => graphql({ schema: sonarExecutableSchema(), source, contextValue });
    // The first query builds the index from the whole table; later ones only look it up.
    const first = await run();
    const rows = vi.spyOn(own, 'rows');
    const again = await run();
    expect(again).toEqual(first);
    expect(
      (again.data?.notes as { entities: unknown[] } | undefined)?.entities.length,
    ).toBeGreaterThan(0);
    expect(rows.mock.calls.filter(([table]) => table === 'notes')).toEqual([]);
  });
});
