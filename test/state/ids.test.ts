import { describe, expect, it } from 'vitest';
import { isMigrationId, newMigrationId, recordKey } from '../../source/state/ids.js';

describe('migration ids', () => {
  it('are UTC date, time and four hex digits', () => {
    expect(newMigrationId(new Date('2026-11-26T07:15:09.999Z'), 'ab12')).toBe(
      '20261126-071509-ab12',
    );
    expect(newMigrationId(new Date('2026-11-26T07:15:09Z'))).toMatch(
      /^20261126-071509-[0-9a-f]{4}$/,
    );
  });

  it('sort in creation order', () => {
    const ids = ['2027-01-01T00:00:00Z', '2026-11-26T23:59:59Z', '2026-11-26T07:15:00Z'].map((t) =>
      newMigrationId(new Date(t), '0000'),
    );
    expect([...ids].sort()).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('recognises only well-formed ids', () => {
    expect(isMigrationId('20261126-071500-ab12')).toBe(true);
    expect(isMigrationId('20261126-071500-AB12')).toBe(false);
    expect(isMigrationId('../20261126-071500-ab12')).toBe(false);
    expect(isMigrationId('20261126-071500-ab12.damaged')).toBe(false);
  });

  it('key records by entity and Sonar id', () => {
    expect(recordKey('tariff_internet', '7')).toBe('tariff_internet:7');
  });
});
