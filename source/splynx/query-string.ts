// Splynx reads search parameters the way PHP's http_build_query writes them:
// `main_attributes[f][0]=IN&main_attributes[f][1][0]=a`. Brackets are percent-encoded as PHP does;
// PHP decodes either form, so this is the one spelling our tests pin down.

export type Primitive = string | number | boolean;

export type Operator =
  | '='
  | '!='
  | '<>'
  | '>'
  | '<'
  | '>='
  | '<='
  | 'LIKE'
  | 'IN'
  | 'BETWEEN'
  | 'IS'
  | 'REGEXP'
  | 'FIND_IN_SET';

/** A plain value means equality; otherwise `[operator, ...operands]`, e.g. `['IN', ['a', 'b']]`. */
export type Condition = Primitive | readonly [Operator, ...(Primitive | readonly Primitive[])[]];
export type Filter = Record<string, Condition>;
export type Order = Record<string, 'ASC' | 'DESC'>;

export interface ListQuery {
  main?: Filter;
  additional?: Filter;
  order?: Order;
  limit?: number;
  offset?: number;
}

type Nested = Primitive | readonly Nested[];

function scalar(value: Primitive): string {
  // PHP renders booleans as 1/0.
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function append(pairs: string[], key: string, value: Nested): void {
  if (Array.isArray(value)) {
    value.forEach((item: Nested, index) => {
      append(pairs, `${key}[${index}]`, item);
    });
    return;
  }
  pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalar(value as Primitive))}`);
}

function appendFilter(pairs: string[], group: string, filter: Filter | undefined): void {
  if (!filter) return;
  for (const [field, condition] of Object.entries(filter)) {
    append(pairs, `${group}[${field}]`, condition);
  }
}

/** The query string (without `?`) for a list, search or count; '' when there is nothing to send. */
export function buildQuery(query: ListQuery): string {
  const pairs: string[] = [];
  appendFilter(pairs, 'main_attributes', query.main);
  appendFilter(pairs, 'additional_attributes', query.additional);
  for (const [field, direction] of Object.entries(query.order ?? {})) {
    append(pairs, `order[${field}]`, direction);
  }
  if (query.limit !== undefined) append(pairs, 'limit', query.limit);
  if (query.offset !== undefined) append(pairs, 'offset', query.offset);
  return pairs.join('&');
}
