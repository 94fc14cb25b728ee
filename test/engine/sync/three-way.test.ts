// The three-way merge sync applies per record (pure): base hashes of what s2s wrote, Sonar now,
// Splynx now. Splynx's own spellings of an unchanged value are not edits.
import { describe, expect, it } from 'vitest';
import {
  fieldHash,
  fieldHashes,
  parseFieldHashes,
  withFieldHashes,
} from '../../../source/engine/sync/field-hashes.js';
import { threeWay, unchangedSinceWritten } from '../../../source/engine/sync/three-way.js';

const sent = {
  name: 'Ann Lee',
  email: 'ann@x.net,bob@y.org',
  unit_price: 12.5,
  is_pinned: 1,
  start_date: '2024-01-05',
  mac: '2c:c8:1b:bd:c9:ab',
  customer_labels: [3, 5],
  password: 'hunter22',
  additional_attributes: { sonar_id: '12' },
};
const base = parseFieldHashes(fieldHashes(sent, 'internet_service'), 'internet_service');

describe('field hashes', () => {
  it('hash what Splynx answers for an unchanged record like what was sent', () => {
    const splynx = {
      name: ' Ann Lee ',
      email: 'BOB@y.org, ann@x.net',
      unit_price: '12.5000',
      is_pinned: '1',
      start_date: '2024-01-05 00:00:00',
      mac: '2CC81BBDC9AB',
      customer_labels: [{ id: 5, label: 'VIP' }, { id: 3 }],
    };
    for (const [field, value] of Object.entries(splynx)) {
      expect(fieldHash(value, field), field).toBe(base?.get(field));
    }
    expect(fieldHash('01234', 'zip_code')).not.toBe(fieldHash(1234, 'zip_code'));
  });

  it('are stored by position, 6 characters a field; a field without a slot keeps its name', () => {
    const stored = fieldHashes({ tariff_id: 3, status: 'active', discount: 5 }, 'internet_service');
    expect(stored).toMatch(/^~[\w-]{12};discount:[\w-]{6}$/);
    expect(parseFieldHashes(stored, 'internet_service')).toEqual(
      new Map([
        ['tariff_id', fieldHash(3, 'tariff_id')],
        ['status', fieldHash('active', 'status')],
        ['discount', fieldHash(5, 'discount')],
      ]),
    );
    // A gap keeps the later slots in place.
    const gap = fieldHashes({ tariff_id: 3, description: 'Fiber' }, 'internet_service');
    expect(parseFieldHashes(gap, 'internet_service')?.get('description')).toBe(
      fieldHash('Fiber', 'description'),
    );
    expect(parseFieldHashes(gap, 'internet_service')?.has('status')).toBe(false);
  });

  it('never hash a secret or the identity, and merge a partial update into the base', () => {
    expect(base?.has('password')).toBe(false);
    expect(base?.has('additional_attributes')).toBe(false);
    const next = parseFieldHashes(
      withFieldHashes(base, { name: 'Ann Smith' }, 'internet_service'),
      'internet_service',
    );
    expect(next?.get('name')).toBe(fieldHash('Ann Smith', 'name'));
    expect(next?.get('email')).toBe(base?.get('email'));
  });
});

describe('three-way merge', () => {
  it('an unchanged Sonar record needs no read, a changed one does', () => {
    expect(unchangedSinceWritten(sent, base)).toBe(true);
    expect(unchangedSinceWritten({ ...sent, password: 'changed' }, base)).toBe(true);
    expect(unchangedSinceWritten({ ...sent, name: 'Ann Smith' }, base)).toBe(false);
    expect(unchangedSinceWritten({ ...sent, name: 'Ann Smith' }, base, ['name'])).toBe(true);
    expect(unchangedSinceWritten(sent, undefined)).toBe(false);
  });

  it('writes Sonar-only changes, keeps Splynx-only ones, and calls both-sided ones conflicts', () => {
    const sonar = { ...sent, name: 'Ann Smith', email: 'ann@new.net', unit_price: 10 };
    const splynx = {
      ...sent,
      email: 'ann@splynx.net',
      unit_price: '12.5000',
      mac: 'AA:BB:CC:DD:EE:FF',
    };
    const merge = threeWay(sonar, splynx, base);
    expect(merge.write).toEqual([
      { field: 'name', from: 'Ann Lee', to: 'Ann Smith' },
      { field: 'unit_price', from: '12.5000', to: 10 },
    ]);
    expect(merge.conflicts).toEqual([
      { field: 'email', splynx: 'ann@splynx.net', sonar: 'ann@new.net' },
    ]);
    expect(merge.kept).toEqual([
      { field: 'mac', splynx: 'AA:BB:CC:DD:EE:FF', sonar: '2c:c8:1b:bd:c9:ab' },
    ]);
    expect(merge.same).toContain('start_date');
  });

  it('the same change made on both sides is no conflict; without a base Sonar wins', () => {
    const both = { ...sent, name: 'Ann Smith' };
    expect(threeWay(both, both, base).conflicts).toEqual([]);
    expect(threeWay(both, both, base).same).toContain('name');
    const legacy = threeWay({ ...sent, name: 'Ann Smith' }, { ...sent, city: 'x' }, undefined);
    expect(legacy.write).toEqual([{ field: 'name', from: 'Ann Lee', to: 'Ann Smith' }]);
    // A field s2s never wrote (a price override added in Sonar) is Sonar's to set.
    const fresh = threeWay({ ...sent, discount: 5 }, { ...sent, discount: 0 }, base);
    expect(fresh.write).toEqual([{ field: 'discount', from: 0, to: 5 }]);
  });
});
