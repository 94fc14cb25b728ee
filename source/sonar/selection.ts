// Which accounts to extract, turned into Sonar `Search` objects. Search objects in one list are
// ORed and the fields inside one are ANDed (reference/sonar-api.md §2.4), so "status A or B,
// created in a range" is one Search per status, each carrying the same date bounds.
import { UserError } from '../errors.js';
import { rangeSearch } from './id-ranges.js';
import type { SearchReading } from './search-reading.js';

export interface AccountSelection {
  /** Exact account ids; status and date filters still apply to them. */
  ids?: readonly string[];
  /** Keep accounts in any of these account status ids. */
  statusIds?: readonly string[];
  /** Inclusive lower bound on `created_at`: `YYYY-MM-DD` (00:00 UTC) or an ISO datetime. */
  createdFrom?: string;
  /** Inclusive upper bound on `created_at`: `YYYY-MM-DD` (the whole day, UTC) or an ISO datetime. */
  createdTo?: string;
  /** Archived accounts are left out unless this is true. */
  includeArchived?: boolean;
}

interface IntegerField {
  attribute: string;
  search_value: number;
  operator: 'EQ' | 'GTE' | 'LTE';
}
interface DatetimeField {
  attribute: string;
  search_value: string;
  operator: 'GTE' | 'GT' | 'LT' | 'LTE';
}
export interface SearchInput {
  integer_fields?: IntegerField[];
  datetime_fields?: DatetimeField[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Bound {
  /** Sent to Sonar. */
  value: string;
  operator: DatetimeField['operator'];
  /** Epoch ms for the same test done locally. */
  ms: number;
}

function lowerBound(input: string): Bound {
  const value = DATE.test(input) ? `${input}T00:00:00+00:00` : input;
  return { value, operator: 'GTE', ms: parseInstant(value, '--created-from') };
}

function upperBound(input: string): Bound {
  if (DATE.test(input)) {
    const next = new Date(parseInstant(`${input}T00:00:00+00:00`, '--created-to') + 86_400_000);
    const value = `${next.toISOString().slice(0, 10)}T00:00:00+00:00`;
    return { value, operator: 'LT', ms: Date.parse(value) };
  }
  return { value: input, operator: 'LTE', ms: parseInstant(input, '--created-to') };
}

function parseInstant(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UserError(
      `${flag} "${value}" is not a date`,
      'use YYYY-MM-DD or an ISO 8601 datetime',
    );
  }
  return ms;
}

function numericId(id: string, what: string): number {
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(Number(id))) {
    throw new UserError(
      `${what} "${id}" is not a Sonar id`,
      'Sonar ids are positive whole numbers',
    );
  }
  return Number(id);
}

/** A validated selection: Sonar search objects plus the same test for local filtering. */
export interface CompiledSelection {
  /** Sorted ascending, de-duplicated; undefined when no ids were given. */
  ids: string[] | undefined;
  /** Search for the filters (statuses and dates) alone; undefined when there are none. */
  filterSearch: SearchInput[] | undefined;
  /**
   * Under the OR reading a date range cannot be two entries of one Search object, so
   * filterSearch carries the lower bound alone and rows past the upper bound are dropped locally
   * (`matches`); to count, the rows this Search finds (at or past the upper bound) are taken off.
   */
  pastSearch: SearchInput[] | undefined;
  includeArchived: boolean;
  /** Whether an account row passes the status and date filters. */
  matches(row: { account_status_id: string; created_at: string }): boolean;
  hasFilters: boolean;
}

export function compileSelection(
  selection: AccountSelection,
  reading: SearchReading = 'and',
): CompiledSelection {
  const from = selection.createdFrom ? lowerBound(selection.createdFrom) : undefined;
  const to = selection.createdTo ? upperBound(selection.createdTo) : undefined;
  if (from && to && from.ms >= to.ms) {
    throw new UserError('--created-from is after --created-to', 'swap the two dates');
  }
  const statuses = [...new Set(selection.statusIds ?? [])];
  const statusNumbers = statuses.map((id) => numericId(id, 'account status id'));
  // Numeric order and one spelling per id: "010" and "10" are the same account.
  const ids = selection.ids
    ? [...new Set(selection.ids.map((id) => String(numericId(id, 'account id'))))].sort(
        (a, b) => Number(a) - Number(b),
      )
    : undefined;

  const dates: DatetimeField[] = [from, to]
    .filter((bound): bound is Bound => bound !== undefined)
    .map((bound) => ({
      attribute: 'created_at',
      search_value: bound.value,
      operator: bound.operator,
    }));
  const split = reading === 'or' && dates.length > 1;
  const sent = split ? dates.slice(0, 1) : dates;
  // The complement of the upper bound: what lies at or past it.
  const past: DatetimeField[] =
    split && to
      ? [
          {
            attribute: 'created_at',
            search_value: to.value,
            operator: to.operator === 'LT' ? 'GTE' : 'GT',
          },
        ]
      : [];
  const build = (bounds: DatetimeField[]): SearchInput[] | undefined => {
    const withDates = (search: SearchInput): SearchInput =>
      bounds.length > 0 ? { ...search, datetime_fields: bounds } : search;
    if (statusNumbers.length > 0) {
      return statusNumbers.map((n) =>
        withDates({
          integer_fields: [{ attribute: 'account_status_id', search_value: n, operator: 'EQ' }],
        }),
      );
    }
    return bounds.length > 0 ? [{ datetime_fields: bounds }] : undefined;
  };
  const filterSearch = build(sent);
  const pastSearch = split ? build(past) : undefined;

  const statusSet = new Set(statuses);
  return {
    ids,
    filterSearch,
    pastSearch,
    includeArchived: selection.includeArchived ?? false,
    hasFilters: filterSearch !== undefined,
    matches(row) {
      if (statusSet.size > 0 && !statusSet.has(row.account_status_id)) return false;
      const created = Date.parse(row.created_at);
      if (from && !(created >= from.ms)) return false;
      if (to && !(to.operator === 'LT' ? created < to.ms : created <= to.ms)) return false;
      return true;
    },
  };
}

/** One Search per id: ORed, each an exact match. */
export function idSearch(ids: readonly string[]): SearchInput[] {
  return rangeSearch(
    'id',
    ids.map((id) => [Number(id), Number(id)] as const),
  );
}
