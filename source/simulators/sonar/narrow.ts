// Candidate rows for a root collection's `search`, found through sorted per-attribute indexes
// instead of testing every row against every Search object. An id list of 100 Search objects
// over 100,000 accounts was 10 million tests a request; a window of account-id ranges over
// 260,000 notes, as many again. Narrowing only ever returns a superset of the matches: the full
// filter still runs on what it returns, so the answer is exactly the scan's. That is why bounds
// are taken as closed and NEQ is ignored here: the filter decides the edges.
import type { SonarRow } from '../sonar-dataset/tables.js';
import type { TableName } from './relations.js';
import type { FilterContext, SearchInput } from './search.js';

/** One Search object's hold on one integer attribute: EQ alternatives, or `[low, high]`. */
interface Hold {
  attribute: string;
  points: number[];
  low: number;
  high: number;
  /** Under the OR reading: each entry's own span, ORed. */
  spans?: (readonly [number, number])[];
}

function holdOf(ctx: FilterContext, type: string, search: SearchInput): Hold | undefined {
  if (ctx.searchReading === 'or') return orHoldOf(ctx, type, search);
  const fields = ctx.leafFields(type);
  const byAttribute = new Map<string, Hold>();
  for (const entry of search.integer_fields ?? []) {
    // An unknown attribute is a GraphQL error the full filter raises; it must see every row.
    if (!entry || !fields.has(entry.attribute)) return undefined;
    const value = Number(entry.search_value);
    if (!Number.isFinite(value) || entry.operator === 'NEQ') continue;
    let hold = byAttribute.get(entry.attribute);
    if (!hold) {
      hold = { attribute: entry.attribute, points: [], low: -Infinity, high: Infinity };
      byAttribute.set(entry.attribute, hold);
    }
    if (entry.operator === 'EQ') hold.points.push(value);
    else if (entry.operator === 'GT' || entry.operator === 'GTE')
      hold.low = Math.max(hold.low, value);
    else hold.high = Math.min(hold.high, value);
  }
  // The tightest hold wins: points before a bounded range.
  const holds = [...byAttribute.values()];
  return (
    holds.find((hold) => hold.points.length > 0) ??
    holds.find((hold) => hold.low !== -Infinity || hold.high !== Infinity)
  );
}

/** Same-attribute entries ORed: the union of each entry's span; a NEQ spans (nearly) all. */
function orHoldOf(ctx: FilterContext, type: string, search: SearchInput): Hold | undefined {
  const fields = ctx.leafFields(type);
  const byAttribute = new Map<string, (readonly [number, number])[] | null>();
  for (const entry of search.integer_fields ?? []) {
    if (!entry || !fields.has(entry.attribute)) return undefined;
    const value = Number(entry.search_value);
    const spans = byAttribute.get(entry.attribute) ?? [];
    if (spans === null) continue;
    if (!Number.isFinite(value) || entry.operator === 'NEQ') {
      byAttribute.set(entry.attribute, null);
      continue;
    }
    spans.push(
      entry.operator === 'EQ'
        ? [value, value]
        : entry.operator === 'GT' || entry.operator === 'GTE'
          ? [value, Infinity]
          : [-Infinity, value],
    );
    byAttribute.set(entry.attribute, spans);
  }
  for (const [attribute, spans] of byAttribute) {
    if (spans) return { attribute, points: [], low: -Infinity, high: Infinity, spans };
  }
  return undefined;
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
  const holds: Hold[] = [];
  for (const search of present) {
    const hold = holdOf(ctx, type, search);
    if (!hold) return undefined;
    holds.push(hold);
  }
  const found = new Set<SonarRow>();
  for (const { attribute, points, low, high, spans: own } of holds) {
    const index = ctx.store.sortedBy(table, attribute, (row) => ctx.value(type, row, attribute));
    const spans =
      own ?? (points.length > 0 ? points.map((p) => [p, p] as const) : [[low, high] as const]);
    for (const [from, to] of spans) {
      for (let i = lowerBound(index.values, from); i < index.values.length; i++) {
        if ((index.values[i] as number) > to) break;
        found.add(index.rows[i] as SonarRow);
      }
    }
  }
  return [...found].sort((a, b) => a.id - b.id);
}
