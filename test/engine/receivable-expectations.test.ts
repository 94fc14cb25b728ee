// receivableExpectations: what verify reads back for moved invoices and their payments.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { receivableExpectations } from '../../source/engine/phases/receivables.js';
import { mapInvoices } from '../../source/mapping/invoices.js';
import { MappingConfigSchema } from '../../source/mapping/mapping-config.js';
import type { EntityRecord } from '../../source/state/index.js';

const config = v.parse(MappingConfigSchema, { balances: { mode: 'open-invoices' } });
const mapped = mapInvoices(
  'account 7',
  [
    {
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
          description: 'Fibre',
          serviceName: 'Fibre',
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
    },
  ],
  config,
);

const recordOf = (entity: string, sonarId: string, splynxId: number): EntityRecord => ({
  key: `${entity}:${sonarId}`,
  entity,
  sonarId,
  splynxId,
  action: 'created',
  attempts: 1,
  updatedAt: '2026-12-03T10:00:00.000Z',
});

describe('receivableExpectations', () => {
  it('reads back each invoice and its linked payments where the ledger has them', () => {
    if (!mapped.ok) throw new Error('fixture does not map');
    const ledger = new Map([
      ['invoice:70', recordOf('invoice', '70', 12)],
      ['invoice_payment:900', recordOf('invoice_payment', '900', 34)],
    ]);
    const out = receivableExpectations((e, id) => ledger.get(`${e}:${id}`), mapped.value, 5);
    expect(out.map((e) => [e.path, e.expected])).toEqual([
      [
        'admin/finance/invoices/12',
        { customer_id: 5, number: 'SONAR-70', date_created: '2026-11-01', date_till: '2026-11-15' },
      ],
      [
        'admin/finance/payments/34',
        { customer_id: 5, invoice_id: 12, receipt_number: 'SONAR-P80-900', amount: 20 },
      ],
    ]);
    // Nothing journaled: nothing to read back.
    expect(receivableExpectations(() => undefined, mapped.value, 5)).toEqual([]);
  });
});
