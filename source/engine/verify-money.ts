// `s2s verify` checks money per customer (MAPPING.md, Money: check): what Splynx will bill each
// month equals what Sonar bills, the balance equals Sonar's when balances were imported, and the
// next billed period starts where Sonar's paid-through ends. It reads nothing of its own: the
// customer, its customer-billing and its services are read back by verify anyway, and this sees
// those answers (observe), so the reads stay one per record, batched as before.
//
// The formulas, the ones the README's billing rules give an accountant:
// - Sonar's monthly recurring total of an account whose state is ACTIVE (others bill nothing, and
//   their Splynx services are disabled): Σ over recurring debits (DATA, RECURRING, and EXPIRING
//   with cycles left) of (price_override ?? amount) × quantity ÷ billing_frequency (months per
//   cycle), less Σ of the standing credits (CREDIT, RECURRING or DATA) the same way; in cents,
//   shown in currency units.
// - Splynx's: Σ over the customer's migrated services that are `active` and not ended of
//   unit_price × quantity less the discount while it lasts (fixed: the value; percent: that
//   share). Where Splynx answers a `mrr_total` on the customer it is the figure compared (it
//   counts services added in Splynx too); a `mrr_total` absent, or "0" while the services add up
//   to more (a Splynx that fills it in a periodic statistics run), is not used (tallied).
// - Both rounded to cents; equal means within half a cent.
// - Balance: Splynx's customer-billing `deposit` (credit > 0) equals −Sonar's balance (owes > 0),
//   the sign flipped with balances.invertSign.
import type { MappingConfig } from '../mapping/mapping-config.js';
import type { CustomerPlan } from '../mapping/payloads.js';
import { customerState } from '../mapping/status.js';
import type { SonarAccount, SonarAccountStatus, SonarService } from '../sonar/records.js';
import type { EntityRecord } from '../state/index.js';
import type { VerifyDifference } from './verify-result.js';

/** One customer's money, Sonar beside Splynx (currency units). */
export interface MoneyRow {
  accountId: string;
  customerId: number;
  label: string;
  sonarMrr: number;
  /** What is compared: `mrr_total` when usable, else the services' sum. */
  splynxMrr: number;
  /** The read-back services' sum. */
  splynxServicesMrr: number;
  /** Splynx's own `mrr_total`; absent when Splynx did not answer one. */
  splynxMrrTotal?: number;
  mrrEqual: boolean;
  /** Sonar's balance, + = the customer owes; absent when Sonar has none. */
  sonarBalance?: number;
  /** Splynx's `deposit` as a Sonar-style balance (+ = owes); absent when not read. */
  splynxBalance?: number;
  /** Balances are compared only when they were imported (balances.mode). */
  balanceChecked: boolean;
  balanceEqual: boolean;
  /** First day Sonar has not billed (the earliest of the services'), and Splynx's first start. */
  sonarNextBill?: string;
  splynxNextBill?: string;
  nextBillEqual: boolean;
}

export interface MoneyResult {
  customers: MoneyRow[];
  totals: { sonarMrr: number; splynxMrr: number; sonarBalance: number; splynxBalance: number };
  /** Customers with any money difference. */
  differing: number;
  /**
   * How Splynx's `mrr_total` was found: used, not answered, "0" while services bill, or about
   * another month than the first billed one (a service that ends before today).
   */
  mrrTotal: { used: number; absent: number; notComputed: number; otherPeriod: number };
}

const ENDLESS = '0000-00-00';

const units = (cents: number) => Math.round(cents) / 100;
const round2 = (value: number) => Math.round(value * 100) / 100;
const same = (a: number, b: number) => Math.abs(a - b) < 0.005;
const money = (value: number) => value.toFixed(2);

function num(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function stillRuns(end: unknown, day: string): boolean {
  const text = String(end ?? ENDLESS);
  return text === '' || text === ENDLESS || text >= day;
}

/** What Sonar bills the account each month, in cents (see the formulas above). */
export function sonarMonthlyCents(account: SonarAccount, services: Map<string, SonarService>) {
  let cents = 0;
  for (const accountService of account.account_services) {
    const service = services.get(accountService.service_id);
    if (service === undefined) continue;
    const credit = service.application === 'CREDIT';
    const recurring = credit
      ? service.type === 'RECURRING' || service.type === 'DATA'
      : service.type === 'DATA' || service.type === 'RECURRING' || service.type === 'EXPIRING';
    if (!recurring) continue;
    if (service.type === 'EXPIRING') {
      const left = (service.times_to_run ?? 0) - (accountService.number_of_times_billed ?? 0);
      // No cycle left (or none known): Sonar bills it no more, s2s does not migrate it.
      if (service.times_to_run === null || left <= 0) continue;
    }
    const price = accountService.price_override ?? service.amount ?? 0;
    const perMonth =
      (price * accountService.quantity) / Math.max(1, service.billing_frequency ?? 1);
    cents += credit ? -perMonth : perMonth;
  }
  return cents;
}

/** What one Splynx service bills each month, before tax (0 when it does not bill). */
export function splynxServiceMonthly(row: Record<string, unknown>, day: string): number {
  if (row.status !== 'active' || !stillRuns(row.end_date, day)) return 0;
  const gross = num(row.unit_price) * num(row.quantity ?? 1);
  const on = String(row.discount ?? '0') === '1' && stillRuns(row.discount_end_date, day);
  if (!on) return gross;
  const value = num(row.discount_value);
  return row.discount_type === 'fixed' ? gross - value : gross - (gross * value) / 100;
}

interface Pending {
  accountId: string;
  customerId: number;
  label: string;
  sonarCents: number;
  sonarBalanceCents: number | null;
  /** Planned start date per migrated service (by Sonar account service id): billingStart's. */
  starts: Map<string, string>;
  customer?: Record<string, unknown>;
  billing?: Record<string, unknown>;
  services: Map<string, Record<string, unknown>>;
}

export class MoneyCheck {
  readonly #byAccount = new Map<string, Pending>();
  readonly #byService = new Map<string, Pending>();

  constructor(
    private readonly config: MappingConfig,
    private readonly services: Map<string, SonarService>,
    private readonly statuses: SonarAccountStatus[],
    private readonly today = new Date().toISOString().slice(0, 10),
  ) {}

  /** A migrated customer whose records verify reads back. */
  expect(account: SonarAccount, plan: CustomerPlan, customerId: number): void {
    const active = customerState(account, this.statuses, this.config) === 'ACTIVE';
    const pending: Pending = {
      accountId: account.id,
      customerId,
      label: plan.label,
      sonarCents: active ? sonarMonthlyCents(account, this.services) : 0,
      sonarBalanceCents: account.balance,
      starts: new Map(),
      services: new Map(),
    };
    for (const service of [...plan.internetServices, ...plan.recurringServices]) {
      pending.starts.set(service.sonarId, service.payload.start_date);
      this.#byService.set(service.sonarId, pending);
    }
    this.#byAccount.set(account.id, pending);
  }

  /** What Splynx answered for a record verify read back. */
  observe(record: Pick<EntityRecord, 'entity' | 'sonarId'>, actual: Record<string, unknown>) {
    switch (record.entity) {
      case 'customer': {
        const pending = this.#byAccount.get(record.sonarId);
        if (pending) pending.customer = actual;
        return;
      }
      case 'customer_billing': {
        const pending = this.#byAccount.get(record.sonarId);
        if (pending) pending.billing = actual;
        return;
      }
      case 'internet_service':
      case 'recurring_service':
        this.#byService.get(record.sonarId)?.services.set(record.sonarId, actual);
    }
  }

  /** One row per customer, the totals, and a difference for each sum that disagrees. */
  finish(differences: VerifyDifference[]): MoneyResult {
    const customers: MoneyRow[] = [];
    const tally = { used: 0, absent: 0, notComputed: 0, otherPeriod: 0 };
    const totals = { sonarMrr: 0, splynxMrr: 0, sonarBalance: 0, splynxBalance: 0 };
    const imported = this.config.balances.mode !== 'off';
    // invertSign: Sonar's positive balance is money the customer has, so it reads as a credit.
    const sign = this.config.balances.invertSign ? -1 : 1;
    let differing = 0;
    for (const p of this.#byAccount.values()) {
      const base = {
        kind: 'record' as const,
        entity: 'customer',
        sonarId: p.accountId,
        splynxId: p.customerId,
        label: p.label,
      };
      const sonarMrr = units(p.sonarCents);
      // Each service is summed as of the first period Splynx bills it (its start_date): that is
      // the period Sonar's figure describes. Splynx's mrr_total is "now"; where a service's first
      // period and today disagree (it ends before today, as in a dataset dated before the run),
      // mrr_total describes another month and the services' sum stands in.
      let servicesSum = 0;
      let servicesNow = 0;
      for (const row of p.services.values()) {
        const start = String(row.start_date ?? '');
        servicesSum += splynxServiceMonthly(
          row,
          /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : this.today,
        );
        servicesNow += splynxServiceMonthly(row, this.today);
      }
      servicesSum = round2(servicesSum);
      const raw = p.customer?.mrr_total;
      const total = raw === undefined || raw === null || raw === '' ? undefined : round2(num(raw));
      let splynxMrr = servicesSum;
      if (p.customer && total === undefined) tally.absent++;
      else if (total !== undefined && total === 0 && servicesSum !== 0) tally.notComputed++;
      else if (total !== undefined && !same(round2(servicesNow), servicesSum)) tally.otherPeriod++;
      else if (total !== undefined) {
        tally.used++;
        splynxMrr = total;
      }
      const mrrEqual = same(sonarMrr, splynxMrr);
      const row: MoneyRow = {
        accountId: p.accountId,
        customerId: p.customerId,
        label: p.label,
        sonarMrr,
        splynxMrr,
        splynxServicesMrr: servicesSum,
        ...(total === undefined ? {} : { splynxMrrTotal: total }),
        mrrEqual,
        balanceChecked: false,
        balanceEqual: true,
        nextBillEqual: true,
      };
      if (!mrrEqual) {
        const parts =
          total === undefined ? '' : ` (services ${money(servicesSum)}, mrr_total ${money(total)})`;
        differences.push({
          ...base,
          field: 'mrr',
          expected: sonarMrr,
          actual: splynxMrr,
          message: `monthly recurring total: Sonar ${money(sonarMrr)}, Splynx ${money(splynxMrr)}${parts}`,
        });
      }

      if (p.sonarBalanceCents !== null) row.sonarBalance = units(p.sonarBalanceCents);
      if (p.billing) {
        // deposit > 0: the customer is in credit; a Sonar balance > 0: the customer owes.
        row.splynxBalance = round2(-num(p.billing.deposit) * sign);
        if (imported) {
          row.balanceChecked = true;
          const sonar = row.sonarBalance ?? 0;
          row.balanceEqual = same(sonar, row.splynxBalance);
          if (!row.balanceEqual) {
            differences.push({
              ...base,
              field: 'balance',
              expected: sonar,
              actual: row.splynxBalance,
              message: `balance (+ owed): Sonar ${money(sonar)}, Splynx ${money(row.splynxBalance)} (deposit ${money(num(p.billing.deposit))})`,
            });
          }
        }
      }

      const planned = [...p.starts.values()].sort();
      if (planned[0] !== undefined) row.sonarNextBill = planned[0];
      const actualStarts: string[] = [];
      for (const [sonarId, start] of p.starts) {
        const actual = p.services.get(sonarId);
        if (actual === undefined) continue;
        const got = String(actual.start_date ?? '');
        actualStarts.push(got);
        if (got === start) continue;
        row.nextBillEqual = false;
        differences.push({
          ...base,
          field: 'next_billed_period',
          expected: start,
          actual: got,
          message: `service ${sonarId}: Splynx bills from ${got || 'no date'}, Sonar's first unbilled day is ${start}`,
        });
      }
      actualStarts.sort();
      if (actualStarts[0] !== undefined) row.splynxNextBill = actualStarts[0];

      if (!row.mrrEqual || !row.balanceEqual || !row.nextBillEqual) differing++;
      totals.sonarMrr += row.sonarMrr;
      totals.splynxMrr += row.splynxMrr;
      totals.sonarBalance += row.sonarBalance ?? 0;
      totals.splynxBalance += row.splynxBalance ?? 0;
      customers.push(row);
    }
    customers.sort((a, b) => a.accountId.localeCompare(b.accountId, undefined, { numeric: true }));
    return {
      customers,
      totals: {
        sonarMrr: round2(totals.sonarMrr),
        splynxMrr: round2(totals.splynxMrr),
        sonarBalance: round2(totals.sonarBalance),
        splynxBalance: round2(totals.splynxBalance),
      },
      differing,
      mrrTotal: tally,
    };
  }
}
