// Where Splynx starts billing a migrated service (MAPPING.md, Money: paid-through).
//
// Splynx charges a service from its `start_date`: recurring invoices are issued in advance on the
// customer's billing day for the period that begins there, and a service that starts mid-period is
// pro-rated from its start date (docs.splynx.com, Finance → Billing engine → Recurring billing:
// "on the 1st of May, Splynx will generate invoices for the period of 1 - 31 of May"; splynx.com
// blog "Recurring billing engine", 1.1 pro-rated billing). So a start date on the first day Sonar
// has not billed makes Splynx's first invoice cover exactly the first unbilled period; the
// activation date, which used to be sent, would have Splynx bill months Sonar already billed.
//
// Sonar also bills in advance: `next_bill_date` is "the next date this service will bill. If this
// is null, it will bill on the next account billing date" (schema.graphql, AccountService and
// Account). The bill on that date covers the period starting there, whatever `months_to_bill` is,
// so every day before it is paid for (or at least invoiced) and it is the first day not billed.
// With neither date set Sonar has no bill scheduled and has billed nothing for the service: it is
// billed from its activation.

/** `YYYY-MM-DD` strings compare in date order. */
function later(a: string, b: string): string {
  return a > b ? a : b;
}

export interface BillingStart {
  /** Splynx `start_date`: the first day Sonar has not billed. */
  startDate: string;
  /** The day the service really began (the account's activation), kept in an additional field. */
  activationDate: string;
  /** How the start date was found, for the plan and the report. */
  reason: 'next-bill-date' | 'never-billed';
}

export function billingStart(
  activationDate: string,
  serviceNextBillDate: string | null,
  accountNextBillDate: string | null,
): BillingStart {
  const next = serviceNextBillDate ?? accountNextBillDate;
  if (next === null) return { startDate: activationDate, activationDate, reason: 'never-billed' };
  // A bill date before the activation (a service added after the account's last bill was
  // scheduled) cannot make Splynx bill days before the service existed.
  return {
    startDate: later(next.slice(0, 10), activationDate),
    activationDate,
    reason: 'next-bill-date',
  };
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** `date` plus `months` calendar months, the day clamped to the target month's last day. */
export function addMonths(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.slice(0, 10).split('-').map(Number);
  const index = month - 1 + months;
  const targetYear = year + Math.floor(index / 12);
  const targetMonth = ((index % 12) + 12) % 12;
  const clamped = Math.min(day, daysInMonth(targetYear, targetMonth));
  return new Date(Date.UTC(targetYear, targetMonth, clamped)).toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * An EXPIRING Sonar service runs `times_to_run` billing cycles and has consumed
 * `number_of_times_billed` of them (schema.graphql, AccountService.number_of_times_billed and
 * ExpiringServiceDetail.times_to_run). In Splynx it is a recurring service that starts on the first
 * unbilled day and ends on the last day of the last remaining cycle, so Splynx bills exactly the
 * cycles Sonar has left. `left` ≤ 0: nothing remains and the service is not migrated.
 */
export function expiringEnd(
  startDate: string,
  timesToRun: number,
  timesBilled: number | null,
  monthsPerCycle: number | null,
): { left: number; endDate: string } {
  const left = timesToRun - (timesBilled ?? 0);
  const months = Math.max(1, monthsPerCycle ?? 1);
  return { left, endDate: left > 0 ? dayBefore(addMonths(startDate, left * months)) : startDate };
}
