// The switches for what the references leave open: whether nested lists are paged by default,
// how same-attribute Search entries combine, and a page too heavy to answer in time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { gql } from './client.js';
import { buildFixture } from './fixture.js';

let sim: SonarSimulator;

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: { tables: buildFixture() } });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.settings({ nestedPageSize: null, searchReading: 'mixed' });
  sim.faults.reset();
});

const tables = buildFixture();
const accountIds = tables.accounts.map((a) => a.id);

async function ids(search: unknown): Promise<number[]> {
  const reply = await gql(
    sim,
    'query ($s: [Search]) { accounts(search: $s, include_archived: true) { entities { id } } }',
    { s: search },
  );
  expect(reply.body.errors).toBeUndefined();
  return (reply.body.data as { accounts: { entities: { id: string }[] } }).accounts.entities.map(
    (r) => Number(r.id),
  );
}

describe('nestedPageSize', () => {
  const NESTED =
    '{ accounts(include_archived: true) { entities { id contacts { page_info { page total_pages total_count records_per_page } entities { id } } } } }';

  it('returns every nested row by default, and cuts each list to a first page when set', async () => {
    const owner = tables.contacts.filter((c) => c.contactable_type === 'Account');
    const counts = new Map<number, number>();
    for (const c of owner)
      counts.set(c.contactable_id as number, (counts.get(c.contactable_id as number) ?? 0) + 1);
    const [accountId, most] = [...counts].sort((a, b) => b[1] - a[1])[0] as [number, number];
    expect(most).toBeGreaterThan(1);
    const read = async () => {
      const reply = await gql(sim, NESTED);
      const rows = (
        reply.body.data as {
          accounts: {
            entities: {
              id: string;
              contacts: { page_info: { total_count: number; records_per_page: number } } & {
                entities: unknown[];
              };
            }[];
          };
        }
      ).accounts.entities;
      return rows.find((r) => Number(r.id) === accountId)?.contacts;
    };
    expect((await read())?.entities).toHaveLength(most);
    sim.settings({ nestedPageSize: 1 });
    const cut = await read();
    expect(cut?.entities).toHaveLength(1);
    expect(cut?.page_info).toMatchObject({ total_count: most, records_per_page: 1 });
    // A paginator on the nested field still pages it as asked.
    const second = await gql(
      sim,
      `{ accounts(id: ${accountId}) { entities { contacts(paginator: {page: 2, records_per_page: 1}) { entities { id } } } } }`,
    );
    expect(second.body.errors).toBeUndefined();
  });

  it('is settable over the inspection route, and refuses nonsense', async () => {
    const set = await fetch(`${sim.url}/__sim/settings`, {
      method: 'POST',
      body: JSON.stringify({ nestedPageSize: 100, searchReading: 'or' }),
    });
    expect(await set.json()).toMatchObject({ nestedPageSize: 100, searchReading: 'or' });
    const bad = await fetch(`${sim.url}/__sim/settings`, {
      method: 'POST',
      body: JSON.stringify({ searchReading: 'xor' }),
    });
    expect(bad.status).toBe(400);
    expect(await (await fetch(`${sim.url}/__sim/settings`)).json()).toMatchObject({
      nestedPageSize: 100,
      searchReading: 'or',
    });
  });
});

describe('searchReading', () => {
  const range = [
    {
      integer_fields: [
        { attribute: 'id', search_value: 2, operator: 'GTE' },
        { attribute: 'id', search_value: 3, operator: 'LTE' },
      ],
    },
  ];
  const statuses = [
    {
      integer_fields: [
        { attribute: 'id', search_value: 1, operator: 'EQ' },
        { attribute: 'id', search_value: 3, operator: 'EQ' },
      ],
    },
  ];
  const probe = [
    {
      integer_fields: [
        { attribute: 'id', search_value: 1, operator: 'GTE' },
        { attribute: 'id', search_value: 0, operator: 'LTE' },
      ],
    },
  ];

  it('mixed (default): EQ alternatives ORed, bounds ANDed', async () => {
    expect(await ids(range)).toEqual([2, 3]);
    expect(await ids(statuses)).toEqual([1, 3]);
    expect(await ids(probe)).toEqual([]);
  });

  it('and (as documented): every entry ANDed', async () => {
    sim.settings({ searchReading: 'and' });
    expect(await ids(range)).toEqual([2, 3]);
    expect(await ids(statuses)).toEqual([]);
    expect(await ids(probe)).toEqual([]);
  });

  it('or (as LibreQoS relies on): every same-attribute entry ORed, so two bounds match all', async () => {
    sim.settings({ searchReading: 'or' });
    expect(await ids(range)).toEqual(accountIds);
    expect(await ids(statuses)).toEqual([1, 3]);
    expect(await ids(probe)).toEqual(accountIds);
    // Separate Search objects are ORed and different attributes ANDed under every reading.
    expect(
      await ids([
        { integer_fields: [{ attribute: 'id', search_value: 2, operator: 'EQ' }] },
        { integer_fields: [{ attribute: 'id', search_value: 3, operator: 'EQ' }] },
      ]),
    ).toEqual([2, 3]);
  });
});

describe('timeoutAbovePageSize', () => {
  it('holds a read asking for more rows than N, answers one asking for N or fewer', async () => {
    sim.faults.set({ timeoutAbovePageSize: 2, timeoutMs: 5_000 });
    const page = (n: number) =>
      `{ accounts(paginator: {page: 1, records_per_page: ${n}}, include_archived: true) { entities { id } } }`;
    await expect(
      fetch(sim.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: page(3) }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    const small = await gql(sim, page(2));
    expect(small.status).toBe(200);
    // In variables too, and it is not consumed: the next heavy read is held again.
    const heavy = await fetch(sim.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($p: Paginator) { accounts(paginator: $p) { entities { id } } }',
        variables: { p: { page: 1, records_per_page: 50 } },
      }),
      signal: AbortSignal.timeout(300),
    }).catch((error: unknown) => error);
    expect(heavy).toMatchObject({ name: 'TimeoutError' });
  });
});
