// What each account still owes, invoice by invoice: Sonar's open invoices (remaining_due > 0, not
// void) with their line items and the payments already applied to them. Read for many accounts
// per request, like balances; an account with more open invoices than a page is read page by page.
import * as v from 'valibot';
import type { SonarClient } from './client.js';
import { compareIds } from './ids.js';
import { halvedPageSize } from './page-size.js';
import {
  type InvoiceRequest,
  type InvoiceWire,
  ITEMS_PER_INVOICE,
  openInvoicesDocument,
  openInvoicesSchema,
} from './queries/receivables.js';

export interface SonarInvoiceItem {
  id: string;
  /** Cents, for the whole line. */
  amount: number;
  quantity: number;
  description: string | null;
  serviceName: string;
  reversed: boolean;
  type: string;
}

export interface SonarInvoicePayment {
  /** The Sonar `Credit` that applied (part of) a payment to this invoice. */
  creditId: string;
  paymentId: string;
  /** Cents applied to this invoice. */
  amount: number;
  datetime: string;
  paymentType: string;
  reference: string | null;
  description: string | null;
}

export interface SonarInvoice {
  id: string;
  accountId: string;
  date: string;
  dueDate: string;
  endDate: string;
  /** Cents still owed. */
  remainingDue: number;
  totalDebits: number;
  totalTaxes: number;
  items: SonarInvoiceItem[];
  payments: SonarInvoicePayment[];
  /** Line items or applications Sonar has beyond the ones read (the mapping refuses those). */
  truncated: boolean;
}

export interface ReceivableOptions {
  batch?: number;
  pageSize?: number;
  signal?: AbortSignal;
}

export const RECEIVABLE_DEFAULTS = { batch: 100, pageSize: 50 } as const;

export async function fetchOpenInvoices(
  client: SonarClient,
  accountIds: readonly string[],
  options: ReceivableOptions = {},
): Promise<Map<string, SonarInvoice[]>> {
  const pageSize = Math.max(1, options.pageSize ?? RECEIVABLE_DEFAULTS.pageSize);
  const out = new Map<string, SonarInvoice[]>(accountIds.map((id) => [id, []]));
  let size = Math.max(1, options.batch ?? RECEIVABLE_DEFAULTS.batch);
  let requests: InvoiceRequest[] = accountIds.map((accountId) => ({ accountId, page: 1 }));
  while (requests.length > 0) {
    const next: InvoiceRequest[] = [];
    for (let i = 0; i < requests.length; i += size) {
      let chunk = requests.slice(i, i + size);
      const data = await client.query(
        'SonarOpenInvoices',
        openInvoicesDocument(chunk, pageSize),
        undefined,
        v.partial(openInvoicesSchema(chunk)),
        options.signal,
        {
          shrink: () => {
            const smaller = halvedPageSize(size, [], 1);
            if (smaller === undefined) return undefined;
            size = smaller;
            chunk = requests.slice(i, i + size);
            return { document: openInvoicesDocument(chunk, pageSize), variables: undefined };
          },
        },
      );
      for (const { accountId, page } of chunk) {
        const result = data[`i${accountId}`];
        if (!result) continue;
        const list = out.get(accountId) ?? [];
        for (const wire of result.entities) if (!wire.void) list.push(toInvoice(wire));
        out.set(accountId, list);
        if (page < result.page_info.total_pages) next.push({ accountId, page: page + 1 });
      }
    }
    requests = next;
  }
  for (const list of out.values()) list.sort((a, b) => compareIds(a.id, b.id));
  return out;
}

function toInvoice(wire: InvoiceWire): SonarInvoice {
  return {
    id: wire.id,
    accountId: wire.account_id,
    date: wire.date,
    dueDate: wire.due_date,
    endDate: wire.end_date,
    remainingDue: wire.remaining_due,
    totalDebits: wire.total_debits,
    totalTaxes: wire.total_taxes,
    items: wire.debits.entities.map((d) => ({
      id: d.id,
      amount: d.amount,
      quantity: d.quantity,
      description: d.description,
      serviceName: d.service_name,
      reversed: d.reversed,
      type: d.type,
    })),
    payments: wire.credits.entities.flatMap((c) =>
      !c.void && c.creditable_type === 'Payment' && c.creditable
        ? [
            {
              creditId: c.id,
              paymentId: c.creditable.id,
              amount: c.amount,
              datetime: c.creditable.payment_datetime,
              paymentType: c.creditable.payment_type,
              reference: c.creditable.reference,
              description: c.creditable.description,
            },
          ]
        : [],
    ),
    truncated:
      wire.debits.page_info.total_count > ITEMS_PER_INVOICE ||
      wire.credits.page_info.total_count > ITEMS_PER_INVOICE,
  };
}
