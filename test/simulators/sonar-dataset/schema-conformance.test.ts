import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateSonarDataset } from '../../../source/simulators/sonar-dataset/generate.js';
import { SONAR_TYPE_NAMES } from '../../../source/simulators/sonar-dataset/rows.js';
import { SONAR_TABLES } from '../../../source/simulators/sonar-dataset/tables.js';

const schema = buildSchema(
  readFileSync(
    new URL('../../../../shared/reference/sonar/schema.graphql', import.meta.url),
    'utf8',
  ),
  { assumeValidSDL: true },
);

/** Fields the simulator derives, so rows never carry them. */
const DERIVED = new Set(['sonar_unique_id', '_version']);

const SCALAR_FORMATS: Record<string, (value: unknown) => boolean> = {
  Int64Bit: (v) => Number.isSafeInteger(v) && (v as number) > 0,
  Int: (v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
  Float: (v) => typeof v === 'number' && Number.isFinite(v),
  Latitude: (v) => typeof v === 'number' && Math.abs(v) <= 90,
  Longitude: (v) => typeof v === 'number' && Math.abs(v) <= 180,
  Boolean: (v) => typeof v === 'boolean',
  String: (v) => typeof v === 'string',
  Text: (v) => typeof v === 'string',
  EmailAddress: (v) => typeof v === 'string',
  Date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v < '2026-02-01',
  Datetime: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(v) &&
    v < '2026-01-01',
  Time: (v) => typeof v === 'string' && /^\d{2}:\d{2}:\d{2}$/.test(v),
  Numeric: (v) => typeof v === 'string' && /^\d+$/.test(v),
  HtmlHexColor: (v) => typeof v === 'string' && /^[0-9A-Fa-f]{6}$/.test(v),
  URL: (v) => typeof v === 'string' && /^https?:\/\/[a-z0-9.-]+$/.test(v),
  MacAddress: (v) => typeof v === 'string' && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(v),
  SubnetScalar: (v) => typeof v === 'string' && /^[0-9a-f.:]+\/\d{1,3}$/.test(v),
  IpRange: (v) => typeof v === 'string' && /^\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+$/.test(v),
};

function fieldProblems(
  table: string,
  row: Record<string, unknown>,
  field: GraphQLField<unknown, unknown>,
): string[] {
  const value = row[field.name];
  const where = `${table}#${String(row.id)}.${field.name}`;
  if (value === undefined) return [`${where} missing`];
  if (value === null)
    return isNonNullType(field.type) ? [`${where} null but ${String(field.type)}`] : [];
  const named = getNamedType(field.type);
  // A next bill date lies ahead of "today" by up to one cycle: quarterly accounts bill in March.
  if (field.name === 'next_bill_date') {
    const ok =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && value < '2026-04-01';
    return ok ? [] : [`${where}=${JSON.stringify(value)} is not a next bill date`];
  }
  const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
  const values = isListType(inner)
    ? Array.isArray(value)
      ? value
      : [Symbol('not a list')]
    : [value];
  const problems: string[] = [];
  for (const item of values) {
    const ok = isEnumType(named)
      ? typeof item === 'string' && named.getValue(item) !== undefined
      : (SCALAR_FORMATS[named.name]?.(item) ?? false);
    if (!ok) problems.push(`${where}=${JSON.stringify(item)} is not a ${named.name}`);
  }
  return problems;
}

describe('schema conformance', () => {
  const dataset = generateSonarDataset({ seed: 5, accounts: 500, taxedServices: true });

  it.each(SONAR_TABLES.map((table) => [table, SONAR_TYPE_NAMES[table]]))(
    '%s rows hold exactly the scalar fields of %s with values of the right kind',
    (table, typeName) => {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const scalars = Object.values(type.getFields()).filter((field) => {
        const named = getNamedType(field.type);
        return (isScalarType(named) || isEnumType(named)) && !DERIVED.has(field.name);
      });
      const expected = scalars.map((field) => field.name).sort();
      const rows = dataset.tables[table];
      expect(rows.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const row of rows) {
        const keys = Object.keys(row).sort();
        if (keys.join() !== expected.join())
          problems.push(`${table}#${row.id} keys ${keys.join()}`);
        for (const field of scalars) problems.push(...fieldProblems(table, row, field));
        if (problems.length > 20) break;
      }
      expect(problems).toEqual([]);
    },
  );
});
