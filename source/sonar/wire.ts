// valibot pieces for Sonar's wire formats (reference/sonar-api.md §2.1). Int64Bit ids arrive as
// JSON strings; a number is accepted too and normalised, so ids are always strings after parsing.
import * as v from 'valibot';

export const idSchema = v.pipe(
  v.union([
    v.pipe(v.string(), v.regex(/^\d+$/, 'expected a numeric id')),
    v.pipe(v.number(), v.integer(), v.minValue(0)),
  ]),
  v.transform((value) => String(value)),
);

export const nullableId = v.nullish(idSchema, null);

/** Money and other `Int` values: integers, never fractions. */
export const intSchema = v.pipe(v.number(), v.integer());

export const nullableInt = v.nullish(intSchema, null);

export const nullableString = v.nullish(v.string(), null);

export const nullableBoolean = v.nullish(v.boolean(), null);

/** `Numeric`, `Latitude`, `Longitude`: strings on the wire, numbers tolerated, kept as strings. */
export const nullableNumericString = v.nullish(
  v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
  null,
);

export const pageInfoSchema = v.object({
  page: intSchema,
  total_pages: intSchema,
  total_count: intSchema,
  records_per_page: intSchema,
});

/** A root connection page. */
export function pageOf<TEntity extends v.GenericSchema>(entity: TEntity) {
  return v.object({ page_info: pageInfoSchema, entities: v.array(entity) });
}

/** A nested connection (no paging asked for). */
export function listOf<TEntity extends v.GenericSchema>(entity: TEntity) {
  return v.pipe(
    v.object({ entities: v.array(entity) }),
    v.transform((connection) => connection.entities),
  );
}
