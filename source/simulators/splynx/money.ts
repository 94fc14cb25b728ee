// What the Splynx simulator computes about a customer's money: `mrr_total` on the customer and
// the balance (`deposit`) on customer-billing. Both are derived at read time from the rows they
// depend on, so they are never stale whatever wrote those rows.
//
// `mrr_total`: the blueprint has only "Mrr total. Default value: 0.0000" (Customer Response) and
// the live OPTIONS the title "Monthly recurring revenue" (live-endpoints.json); splynx-api.md §10
// shows a new customer answering `"0.0000"`. How Splynx adds it up is not documented. Our reading,
// the one an accountant would expect and the one `s2s verify` checks (engine/verify-money.ts):
// the sum over the customer's internet and recurring services that are `active` and have not
// ended (`end_date` 0000-00-00 or today or later) of `unit_price × quantity` less the service's
// discount while it lasts (`discount` 1 and `discount_end_date` 0000-00-00 or not past; `fixed`:
// `discount_value`; `percent`: that share of `unit_price × quantity`), before tax (migrated
// tariffs are `with_vat: false`), to 4 decimals as Splynx renders decimals. Tariff prices are
// monthly in Splynx's recurring billing (docs.splynx.com, Finance → Billing engine → Recurring
// billing), so no normalisation applies. Whether a real Splynx keeps it current on every write or
// only in a periodic statistics run is not documented either: the `mrrTotal` switch (options.ts)
// answers it computed, stuck at the create answer's "0.0000", or not at all.
//
// `deposit`: "normally driven by transactions and payments" (splynx-api.md §6.1): the customer's
// credit transactions less its debit transactions, so an opening-balance debit of 12.50 reads
// `"-12.5000"` (the customer owes).
import type { Row } from './db.js';
import { type Ctx, today } from './model.js';

const ENDLESS = '0000-00-00';

/** Service tables whose rows bill every month. */
export const RECURRING_SERVICE_TABLES = ['services_internet', 'services_custom'] as const;

function stillRuns(end: unknown, day: string): boolean {
  const text = String(end ?? ENDLESS);
  return text === '' || text === ENDLESS || text >= day;
}

/** One service's monthly charge before tax; 0 when it does not bill (not active, ended). */
export function serviceMonthly(service: Row, day = today()): number {
  if (service.status !== 'active' || !stillRuns(service.end_date, day)) return 0;
  const gross = Number(service.unit_price ?? 0) * Number(service.quantity ?? 1);
  const on = String(service.discount ?? '0') === '1' && stillRuns(service.discount_end_date, day);
  if (!on) return gross;
  const value = Number(service.discount_value ?? 0);
  return service.discount_type === 'fixed' ? gross - value : gross - (gross * value) / 100;
}

export function mrrTotal(ctx: Ctx, customerId: number): string {
  const day = today();
  let total = 0;
  for (const table of RECURRING_SERVICE_TABLES) {
    for (const service of ctx.db.table(table).byField('customer_id', customerId)) {
      total += serviceMonthly(service, day);
    }
  }
  return total.toFixed(4);
}

export function depositOf(ctx: Ctx, customerId: number): string {
  let deposit = 0;
  for (const t of ctx.db.table('transactions').byField('customer_id', customerId)) {
    const total = Number(t.total ?? Number(t.price ?? 0) * Number(t.quantity ?? 1));
    deposit += t.type === 'credit' ? total : -total;
  }
  return deposit.toFixed(4);
}

/** The customer's `mrr_total` as the `mrrTotal` switch has it answered. */
export function renderMrrTotal(ctx: Ctx, row: Row, out: Record<string, unknown>): void {
  switch (ctx.options.mrrTotal) {
    case 'computed':
      out.mrr_total = mrrTotal(ctx, row.id);
      return;
    case 'zero':
      out.mrr_total = '0.0000';
      return;
    case 'absent':
      delete out.mrr_total;
  }
}
