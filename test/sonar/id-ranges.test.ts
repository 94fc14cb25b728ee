// The ranges a window searches by: every id covered, at most `max` ranges, cut at the widest gaps.
import { describe, expect, it } from 'vitest';
import { coverIds, rangeSearch } from '../../source/sonar/id-ranges.js';

describe('coverIds', () => {
  it('cuts at the widest gaps first, and never between neighbours', () => {
    expect(coverIds([1, 2, 3, 10, 11, 500, 501, 9000], 3)).toEqual([
      [1, 11],
      [500, 501],
      [9000, 9000],
    ]);
    expect(coverIds([5, 6, 7, 8], 10)).toEqual([[5, 8]]);
    expect(coverIds([1, 3, 5], 10)).toEqual([
      [1, 1],
      [3, 3],
      [5, 5],
    ]);
  });

  it('covers every id, unsorted and repeated, within the limit', () => {
    const ids = [40, 7, 7, 1_000_000, 12, 13, 99, 400, 41];
    for (const max of [1, 2, 3, 5, 100]) {
      const ranges = coverIds(ids, max);
      expect(ranges.length).toBeLessThanOrEqual(max);
      for (const id of ids) expect(ranges.some(([lo, hi]) => lo <= id && id <= hi)).toBe(true);
      // Ascending and disjoint.
      for (let i = 1; i < ranges.length; i++)
        expect((ranges[i]?.[0] ?? 0) > (ranges[i - 1]?.[1] ?? 0)).toBe(true);
    }
    expect(coverIds(ids, 1)).toEqual([[7, 1_000_000]]);
    expect(coverIds([], 5)).toEqual([]);
  });
});

describe('rangeSearch', () => {
  it('sends a single id as EQ and a span as two bounds in one Search object', () => {
    expect(
      rangeSearch('account_id', [
        [3, 3],
        [10, 20],
      ]),
    ).toEqual([
      { integer_fields: [{ attribute: 'account_id', search_value: 3, operator: 'EQ' }] },
      {
        integer_fields: [
          { attribute: 'account_id', search_value: 10, operator: 'GTE' },
          { attribute: 'account_id', search_value: 20, operator: 'LTE' },
        ],
      },
    ]);
  });
});
