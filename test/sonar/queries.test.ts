// Every document the client can send, validated against the real Sonar schema with
// representative variables, so a typo or a field Sonar does not have fails here, not in production.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLSchema,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { nestedPagesDocument } from '../../source/sonar/complete-nested.js';
import { coverIds, rangeSearch } from '../../source/sonar/id-ranges.js';
import {
  ACCOUNT_LIST_QUERY,
  ACCOUNTS_DEEP_QUERY,
  ACCOUNTS_QUERY,
} from '../../source/sonar/queries/accounts.js';
import { balancesDocument } from '../../source/sonar/queries/balances.js';
import { type CollectionSpec, collectionsDocument } from '../../source/sonar/queries/collection.js';
import { FOUNDATION_SPECS } from '../../source/sonar/queries/foundation.js';
import { INVENTORY_SPECS } from '../../source/sonar/queries/inventory.js';
import { JOIN_ACCOUNT_KEYS, JOIN_SPECS } from '../../source/sonar/queries/joins.js';
import { NETWORK_SPECS } from '../../source/sonar/queries/network.js';
import { PROBE_QUERY, PROBE_VARIABLES } from '../../source/sonar/search-reading.js';
import { compileSelection, idSearch } from '../../source/sonar/selection.js';
import { NESTED_LISTS } from '../../source/sonar/wire.js';

const schema: GraphQLSchema = (() => {
  let sdl = readFileSync(
    path.resolve(process.cwd(), '../shared/reference/sonar/schema.graphql'),
    'utf8',
  );
  // The SDL has an entity type named Subscription; without this block buildSchema takes it as the root.
  if (!/^schema\s*\{/m.test(sdl)) sdl += '\nschema { query: Query mutation: Mutation }\n';
  return buildSchema(sdl, { assumeValidSDL: true });
})();

function check(document: string, variables: Record<string, unknown> = {}): void {
  const ast = parse(document);
  expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
  const operation = ast.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  expect(operation).toBeDefined();
  const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], variables);
  expect(coerced.errors?.map((e) => e.message) ?? []).toEqual([]);
}

function pagerVariables(specs: Record<string, CollectionSpec>, page = 1) {
  return Object.fromEntries(
    Object.keys(specs).map((alias) => [`p_${alias}`, { page, records_per_page: 500 }]),
  );
}

const collections = (specs: Record<string, CollectionSpec>) =>
  Object.entries(specs).map(([alias, spec]) => ({ alias, spec }));

describe('Sonar queries validate against the real schema', () => {
  it.each([
    ['SonarFoundation', FOUNDATION_SPECS],
    ['SonarNetwork', NETWORK_SPECS],
    ['SonarInventory', INVENTORY_SPECS],
  ] as const)('%s, all collections together and each alone', (operation, specs) => {
    check(collectionsDocument(operation, collections(specs)), pagerVariables(specs));
    for (const part of collections(specs)) {
      check(collectionsDocument(operation, [part]), {
        [`p_${part.alias}`]: { page: 3, records_per_page: 100 },
      });
    }
  });

  it('SonarAccountJoins: every join searched by account-id ranges, together and alone', () => {
    const ranges = coverIds([7, 8, 9, 40, 1200], 2);
    const searched = collections(JOIN_SPECS).map((part) => ({ ...part, searched: true }));
    const searches = (parts: typeof searched) =>
      Object.fromEntries(
        parts.map(({ alias }) => [
          `s_${alias}`,
          rangeSearch(JOIN_ACCOUNT_KEYS[alias as keyof typeof JOIN_ACCOUNT_KEYS], ranges),
        ]),
      );
    check(collectionsDocument('SonarAccountJoins', searched), {
      ...pagerVariables(JOIN_SPECS),
      ...searches(searched),
    });
    for (const part of searched) {
      check(collectionsDocument('SonarAccountJoins', [part]), {
        [`p_${part.alias}`]: { page: 2, records_per_page: 500 },
        ...searches([part]),
      });
    }
  });

  const filtered = compileSelection({
    statusIds: ['1', '4'],
    createdFrom: '2024-01-01',
    createdTo: '2024-06-30T12:00:00+02:00',
  });

  it.each([
    ['SonarAccounts', ACCOUNTS_QUERY],
    ['SonarAccountsDeep', ACCOUNTS_DEEP_QUERY],
  ])('%s with no filter, with status+date filters, and with ids', (_name, document) => {
    check(document, { paginator: { page: 1, records_per_page: 250 } });
    check(document, {
      paginator: { page: 2, records_per_page: 250 },
      search: filtered.filterSearch,
      includeArchived: true,
    });
    check(document, {
      paginator: { page: 1, records_per_page: 100 },
      search: idSearch(['7', '12', '9001']),
    });
  });

  it('SonarAccountList with general search and date-only filter', () => {
    const datesOnly = compileSelection({ createdFrom: '2023-02-01T00:00:00Z' });
    expect(datesOnly.filterSearch).toEqual([
      {
        datetime_fields: [
          { attribute: 'created_at', search_value: '2023-02-01T00:00:00Z', operator: 'GTE' },
        ],
      },
    ]);
    check(ACCOUNT_LIST_QUERY, {
      paginator: { page: 1, records_per_page: 50 },
      search: datesOnly.filterSearch,
      generalSearch: 'smith',
    });
  });

  it('SonarBalances with 250 aliased accounts, first and last pages', () => {
    const requests = Array.from({ length: 250 }, (_, i) => ({
      accountId: String(1000 + i),
      page: i % 2 === 0 ? 1 : 7,
    }));
    const document = balancesDocument(requests, 100);
    expect(document.match(/transactions\(/g)).toHaveLength(250);
    expect(document).toContain(
      't1001: transactions(account_id: 1001, paginator: {page: 7, records_per_page: 100})',
    );
    check(document);
  });

  it('SonarAccountJoins under the OR reading: a lone lower bound, sorted by the account key', () => {
    const parts = collections(JOIN_SPECS).map((part) => ({
      ...part,
      searched: true,
      sorter: `[{attribute: "${JOIN_ACCOUNT_KEYS[part.alias as keyof typeof JOIN_ACCOUNT_KEYS]}", direction: ASC}, {attribute: "id", direction: ASC}]`,
    }));
    check(collectionsDocument('SonarAccountJoins', parts), {
      ...pagerVariables(JOIN_SPECS),
      ...Object.fromEntries(
        parts.map(({ alias }) => [
          `s_${alias}`,
          [
            {
              integer_fields: [
                {
                  attribute: JOIN_ACCOUNT_KEYS[alias as keyof typeof JOIN_ACCOUNT_KEYS],
                  search_value: 7,
                  operator: 'GTE',
                },
              ],
            },
          ],
        ]),
      ),
    });
  });

  it('SonarSearchProbe, and a created-date range split for the OR reading', () => {
    check(PROBE_QUERY, PROBE_VARIABLES);
    const split = compileSelection(
      { statusIds: ['1'], createdFrom: '2024-01-01', createdTo: '2024-06-30' },
      'or',
    );
    expect(split.filterSearch?.[0]?.datetime_fields).toHaveLength(1);
    expect(split.pastSearch?.[0]?.datetime_fields).toEqual([
      { attribute: 'created_at', search_value: '2024-07-01T00:00:00+00:00', operator: 'GTE' },
    ]);
    for (const search of [split.filterSearch, split.pastSearch]) {
      check(ACCOUNT_LIST_QUERY, { paginator: { page: 1, records_per_page: 1 }, search });
    }
  });

  it('SonarNestedPages: the rest of every nested list any query reads, under its parent', () => {
    expect(NESTED_LISTS.length).toBeGreaterThan(15);
    const document = nestedPagesDocument(
      NESTED_LISTS.map((list, i) => ({ list, parentId: String(100 + i), page: 2, perPage: 100 })),
    );
    expect(document).toMatch(/accounts\(id: \d+, include_archived: true\)/);
    check(document);
  });

  it('rejects a field Sonar does not have (the check can fail)', () => {
    const errors = validate(schema, parse('query X { accounts { entities { id balance } } }'));
    expect(errors.map((e) => e.message)).toEqual([
      'Cannot query field "balance" on type "Account".',
    ]);
  });
});
