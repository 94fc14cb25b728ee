// Receivables in the demo dataset and through the simulator's generic GraphQL layer: believable
// variety (most accounts fully paid, some with one unpaid, a partially paid or two open invoices),
// sums that agree with each account's running balance, and the product's own reader
// (sonar/receivables.ts) getting exactly the open invoices with their debits and payments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SonarSimulator,
  startSonarSimulator,
} from '../../../source/simulators/sonar/server.js';
import { generateSonarDataset } from '../../../source/simulators/sonar-dataset/generate.js';
import type { TypedSonarTables } from '../../../source/simulators/sonar-dataset/rows.js';
import { SonarClient } from '../../../source/sonar/client.js';
import { fetchOpenInvoices } from '../../../source/sonar/receivables.js';

const dataset = generateSonarDataset({ seed: 42, accounts: 300 });
// The dataset's own row types (generate.ts reads its tables the same way).
const t = dataset.tables as unknown as TypedSonarTables;
let sim: SonarSimulator;

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset });
});
afterAll(() => sim.close());

const openOf = (accountId: number) =>
  t.invoices.filter((i) => i.account_id === accountId && i.remaining_due > 0 && !i.void);

describe('demo receivables', () => {
  it('has the variety the receivables tests need', () => {
    const kinds = { paid: 0, oneUnpaid: 0, partial: 0, twoOpen: 0 };
    for (const account of t.accounts) {
      const open = openOf(account.id);
      if (open.length === 0) kinds.paid++;
      if (open.length >= 2) kinds.twoOpen++;
      if (open.length === 1 && open[0]?.remaining_due === open[0]?.total_debits) kinds.oneUnpaid++;
      if (open.some((i) => i.remaining_due < i.total_debits)) kinds.partial++;
    }
    expect(kinds.paid).toBeGreaterThan(t.accounts.length / 2);
    expect(kinds.oneUnpaid).toBeGreaterThan(0);
    expect(kinds.partial).toBeGreaterThan(0);
    expect(kinds.twoOpen).toBeGreaterThan(0);
  });

  it('agrees with the ledger: open invoices sum to a positive running balance, credits to the invoice paid part', () => {
    for (const account of t.accounts) {
      const rows = t.transactions.filter((r) => r.account_id === account.id);
      const balance = rows.at(-1)?.running_balance ?? 0;
      const due = openOf(account.id).reduce((sum, i) => sum + i.remaining_due, 0);
      expect(due, `account ${account.id}`).toBe(Math.max(0, balance));
    }
    for (const invoice of t.invoices) {
      const debits = t.debits
        .filter((d) => d.invoice_id === invoice.id)
        .reduce((s, d) => s + d.amount, 0);
      const credits = t.credits
        .filter((c) => c.invoice_id === invoice.id)
        .reduce((s, c) => s + c.amount, 0);
      expect(debits).toBe(invoice.total_debits);
      // Discounts settle without a credit row, so credits never exceed what was paid off.
      expect(credits).toBeLessThanOrEqual(invoice.total_debits - invoice.remaining_due);
    }
  });

  it('serves open invoices with debits and applied payments to the product reader', async () => {
    const client = new SonarClient({ url: sim.url, token: sim.token });
    const ids = t.accounts.slice(0, 60).map((a) => String(a.id));
    const read = await fetchOpenInvoices(client, ids, { batch: 25, pageSize: 2 });
    for (const id of ids) {
      const expected = openOf(Number(id));
      const got = read.get(id) ?? [];
      expect(got.map((i) => i.id)).toEqual(expected.map((i) => String(i.id)));
      for (const invoice of got) {
        const row = expected.find((i) => String(i.id) === invoice.id);
        expect(invoice.remainingDue).toBe(row?.remaining_due);
        expect(invoice.dueDate).toBe(row?.due_date);
        expect(invoice.items.map((d) => d.amount)).toEqual(
          t.debits.filter((d) => String(d.invoice_id) === invoice.id).map((d) => d.amount),
        );
        const credits = t.credits.filter((c) => String(c.invoice_id) === invoice.id);
        expect(invoice.payments.map((p) => p.creditId)).toEqual(credits.map((c) => String(c.id)));
        for (const payment of invoice.payments) {
          const source = t.payments.find((p) => String(p.id) === payment.paymentId);
          expect(payment.paymentType).toBe(source?.payment_type);
        }
      }
    }
  });
});
