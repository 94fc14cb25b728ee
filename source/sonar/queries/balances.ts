// `transactions(account_id:)` answers for one account only, so balances are read for many accounts
// per request under aliases (`t<id>`). Account ids are inlined: they are digits we validated.
import * as v from 'valibot';
import { BugError } from '../../errors.js';
import { idSchema, intSchema, nullableString, pageInfoSchema } from '../wire.js';

export interface BalanceRequest {
  accountId: string;
  page: number;
}

export function balancesDocument(
  requests: readonly BalanceRequest[],
  recordsPerPage: number,
): string {
  const fields = requests.map(({ accountId, page }) => {
    if (!/^\d+$/.test(accountId)) throw new BugError(`account id ${accountId} is not numeric`);
    return `  t${accountId}: transactions(account_id: ${accountId}, paginator: {page: ${page}, records_per_page: ${recordsPerPage}}) {
    page_info { page total_pages total_count records_per_page }
    entities { id datetime created_at running_balance }
  }`;
  });
  return `query SonarBalances {\n${fields.join('\n')}\n}`;
}

export const transactionPageSchema = v.object({
  page_info: pageInfoSchema,
  entities: v.array(
    v.object({
      id: idSchema,
      datetime: nullableString,
      created_at: v.string(),
      running_balance: intSchema,
    }),
  ),
});

export function balancesSchema(requests: readonly BalanceRequest[]) {
  return v.object(
    Object.fromEntries(requests.map(({ accountId }) => [`t${accountId}`, transactionPageSchema])),
  );
}
