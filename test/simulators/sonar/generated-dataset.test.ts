// The generated dataset must satisfy the schema: every root collection, every scalar field, read
// the way the extractor reads it (paged, sorted by id), without a single GraphQL error.
import {
  type GraphQLObjectType,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_COLLECTIONS, TYPE_TABLES } from '../../../source/simulators/sonar/relations.js';
import { loadSonarSchema } from '../../../source/simulators/sonar/schema.js';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { generateSonarDataset } from '../../../source/simulators/sonar-dataset/generate.js';
import { gql } from './client.js';

let sim: SonarSimulator;

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: generateSonarDataset({ seed: 42, accounts: 300 }) });
});

afterAll(() => sim.close());

function scalarSelection(typeName: string): string {
  const type = loadSonarSchema().schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((field) => isLeafType(getNamedType(field.type)))
    .map((field) => field.name)
    .join(' ');
}

describe('Sonar simulator over a generated dataset', () => {
  it('serves every scalar field of every root collection without errors', async () => {
    const counts: Record<string, number> = {};
    for (const [root, type] of Object.entries(ROOT_COLLECTIONS)) {
      let page = 1;
      let seen = 0;
      for (;;) {
        const archived = root === 'accounts' ? 'include_archived: true, ' : '';
        const reply = await gql(
          sim,
          `query($p: Int!) { ${root}(${archived}paginator: {page: $p, records_per_page: 250}, sorter: [{attribute: "id", direction: ASC}]) { entities { ${scalarSelection(type)} } page_info { total_pages total_count } } }`,
          { p: page },
        );
        expect(reply.body.errors, `${root} page ${page}`).toBeUndefined();
        const connection = reply.body.data?.[root] as {
          entities: unknown[];
          page_info: { total_pages: number; total_count: number };
        };
        seen += connection.entities.length;
        if (page >= connection.page_info.total_pages) {
          expect(seen).toBe(connection.page_info.total_count);
          break;
        }
        page++;
      }
      counts[root] = seen;
      expect(seen, root).toBe(sim.tables[TYPE_TABLES[type]].length);
    }
    expect(counts.accounts).toBe(300);
  });

  it('answers the migration’s nested customer page without errors', async () => {
    const reply = await gql(
      sim,
      `{ accounts(paginator: {page: 1, records_per_page: 100}, sorter: [{attribute: "id", direction: ASC}]) { entities {
          id name account_status { id name activates_account } account_type { type } company { id }
          account_billing_parameter { bill_day due_days grace_days } account_groups { entities { id name } }
          addresses { entities { id type line1 line2 city zip subdivision country latitude longitude serviceable
            inventory_items { entities { id inventory_model { name manufacturer { name } }
              inventory_model_field_data { entities { value inventory_model_field { name primary } } }
              ip_assignments { entities { subnet } } } } } }
          contacts { entities { name primary email_address phone_numbers { entities { number phone_number_type { name } } } } }
          account_services { entities { quantity price_override name_override service { id type amount data_service_detail { download_speed_kilobits_per_second upload_speed_kilobits_per_second } } } }
          ip_assignments { entities { subnet } } radius_accounts { entities { username password } }
          notes { entities { message priority } } child_accounts { entities { id } }
        } page_info { total_count } } }`,
    );
    expect(reply.body.errors).toBeUndefined();
    const accounts = reply.body.data?.accounts as { entities: { id: string }[] };
    expect(accounts.entities).toHaveLength(100);
    expect(accounts.entities[0]!.id).toBe(String(sim.tables.accounts[0]!.id));
  });

  it('keeps every non-null scalar of the schema filled in the tables', () => {
    const { schema } = loadSonarSchema();
    const missing: string[] = [];
    for (const [type, table] of Object.entries(TYPE_TABLES)) {
      const objectType = schema.getType(type);
      if (!isObjectType(objectType)) continue;
      const required = Object.values(objectType.getFields()).filter(
        (field) =>
          isNonNullType(field.type) &&
          isLeafType(getNamedType(field.type)) &&
          field.name !== 'sonar_unique_id' &&
          field.name !== '_version',
      );
      for (const row of sim.tables[table]) {
        for (const field of required) {
          if (row[field.name] == null) missing.push(`${table}#${row.id}.${field.name}`);
        }
      }
    }
    expect(missing.slice(0, 20)).toEqual([]);
  });
});
