// Invoices and payments in the Splynx simulator, as api-blueprint.apib declares them ("Invoices
// collection", "Payments collection"): 201 with the new id, 202 / 204 empty, `due` = total − the
// payments linked by `invoice_id`, status `paid` once nothing is due, `use_transactions` debits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { session } from './client.js';

type Row = Record<string, unknown>;

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
let customerId: number;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
  const customer = await api('POST', 'admin/customers/customer', {
    name: 'Ada Lovelace',
    login: 'ada',
    status: 'active',
  });
  customerId = (customer.json as { id: number }).id;
});
afterAll(() => sim.close());

const invoiceBody = (number: string) => ({
  customer_id: customerId,
  number,
  date_created: '2026-11-01',
  date_till: '2026-11-15',
  status: 'not_paid',
  items: [
    { description: 'Fibre 100', quantity: 2, price: 25, tax: 0 },
    { description: 'Credits applied in Sonar', quantity: 1, price: -10, tax: 0 },
  ],
});

describe('finance documents', () => {
  it('creates an invoice (201 {id}) whose total and due follow its items and linked payments', async () => {
    const created = await api('POST', 'admin/finance/invoices', invoiceBody('SONAR-1'));
    expect(created.status).toBe(201);
    const id = (created.json as { id: number }).id;
    const read = async () => (await api('GET', `admin/finance/invoices/${id}`)).json as Row;
    expect(Number((await read()).total)).toBe(40);
    expect(Number((await read()).due)).toBe(40);
    // use_transactions (Invoice Base) puts the items on the customer's balance as debits.
    const debits = sim.db.rows('transactions').filter((r) => r.invoice_id === id);
    expect(debits.map((r) => Number(r.total))).toEqual([50, -10]);

    const partial = await api('POST', 'admin/finance/payments', {
      customer_id: customerId,
      invoice_id: id,
      payment_type: 1,
      receipt_number: 'SONAR-P1-1',
      date: '2026-11-10',
      amount: 15,
    });
    expect(partial.status).toBe(201);
    expect(Number((await read()).due)).toBe(25);
    expect((await read()).status).toBe('not_paid');

    const rest = await api('POST', 'admin/finance/payments', {
      customer_id: customerId,
      invoice_id: id,
      payment_type: 1,
      receipt_number: 'SONAR-P2-2',
      date: '2026-11-12',
      amount: 25,
    });
    expect(rest.status).toBe(201);
    expect(Number((await read()).due)).toBe(0);
    expect((await read()).status).toBe('paid');

    // Deleting a payment (204 empty) reopens what it paid.
    const del = await api('DELETE', `admin/finance/payments/${(rest.json as { id: number }).id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect(Number((await read()).due)).toBe(25);
    expect((await read()).status).toBe('not_paid');
  });

  it('refuses an invoice without a number or items, and a second invoice with the same number', async () => {
    const { number: _n, ...noNumber } = invoiceBody('x');
    const missing = await api('POST', 'admin/finance/invoices', noNumber);
    expect(missing.status).toBe(422);
    const { items: _i, ...noItems } = invoiceBody('SONAR-2');
    expect((await api('POST', 'admin/finance/invoices', noItems)).status).toBe(422);
    const twice = await api('POST', 'admin/finance/invoices', invoiceBody('SONAR-1'));
    expect(twice.status).toBe(422);
  });

  it('finds an invoice by customer and number, and a payment by receipt number', async () => {
    const found = await api(
      'GET',
      `admin/finance/invoices?main_attributes[customer_id]=${customerId}&main_attributes[number]=SONAR-1`,
    );
    expect(found.status).toBe(200);
    expect((found.json as Row[]).map((r) => r.number)).toEqual(['SONAR-1']);
    const payment = await api(
      'GET',
      'admin/finance/payments?main_attributes[receipt_number]=SONAR-P1-1',
    );
    expect((payment.json as Row[]).map((r) => Number(r.amount))).toEqual([15]);
  });
});
