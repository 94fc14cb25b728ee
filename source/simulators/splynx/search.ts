// `main_attributes` / `additional_attributes` search, `order[...]`, `limit`, `offset` over rows,
// with every operator of splynx-api.md §4.1. Comparisons are MySQL-like: numeric when both sides
// are numbers, otherwise case-insensitive text (the default utf8 collation).
import type { PhpValue } from './php-query.js';
import { fail } from './replies.js';

export const OPERATORS = [
  '=',
  '!=',
  '<>',
  '>',
  '<',
  '>=',
  '<=',
  'LIKE',
  'IN',
  'BETWEEN',
  'IS',
  'REGEXP',
  'FIND_IN_SET',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Condition {
  group: 'main_attributes' | 'additional_attributes';
  field: string;
  operator: Operator;
  values: PhpValue[];
  /** LIKE and REGEXP compiled once per request, not once per row. */
  pattern?: RegExp;
}

export function parseConditions(query: Record<string, PhpValue>): Condition[] {
  const out: Condition[] = [];
  for (const group of ['main_attributes', 'additional_attributes'] as const) {
    const raw = query[group];
    if (raw === undefined) continue;
    if (typeof raw !== 'object' || Array.isArray(raw)) fail(400, 'BAD_REQUEST', `Invalid ${group}`);
    for (const [field, spec] of Object.entries(raw)) out.push(parseCondition(group, field, spec));
  }
  return out;
}

function parseCondition(group: Condition['group'], field: string, spec: PhpValue): Condition {
  if (typeof spec === 'string') return { group, field, operator: '=', values: [spec] };
  if (!Array.isArray(spec) || typeof spec[0] !== 'string') {
    fail(400, 'BAD_REQUEST', `Invalid search condition for ${field}`);
  }
  const operator = spec[0].toUpperCase() as Operator;
  if (!OPERATORS.includes(operator)) fail(400, 'BAD_REQUEST', `Unknown operator ${spec[0]}`);
  const values = spec.slice(1);
  const needed = operator === 'BETWEEN' ? 2 : 1;
  if (values.length < needed)
    fail(400, 'BAD_REQUEST', `Operator ${operator} needs ${needed} value(s)`);
  if (operator === 'IN' && !Array.isArray(values[0])) values[0] = [values[0] as PhpValue];
  const condition: Condition = { group, field, operator, values };
  if (operator === 'LIKE') condition.pattern = likePattern(scalar(values[0]));
  if (operator === 'REGEXP') {
    try {
      condition.pattern = new RegExp(scalar(values[0]), 'i');
    } catch {
      fail(400, 'BAD_REQUEST', 'Invalid regular expression');
    }
  }
  return condition;
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

/** <0, 0, >0 like MySQL would compare a column with a literal. */
export function compare(a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  const x = a === null || a === undefined ? '' : String(a).toLowerCase();
  const y = b === null || b === undefined ? '' : String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Index keys with the meaning of `compare(a, b) === 0`: numbers by value, text
 * case-insensitively; a multi-valued field is found under each of its values (as `matches` does).
 */
export function equalityKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(equalityKeys);
  if (isNumeric(value)) return [`n:${Number(value)}`];
  return [`s:${value === null || value === undefined ? '' : String(value).toLowerCase()}`];
}

function scalar(value: PhpValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function likePattern(value: string): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Yii wraps a LIKE value in %...%; a literal % from the caller is still a wildcard here.
  return new RegExp(escaped.replace(/%/g, '.*').replace(/_/g, '.'), 'is');
}

function matchesOne(actual: unknown, condition: Condition): boolean {
  const first = condition.values[0];
  switch (condition.operator) {
    case '=':
      return compare(actual, scalar(first)) === 0;
    case '!=':
    case '<>':
      return compare(actual, scalar(first)) !== 0;
    case '>':
      return compare(actual, scalar(first)) > 0;
    case '<':
      return compare(actual, scalar(first)) < 0;
    case '>=':
      return compare(actual, scalar(first)) >= 0;
    case '<=':
      return compare(actual, scalar(first)) <= 0;
    case 'LIKE':
    case 'REGEXP':
      return (
        condition.pattern?.test(actual === null || actual === undefined ? '' : String(actual)) ??
        false
      );
    case 'IN':
      return (Array.isArray(first) ? first : []).some((v) => compare(actual, scalar(v)) === 0);
    case 'BETWEEN':
      return (
        compare(actual, scalar(first)) >= 0 && compare(actual, scalar(condition.values[1])) <= 0
      );
    case 'IS': {
      const wanted = scalar(first).trim().toUpperCase();
      const isNull = actual === null || actual === undefined;
      return wanted === 'NOT NULL' ? !isNull : isNull;
    }
    case 'FIND_IN_SET': {
      const list = Array.isArray(actual) ? actual.map(String) : String(actual ?? '').split(',');
      return list.some((item) => compare(item, scalar(first)) === 0);
    }
  }
}

/** Array columns (partners_ids...) match when any element does, except for FIND_IN_SET. */
export function matches(actual: unknown, condition: Condition): boolean {
  if (Array.isArray(actual) && condition.operator !== 'FIND_IN_SET') {
    return actual.some((item) => matchesOne(item, condition));
  }
  return matchesOne(actual, condition);
}

export interface Paging {
  order: Array<{ field: string; descending: boolean }>;
  limit: number | undefined;
  offset: number;
}

export function parsePaging(query: Record<string, PhpValue>): Paging {
  const order: Paging['order'] = [];
  const rawOrder = query.order;
  if (rawOrder && typeof rawOrder === 'object' && !Array.isArray(rawOrder)) {
    for (const [field, direction] of Object.entries(rawOrder)) {
      const dir = scalar(direction).toUpperCase();
      if (dir !== 'ASC' && dir !== 'DESC') fail(400, 'BAD_REQUEST', `Invalid order for ${field}`);
      order.push({ field, descending: dir === 'DESC' });
    }
  }
  return { order, limit: nonNegative(query.limit), offset: nonNegative(query.offset) ?? 0 };
}

function nonNegative(value: PhpValue | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export function orderAndPage<T>(
  rows: T[],
  paging: Paging,
  read: (row: T, field: string) => unknown,
): T[] {
  const sorted = paging.order.length
    ? [...rows].sort((a, b) => {
        for (const { field, descending } of paging.order) {
          const c = compare(read(a, field), read(b, field));
          if (c !== 0) return descending ? -c : c;
        }
        return 0;
      })
    : rows;
  const end = paging.limit === undefined ? undefined : paging.offset + paging.limit;
  return sorted.slice(paging.offset, end);
}
