import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { coerceRecord, isUnset, toDecimal, toFlag, toId } from '../../source/splynx/coerce.js';

describe('scalar coercion', () => {
  it('reads ids from numbers and digit strings only', () => {
    expect(toId(5)).toBe(5);
    expect(toId('5')).toBe(5);
    expect(toId(' 17 ')).toBe(17);
    expect(toId('0')).toBe(0);
    expect(toId('5a')).toBeUndefined();
    expect(toId(-1)).toBeUndefined();
    expect(toId(1.5)).toBeUndefined();
    expect(toId(null)).toBeUndefined();
  });

  it('reads flags from booleans, 0/1 and "0"/"1" only', () => {
    expect([true, 1, '1'].map(toFlag)).toEqual([1, 1, 1]);
    expect([false, 0, '0'].map(toFlag)).toEqual([0, 0, 0]);
    expect(toFlag('yes')).toBeUndefined();
    expect(toFlag(2)).toBeUndefined();
  });

  it('reads decimals from numbers and Splynx money strings', () => {
    expect(toDecimal('12.0000')).toBe(12);
    expect(toDecimal('-0.5000')).toBe(-0.5);
    expect(toDecimal(7412)).toBe(7412);
    expect(toDecimal('12,50')).toBeUndefined();
    expect(toDecimal(Number.NaN)).toBeUndefined();
  });

  it('treats null, "", and zero dates as unset', () => {
    expect([null, undefined, '', '0000-00-00', '0000-00-00 00:00:00'].every(isUnset)).toBe(true);
    expect(isUnset(0)).toBe(false);
    expect(isUnset('0')).toBe(false);
  });
});

describe('coerceRecord', () => {
  const Customer = coerceRecord({
    id: 'id',
    name: 'text',
    is_active: 'flag',
    mrr_total: 'decimal',
    date_add: 'date',
    partners_ids: 'ids',
    parent_id: 'id?',
  });

  it('normalises v4 all-string records and keeps unknown fields', () => {
    const out = v.parse(Customer, {
      id: '7',
      name: 1234,
      is_active: '1',
      mrr_total: '12.5000',
      date_add: '0000-00-00',
      partners_ids: '1,3',
      extra: 'kept',
    });
    expect(out).toEqual({
      id: 7,
      name: '1234',
      is_active: 1,
      mrr_total: 12.5,
      date_add: null,
      partners_ids: [1, 3],
      extra: 'kept',
    });
  });

  it('normalises v5 records the same way', () => {
    const out = v.parse(Customer, {
      id: 7,
      name: null,
      is_active: true,
      mrr_total: 0,
      date_add: '2024-05-01',
      partners_ids: [{ id: 1 }, 3],
      parent_id: 0,
    });
    expect(out).toEqual({
      id: 7,
      name: '',
      is_active: 1,
      mrr_total: 0,
      date_add: '2024-05-01',
      partners_ids: [1, 3],
      parent_id: 0,
    });
  });

  it('reports bad values with their dot-path', () => {
    const result = v.safeParse(Customer, {
      id: 'x',
      name: 'a',
      is_active: '2',
      mrr_total: '1',
      date_add: null,
      partners_ids: [],
    });
    expect(result.success).toBe(false);
    expect(result.issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([
      ['id', 'expected an id, got "x"'],
      ['is_active', 'expected a 0/1 flag, got "2"'],
    ]);
  });
});
