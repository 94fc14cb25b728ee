import { describe, expect, it } from 'vitest';
import {
  canonicalMacList,
  compareRecord,
  compareValue,
  NormalisationTally,
  sameValue,
} from '../../source/splynx/normalise.js';

describe('typing: equal as written', () => {
  it.each([
    [5, '5'],
    [5, 5],
    [true, '1'],
    [false, 0],
    [null, ''],
    ['', '0000-00-00'],
    [undefined, null],
    ['2024-01-31', '2024-01-31'],
    [
      [1, 2],
      ['2', 1],
    ],
    [[3], [{ id: 3, label: 'VIP', color: 'red' }]],
    [{ sonar_id: 42 }, { sonar_id: '42', other: 'x' }],
  ])('%j is %j', (sent, received) => {
    expect(compareValue(sent, received)).toBe('same');
  });
});

describe('normalisations: equal once a rule is applied', () => {
  it.each([
    // decimals
    [12, '12.0000', 'price', 'decimal'],
    [12.5, '12.5000', 'price', 'decimal'],
    ['12.5', '12.5000', 'price', 'decimal'],
    ['12.5000', 12.5, 'price', 'decimal'],
    // surrounding whitespace
    ['  Main St ', 'Main St', 'street_1', 'whitespace'],
    [5, ' 5', 'quantity', 'whitespace'],
    // dates and datetimes
    ['2024-01-05', '2024-01-05 00:00:00', 'start_date', 'date'],
    ['2024-01-05 00:00:00', '2024-01-05', 'start_date', 'date'],
    ['2024-01-05T10:30:00', '2024-01-05 10:30:00', 'date_add', 'date'],
    ['2024-01-05 10:30', '2024-01-05 10:30:00', 'date_add', 'date'],
    ['2024-01-05T10:30:00.000', '2024-01-05 10:30:00', 'date_add', 'date'],
    // MACs: case, separators, list spacing, list separators, order
    ['2c:c8:1b:bd:c9:ab', '2CC81BBDC9AB', 'mac', 'mac'],
    ['2c-c8-1b-bd-c9-ab', '2CC81BBDC9AB', 'mac', 'mac'],
    ['2cc8.1bbd.c9ab', '2CC81BBDC9AB', 'mac', 'mac'],
    ['2cc81bbdc9ab', '2CC81BBDC9AB', 'mac', 'mac'],
    ['2c:c8:1b:bd:c9:ab,00:e0:4c:68:7e:6a', '2CC81BBDC9AB, 00E04C687E6A', 'mac', 'mac'],
    ['2C:C8:1B:BD:C9:AB; 00:E0:4C:68:7E:6A', '2CC81BBDC9AB,00E04C687E6A', 'mac', 'mac'],
    ['00:e0:4c:68:7e:6a,2c:c8:1b:bd:c9:ab', '2CC81BBDC9AB, 00E04C687E6A', 'mac', 'mac'],
    ['2c:c8:1b:bd:c9:ab', '2CC81BBDC9AB', 'router_mac', 'mac'],
    // e-mail case and lists
    ['Ann@Example.COM', 'ann@example.com', 'email', 'email'],
    ['a@x.com,B@y.org', 'a@x.com, b@y.org', 'billing_email', 'email'],
  ])('%j ≡ %j in %s by %s', (sent, received, field, rule) => {
    expect(compareValue(sent, received, field)).toBe(rule);
    expect(sameValue(sent, received, field)).toBe(true);
  });

  it('names the rule of a nested field', () => {
    expect(
      compareValue({ sonar_id: '7', email: 'A@x.com' }, { sonar_id: 7, email: 'a@x.com' }),
    ).toBe('email');
  });
});

describe('real differences still differ', () => {
  it.each([
    [5, '6', 'quantity'],
    ['01234', '1234', 'zip_code'],
    [true, '0', 'flag'],
    [0, '', 'quantity'],
    [null, '0', 'quantity'],
    [12.5, '12.51', 'price'],
    ['12.5', '12.5001', 'price'],
    ['2024-01-31', '2024-02-01', 'start_date'],
    ['2024-01-05', '2024-01-05 10:30:00', 'start_date'],
    ['2024-01-05 10:30:00', '2024-01-05 10:31:00', 'date_add'],
    [[1, 2], [1], 'partners_ids'],
    [[1, 1], [1, 2], 'partners_ids'],
    [{ sonar_id: 42 }, { sonar_id: '43' }, 'additional_attributes'],
    [{ sonar_id: 42 }, 'x', 'additional_attributes'],
    ['abc', 'ABC', 'name'],
    ['a b', 'a  b', 'name'],
    [5, 'five', 'quantity'],
    // different MACs, lists of another length, a MAC that is not one
    ['2c:c8:1b:bd:c9:ab', '2CC81BBDC9AC', 'mac'],
    ['2c:c8:1b:bd:c9:ab', '2CC81BBDC9AB, 00E04C687E6A', 'mac'],
    ['2c:c8:1b:bd:c9:ab,2c:c8:1b:bd:c9:ab', '2CC81BBDC9AB, 00E04C687E6A', 'mac'],
    ['2c:c8:1b:bd:c9', '2CC81BBDC9', 'mac'],
    // MAC rules only in MAC fields: a serial keeps its case
    ['2cc81bbdc9ab', '2CC81BBDC9AB', 'serial_number'],
    ['2cc81bbdc9ab', '2CC81BBDC9AB', 'barcode'],
    // different e-mails
    ['ann@example.com', 'anne@example.com', 'email'],
    ['a@x.com,b@y.org', 'a@x.com', 'email'],
    ['a@x.com', 'A@x.com extra', 'email'],
    // only whole e-mail addresses ignore case
    ['Ann@host', 'ann@host', 'login'],
  ])('%j ≠ %j in %s', (sent, received, field) => {
    expect(compareValue(sent, received, field)).toBe('differs');
    expect(sameValue(sent, received, field)).toBe(false);
  });
});

describe('canonicalMacList', () => {
  it('upper-cases, drops separators and sorts', () => {
    expect(canonicalMacList('2c:c8:1b:bd:c9:ab, 00-e0-4c-68-7e-6a')).toEqual([
      '00E04C687E6A',
      '2CC81BBDC9AB',
    ]);
  });
  it('refuses text that is not a list of MACs', () => {
    expect(canonicalMacList('')).toBeUndefined();
    expect(canonicalMacList('2c:c8:1b:bd:c9:ab, router')).toBeUndefined();
    expect(canonicalMacList('zz:c8:1b:bd:c9:ab')).toBeUndefined();
  });
});

describe('compareRecord', () => {
  it('splits real differences from normalised fields and skips unverifiable ones', () => {
    const result = compareRecord(
      { mac: '2c:c8:1b:bd:c9:ab', unit_price: 12.5, login: 'ann', password: 'x', status: 'a' },
      {
        mac: '2CC81BBDC9AB',
        unit_price: '12.5000',
        login: 'ann',
        password: '',
        status: 'b',
      },
      ['password'],
    );
    expect(result.mismatches).toEqual([{ field: 'status', sent: 'a', received: 'b' }]);
    expect(result.normalised).toEqual([
      { field: 'mac', rule: 'mac' },
      { field: 'unit_price', rule: 'decimal' },
    ]);
  });

  it('tallies per entity, field and rule', () => {
    const tally = new NormalisationTally();
    tally.add('internet_service', [{ field: 'mac', rule: 'mac' }]);
    tally.add('internet_service', [{ field: 'mac', rule: 'mac' }]);
    tally.add('customer', [{ field: 'email', rule: 'email' }]);
    expect(tally.rows()).toEqual([
      { entity: 'customer', field: 'email', rule: 'email', count: 1 },
      { entity: 'internet_service', field: 'mac', rule: 'mac', count: 2 },
    ]);
  });
});
