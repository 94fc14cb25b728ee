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

/** A nested list as the queries read it: enough to ask for more of it under one parent. */
export interface NestedList {
  /** GraphQL type of the row holding the list, e.g. `Contact`. */
  parent: NestedParent;
  relation: string;
  selection: string;
  entity: v.GenericSchema;
}

/** Every nested list a query reads, so a test can check each one's completion document. */
export const NESTED_LISTS: NestedList[] = [];

/** Where a nested list was cut: what its parent is, and how to ask for the rest. */
export interface NestedCut extends NestedList {
  total: number;
  /** The server's page size for this list, from its page_info. */
  perPage: number;
}

/** Parents whose nested lists can be paged further: the root collection that finds one by id. */
export const NESTED_PARENT_ROOTS = {
  Account: 'accounts',
  Address: 'addresses',
  Contact: 'contacts',
  Vendor: 'vendors',
  InventoryModel: 'inventory_models',
  InventoryItem: 'inventory_items',
  InventoryModelFieldData: 'inventory_model_field_data',
  RadiusAccount: 'radius_accounts',
  UninventoriedMacAddress: 'uninventoried_mac_addresses',
} as const;
export type NestedParent = keyof typeof NESTED_PARENT_ROOTS;

/** Marks a parsed nested list that holds fewer rows than its total_count. */
export const CUT: unique symbol = Symbol('nested list cut short');
export type MaybeCut<T> = T[] & { [CUT]?: NestedCut };

export const NESTED_PAGE_INFO = 'page_info { page total_pages total_count records_per_page }';

/**
 * A nested connection read with its page_info: `text` goes in the selection, `schema` parses it
 * to the array of rows. Sonar may page a nested list on its own (sonar-api.md §2.7 leaves the
 * default open); a list shorter than its total_count carries a CUT mark for completeNested.
 */
export function nested<TEntity extends v.GenericSchema>(
  parent: NestedParent,
  relation: string,
  selection: string,
  entity: TEntity,
) {
  const text = `${relation} { ${NESTED_PAGE_INFO} entities { ${selection} } }`;
  NESTED_LISTS.push({ parent, relation, selection, entity });
  const schema = v.pipe(
    v.object({ page_info: pageInfoSchema, entities: v.array(entity) }),
    v.transform(({ page_info, entities }) => {
      const list = entities as MaybeCut<v.InferOutput<TEntity>>;
      if (list.length < page_info.total_count) {
        const cut: NestedCut = {
          parent,
          relation,
          selection,
          entity,
          total: page_info.total_count,
          perPage: page_info.records_per_page,
        };
        Object.defineProperty(list, CUT, { value: cut, configurable: true });
      }
      return list as v.InferOutput<TEntity>[];
    }),
  );
  return { text, schema };
}
