// Open invoices per account with their line items (debits) and the payments applied to them
// (credits whose creditable is a Payment). `invoices(account_id:)` is a plain root collection,
// searched for `remaining_due > 0` so a fully paid invoice never crosses the wire; many accounts
// share a request under aliases (`i<id>`). Account ids are inlined: they are digits we validated.
import * as v from 'valibot';
import { BugError } from '../../errors.js';
import { idSchema, intSchema, nullableString, pageInfoSchema } from '../wire.js';

/** Line items and applications per invoice read in one go; an invoice with more is refused. */
export const ITEMS_PER_INVOICE = 100;

export interface InvoiceRequest {
  accountId: string;
  page: number;
}

export function openInvoicesDocument(
  requests: readonly InvoiceRequest[],
  recordsPerPage: number,
): string {
  const fields = requests.map(({ accountId, page }) => {
    if (!/^\d+$/.test(accountId)) throw new BugError(`account id ${accountId} is not numeric`);
    return `  i${accountId}: invoices(account_id: ${accountId}, search: [{integer_fields: [{attribute: "remaining_due", search_value: 0, operator: GT}]}], paginator: {page: ${page}, records_per_page: ${recordsPerPage}}) {
    page_info { page total_pages total_count records_per_page }
    entities {
      id account_id date due_date end_date remaining_due total_debits total_taxes void
      debits(paginator: {page: 1, records_per_page: ${ITEMS_PER_INVOICE}}) {
        page_info { total_count }
        entities { id amount quantity description service_name reversed type }
      }
      credits(paginator: {page: 1, records_per_page: ${ITEMS_PER_INVOICE}}) {
        page_info { total_count }
        entities {
          id amount void creditable_type
          creditable { ... on Payment { id payment_datetime payment_type reference description } }
        }
      }
    }
  }`;
  });
  return `query SonarOpenInvoices {\n${fields.join('\n')}\n}`;
}

const countSchema = v.object({ total_count: intSchema });

export const invoiceWireSchema = v.object({
  id: idSchema,
  account_id: idSchema,
  date: v.string(),
  due_date: v.string(),
  end_date: v.string(),
  remaining_due: intSchema,
  total_debits: intSchema,
  total_taxes: intSchema,
  void: v.boolean(),
  debits: v.object({
    page_info: countSchema,
    entities: v.array(
      v.object({
        id: idSchema,
        amount: intSchema,
        quantity: intSchema,
        description: nullableString,
        service_name: v.string(),
        reversed: v.boolean(),
        type: v.string(),
      }),
    ),
  }),
  credits: v.object({
    page_info: countSchema,
    entities: v.array(
      v.object({
        id: idSchema,
        amount: intSchema,
        void: v.boolean(),
        creditable_type: v.string(),
        creditable: v.nullish(
          v.object({
            id: idSchema,
            payment_datetime: v.string(),
            payment_type: v.string(),
            reference: nullableString,
            description: nullableString,
          }),
          null,
        ),
      }),
    ),
  }),
});

export type InvoiceWire = v.InferOutput<typeof invoiceWireSchema>;

export const invoicePageSchema = v.object({
  page_info: pageInfoSchema,
  entities: v.array(invoiceWireSchema),
});

export function openInvoicesSchema(requests: readonly InvoiceRequest[]) {
  return v.object(
    Object.fromEntries(requests.map(({ accountId }) => [`i${accountId}`, invoicePageSchema])),
  );
}
