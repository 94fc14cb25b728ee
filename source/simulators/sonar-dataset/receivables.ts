// Invoices, their debits, payments and the credits that apply payments to invoices, derived from
// each account's transactions after the accounts are generated (no random draws, so every other
// table stays exactly as it was). Each DEBIT transaction is one invoice with one debit; each
// PAYMENT is one payment applied oldest invoice first, as Sonar applies payments; a DISCOUNT
// settles the oldest open invoice without a payment (no credit row: the simulator has no
// Discount table). Sums agree with running_balance, so what an account still owes on its open
// invoices is its balance whenever that balance is positive.
//
// Variety that follows: most accounts fully paid; an odd transaction count leaves the newest
// invoice unpaid; a short last payment leaves a partially paid invoice; an overpayment leaves an
// unapplied payment remainder. One account in four whose newest invoice is unpaid had that charge
// billed as two invoices (an installation fee a month earlier, then the month), so two invoices
// are open. Every generated account has at least one debit, so none is never billed: tests
// that need one take an account's invoices away.
import { DAY_MS, REFERENCE_DAY } from './clock.js';
import type {
  CreditRow,
  DebitRow,
  InvoiceRow,
  PaymentRow,
  TransactionRow,
  TypedSonarTables,
} from './rows.js';

const DUE_DAYS = 14;

function dateOf(datetime: string): string {
  return datetime.slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

interface Open {
  invoice: InvoiceRow;
}

export function buildReceivables(t: TypedSonarTables): void {
  const byAccount = new Map<number, TransactionRow[]>();
  for (const row of t.transactions) {
    const list = byAccount.get(row.account_id);
    if (list) list.push(row);
    else byAccount.set(row.account_id, [row]);
  }
  const serviceOf = new Map<number, number>();
  for (const as of t.account_services)
    if (!serviceOf.has(as.account_id)) serviceOf.set(as.account_id, as.service_id);
  const services = new Map(t.services.map((s) => [s.id, s]));
  const fallbackService = t.services.find((s) => s.type === 'RECURRING') ?? t.services[0];
  const reference = new Date(REFERENCE_DAY * DAY_MS).toISOString().slice(0, 10);

  for (const account of t.accounts) {
    const rows = byAccount.get(account.id) ?? [];
    const service = services.get(serviceOf.get(account.id) ?? -1) ?? fallbackService;
    if (!service) continue;
    const open: Open[] = [];
    const lastDebit = rows.findLastIndex((r) => r.type === 'DEBIT');
    const unpaidLast = rows.length > 0 && rows[rows.length - 1]?.type === 'DEBIT';

    const invoice = (row: TransactionRow, amount: number, date: string, label: string) => {
      const at = row.datetime ?? row.created_at;
      const id = t.invoices.length + 1;
      const created: InvoiceRow = {
        id,
        created_at: at,
        updated_at: at,
        account_id: account.id,
        auto_pay_attempts: 0,
        auto_pay_date: null,
        child_invoice_remaining_due: 0,
        company_id: account.company_id,
        date,
        delinquency_date: null,
        delinquent: false,
        due_date: addDays(date, DUE_DAYS),
        end_date: addDays(date, 30),
        frozen: false,
        invoice_template_version_id: null,
        late_fee_applied: false,
        late_fee_only: false,
        message: null,
        number_of_months: 1,
        parent_invoice_id: null,
        pending_email: false,
        remaining_due: amount,
        status: 'UNPAID',
        tax_committed: true,
        tax_provider_id: null,
        total_debits: amount,
        total_taxes: 0,
        void: false,
        voided_at: null,
      };
      t.invoices.push(created);
      const debit: DebitRow = {
        id: t.debits.length + 1,
        created_at: at,
        updated_at: at,
        account_id: account.id,
        amount,
        company_id: account.company_id,
        description: label,
        general_ledger_code: null,
        general_ledger_code_description: null,
        invoice_id: id,
        linked_debit_id: null,
        minutes: null,
        number_of_months: 1,
        prorated_from: null,
        prorated_to: null,
        quantity: 1,
        quantity_prorated_from: null,
        quantity_prorated_to: null,
        reversed: false,
        reversed_at: null,
        reversed_by_user_id: null,
        service_id: service.id,
        service_name: service.name,
        service_transaction_type: null,
        type: label === 'Installation' ? 'ONETIME' : 'RECURRING',
        user_id: null,
        voice_service_generic_parameter_id: null,
      };
      t.debits.push(debit);
      open.push({ invoice: created });
    };

    /** Applies `amount` to open invoices oldest first; returns what no invoice took. */
    const settle = (amount: number, at: string, payment: PaymentRow | null): number => {
      let left = amount;
      while (left > 0 && open.length > 0) {
        const target = open[0] as Open;
        const applied = Math.min(left, target.invoice.remaining_due);
        target.invoice.remaining_due -= applied;
        left -= applied;
        if (payment) {
          const credit: CreditRow = {
            id: t.credits.length + 1,
            created_at: at,
            updated_at: at,
            account_id: account.id,
            amount: applied,
            creditable_id: payment.id,
            creditable_type: 'Payment',
            invoice_id: target.invoice.id,
            void: false,
            voided_at: null,
          };
          t.credits.push(credit);
        }
        if (target.invoice.remaining_due === 0) {
          target.invoice.status = 'PAID';
          open.shift();
        } else target.invoice.status = 'PARTIAL';
      }
      return left;
    };

    rows.forEach((row, index) => {
      const at = row.datetime ?? row.created_at;
      if (row.type === 'DEBIT') {
        const date = dateOf(at);
        // Split only the unpaid newest charge, and only when a whole fee fits below it.
        const fee = Math.floor((row.amount * 0.4) / 100) * 100;
        if (index === lastDebit && unpaidLast && account.id % 4 === 0 && fee > 0) {
          invoice(row, fee, addDays(date, -30), 'Installation');
          invoice(row, row.amount - fee, date, row.description ?? service.name);
        } else invoice(row, row.amount, date, row.description ?? service.name);
        return;
      }
      if (row.type === 'DISCOUNT') {
        settle(row.amount, at, null);
        return;
      }
      const check = row.description?.startsWith('Check #') === true;
      const payment: PaymentRow = {
        id: t.payments.length + 1,
        created_at: at,
        updated_at: at,
        account_id: account.id,
        amount: row.amount,
        amount_remaining: 0,
        bank_account_id: null,
        company_id: account.company_id,
        creation_token: null,
        credit_card_id: null,
        deposit_slip_id: null,
        description: row.description,
        fee: null,
        fractional_fee: null,
        full_processor_response: null,
        is_autopay: !check,
        passed_3ds_check: null,
        passed_avs_check: null,
        passed_cvv_check: null,
        payment_datetime: at,
        payment_tracker_id: null,
        payment_type: check ? 'CHECK' : 'CREDITCARD',
        processor_message: null,
        processor_status: null,
        reference: check ? (row.description?.slice('Check #'.length) ?? null) : null,
        status: 'SUCCEEDED',
        successful: true,
        transaction_id: null,
        user_id: null,
      };
      t.payments.push(payment);
      payment.amount_remaining = settle(row.amount, at, payment);
    });
    for (const { invoice: row } of open) {
      row.delinquent = row.due_date < reference;
      if (row.delinquent) row.delinquency_date = addDays(row.due_date, 1);
    }
  }
}
