// Receivables end to end (issue #17 pt 5): with `balances.mode: "open-invoices"` each unpaid
// Sonar invoice becomes a Splynx invoice with its partial payments, never beside an
// opening-balance correction; paid invoices stay behind; re-runs and a crash between an invoice
// and its payment write nothing twice; an invoice line that cannot map stops its account by name.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { invoiceNumber } from '../../source/mapping/invoices.js';
import {
  type Bed,
  type CliResult,
  cleanIds,
  entities,
  lastSeq,
  splynxWrites,
  startBed,
} from './harness.js';

/** What a plan says it would do (plan emits `planned`, not `entity`, events). */
function planned(result: CliResult, action: string) {
  return result.events.filter(
    (e): e is Extract<EngineEvent, { type: 'planned' }> =>
      e.type === 'planned' && e.action === action,
  );
}

type Row = Record<string, unknown>;

let bed: Bed;
let config: string;
beforeAll(async () => {
  bed = await startBed({ accounts: 400 });
  config = path.join(mkdtempSync(path.join(tmpdir(), 's2s-receivables-')), 's2s.config.json');
  writeFileSync(config, JSON.stringify({ balances: { mode: 'open-invoices' } }));
}, 120_000);
afterAll(() => bed.close());

const s2s = (args: string[], env: Record<string, string> = {}) =>
  bed.s2s([...args, '--config', config], env);

interface Picks {
  partial: string;
  twoOpen: string;
  paid: string;
  unpaid: string;
  broken: string;
  crash: string;
}

function pick(): Picks {
  const t = bed.world.dataset.tables;
  const clean = cleanIds(bed.world, 400);
  const open = (id: string) =>
    t.invoices.filter((i) => String(i.account_id) === id && (i.remaining_due as number) > 0);
  const paidBy = (invoiceId: number) => t.credits.filter((c) => c.invoice_id === invoiceId);
  const partial = clean.filter((id) => open(id).some((i) => paidBy(i.id).length > 0));
  const twoOpen = clean.filter((id) => open(id).length === 2);
  const unpaid = clean.filter(
    (id) => open(id).length === 1 && open(id).every((i) => paidBy(i.id).length === 0),
  );
  const paid = clean.filter(
    (id) => open(id).length === 0 && t.invoices.some((i) => String(i.account_id) === id),
  );
  expect(partial.length).toBeGreaterThanOrEqual(2);
  expect(twoOpen.length).toBeGreaterThanOrEqual(1);
  expect(unpaid.length).toBeGreaterThanOrEqual(2);
  expect(paid.length).toBeGreaterThanOrEqual(1);
  return {
    partial: partial[0] as string,
    crash: partial[1] as string,
    twoOpen: twoOpen.find((id) => !partial.includes(id)) ?? (twoOpen[0] as string),
    paid: paid[0] as string,
    unpaid: unpaid[0] as string,
    broken: unpaid[1] as string,
  };
}

function customerOf(accountId: string): Row | undefined {
  return bed.world.splynx.db
    .rows('customers')
    .find((c) => (c.additional_attributes as Row).sonar_id === accountId);
}

function invoicesOf(accountId: string): Row[] {
  const customer = customerOf(accountId);
  return bed.world.splynx.db.rows('invoices').filter((i) => i.customer_id === customer?.id);
}

function paymentsOf(accountId: string): Row[] {
  const customer = customerOf(accountId);
  return bed.world.splynx.db.rows('payments').filter((p) => p.customer_id === customer?.id);
}

describe('balances.mode "open-invoices"', () => {
  let picks: Picks;
  beforeAll(() => {
    picks = pick();
  });

  it('moves unpaid invoices with their partial payments, not paid ones, and no opening balance; a re-run adds nothing; rollback removes them', async () => {
    const t = bed.world.dataset.tables;
    const ids = [picks.partial, picks.twoOpen, picks.paid, picks.unpaid];

    const plan = await s2s(['plan', '--customers', ids.join(',')]);
    expect(plan.code, plan.stderr).toBe(0);
    const plannedWrites = planned(plan, 'create').filter((e) => e.entity.startsWith('invoice'));

    const run = await s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const migrationId = run.summary?.migrationId as string;
    const written = entities(run, 'created').filter((e) => e.entity.startsWith('invoice'));
    // The plan counts the same invoice and payment writes the run makes.
    expect(written.map((e) => `${e.entity}:${e.sonarId}`).sort()).toEqual(
      plannedWrites.map((e) => `${e.entity}:${e.sonarId}`).sort(),
    );

    for (const accountId of ids) {
      const open = t.invoices.filter(
        (i) => String(i.account_id) === accountId && (i.remaining_due as number) > 0,
      );
      const invoices = invoicesOf(accountId);
      expect(invoices.map((i) => i.number).sort()).toEqual(
        open.map((i) => invoiceNumber(String(i.id))).sort(),
      );
      for (const sonar of open) {
        const splynx = invoices.find((i) => i.number === invoiceNumber(String(sonar.id)));
        const applied = t.credits.filter((c) => c.invoice_id === sonar.id);
        const payments = paymentsOf(accountId).filter((p) => p.invoice_id === splynx?.id);
        // Invoice total = Sonar's debits; its linked payments = what Sonar applied; due = remaining.
        expect(Number(splynx?.total)).toBeCloseTo((sonar.total_debits as number) / 100, 4);
        expect(payments.map((p) => Number(p.amount)).sort()).toEqual(
          applied.map((c) => (c.amount as number) / 100).sort(),
        );
        expect(Number(splynx?.due)).toBeCloseTo((sonar.remaining_due as number) / 100, 4);
        expect(splynx?.status).toBe('not_paid');
        expect(splynx?.date_created).toBe(sonar.date);
        expect(splynx?.date_till).toBe(sonar.due_date);
      }
      // Never an opening-balance correction beside the invoices.
      const customer = customerOf(accountId);
      const corrections = bed.world.splynx.db
        .rows('transactions')
        .filter((r) => r.customer_id === customer?.id && r.category === 5);
      expect(corrections).toEqual([]);
    }
    expect(invoicesOf(picks.paid)).toEqual([]);
    // The report's ids.csv lists every moved invoice and payment with the Splynx id holding it.
    const ids_csv = readFileSync(path.join(bed.stateDir, migrationId, 'ids.csv'), 'utf8');
    for (const e of written) {
      expect(ids_csv).toMatch(new RegExp(`^${e.entity},${e.sonarId},${e.splynxId}\\b`, 'm'));
    }
    expect(invoicesOf(picks.twoOpen)).toHaveLength(2);
    expect(paymentsOf(picks.partial).length).toBeGreaterThan(0);

    const before = lastSeq(bed.world);
    const again = await s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);

    // The re-run adopted everything, so it is rolled back first (it deletes nothing of its own).
    const undoAgain = await bed.s2s(['rollback', again.summary?.migrationId as string, '--yes']);
    expect(undoAgain.code, undoAgain.stderr).toBe(0);
    const rollback = await bed.s2s(['rollback', migrationId, '--yes']);
    expect(rollback.code, rollback.stderr).toBe(0);
    for (const accountId of ids) expect(customerOf(accountId)).toBeUndefined();
    const numbers = new Set(
      t.invoices
        .filter((i) => ids.includes(String(i.account_id)))
        .map((i) => invoiceNumber(String(i.id))),
    );
    expect(
      bed.world.splynx.db.rows('invoices').filter((i) => numbers.has(String(i.number))),
    ).toEqual([]);
    // Payments went before the invoices they pay.
    const deletes = splynxWrites(bed.world, before).filter((w) => w.method === 'DELETE');
    const lastPayment = deletes.findLastIndex((w) => w.url.includes('/finance/payments/'));
    const firstInvoice = deletes.findIndex((w) => w.url.includes('/finance/invoices/'));
    expect(lastPayment).toBeGreaterThanOrEqual(0);
    expect(lastPayment).toBeLessThan(firstInvoice);
  }, 240_000);

  it('a crash right after an invoice is created resumes without a duplicate invoice or payment', async () => {
    const accountId = picks.crash;
    const plan = await s2s(['plan', '--customers', accountId]);
    expect(plan.code, plan.stderr).toBe(0);
    const creates = planned(plan, 'create');
    const invoiceAt = creates.findIndex((e) => e.entity === 'invoice');
    expect(invoiceAt).toBeGreaterThanOrEqual(0);
    expect(creates.slice(invoiceAt).some((e) => e.entity === 'invoice_payment')).toBe(true);

    // The seam counts POSTs; customer_info / customer_billing are PUTs on the customer.
    const killAfter = creates
      .slice(0, invoiceAt + 1)
      .filter((e) => !['customer_info', 'customer_billing'].includes(e.entity)).length;
    const killed = await s2s(['migrate', '--customers', accountId, '--yes'], {
      S2S_TEST_KILL_AFTER_CREATES: String(killAfter),
    });
    expect(killed.code).not.toBe(0);
    expect(invoicesOf(accountId)).toHaveLength(1);
    expect(paymentsOf(accountId)).toEqual([]);

    const resumed = await s2s(['resume', '--break-lock']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const t = bed.world.dataset.tables;
    const open = t.invoices.filter(
      (i) => String(i.account_id) === accountId && (i.remaining_due as number) > 0,
    );
    const applied = t.credits.filter((c) => open.some((i) => i.id === c.invoice_id));
    expect(invoicesOf(accountId)).toHaveLength(open.length);
    expect(paymentsOf(accountId)).toHaveLength(applied.length);
  }, 240_000);

  it('stops an account whose invoice line cannot map, naming the invoice and the field', async () => {
    const accountId = picks.broken;
    const t = bed.world.sonar.tables;
    const invoice = t.invoices.find(
      (i) => String(i.account_id) === accountId && (i.remaining_due as number) > 0,
    );
    const debit = t.debits.find((d) => d.invoice_id === invoice?.id);
    expect(debit).toBeDefined();
    (debit as Row).quantity = 0;

    const run = await s2s(['migrate', '--customers', accountId, '--yes']);
    expect(run.code).toBe(1);
    const failed = run.events.find(
      (e): e is Extract<EngineEvent, { type: 'record-failed' }> =>
        e.type === 'record-failed' && e.failure.sonarId === accountId,
    );
    // The account stops as a whole, naming the invoice field that cannot map.
    expect(failed?.failure.entity).toBe('customer');
    expect(failed?.failure.field).toBe('items.quantity');
    const said = `${run.stdout}${run.stderr}`;
    expect(said).toContain(`Invoice ${invoice?.id} line ${debit?.id}`);
    expect(said).toContain('items.quantity');
    expect(customerOf(accountId)).toBeUndefined();
  }, 240_000);
  it('verify reads every moved invoice and payment back: clean, then a changed date and a missing payment named', async () => {
    const accountId = picks.crash;
    const ran = await s2s(['migrate', '--customers', accountId, '--yes']);
    expect(ran.code, ran.stderr).toBe(0);
    const migrationId = ran.summary?.migrationId as string;
    const invoices = invoicesOf(accountId);
    const payments = paymentsOf(accountId);
    expect(invoices.length).toBeGreaterThan(0);
    expect(payments.length).toBeGreaterThan(0);

    // Every invoice and payment is found: no "Splynx has 0 of them" for records that are there.
    const clean = await s2s(['verify', migrationId]);
    expect(clean.code, clean.stdout).toBe(0);

    // Paid in Sonar since the migration: no longer open there, still looked for, not a difference.
    const sonarInvoice = bed.world.sonar.tables.invoices.find(
      (i) => String(i.account_id) === accountId && (i.remaining_due as number) > 0,
    ) as Row;
    const due = sonarInvoice.remaining_due;
    sonarInvoice.remaining_due = 0;
    expect((await s2s(['verify', migrationId])).code).toBe(0);
    sonarInvoice.remaining_due = due;

    const invoice = invoices[0] as Row;
    const payment = payments[0] as Row;
    bed.world.splynx.db.table('invoices').update(invoice.id as number, { date_till: '2031-01-01' });
    bed.world.splynx.db.table('payments').delete(payment.id as number);
    const broken = await s2s(['verify', migrationId]);
    expect(broken.code).toBe(1);
    const events = broken.events as unknown as Array<{ type: string }>;
    const differences = events.filter((e) => e.type === 'difference') as unknown as Array<{
      entity: string;
      field?: string;
      message: string;
    }>;
    expect(differences).toContainEqual(
      expect.objectContaining({ entity: 'invoice', field: 'date_till' }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({
        entity: 'invoice_payment',
        message: expect.stringContaining('missing in Splynx'),
      }),
    );
  }, 240_000);
});
