import { describe, expect, it } from 'vitest';
import { phaseOfEntity } from '../../source/engine/entity-phase.js';

describe('phaseOfEntity', () => {
  it.each([
    ['additional_field', 'foundation'],
    ['partner', 'foundation'],
    ['tariff_one_time', 'foundation'],
    ['ipv6_network', 'network'],
    ['inventory_item', 'inventory'],
    ['customer_billing', 'customers'],
    ['internet_service', 'customers'],
    ['opening_balance', 'customers'],
    // balances.mode "open-invoices" writes these within each customer's turn.
    ['invoice', 'customers'],
    ['invoice_payment', 'customers'],
  ])('%s is written by %s', (entity, phase) => {
    expect(phaseOfEntity(entity)).toBe(phase);
  });

  it('knows nothing of entities no phase writes', () => {
    expect(phaseOfEntity('credit_note')).toBeUndefined();
    expect(phaseOfEntity('invoice_item')).toBeUndefined();
  });
});
