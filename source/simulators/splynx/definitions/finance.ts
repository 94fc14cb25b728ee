// Transactions, transaction categories and payment methods.
import { field, type ResourceDef, today } from '../model.js';

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
