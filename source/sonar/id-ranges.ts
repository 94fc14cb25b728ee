// Sonar `Search` objects that cover a set of ids with a bounded number of ranges. A window of a
// thousand accounts asks for its RADIUS logins, notes and addresses by account id; sending one
// Search object per id would be a thousand ORed conditions, and one range from the lowest id to
// the highest reads everything in between. Cutting at the widest gaps gives the fewest rows read
// for a given number of ranges; the caller still joins by exact id, so extra rows are only waste.
import type { SearchInput } from './selection.js';

/** Inclusive `[low, high]`. */
export type IdRange = readonly [number, number];

/** At most `max` ranges (max >= 1) covering every id, split at the widest gaps. */
export function coverIds(ids: Iterable<number>, max: number): IdRange[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const gaps: { after: number; width: number }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const width = (sorted[i + 1] as number) - (sorted[i] as number);
    // Neighbouring ids need no cut: one range holds them at no cost.
    if (width > 1) gaps.push({ after: i, width });
  }
  const cuts = gaps
    .sort((a, b) => b.width - a.width || a.after - b.after)
    .slice(0, Math.max(0, Math.floor(max) - 1))
    .map((gap) => gap.after)
    .sort((a, b) => a - b);
  const ranges: IdRange[] = [];
  let start = sorted[0] as number;
  for (const after of cuts) {
    ranges.push([start, sorted[after] as number]);
    start = sorted[after + 1] as number;
  }
  ranges.push([start, sorted[sorted.length - 1] as number]);
  return ranges;
}

/** One Search object per range, ORed by Sonar: a single id is an EQ, a span two bounds ANDed. */
export function rangeSearch(attribute: string, ranges: readonly IdRange[]): SearchInput[] {
  return ranges.map(([low, high]) => ({
    integer_fields:
      low === high
        ? [{ attribute, search_value: low, operator: 'EQ' as const }]
        : [
            { attribute, search_value: low, operator: 'GTE' as const },
            { attribute, search_value: high, operator: 'LTE' as const },
          ],
  }));
}
