// Receivables (`balances.mode: "open-invoices"`), written inside the customers phase right after
// a customer's notes: each open Sonar invoice becomes a Splynx invoice, then the payments Sonar
// applied to it become Splynx payments linked to it. Identity without additional fields (finance
// documents have none): an invoice is found by customer + `number` (SONAR-<invoice id>), a
// payment by customer + `receipt_number` (SONAR-P<payment id>-<credit id>). Each is its own
// ledger record with the journaled intent before the POST, so a run that stops between an
// invoice and its payments resumes at the first payment it has not written.
import { type InvoicePlan, mapInvoices } from '../../mapping/invoices.js';
import type { MapResult } from '../../mapping/issues.js';
import type { SonarInvoice } from '../../sonar/receivables.js';
import type { SonarAccount } from '../../sonar/records.js';
import type { SplynxClient } from '../../splynx/client.js';
import { ENDPOINTS } from '../../splynx/endpoints.js';
import { idOf, readRecord, searchRecords } from '../../splynx/records-io.js';
import type { EntityRecord } from '../../state/index.js';
import { isSkipped } from '../ledger.js';
import type { PhaseContext } from '../phase.js';
import type { Expectation } from '../verify-expectation.js';
import { adoptOrCreate, type WriteContext } from '../write-record.js';

const PHASE = 'customers' as const;

export function receivablesEnabled(ctx: Pick<PhaseContext, 'config'>): boolean {
  return ctx.config.balances.mode === 'open-invoices';
}

/** Open invoices per account id, read from Sonar for a batch (empty when the mode is not on). */
export async function openInvoicesFor(
  ctx: PhaseContext,
  accountIds: readonly string[],
): Promise<Map<string, SonarInvoice[]>> {
  if (!receivablesEnabled(ctx) || accountIds.length === 0) return new Map();
  return ctx.sonar.openInvoices(accountIds, ctx.signal);
}

/**
 * The account's open invoices as Splynx payloads. `batch` is what the batch read brought; an
 * account outside it (a parent pulled in early) is read on its own.
 */
export async function planInvoices(
  ctx: PhaseContext,
  account: Pick<SonarAccount, 'id'>,
  label: string,
  batch: ReadonlyMap<string, SonarInvoice[]> | undefined,
): Promise<MapResult<InvoicePlan[]>> {
  if (!receivablesEnabled(ctx)) return { ok: true, value: [], warnings: [] };
  const invoices =
    batch?.get(account.id) ?? (await openInvoicesFor(ctx, [account.id])).get(account.id) ?? [];
  return mapInvoices(label, invoices, ctx.config);
}

export async function writeInvoices(
  ctx: WriteContext & { splynx: SplynxClient },
  customerId: number,
  invoices: readonly InvoicePlan[],
  fresh: boolean,
): Promise<void> {
  const invoicePath = ENDPOINTS.invoice.path;
  const paymentPath = ENDPOINTS.payment.path;
  for (const invoice of invoices) {
    if (isSkipped(ctx.ledger, 'invoice', invoice.sonarId)) continue;
    const body = { ...invoice.payload, customer_id: customerId };
    const written = await adoptOrCreate(ctx, {
      phase: PHASE,
      entity: 'invoice',
      sonarId: invoice.sonarId,
      label: invoice.label,
      payload: body,
      ...(fresh ? { known: null } : {}),
      find: async (signal) => {
        const rows = await searchRecords(
          ctx.splynx,
          invoicePath,
          { main: { customer_id: customerId, number: body.number } },
          signal,
        );
        const row = rows.find((r) => String(r.number) === body.number);
        return row ? idOf(row) : undefined;
      },
      create: (payload, signal) =>
        ctx.splynx.create(invoicePath, payload, signal).then((r) => r.id),
      read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.invoice.item(id), signal),
      // Splynx keeps items as rows of their own (ids, totals); the invoice's total and due are
      // what verify compares.
      unverifiable: ['items'],
    });
    const freshInvoice = written.action === 'created' && !written.reused;
    for (const payment of invoice.payments) {
      if (isSkipped(ctx.ledger, 'invoice_payment', payment.sonarId)) continue;
      const paymentBody = {
        ...payment.payload,
        customer_id: customerId,
        invoice_id: written.splynxId,
      };
      await adoptOrCreate(ctx, {
        phase: PHASE,
        entity: 'invoice_payment',
        sonarId: payment.sonarId,
        label: `${invoice.label} payment ${payment.payload.receipt_number}`,
        payload: paymentBody,
        ...(freshInvoice ? { known: null } : {}),
        find: async (signal) => {
          const rows = await searchRecords(
            ctx.splynx,
            paymentPath,
            {
              main: { customer_id: customerId, receipt_number: paymentBody.receipt_number },
            },
            signal,
          );
          const row = rows.find((r) => String(r.receipt_number) === paymentBody.receipt_number);
          return row ? idOf(row) : undefined;
        },
        create: (payload, signal) =>
          ctx.splynx.create(paymentPath, payload, signal).then((r) => r.id),
        read: (id, signal) => readRecord(ctx.splynx, ENDPOINTS.payment.item(id), signal),
      });
    }
  }
}

/**
 * What verify compares of an account's moved invoices (verify-receivables.ts): each invoice and
 * linked payment the ledger says exists, on the fields an accountant checks. `due` is not compared here: a payment made in Splynx after the
 * migration lowers it legitimately.
 */
export function receivableExpectations(
  record: (entity: string, sonarId: string) => EntityRecord | undefined,
  invoices: readonly InvoicePlan[],
  customerId: number,
): Expectation[] {
  const out: Expectation[] = [];
  for (const invoice of invoices) {
    const r = record('invoice', invoice.sonarId);
    if (!r || typeof r.splynxId !== 'number') continue;
    out.push({
      record: r,
      label: invoice.label,
      path: ENDPOINTS.invoice.item(r.splynxId),
      expected: {
        customer_id: customerId,
        number: invoice.payload.number,
        date_created: invoice.payload.date_created,
        date_till: invoice.payload.date_till,
      },
    });
    for (const payment of invoice.payments) {
      const p = record('invoice_payment', payment.sonarId);
      if (!p || typeof p.splynxId !== 'number') continue;
      out.push({
        record: p,
        label: `${invoice.label} payment ${payment.payload.receipt_number}`,
        path: ENDPOINTS.payment.item(p.splynxId),
        expected: {
          customer_id: customerId,
          invoice_id: r.splynxId,
          receipt_number: payment.payload.receipt_number,
          amount: payment.payload.amount,
        },
      });
    }
  }
  return out;
}
