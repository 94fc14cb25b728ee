// One pipeline for every collection, root or nested, and for filtered to-one relations:
// equality args AND archived AND search AND general_search AND reverse relation filters, then
// sort, then page (sonar-api.md §2.3, §2.7, §7.1 B6–B10).
import { GraphQLError } from 'graphql';
import type { SonarRow } from '../sonar-dataset/tables.js';
import {
  type FilterContext,
  followPath,
  matchesGeneralSearch,
  matchesReverseRelationFilters,
  matchesSearches,
  type ReverseRelationFilterInput,
  type SearchInput,
} from './search.js';

export interface CollectionArgs {
  [argument: string]: unknown;
  paginator?: { page: number; records_per_page: number } | null;
  sorter?: readonly ({ attribute: string; direction: 'ASC' | 'DESC' } | null)[] | null;
  search?: readonly (SearchInput | null)[] | null;
  general_search?: string | null;
  general_search_mode?: 'ROOT' | 'ROOT_PLUS_RELATIONS' | null;
  reverse_relation_filters?: readonly (ReverseRelationFilterInput | null)[] | null;
  include_archived?: boolean | null;
}

/** Arguments that steer the query rather than compare a column. */
const CONTROL_ARGUMENTS = new Set([
  'paginator',
  'sorter',
  'search',
  'general_search',
  'general_search_mode',
  'aggregation',
  'reverse_relation_filters',
  'include_archived',
]);

export interface PageInfo {
  page: number;
  total_pages: number;
  total_count: number;
  records_per_page: number;
}

export interface Connection {
  entities: SonarRow[];
  page_info: PageInfo;
  aggregations: [];
}

export interface PageSettings {
  /** When no paginator is sent: null = every row on one page. */
  defaultPageSize: number | null;
  /**
   * Nested connections without a paginator: null = every row (today's default). Whether real
   * Sonar pages them is open (sonar-api.md §2.7, §7.1 B7); a number cuts each list to its first
   * page, with page_info saying how many rows there are.
   */
  nestedPageSize?: number | null;
  maxPageSize: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/**
 * Rows that pass every filter argument. `plusRelations` are the relations a
 * ROOT_PLUS_RELATIONS general search may also look through.
 */
export function filterRows(
  ctx: FilterContext,
  type: string,
  rows: readonly SonarRow[],
  args: CollectionArgs,
  plusRelations: readonly string[] = [],
): SonarRow[] {
  const equalities = Object.entries(args).filter(
    ([name, value]) => value !== undefined && !CONTROL_ARGUMENTS.has(name),
  );
  const hideArchived = type === 'Account' && args.include_archived !== true;
  const searches = args.search ?? [];
  const generalSearch = args.general_search ?? null;
  const filters = args.reverse_relation_filters ?? [];
  const searchRelations = args.general_search_mode === 'ROOT_PLUS_RELATIONS' ? plusRelations : [];
  if (
    equalities.length === 0 &&
    !hideArchived &&
    searches.length === 0 &&
    generalSearch === null &&
    filters.length === 0
  ) {
    return [...rows];
  }
  return rows.filter(
    (row) =>
      equalities.every(([name, value]) => sameValue(ctx.value(type, row, name), value)) &&
      !(hideArchived && row.archived_at != null) &&
      matchesSearches(ctx, type, row, searches) &&
      (generalSearch === null ||
        matchesGeneralSearch(ctx, type, row, generalSearch) ||
        searchRelations.some((relation) =>
          followPath(ctx, type, row, relation).some((item) =>
            matchesGeneralSearch(ctx, item.type, item.row, generalSearch),
          ),
        )) &&
      (filters.length === 0 || matchesReverseRelationFilters(ctx, type, row, filters)),
  );
}

function order(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows arrive in ascending id; a sorter reorders them, ties keep id order (stable sort). */
export function sortRows(
  ctx: FilterContext,
  type: string,
  rows: SonarRow[],
  sorter: CollectionArgs['sorter'],
): SonarRow[] {
  const keys = (sorter ?? []).filter((s) => s != null);
  if (keys.length === 0) return rows;
  const fields = ctx.leafFields(type);
  for (const key of keys) {
    if (!fields.has(key.attribute)) {
      throw new GraphQLError(`"${key.attribute}" is not a sortable field of ${type}.`);
    }
  }
  // Every candidate list is already in ascending id, the order extractors ask for on each page.
  const [first] = keys;
  if (first?.attribute === 'id') return first.direction === 'ASC' ? rows : rows.reverse();
  // Read each sort value once rather than twice per comparison (100,000 rows sort in ~17 passes).
  const decorated = rows.map((row) => ({
    row,
    values: keys.map((key) => ctx.value(type, row, key.attribute)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const result = order(a.values[i], b.values[i]);
      if (result !== 0) return keys[i]!.direction === 'DESC' ? -result : result;
    }
    return 0;
  });
  return decorated.map((item) => item.row);
}

export function paginate(
  rows: SonarRow[],
  paginator: CollectionArgs['paginator'],
  settings: PageSettings,
): Connection {
  const total = rows.length;
  const requested = paginator?.records_per_page ?? settings.defaultPageSize;
  if (requested === null) {
    return {
      entities: rows,
      page_info: {
        page: 1,
        total_pages: total > 0 ? 1 : 0,
        total_count: total,
        records_per_page: total,
      },
      aggregations: [],
    };
  }
  if (requested < 1) throw new GraphQLError('records_per_page must be at least 1.');
  const page = paginator?.page ?? 1;
  if (page < 1) throw new GraphQLError('page must be at least 1.');
  const perPage = Math.min(requested, settings.maxPageSize);
  const start = (page - 1) * perPage;
  return {
    entities: rows.slice(start, start + perPage),
    page_info: {
      page,
      total_pages: Math.ceil(total / perPage),
      total_count: total,
      records_per_page: perPage,
    },
    aggregations: [],
  };
}
