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
