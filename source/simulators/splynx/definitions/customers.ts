// Customers and the rows Splynx creates with each one (customer-info, customer-billing), plus
// customer notes. The customer attribute list is the live OPTIONS answer; lengths from the DB.
import { type Ctx, field, nowDatetime, type ResourceDef, today } from '../model.js';

const EMPTY_DATETIME = '0000-00-00 00:00:00';

export const customers: ResourceDef = {
  table: 'customers',
  path: 'admin/customers/customer',
  afModule: 'customers',
  unique: ['login'],
  fields: [
    field('mrr_total', 'Monthly recurring revenue', 'string', 'decimal', { readOnly: true }),
    field('gdpr_agreed', 'GDPR agreement', 'string', 'string', {
      default: 'empty_answer',
      enum: ['empty_answer', 'decline', 'accept'],
    }),
    field('parent_id', 'Main account', 'integer', 'int', {
      ref: { table: 'customers', zeroOk: true },
    }),
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('billing_type', 'Billing type', 'string', 'string', {
      default: 'recurring',
      enum: ['recurring', 'prepaid', 'prepaid_monthly'],
    }),
    field('partner_id', 'Partner', 'string', 'int', { default: 1, ref: { table: 'partners' } }),
    field('location_id', 'Location', 'string', 'int', { default: 1, ref: { table: 'locations' } }),
    field('added_by', 'Added by', 'string', 'string', { readOnly: true }),
    field('added_by_id', 'Added by ID', 'string', 'int', { readOnly: true }),
    field('login', 'Portal login', 'string', 'string', { max: 128 }),
    field('category', 'Category', 'string', 'string', {
      default: 'person',
      enum: ['person', 'company'],
    }),
    field('name', 'Full name', 'string', 'string', { required: true, max: 256 }),
    field('email', 'Email', 'string', 'string', { max: 256, email: true }),
    field('billing_email', 'Billing email', 'string', 'string', { max: 256, email: true }),
    field('phone', 'Phone number', 'string', 'string', { max: 256 }),
    field('street_1', 'Street', 'string', 'string', { max: 255 }),
    field('zip_code', 'ZIP Code', 'string', 'string', { max: 32 }),
    field('city', 'City', 'string', 'string', { max: 32 }),
    field('subdivision_id', 'State/Province', 'integer', 'int', { default: null }),
    field('status', 'Status', 'string', 'string', {
      default: 'new',
      enum: ['new', 'active', 'blocked', 'disabled'],
    }),
    field('date_add', 'Date added', 'date', 'date', { default: today }),
    field('last_online', 'Last online', 'string', 'datetime', {
      readOnly: true,
      default: EMPTY_DATETIME,
    }),
    field('last_update', 'Last update', 'string', 'datetime', {
      readOnly: true,
      default: nowDatetime,
    }),
    field('daily_prepaid_cost', 'Daily prepaid cost', 'float', 'decimal'),
    field('gps', 'Geo data', 'string', 'string', { max: 256 }),
    field('conversion_date', 'Convert date', 'datetime', 'datetime', { default: null }),
    field('password', 'Password', 'string', 'string', { hidden: true, writeOnly: true, max: 512 }),
    field('customer_labels', 'Labels', 'array', 'ids', { hidden: true, ref: { table: 'labels' } }),
  ],
  validate({ candidate, previous, issues }) {
    if (previous && candidate.parent_id === previous.id) {
      issues.push({ field: 'parent_id', message: 'Main account is invalid.' });
    }
  },
  afterCreate(ctx, row) {
    const patch: Record<string, unknown> = { added_by: 'api', added_by_id: ctx.actor.id };
    if (!row.login) patch.login = freeLogin(ctx, row.id);
    ctx.db.update('customers', row.id, patch);
    ctx.db.table('customer_info').insert(
      {
        birthday: '',
        passport: '',
        company_id: '',
        vat_id: '',
        contact_person: '',
        updated_at: nowDatetime(),
      },
      row.id,
    );
    ctx.db.table('customer_billing').insert({ ...BILLING_DEFAULTS, customer_id: row.id }, row.id);
  },
  afterUpdate(ctx, row) {
    ctx.db.update('customers', row.id, { last_update: nowDatetime() });
  },
  afterDelete(ctx, row) {
    ctx.db.table('customer_info').delete(row.id);
    ctx.db.table('customer_billing').delete(row.id);
    for (const table of ['services_internet', 'services_custom', 'customer_notes']) {
      const t = ctx.db.table(table);
      for (const child of t.filter((r) => r.customer_id === row.id)) t.delete(child.id);
    }
  },
  decorate(ctx, row, out) {
    const ids = Array.isArray(row.customer_labels) ? (row.customer_labels as number[]) : [];
    out.customer_labels = ids.flatMap((id) => {
      const label = ctx.db.get('labels', id);
      return label ? [{ id: label.id, label: label.label, color: label.color }] : [];
    });
  },
};

/** Splynx fills a missing portal login from the id. */
function freeLogin(ctx: Ctx, id: number): string {
  const taken = (login: string) =>
    ctx.db
      .table('customers')
      .byField('login', login)
      .some((r) => r.id !== id);
  let login = String(id);
  for (let n = 1; taken(login); n++) login = `${id}-${n}`;
  return login;
}

export const customerInfo: ResourceDef = {
  table: 'customer_info',
  path: 'admin/customers/customer-info',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('birthday', 'Date of birth', 'string', 'string', { max: 64 }),
    field('passport', 'Passport', 'string', 'string', { max: 32 }),
    field('company_id', 'Company ID', 'string', 'string', { max: 32 }),
    field('contact_person', 'Contact person', 'string', 'string', { max: 256 }),
    field('vat_id', 'VAT ID', 'string', 'string', { max: 32 }),
    field('updated_at', 'Updated at', 'string', 'datetime', { readOnly: true }),
  ],
  afterUpdate(ctx, row) {
    ctx.db.update('customer_info', row.id, { updated_at: nowDatetime() });
  },
};

const BILLING_DEFAULTS = {
  enabled: 1,
  type: '1',
  deposit: '0.0000',
  billing_date: '1',
  billing_due: '14',
  blocking_period: '0',
  grace_period: '3',
  make_invoices: '1',
  payment_method: '1',
  min_balance: '0.0000',
  request_auto_enable: '0',
  request_auto_day: '1',
  request_auto_period: '0',
  reminder_enable: '0',
  reminder_day_1: '2',
  reminder_day_2: '8',
  reminder_day_3: '20',
  reminder_payment: '0',
  reminder_payment_value: '0.0000',
  reminder_payment_comment: '',
  reminder_type: '0',
  billing_person: '',
  billing_street_1: '',
  billing_zip_code: '',
  billing_city: '',
  sub_billing_mode: 'independent',
  request_auto_type: 1,
  request_auto_next: '0000-00-00',
  send_finance_notification: '1',
  partner_percent: '0.0000',
};

const intString = (name: string, title: string) => field(name, title, 'integer', 'intString');
const flagString = (name: string, title: string) => field(name, title, 'boolean', 'flag');

export const customerBilling: ResourceDef = {
  table: 'customer_billing',
  path: 'admin/customers/customer-billing',
  fields: [
    field('customer_id', 'Customer ID', 'integer', 'int', { readOnly: true }),
    field('enabled', 'Enabled', 'integer', 'int'),
    field('type', 'Type', 'string', 'string'),
    field('deposit', 'Deposit', 'float', 'decimal', { readOnly: true }),
    intString('billing_date', 'Billing day'),
    intString('billing_due', 'Billing due'),
    intString('blocking_period', 'Blocking period'),
    intString('grace_period', 'Grace period'),
    flagString('make_invoices', 'Make invoices'),
    field('payment_method', 'Payment method', 'integer', 'intString', {
      ref: { table: 'payment_methods' },
    }),
    field('min_balance', 'Minimum balance', 'float', 'decimal'),
    flagString('request_auto_enable', 'Auto proforma'),
    intString('request_auto_day', 'Proforma day'),
    intString('request_auto_period', 'Proforma period'),
    flagString('reminder_enable', 'Reminders'),
    intString('reminder_day_1', 'Reminder day 1'),
    intString('reminder_day_2', 'Reminder day 2'),
    intString('reminder_day_3', 'Reminder day 3'),
    flagString('reminder_payment', 'Reminder payment'),
    field('reminder_payment_value', 'Reminder payment value', 'float', 'decimal'),
    field('reminder_payment_comment', 'Reminder payment comment', 'string', 'string'),
    intString('reminder_type', 'Reminder type'),
    field('billing_person', 'Billing person', 'string', 'string', { max: 256 }),
    field('billing_street_1', 'Billing street', 'string', 'string', { max: 255 }),
    field('billing_zip_code', 'Billing ZIP code', 'string', 'string', { max: 32 }),
    field('billing_city', 'Billing city', 'string', 'string', { max: 32 }),
    field('sub_billing_mode', 'Linked billing mode', 'string', 'string', {
      enum: ['independent', 'aggregated'],
    }),
    field('request_auto_type', 'Proforma payment period', 'integer', 'int'),
    field('request_auto_next', 'Next request', 'date', 'date'),
    flagString('send_finance_notification', 'Send billing notifications'),
    field('partner_percent', 'Partner percent', 'float', 'decimal'),
  ],
  validate({ candidate, issues }) {
    const day = Number(candidate.billing_date);
    if (!Number.isInteger(day) || day < 1 || day > 28) {
      issues.push({ field: 'billing_date', message: 'Billing day must be between 1 and 28.' });
    }
    for (const name of ['billing_due', 'grace_period', 'blocking_period']) {
      if (Number(candidate[name]) < 0)
        issues.push({ field: name, message: `${name} must be no less than 0.` });
    }
  },
};

export const customerNotes: ResourceDef = {
  table: 'customer_notes',
  path: 'admin/customers/customer-notes',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer ID', 'integer', 'int', {
      required: true,
      ref: { table: 'customers' },
    }),
    field('datetime', 'Date', 'datetime', 'datetime', { default: nowDatetime }),
    field('administrator_id', 'Administrator ID', 'integer', 'int', {
      ref: { table: 'administrators', zeroOk: true },
    }),
    field('type', 'Type', 'string', 'string', {
      default: 'comment',
      enum: ['comment', 'customer', 'finance', 'service', 'message', 'support', 'call'],
    }),
    field('class', 'Class', 'string', 'string', {
      default: 'default',
      enum: ['default', 'primary', 'success', 'warning', 'danger', 'info'],
    }),
    field('title', 'Title', 'string', 'string', { max: 50 }),
    field('name', 'Name', 'string', 'string', { max: 255 }),
    field('comment', 'Comment', 'string', 'string', { required: true }),
    field('values', 'Values', 'string', 'string'),
    field('scheduled_send_time', 'Scheduled date time', 'datetime', 'datetime', {
      default: EMPTY_DATETIME,
    }),
    field('assigned_to', 'Assigned to', 'integer', 'int'),
    field('is_done', 'Is done', 'string', 'flag'),
    field('is_send', 'Is send', 'string', 'flag'),
    field('is_pinned', 'Is pinned', 'string', 'flag'),
    field('pinned_date', 'Pinned date', 'datetime', 'datetime', { default: EMPTY_DATETIME }),
  ],
  validate({ candidate, previous, input }) {
    const pinnedNow =
      candidate.is_pinned === '1' && (previous?.is_pinned !== '1' || 'is_pinned' in input);
    if (pinnedNow && (!candidate.pinned_date || candidate.pinned_date === EMPTY_DATETIME)) {
      candidate.pinned_date = nowDatetime();
    }
  },
};
