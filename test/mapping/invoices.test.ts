// The receivables rule (mapping/invoices.ts): Splynx invoice total − its linked payments = Sonar
// remaining_due, invoice by invoice; paid invoices stay behind; lines that cannot map stop with
// the invoice, the field and the fix named.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { invoiceNumber, mapInvoices, receiptNumber } from '../../source/mapping/invoices.js';
import { MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import type { SonarInvoice } from '../../source/sonar/receivables.js';

const config = v.parse(MappingConfigSchema, { balances: { mode: 'open-invoices' } });

function invoice(overrides: Partial<SonarInvoice> = {}): SonarInvoice {
  return {
    id: '70',
    accountId: '7',
    date: '2026-11-01',
    dueDate: '2026-11-15',
    endDate: '2026-11-30',
    remainingDue: 3000,
    totalDebits: 5000,
    totalTaxes: 0,
    items: [
      {
        id: '700',
        amount: 5000,
        quantity: 1,
        description: 'Fibre 100 - monthly',
        serviceName: 'Fibre 100',
        reversed: false,
        type: 'RECURRING',
      },
    ],
    payments: [
      {
        creditId: '900',
        paymentId: '80',
        amount: 2000,
        datetime: '2026-11-10T09:00:00Z',
        paymentType: 'CASH',
        reference: null,
        description: null,
      },
    ],
    truncated: false,
    ...overrides,
  };
}

const total = (items: Array<{ quantity: number; price: number }>) =>
  Math.round(items.reduce((sum, i) => sum + i.quantity * i.price, 0) * 100);

describe('mapInvoices', () => {
  it('maps a partially paid invoice to an invoice and a linked payment whose difference is what Sonar says is due', () => {
    const result = mapInvoices('account 7', [invoice()], config);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [plan] = result.value;
    expect(plan?.payload.number).toBe(invoiceNumber('70'));
    expect(plan?.payload.date_created).toBe('2026-11-01');
    expect(plan?.payload.date_till).toBe('2026-11-15');
    expect(total(plan?.payload.items ?? [])).toBe(5000);
    expect(plan?.payments).toEqual([
      {
        sonarId: '900',
        payload: expect.objectContaining({
          amount: 20,
          payment_type: 1,
          receipt_number: receiptNumber('80', '900'),
          date: '2026-11-10',
        }),
      },
    ]);
    const paid = Math.round((plan?.payments ?? []).reduce((s, p) => s + p.payload.amount, 0) * 100);
    expect(total(plan?.payload.items ?? []) - paid).toBe(3000);
  });

  it('leaves a fully paid invoice behind', () => {
    const result = mapInvoices('account 7', [invoice({ remainingDue: 0 })], config);
    expect(result).toEqual({ ok: true, value: [], warnings: [] });
  });

  it('carries taxes and other credits as lines so the due still equals remaining_due', () => {
    const result = mapInvoices(
      'account 7',
      [invoice({ totalTaxes: 500, remainingDue: 2500, payments: [] })],
      config,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    // 50.00 + 5.00 taxes − 30.00 Sonar discounts = 25.00 due, with no payment.
    expect(total(result.value[0]?.payload.items ?? [])).toBe(2500);
  });

  it('stops on a line with no positive quantity, naming invoice, line, field and fix', () => {
    const bad = invoice();
    const item = bad.items[0];
    if (item) item.quantity = 0;
    const result = mapInvoices('account 7', [bad], config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      field: 'items.quantity',
      sourceField: 'Invoice.debits[700].quantity',
    });
    expect(result.issues[0]?.message).toContain('Invoice 70 line 700');
    expect(result.issues[0]?.fix).toContain('debit 700 on invoice 70');
  });

  it('stops on a payment type with no Splynx payment method, and takes one from the config', () => {
    const odd = invoice();
    const payment = odd.payments[0];
    if (payment) payment.paymentType = 'CRYPTO';
    const refused = mapInvoices('account 7', [odd], config);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]?.field).toBe('payments.payment_type');

    const mapped = mapInvoices(
      'account 7',
      [invoice()],
      v.parse(MappingConfigSchema, {
        balances: { mode: 'open-invoices', paymentMethods: { CASH: 7 } },
      }),
    );
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
    expect(mapped.value[0]?.payments[0]?.payload.payment_type).toBe(7);
  });
});

describe('balances config', () => {
  it('refuses an unknown mode with an error naming the key and the choices', () => {
    const result = v.safeParse(MappingConfigSchema, { balances: { mode: 'invoices' } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(v.getDotPath(result.issues[0])).toBe('balances.mode');
    expect(result.issues[0].message).toContain('"open-invoices"');
  });
});
