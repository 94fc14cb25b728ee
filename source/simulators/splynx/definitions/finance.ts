// Transactions, transaction categories, payment methods, invoices and payments.
import { defaultValue } from '../coerce.js';
import { type Ctx, field, nowDatetime, type ResourceDef, today } from '../model.js';

export const transactions: ResourceDef = {
  table: 'transactions',
  path: 'admin/finance/transactions',
  afModule: 'billing_transactions',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer ID', 'integer', 'int', {
      required: true,
      ref: { table: 'customers' },
    }),
    field('type', 'Type', 'string', 'string', { default: 'debit', enum: ['debit', 'credit'] }),
    field('quantity', 'Quantity', 'integer', 'int', { default: 1 }),
    field('unit', 'Unit', 'string', 'string', { max: 32 }),
    field('price', 'Price', 'float', 'decimal'),
    field('tax_percent', 'Tax %', 'float', 'decimal'),
    field('total', 'Total', 'float', 'decimal', { readOnly: true }),
    field('remind_amount', 'Remind amount', 'float', 'decimal', { readOnly: true }),
    field('date', 'Transaction date', 'date', 'date', { default: today }),
    field('category', 'Category', 'integer', 'int', {
      default: 1,
      ref: { table: 'transaction_categories' },
    }),
    field('description', 'Description', 'string', 'string', { required: true, max: 255 }),
    field('period_from', 'From', 'date', 'date', { default: '0000-00-00' }),
    field('period_to', 'To', 'date', 'date', { default: '0000-00-00' }),
    field('service_id', 'Service ID', 'integer', 'int', { default: null }),
    field('payment_id', 'Payment', 'integer', 'int', { default: null }),
    field('credit_note_id', 'Credit note ID', 'integer', 'int', { default: null }),
    field('invoice_id', 'Invoice ID', 'integer', 'int', { default: null }),
    field('invoiced_by_id', 'Invoiced by ID', 'integer', 'int', { default: null }),
    field('comment', 'Comment', 'string', 'string', { max: 512 }),
    field('to_invoice', 'Include transaction in next recurring invoice', 'boolean', 'flag'),
    field('service_type', 'Service type', 'string', 'string', {
      enum: ['', 'internet', 'voice', 'custom', 'bundle', 'one_time'],
    }),
    field('source', 'Source', 'string', 'string', {
      default: 'manual',
      enum: ['manual', 'auto', 'cdr', 'config'],
    }),
    field('tax_id', 'Tax name', 'integer', 'int', { ref: { table: 'taxes', zeroOk: true } }),
    field('sub_account_id', 'Account ID', 'integer', 'int', { default: null }),
  ],
  validate({ candidate }) {
    const total = Number(candidate.price ?? 0) * Number(candidate.quantity ?? 1);
    candidate.total = total.toFixed(4);
  },
};

export const transactionCategories: ResourceDef = {
  table: 'transaction_categories',
  path: 'admin/finance/transaction-categories',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 64 }),
    field('is_base', 'Is base', 'string', 'flag'),
    field('accounting_category_id', 'Accounting category ID', 'integer', 'int', { default: null }),
    field('einvoicing_category_id', 'eInvoicing category ID', 'integer', 'int'),
    field(
      'einvoicing_private_person_category_id',
      'eInvoicing private person category ID',
      'integer',
      'int',
    ),
    field('einvoicing_type_id', 'eInvoicing type ID', 'integer', 'int'),
    field(
      'einvoicing_private_person_type_id',
      'eInvoicing private person type ID',
      'integer',
      'int',
    ),
  ],
};

const label = (n: number) => field(`name_${n}`, `Field ${n}`, 'string', 'string', { max: 64 });

export const paymentMethods: ResourceDef = {
  table: 'payment_methods',
  path: 'admin/finance/payment-methods',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 64 }),
    field('is_active', 'Active', 'boolean', 'flag', { required: true }),
    label(1),
    label(2),
    label(3),
    label(4),
    label(5),
    field('accounting_bank_accounts_id', 'Accounting bank accounts ID', 'integer', 'int'),
    field('einvoicing_payment_methods_id', 'Einvoicing_payment_methods_id', 'integer', 'int'),
  ],
};

// Invoices and payments, as api-blueprint.apib declares them: "Invoices collection" / "Payments
// collection" (POST 201 with `Invoice Id` / `Payment Id`, GET list, item GET, PUT 202, DELETE 204)
// and the `Invoice Base`, `Invoice item`, `Invoice Response`, `Payment Base`, `Payment Response`
// data structures. Field titles and OPTIONS types follow live-endpoints.json.
// Where the two disagree on `required` (the blueprint marks `number`, `items`, `payment_type`,
// `receipt_number`, `date`, `amount` required; the live OPTIONS lists them optional), creates
// enforce the blueprint (`requiredOnCreate`) while OPTIONS advertises the live flag. Payment
// `field_1..5` are "required" in the blueprint only and the live form leaves them blank: not
// enforced. An item's `unit` ("number, required") has no example and no live column: not enforced.

const INVOICE_STATUSES = ['not_paid', 'paid', 'pending', 'deleted'] as const;

function money(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Σ quantity × price × (1 + tax %), per `Invoice item`. */
function invoiceTotal(items: readonly Record<string, unknown>[]): number {
  return items.reduce(
    (sum, item) =>
      sum + money(item.quantity ?? 1) * money(item.price) * (1 + money(item.tax) / 100),
    0,
  );
}

function paidOn(ctx: Ctx, invoiceId: number): number {
  return ctx.db
    .table('payments')
    .filter((p) => p.invoice_id === invoiceId)
    .reduce((sum, p) => sum + money(p.amount), 0);
}

/** `due` = total − payments linked to the invoice; fully paid turns the status to `paid`. */
function settle(ctx: Ctx, invoiceId: number): void {
  const invoice = ctx.db.get('invoices', invoiceId);
  if (!invoice) return;
  const due = Math.max(0, money(invoice.total) - paidOn(ctx, invoiceId));
  const patch: Record<string, unknown> = { due: due.toFixed(4) };
  if (due < 0.00005 && invoice.status === 'not_paid') patch.status = 'paid';
  if (due >= 0.00005 && invoice.status === 'paid') patch.status = 'not_paid';
  ctx.db.update('invoices', invoiceId, patch);
}

/** With `use_transactions` (Invoice Base), the invoice's items are debits on the customer's balance. */
function removeTransactions(ctx: Ctx, column: 'invoice_id' | 'payment_id', id: number): void {
  const table = ctx.db.table('transactions');
  for (const row of table.filter((r) => r[column] === id)) table.delete(row.id);
}

export const invoices: ResourceDef = {
  table: 'invoices',
  path: 'admin/finance/invoices',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer ID', 'integer', 'int', {
      required: true,
      ref: { table: 'customers' },
    }),
    field('date_created', 'Document date', 'date', 'date', { default: today }),
    field('real_create_datetime', 'Created', 'string', 'datetime', {
      readOnly: true,
      default: nowDatetime,
    }),
    field('date_updated', 'Last update', 'date', 'date', { default: today }),
    field('date_payment', 'Payment date', 'string', 'date'),
    field('date_till', 'Payment due date', 'date', 'date'),
    field('use_transactions', 'Use transactions', 'string', 'flag', { default: '1' }),
    field('note', 'Note', 'string', 'string', { max: 512 }),
    field('memo', 'Memo', 'string', 'string', { max: 512 }),
    field('number', 'Number', 'string', 'string', { requiredOnCreate: true, max: 64 }),
    field('total', 'Total', 'float', 'decimal', { readOnly: true }),
    field('due', 'Due', 'float', 'decimal', { readOnly: true }),
    field('payment_id', 'Payment', 'string', 'int', { default: null }),
    field('type', 'Type', 'string', 'string', {
      default: 'one_time',
      enum: ['one_time', 'recurring'],
    }),
    field('payd_from_deposit', 'Payd_from_deposit', 'string', 'flag'),
    field('status', 'Status', 'string', 'string', { required: true, enum: INVOICE_STATUSES }),
    field('is_sent', 'Sent?', 'string', 'flag'),
    field('added_by', 'Added_by', 'string', 'string', { readOnly: true, default: 'api' }),
    field('added_by_id', 'Added by', 'numeric', 'int', { readOnly: true }),
    // Not in the OPTIONS attributes (items are their own table live), but in Invoice Base.
    field('items', 'Items', 'array', 'rows', { requiredOnCreate: true, hidden: true }),
  ],
  unique: ['number'],
  validate({ candidate, issues }) {
    const items = Array.isArray(candidate.items)
      ? (candidate.items as Record<string, unknown>[])
      : [];
    items.forEach((item, i) => {
      // `Invoice item`: description and quantity are required, price and tax are numbers.
      if (typeof item.description !== 'string' || item.description.trim() === '')
        issues.push({ field: `items.${i}.description`, message: 'Description cannot be blank.' });
      for (const key of ['quantity', 'price', 'tax'] as const) {
        if (key === 'quantity' && item[key] === undefined)
          issues.push({ field: `items.${i}.quantity`, message: 'Quantity cannot be blank.' });
        else if (item[key] !== undefined && !Number.isFinite(Number(item[key])))
          issues.push({ field: `items.${i}.${key}`, message: `${key} must be a number.` });
      }
    });
    candidate.total = invoiceTotal(items).toFixed(4);
  },
  afterCreate(ctx, row) {
    ctx.db.update('invoices', row.id, { added_by_id: ctx.actor.id });
    if (row.use_transactions === '1') {
      for (const item of row.items as Record<string, unknown>[]) {
        const quantity = money(item.quantity ?? 1);
        const price = money(item.price);
        ctx.db.table('transactions').insert({
          ...Object.fromEntries(transactions.fields.map((f) => [f.name, defaultValue(f)])),
          customer_id: row.customer_id,
          type: 'debit',
          quantity,
          price: price.toFixed(4),
          tax_percent: money(item.tax).toFixed(4),
          total: (quantity * price * (1 + money(item.tax) / 100)).toFixed(4),
          date: row.date_created,
          category: 1,
          description: String(item.description),
          invoice_id: row.id,
          source: 'manual',
        });
      }
    }
    settle(ctx, row.id);
  },
  afterUpdate(ctx, row) {
    ctx.db.update('invoices', row.id, { date_updated: today() });
    settle(ctx, row.id);
  },
  afterDelete(ctx, row) {
    removeTransactions(ctx, 'invoice_id', row.id);
  },
};

export const payments: ResourceDef = {
  table: 'payments',
  path: 'admin/finance/payments',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer ID', 'integer', 'int', {
      required: true,
      ref: { table: 'customers' },
    }),
    field('invoice_id', 'Invoice', 'integer', 'int', { default: null, ref: { table: 'invoices' } }),
    field('credit_note_id', 'Credit note', 'integer', 'int', { default: null }),
    field('request_id', 'Proforma Invoice', 'string', 'int', { default: null }),
    field('transaction_id', 'Transaction', 'integer', 'int', { readOnly: true, default: null }),
    field('payment_statement_id', 'Payment_statement_id', 'string', 'int', { default: null }),
    field('payment_type', 'Payment type', 'integer', 'int', {
      requiredOnCreate: true,
      ref: { table: 'payment_methods' },
    }),
    field('receipt_number', 'Receipt Number', 'string', 'string', {
      requiredOnCreate: true,
      max: 64,
    }),
    field('date', 'Date', 'date', 'date', { requiredOnCreate: true }),
    field('real_create_datetime', 'Created', 'string', 'datetime', {
      readOnly: true,
      default: nowDatetime,
    }),
    // In the live OPTIONS of payments (live-endpoints.json), not in the blueprint's Payment Base.
    field('updated_at', 'Updated_at', 'string', 'datetime', {
      readOnly: true,
      default: nowDatetime,
    }),
    field('amount', 'Sum', 'float', 'decimal', { requiredOnCreate: true }),
    field('remind_amount', 'Unallocated amount', 'string', 'decimal', { readOnly: true }),
    field('comment', 'Comment', 'string', 'string', { max: 512 }),
    field('is_sent', 'Sent?', 'string', 'flag'),
    ...[1, 2, 3, 4, 5].map((n) =>
      field(`field_${n}`, n === 1 ? 'Payer' : `#${n}`, 'string', 'string', { max: 255 }),
    ),
    field('note', 'Note', 'string', 'string', { max: 512 }),
    field('memo', 'Memo', 'string', 'string', { max: 512 }),
    field('added_by', 'Added_by', 'string', 'string', { readOnly: true, default: 'api' }),
    field('added_by_id', 'Added by', 'numeric', 'int', { readOnly: true }),
  ],
  validate({ candidate, issues }) {
    if (candidate.amount !== undefined && money(candidate.amount) <= 0)
      issues.push({ field: 'amount', message: 'Sum must be greater than 0.' });
  },
  afterCreate(ctx, row) {
    const amount = money(row.amount);
    const transaction = ctx.db.table('transactions').insert({
      ...Object.fromEntries(transactions.fields.map((f) => [f.name, defaultValue(f)])),
      customer_id: row.customer_id,
      type: 'credit',
      quantity: 1,
      price: amount.toFixed(4),
      total: amount.toFixed(4),
      date: row.date,
      category: 3,
      description: `Payment ${row.receipt_number}`,
      payment_id: row.id,
      invoice_id: row.invoice_id,
    });
    // Linked to an invoice the whole sum is allocated; otherwise it all stays unallocated.
    ctx.db.update('payments', row.id, {
      added_by_id: ctx.actor.id,
      transaction_id: transaction.id,
      remind_amount: (row.invoice_id ? 0 : amount).toFixed(4),
    });
    if (typeof row.invoice_id === 'number') settle(ctx, row.invoice_id);
  },
  afterDelete(ctx, row) {
    removeTransactions(ctx, 'payment_id', row.id);
    if (typeof row.invoice_id === 'number') settle(ctx, row.invoice_id);
  },
};
