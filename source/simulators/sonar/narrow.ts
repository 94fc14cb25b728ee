// Candidate rows for a root collection's `search`, found through sorted per-attribute indexes
// instead of testing every row against every Search object. An id list of 100 Search objects
// over 100,000 accounts was 10 million tests a request; a window of account-id ranges over
// 260,000 notes, as many again. Narrowing only ever returns a superset of the matches: the full
// filter still runs on what it returns, so the answer is exactly the scan's.
import type { SonarRow } from '../sonar-dataset/tables.js';
import type { TableName } from './relations.js';
import type { FilterContext, SearchInput } from './search.js';

interface Interval {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/** One Search object's hold on one integer attribute: EQ alternatives ORed, bounds ANDed. */
interface Constraint {
  attribute: string;
  points: number[] | undefined;
  interval: Interval;
}

const OPEN: Interval = { lo: -Infinity, hi: Infinity, loOpen: false, hiOpen: false };

function constraintOf(
  ctx: FilterContext,
  type: string,
  search: SearchInput,
): Constraint | undefined {
  const fields = ctx.leafFields(type);
  const byAttribute = new Map<string, Constraint>();
  for (const entry of search.integer_fields ?? []) {
    // An unknown attribute is a GraphQL error the full filter raises; it must see every row.
    if (!entry || !fields.has(entry.attribute)) return undefined;
    const value = Number(entry.search_value);
    if (!Number.isFinite(value)) continue;
    const held = byAttribute.get(entry.attribute) ?? {
      attribute: entry.attribute,
      points: undefined,
      interval: { ...OPEN },
    };
    const { interval } = held;
    switch (entry.operator) {
      case 'EQ':
        held.points = [...(held.points ?? []), value];
        break;
      case 'GTE':
      case 'GT':
        if (value > interval.lo || (value === interval.lo && entry.operator === 'GT')) {
          interval.lo = value;
          interval.loOpen = entry.operator === 'GT';
        }
        break;
      case 'LTE':
      case 'LT':
        if (value < interval.hi || (value === interval.hi && entry.operator === 'LT')) {
          interval.hi = value;
          interval.hiOpen = entry.operator === 'LT';
        }
        break;
      default:
        // NEQ excludes; it narrows nothing.
        continue;
    }
    byAttribute.set(entry.attribute, held);
  }
  // The tightest hold wins: points before a bounded interval.
  let best: Constraint | undefined;
  for (const held of byAttribute.values()) {
    if (held.points) return held;
    if (held.interval.lo !== -Infinity || held.interval.hi !== Infinity) best ??= held;
  }
  return best;
}

function inside(value: number, interval: Interval): boolean {
  return (
    (interval.loOpen ? value > interval.lo : value >= interval.lo) &&
    (interval.hiOpen ? value < interval.hi : value <= interval.hi)
  );
}

/** First index whose value is >= target. */
function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rows that can match `searches` (ORed Search objects), ascending id; undefined when some Search
 * object holds no integer attribute to narrow by, and every row must be tested.
 */
export function narrowCandidates(
  ctx: FilterContext,
  type: string,
  table: TableName,
  searches: readonly (SearchInput | null)[],
): SonarRow[] | undefined {
  const present = searches.filter((s): s is SearchInput => s != null);
  if (present.length === 0) return undefined;
  const constraints: Constraint[] = [];
  for (const search of present) {
    const constraint = constraintOf(ctx, type, search);
    if (!constraint) return undefined;
    constraints.push(constraint);
  }
  const found = new Set<SonarRow>();
  for (const { attribute, points, interval } of constraints) {
    const index = ctx.store.sortedBy(table, attribute, (row) => ctx.value(type, row, attribute));
    const spans = points
      ? points.filter((p) => inside(p, interval)).map((p) => [p, p] as const)
      : [[interval.lo, interval.hi] as const];
    for (const [from, to] of spans) {
      for (let i = lowerBound(index.values, from); i < index.values.length; i++) {
        const value = index.values[i] as number;
        if (value > to) break;
        if (inside(value, interval)) found.add(index.rows[i] as SonarRow);
      }
    }
  }
  return [...found].sort((a, b) => a.id - b.id);
}
