// `balances.mode: "open-invoices"`: each Sonar invoice that still has something due becomes a
// Splynx invoice (api-blueprint.apib, Invoice Base) with the Sonar payments already applied to it
// as Splynx payments linked to it (Payment Base, `invoice_id`). The rule an accountant checks:
// Splynx invoice total − its linked payments = Sonar `remaining_due`, invoice by invoice, so the
// customer owes in Splynx exactly what Sonar says is open. Fully paid invoices do not move, and no
// opening-balance correction is written besides (mapping/customer.ts writes one only in `import`).
// Pure: returns payloads or issues naming the invoice, the field and the fix.
import type { SonarInvoice } from '../sonar/receivables.js';
import { issue, type MappingIssue, type MapResult, resultOf } from './issues.js';
import type { MappingConfig } from './mapping-config.js';
import { centsToUnits } from './tariff.js';

export interface InvoiceItemPayload {
  description: string;
  quantity: number;
  price: number;
  tax: number;
}

export interface InvoicePayload {
  date_created: string;
  date_till: string;
  number: string;
  status: 'not_paid';
  type: 'one_time';
  use_transactions: '1';
  memo: string;
  items: InvoiceItemPayload[];
}

export interface InvoicePaymentPayload {
  payment_type: number;
  receipt_number: string;
  date: string;
  amount: number;
  comment: string;
}

export interface InvoicePlan {
  /** Sonar invoice id. */
  sonarId: string;
  label: string;
  payload: InvoicePayload;
  /** Sonar `Credit` ids (one payment applied to one invoice) with their Splynx payment. */
  payments: Array<{ sonarId: string; payload: InvoicePaymentPayload }>;
  /** Cents still due, for the report and verify. */
  remainingDue: number;
}

/** The payment methods every Splynx install starts with (live-endpoints.json, payment-methods). */
export const DEFAULT_PAYMENT_METHODS: Readonly<Record<string, number>> = {
  CREDITCARD: 3,
  BANKACCOUNT: 2,
  CASH: 1,
  WIRE: 2,
  CHECK: 5,
  OTHER: 5,
};

export const INVOICE_NUMBER_PREFIX = 'SONAR-';

/** Splynx `number` of a migrated Sonar invoice: the Sonar id, recognisable and searchable. */
export function invoiceNumber(sonarInvoiceId: string): string {
  return `${INVOICE_NUMBER_PREFIX}${sonarInvoiceId}`;
}

/** Splynx `receipt_number` of a Sonar payment's application to one invoice. */
export function receiptNumber(paymentId: string, creditId: string): string {
  return `${INVOICE_NUMBER_PREFIX}P${paymentId}-${creditId}`;
}

export function mapInvoices(
  accountLabel: string,
  invoices: readonly SonarInvoice[],
  config: MappingConfig,
): MapResult<InvoicePlan[]> {
  const issues: MappingIssue[] = [];
  const plans: InvoicePlan[] = [];
  for (const invoice of invoices) {
    if (invoice.remainingDue <= 0) continue;
    const plan = mapInvoice(accountLabel, invoice, config, issues);
    if (plan) plans.push(plan);
  }
  return resultOf(plans, issues);
}

function mapInvoice(
  accountLabel: string,
  invoice: SonarInvoice,
  config: MappingConfig,
  issues: MappingIssue[],
): InvoicePlan | undefined {
  const subject = { entity: 'invoice', sonarId: invoice.id, sonarType: 'Invoice' };
  const before = issues.length;
  const label = `${accountLabel} invoice ${invoice.id}`;
  if (invoice.truncated) {
    issues.push(
      issue(subject, {
        field: 'items',
        sourceField: 'Invoice.debits',
        rule: 'invoice-too-long',
        message: `Invoice ${invoice.id} has more line items or payments than s2s reads for one invoice.`,
        fix: `Settle or split invoice ${invoice.id} in Sonar, or use \`balances.mode: "import"\` in s2s.config.json.`,
      }),
    );
  }
  const items: InvoiceItemPayload[] = [];
  let billed = 0;
  for (const debit of invoice.items) {
    if (debit.reversed) continue;
    if (!Number.isInteger(debit.quantity) || debit.quantity <= 0) {
      issues.push(
        issue(subject, {
          field: 'items.quantity',
          sourceField: `Invoice.debits[${debit.id}].quantity`,
          rule: 'invoice-item-quantity',
          message: `Invoice ${invoice.id} line ${debit.id} "${debit.description ?? debit.serviceName}" has quantity ${debit.quantity}; Splynx needs a positive quantity.`,
          fix: `Correct or reverse debit ${debit.id} on invoice ${invoice.id} in Sonar, then run \`s2s resume\`.`,
        }),
      );
      continue;
    }
    if (debit.amount < 0) {
      issues.push(
        issue(subject, {
          field: 'items.price',
          sourceField: `Invoice.debits[${debit.id}].amount`,
          rule: 'invoice-item-amount',
          message: `Invoice ${invoice.id} line ${debit.id} has a negative amount (${centsToUnits(debit.amount).toFixed(2)}).`,
          fix: `Correct debit ${debit.id} on invoice ${invoice.id} in Sonar, then run \`s2s resume\`.`,
        }),
      );
      continue;
    }
    billed += debit.amount;
    const text =
      (debit.description ?? '').trim() || debit.serviceName.trim() || `Debit ${debit.id}`;
    // A line whose amount does not divide by its quantity into cents goes as one line of the
    // whole amount, so the Splynx total is exact.
    const exact = debit.amount % debit.quantity === 0;
    items.push({
      description: exact || debit.quantity === 1 ? text : `${text} (× ${debit.quantity})`,
      quantity: exact ? debit.quantity : 1,
      price: centsToUnits(exact ? debit.amount / debit.quantity : debit.amount),
      tax: 0,
    });
  }
  if (items.length === 0 && issues.length === before) {
    issues.push(
      issue(subject, {
        field: 'items',
        sourceField: 'Invoice.debits',
        rule: 'invoice-no-items',
        message: `Invoice ${invoice.id} has ${centsToUnits(invoice.remainingDue).toFixed(2)} due but no line item s2s can read.`,
        fix: `Check invoice ${invoice.id} in Sonar, or use \`balances.mode: "import"\` in s2s.config.json.`,
      }),
    );
  }
  // Sonar keeps taxes as a total per invoice; one line carries them, untaxed, so totals agree.
  if (invoice.totalTaxes > 0) {
    billed += invoice.totalTaxes;
    items.push({
      description: 'Taxes billed in Sonar',
      quantity: 1,
      price: centsToUnits(invoice.totalTaxes),
      tax: 0,
    });
  }
  const paid = invoice.payments.reduce((sum, p) => sum + p.amount, 0);
  // Whatever else Sonar applied (discounts) shows as one negative line, so due stays equal.
  const otherCredits = billed - paid - invoice.remainingDue;
  if (otherCredits < 0 && issues.length === before) {
    issues.push(
      issue(subject, {
        field: 'items',
        sourceField: 'Invoice.remaining_due',
        rule: 'invoice-sums',
        message: `Invoice ${invoice.id}: lines ${centsToUnits(billed).toFixed(2)} − payments ${centsToUnits(paid).toFixed(2)} is less than the ${centsToUnits(invoice.remainingDue).toFixed(2)} Sonar says is due.`,
        fix: `Reconcile invoice ${invoice.id} in Sonar, or use \`balances.mode: "import"\` in s2s.config.json.`,
      }),
    );
  } else if (otherCredits > 0) {
    items.push({
      description: 'Credits applied in Sonar',
      quantity: 1,
      price: -centsToUnits(otherCredits),
      tax: 0,
    });
  }
  const payments: InvoicePlan['payments'] = [];
  const methods: Record<string, number | undefined> = {
    ...DEFAULT_PAYMENT_METHODS,
    ...config.balances.paymentMethods,
  };
  for (const payment of invoice.payments) {
    const method = methods[payment.paymentType];
    if (method === undefined) {
      issues.push(
        issue(subject, {
          field: 'payments.payment_type',
          sourceField: `Payment[${payment.paymentId}].payment_type`,
          rule: 'payment-method-mapping',
          message: `Payment ${payment.paymentId} on invoice ${invoice.id} is ${payment.paymentType}, which has no Splynx payment method.`,
          fix: `Add "${payment.paymentType}": <Splynx payment method id> under balances.paymentMethods in s2s.config.json.`,
        }),
      );
      continue;
    }
    const reference = payment.reference ? ` (reference ${payment.reference})` : '';
    payments.push({
      sonarId: payment.creditId,
      payload: {
        payment_type: method,
        receipt_number: receiptNumber(payment.paymentId, payment.creditId),
        date: payment.datetime.slice(0, 10),
        amount: centsToUnits(payment.amount),
        comment: `Sonar payment ${payment.paymentId}${reference} applied to invoice ${invoice.id}`,
      },
    });
  }
  if (issues.length > before) return undefined;
  return {
    sonarId: invoice.id,
    label,
    remainingDue: invoice.remainingDue,
    payload: {
      date_created: invoice.date,
      date_till: invoice.dueDate,
      number: invoiceNumber(invoice.id),
      status: 'not_paid',
      type: 'one_time',
      use_transactions: '1',
      memo: `Sonar invoice ${invoice.id} (period to ${invoice.endDate})`,
      items,
    },
    payments,
  };
}
