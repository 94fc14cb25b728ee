// Sonar's filter semantics (sonar-api.md §2.4, §2.5, §7.1 B10–B13) over plain rows. Inputs arrive
// already coerced by graphql-js, so only attribute names need checking here: an unknown one is a
// GraphQL error, as a typo in a real query would be.
import { GraphQLError } from 'graphql';
import type { SonarRow } from '../sonar-dataset/tables.js';
import type { SonarStore, Typed } from './store.js';

export interface LeafField {
  /** Named GraphQL type: String, Int64Bit, an enum name... */
  scalar: string;
  list: boolean;
}

/**
 * How entries naming the same attribute inside one Search object combine (sonar-api.md §2.4: the
 * docs say AND, LibreQoS relies on OR for a status list; a real instance is one or the other).
 * mixed: alternatives (EQ, match:true) ORed, bounds and exclusions ANDed, so a list of statuses
 * and a GTE+LTE range both work; and: every entry ANDed, as documented; or: every entry ORed,
 * so `id GTE a` + `id LTE b` matches every row.
 */
export type SearchReading = 'mixed' | 'and' | 'or';
export const SEARCH_READINGS = ['mixed', 'and', 'or'] as const;

export interface FilterContext {
  store: SonarStore;
  /** Default mixed. */
  searchReading?: SearchReading;
  leafFields(type: string): ReadonlyMap<string, LeafField>;
  value(type: string, row: SonarRow, field: string): unknown;
}

type RangeOperator = 'GTE' | 'GT' | 'LTE' | 'LT' | 'EQ' | 'NEQ';
interface StringField {
  attribute: string;
  search_value: string;
  match: boolean;
  partial_matching?: boolean | null;
}
interface RangeField<T> {
  attribute: string;
  search_value: T;
  operator: RangeOperator;
}
interface IpField {
  attribute: string;
  search_value: string;
  match: boolean;
}
interface BooleanField {
  attribute: string;
  search_value: boolean;
  operator?: 'EQ' | 'NEQ' | null;
}
interface Vertex {
  latitude: unknown;
  longitude: unknown;
}

export interface SearchInput {
  string_fields?: readonly (StringField | null)[] | null;
  integer_fields?: readonly (RangeField<number> | null)[] | null;
  float_fields?: readonly (RangeField<number> | null)[] | null;
  datetime_fields?: readonly (RangeField<string> | null)[] | null;
  date_fields?: readonly (RangeField<string> | null)[] | null;
  ip_address_fields?: readonly (IpField | null)[] | null;
  boolean_fields?: readonly (BooleanField | null)[] | null;
  geopoint_fields?: readonly (Vertex | null)[] | null;
  unset_fields?: readonly (string | null)[] | null;
  exists?: readonly (string | null)[] | null;
  reverse_relation_filters?: readonly (ReverseRelationFilterInput | null)[] | null;
}

export interface ReverseRelationFilterInput {
  relation: string;
  search?: readonly (SearchInput | null)[] | null;
  general_search?: string | null;
  is_empty?: boolean | null;
  group?: string | null;
}

/** Scalars whose values are text, searched by `general_search`. */
const TEXT_SCALARS = new Set([
  'String',
  'Text',
  'Clob',
  'EmailAddress',
  'Numeric',
  'URL',
  'HttpsUrl',
  'DomainName',
  'MacAddress',
  'IP',
  'SubnetScalar',
  'IpRange',
]);

/** A list of Search objects: OR between objects (an empty or absent list keeps everything). */
export function matchesSearches(
  ctx: FilterContext,
  type: string,
  row: SonarRow,
  searches: readonly (SearchInput | null)[],
): boolean {
  const present = searches.filter((s): s is SearchInput => s != null);
  return present.length === 0 || present.some((search) => matchesSearch(ctx, type, row, search));
}

/** One Search object: AND across attributes; same-attribute entries as in sameAttributeOr (§2.4). */
export function matchesSearch(
  ctx: FilterContext,
  type: string,
  row: SonarRow,
  search: SearchInput,
): boolean {
  const read = (attribute: string) => {
    if (!ctx.leafFields(type).has(attribute)) {
      throw new GraphQLError(`"${attribute}" is not a searchable field of ${type}.`);
    }
    return ctx.value(type, row, attribute);
  };
  const all = <T extends { attribute: string }>(
    entries: readonly (T | null)[] | null | undefined,
    test: (entry: T) => boolean,
  ) => !entries || sameAttribute(entries, test, ctx.searchReading ?? 'mixed');
  if (
    !all(search.string_fields, (f) => stringMatches(read(f.attribute), f)) ||
    !all(search.integer_fields, (f) => numberMatches(read(f.attribute), f)) ||
    !all(search.float_fields, (f) => numberMatches(read(f.attribute), f)) ||
    !all(search.date_fields, (f) => dateMatches(read(f.attribute), f, false)) ||
    !all(search.datetime_fields, (f) => dateMatches(read(f.attribute), f, true)) ||
    !all(search.ip_address_fields, (f) => ipMatches(read(f.attribute), f)) ||
    !all(search.boolean_fields, (f) => booleanMatches(read(f.attribute), f))
  ) {
    return false;
  }
  for (const attribute of search.unset_fields ?? []) {
    if (attribute != null && read(attribute) != null) return false;
  }
  for (const attribute of search.exists ?? []) {
    if (attribute == null) continue;
    const value = read(attribute);
    if (value == null || (Array.isArray(value) && value.length === 0)) return false;
  }
  const polygon = (search.geopoint_fields ?? []).filter((v): v is Vertex => v != null);
  if (polygon.length >= 3 && !insidePolygon(row, polygon)) return false;
  const filters = search.reverse_relation_filters ?? [];
  return filters.length === 0 || matchesReverseRelationFilters(ctx, type, row, filters);
}

/**
 * Entries naming the same attribute, combined as `reading` says. Under mixed, alternatives (EQ,
 * or a string that must match) are ORed, as LibreQoS expects of a status list; bounds and
 * exclusions are ANDed, so a range still works.
 */
function sameAttribute<T extends { attribute: string }>(
  entries: readonly (T | null)[],
  test: (entry: T) => boolean,
  reading: SearchReading,
): boolean {
  const byAttribute = new Map<string, T[]>();
  for (const entry of entries) {
    if (!entry) continue;
    const list = byAttribute.get(entry.attribute);
    if (list) list.push(entry);
    else byAttribute.set(entry.attribute, [entry]);
  }
  for (const list of byAttribute.values()) {
    if (reading === 'and' && !list.every(test)) return false;
    if (reading === 'or' && !list.some(test)) return false;
    if (reading !== 'mixed') continue;
    const alternatives = list.filter(isAlternative);
    if (alternatives.length > 0 && !alternatives.some(test)) return false;
    if (!list.filter((entry) => !isAlternative(entry)).every(test)) return false;
  }
  return true;
}

function isAlternative(entry: object): boolean {
  if ('operator' in entry) return entry.operator === 'EQ' || entry.operator == null;
  return 'match' in entry && entry.match === true;
}

function stringMatches(value: unknown, field: StringField): boolean {
  let found = false;
  if (value != null) {
    const text = (Array.isArray(value) ? value.join(',') : String(value)).toLowerCase();
    const wanted = field.search_value.toLowerCase();
    found = field.partial_matching === false ? text === wanted : text.includes(wanted);
  }
  return field.match ? found : !found;
}

function compare(order: number, operator: RangeOperator): boolean {
  switch (operator) {
    case 'EQ':
      return order === 0;
    case 'NEQ':
      return order !== 0;
    case 'GT':
      return order > 0;
    case 'GTE':
      return order >= 0;
    case 'LT':
      return order < 0;
    case 'LTE':
      return order <= 0;
  }
}

// SQL semantics: a null column matches no range condition, not even NEQ.
function numberMatches(value: unknown, field: RangeField<number>): boolean {
  if (value == null || value === '') return false;
  const number = Number(value);
  return !Number.isNaN(number) && compare(Math.sign(number - field.search_value), field.operator);
}

function dateMatches(value: unknown, field: RangeField<string>, withTime: boolean): boolean {
  if (value == null) return false;
  if (withTime) {
    const a = Date.parse(String(value));
    const b = Date.parse(field.search_value);
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    return compare(Math.sign(a - b), field.operator);
  }
  const a = String(value).slice(0, 10);
  const b = field.search_value.slice(0, 10);
  return compare(a < b ? -1 : a > b ? 1 : 0, field.operator);
}

function booleanMatches(value: unknown, field: BooleanField): boolean {
  if (typeof value !== 'boolean') return false;
  return field.operator === 'NEQ' ? value !== field.search_value : value === field.search_value;
}

function ipMatches(value: unknown, field: IpField): boolean {
  const inside = value != null && ipWithin(String(value), field.search_value);
  return field.match ? inside : !inside;
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return undefined;
    result = result * 256 + octet;
  }
  return result;
}

/** Whether an address (or a CIDR's network address) lies inside a v4 subnet; v6 compares exactly. */
export function ipWithin(address: string, subnet: string): boolean {
  const [ip = '', ownBits] = address.split('/');
  const [network = '', bitsText = '32'] = subnet.split('/');
  const a = ipv4ToNumber(ip);
  const n = ipv4ToNumber(network);
  if (a === undefined || n === undefined) return address.toLowerCase() === subnet.toLowerCase();
  const bits = Number(bitsText);
  if (ownBits !== undefined && Number(ownBits) < bits) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(n / block);
}

function pointOf(row: SonarRow): [number, number] | undefined {
  if (row.latitude != null && row.longitude != null)
    return [Number(row.latitude), Number(row.longitude)];
  const geopoint = row.geopoint as { latitude?: unknown; longitude?: unknown } | null | undefined;
  if (geopoint && geopoint.latitude != null && geopoint.longitude != null)
    return [Number(geopoint.latitude), Number(geopoint.longitude)];
  return undefined;
}

// Ray casting; good enough for the service-area polygons an ISP draws.
function insidePolygon(row: SonarRow, vertices: readonly Vertex[]): boolean {
  const point = pointOf(row);
  if (!point) return false;
  const [y, x] = point;
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const yi = Number(vertices[i]!.latitude);
    const xi = Number(vertices[i]!.longitude);
    const yj = Number(vertices[j]!.latitude);
    const xj = Number(vertices[j]!.longitude);
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Case-insensitive substring over every text field of the row. */
export function matchesGeneralSearch(
  ctx: FilterContext,
  type: string,
  row: SonarRow,
  text: string,
): boolean {
  const wanted = text.toLowerCase();
  for (const [name, field] of ctx.leafFields(type)) {
    if (!TEXT_SCALARS.has(field.scalar)) continue;
    const value = ctx.value(type, row, name);
    if (value != null && String(value).toLowerCase().includes(wanted)) return true;
  }
  return false;
}

/** Rows reached by a dotted relation path ("account_services.service"). */
export function followPath(ctx: FilterContext, type: string, row: SonarRow, path: string): Typed[] {
  let current: Typed[] = [{ type, row }];
  for (const step of path.split('.')) {
    current = current.flatMap((item) => {
      try {
        return ctx.store.related(item.type, item.row, step);
      } catch {
        throw new GraphQLError(`"${step}" is not a relation of ${item.type} (in "${path}").`);
      }
    });
  }
  return current;
}

/** Same group: AND; different groups: OR (§2.5). */
export function matchesReverseRelationFilters(
  ctx: FilterContext,
  type: string,
  row: SonarRow,
  filters: readonly (ReverseRelationFilterInput | null)[],
): boolean {
  const groups = new Map<string, ReverseRelationFilterInput[]>();
  for (const filter of filters) {
    if (!filter) continue;
    const group = filter.group ?? '1';
    const list = groups.get(group);
    if (list) list.push(filter);
    else groups.set(group, [filter]);
  }
  if (groups.size === 0) return true;
  for (const list of groups.values()) {
    if (list.every((filter) => matchesReverseRelationFilter(ctx, type, row, filter))) return true;
  }
  return false;
}

function matchesReverseRelationFilter(
  ctx: FilterContext,
  type: string,
  row: SonarRow,
  filter: ReverseRelationFilterInput,
): boolean {
  const related = followPath(ctx, type, row, filter.relation);
  const hit = related.some(
    (item) =>
      matchesSearches(ctx, item.type, item.row, filter.search ?? []) &&
      (filter.general_search == null ||
        matchesGeneralSearch(ctx, item.type, item.row, filter.general_search)),
  );
  return filter.is_empty ? !hit : hit;
}
