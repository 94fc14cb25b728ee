// Balance = `running_balance` of an account's newest transaction. Sonar only answers
// `transactions` per account and cannot sort them, so many accounts share a request under
// aliases, and for an account with more than one page we also read its last page: whichever end
// the server puts the newest row at, it is then among the rows we hold.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { compareIds } from './ids.js';
import { halvedPageSize } from './page-size.js';
import { type BalanceRequest, balancesDocument, balancesSchema } from './queries/balances.js';

export interface BalanceOptions {
  /** Accounts per request (aliases per query). */
  batch?: number;
  /** Transactions read per account per request. */
  pageSize?: number;
  signal?: AbortSignal;
}

export const BALANCE_DEFAULTS = { batch: 250, pageSize: 100 } as const;

interface Row {
  id: string;
  datetime: string | null;
  created_at: string;
  running_balance: number;
}

export async function fetchBalances(
  client: SonarClient,
  accountIds: readonly string[],
  options: BalanceOptions = {},
): Promise<Map<string, number | null>> {
  const batch = Math.max(1, options.batch ?? BALANCE_DEFAULTS.batch);
  const pageSize = Math.max(1, options.pageSize ?? BALANCE_DEFAULTS.pageSize);
  const newest = new Map<string, Row | undefined>();
  const lastPages: BalanceRequest[] = [];

  // A batch that times out is asked for again at half as many accounts, and stays smaller.
  let size = batch;
  const run = async (requests: BalanceRequest[]) => {
    for (let i = 0; i < requests.length; i += size) {
      let chunk = requests.slice(i, i + size);
      const data = await client.query(
        'SonarBalances',
        balancesDocument(chunk, pageSize),
        undefined,
        // Partial: after a shrink the answer holds fewer aliases than the first chunk asked for.
        v.partial(balancesSchema(chunk)),
        options.signal,
        {
          shrink: () => {
            const smaller = halvedPageSize(size, [], 1);
            if (smaller === undefined) return undefined;
            size = smaller;
            chunk = requests.slice(i, i + size);
            return { document: balancesDocument(chunk, pageSize), variables: undefined };
          },
        },
      );
      for (const { accountId, page } of chunk) {
        const result = data[`t${accountId}`];
        if (!result) continue;
        let best = newest.get(accountId);
        for (const row of result.entities) if (!best || isNewer(row, best)) best = row;
        newest.set(accountId, best);
        if (page === 1 && result.page_info.total_pages > 1 && result.entities.length > 0) {
          lastPages.push({ accountId, page: result.page_info.total_pages });
        }
      }
    }
  };

  await run(accountIds.map((accountId) => ({ accountId, page: 1 })));
  if (lastPages.length > 0) await run(lastPages.splice(0));

  return new Map(accountIds.map((id) => [id, newest.get(id)?.running_balance ?? null]));
}

function isNewer(a: Row, b: Row): boolean {
  const at = Date.parse(a.datetime ?? a.created_at);
  const bt = Date.parse(b.datetime ?? b.created_at);
  if (at !== bt) return at > bt;
  // Same instant: the later row was written after.
  return compareIds(a.id, b.id) > 0;
}
