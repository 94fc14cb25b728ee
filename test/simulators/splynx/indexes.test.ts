// The simulator answers lookups by customer, login and sonar_id from indexes (a scan per request
// made 100,000 customers quadratic). An index must never answer differently from a scan.
import { describe, expect, it } from 'vitest';
import { SplynxTable } from '../../../source/simulators/splynx/db.js';
import { equalityKeys } from '../../../source/simulators/splynx/search.js';

describe('table indexes', () => {
  it('follow inserts, updates and deletes', () => {
    const table = new SplynxTable('services');
    const byCustomer = (id: number) => table.byField('customer_id', id).map((r) => r.id);
    table.insert({ customer_id: 1 });
    table.insert({ customer_id: 2 });
    table.insert({ customer_id: 1 });
    expect(byCustomer(1)).toEqual([1, 3]);
    table.update(3, { customer_id: 2 });
    expect(byCustomer(1)).toEqual([1]);
    expect(byCustomer(2)).toEqual([2, 3]);
    table.delete(2);
    expect(byCustomer(2)).toEqual([3]);
    table.insert({ customer_id: 2 });
    expect(byCustomer(2)).toEqual([3, 4]);
    expect(byCustomer(9)).toEqual([]);
  });

  it('equality keys mean what the search comparison means', () => {
    const same = (a: unknown, b: unknown) =>
      equalityKeys(a).some((k) => equalityKeys(b).includes(k));
    expect(same('ABC', 'abc')).toBe(true);
    expect(same('05', '5')).toBe(true);
    expect(same(5, '5.0')).toBe(true);
    expect(same(' 7', '7')).toBe(true);
    expect(same('5', '5x')).toBe(false);
    expect(same(null, '')).toBe(true);
    expect(same(['a', 'b'], 'B')).toBe(true);
  });
});
