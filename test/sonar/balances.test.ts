// Balances: aliased batches, the last page read for long ledgers, the newest row by datetime.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { fetchBalances } from '../../source/sonar/balances.js';
import { SonarClient } from '../../source/sonar/client.js';
import { mockSonar, ORIGIN, TOKEN } from './mock-sonar.js';

type Tx = { id: string; datetime: string | null; created_at: string; running_balance: number };
const tx = (id: string, datetime: string | null, running_balance: number): Tx => ({
  id,
  datetime,
  created_at: '2024-01-01T00:00:00+00:00',
  running_balance,
});

// Account 10: three pages, newest on the last; 11: no transactions; 12: one page, rows out of order.
const LEDGERS: Record<string, Record<number, Tx[]>> = {
  '10': {
    1: [tx('100', '2024-01-05T10:00:00+00:00', 1000), tx('101', '2024-02-05T10:00:00+00:00', 2000)],
    3: [tx('140', '2024-06-05T10:00:00+00:00', -350), tx('141', '2024-06-05T09:00:00-02:00', 7700)],
  },
  '11': {},
  '12': {
    1: [
      tx('200', '2024-03-01T00:00:00+00:00', 500),
      tx('199', '2024-04-01T00:00:00+00:00', 1250),
      tx('201', null, 40),
    ],
  },
};

describe('fetchBalances', () => {
  it('batches accounts under aliases and picks the newest transaction', async () => {
    const { agent, seen } = mockSonar((request) => {
      const data: Record<string, unknown> = {};
      for (const match of request.query.matchAll(
        /t(\d+): transactions\(account_id: (\d+), paginator: \{page: (\d+)/g,
      )) {
        const [, alias, account, pageText] = match;
        const pageNo = Number(pageText);
        const ledger = LEDGERS[account as string] ?? {};
        const totalPages = Object.keys(ledger).length === 0 ? 0 : account === '10' ? 3 : 1;
        data[`t${alias}`] = {
          page_info: {
            page: pageNo,
            total_pages: totalPages,
            total_count: totalPages * 2,
            records_per_page: 2,
          },
          entities: ledger[pageNo] ?? [],
        };
      }
      return { body: { data } };
    });
    const client = new SonarClient({
      url: 'https://acme.sonar.software',
      token: TOKEN,
      dispatcher: agent,
    });
    const balances = await fetchBalances(client, ['10', '11', '12'], { batch: 2, pageSize: 2 });

    expect(
      seen.map((r) =>
        [
          ...r.query.matchAll(/t(\d+): transactions\(account_id: \d+, paginator: \{page: (\d+)/g),
        ].map((m) => `${m[1]}@${m[2]}`),
      ),
    ).toEqual([['10@1', '11@1'], ['12@1'], ['10@3']]);
    // 141 at 09:00-02:00 is 11:00 UTC, later than 140 at 10:00 UTC.
    expect([...balances]).toEqual([
      ['10', 7700],
      ['11', null],
      ['12', 1250],
    ]);
  });

  it('asks for half as many accounts when a batch times out, and keeps the smaller batch', async () => {
    const aliases = (body: string) => [...body.matchAll(/t(\d+): transactions/g)].map((m) => m[1]);
    const answer = (body: string) => ({
      data: Object.fromEntries(
        aliases(body).map((id) => [
          `t${id}`,
          {
            page_info: { page: 1, total_pages: 1, total_count: 1, records_per_page: 2 },
            entities: [tx(`${id}0`, '2024-01-05T10:00:00+00:00', Number(id))],
          },
        ]),
      ),
    });
    const agent = new MockAgent();
    agent.disableNetConnect();
    const sent: string[][] = [];
    const pool = agent.get(ORIGIN);
    // More than two accounts a request is too heavy to answer in time.
    pool
      .intercept({ path: '/api/graphql', method: 'POST', body: (b) => aliases(b).length > 2 })
      .reply(200, (options) => {
        sent.push(aliases(String(options.body)) as string[]);
        return answer(String(options.body));
      })
      .delay(1_000)
      .persist();
    pool
      .intercept({ path: '/api/graphql', method: 'POST' })
      .reply(200, (options) => {
        sent.push(aliases(String(options.body)) as string[]);
        return answer(String(options.body));
      })
      .persist();
    const client = new SonarClient({
      url: ORIGIN,
      token: TOKEN,
      dispatcher: agent,
      timeoutMs: 100,
    });
    const ids = ['1', '2', '3', '4', '5', '6', '7', '8'];
    const balances = await fetchBalances(client, ids, { batch: 8 });
    expect([...balances]).toEqual(ids.map((id) => [id, Number(id)]));
    // Held requests (8, then 4 accounts) never answer; from then on batches of 2 do.
    expect(sent).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
      ['7', '8'],
    ]);
    expect(client.requests).toBe(2 + 4);
  });
});
