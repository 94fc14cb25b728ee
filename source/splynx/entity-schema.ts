// What OPTIONS on a Splynx collection tells us: its fields, which are required, and the custom
// (additional) fields defined on this instance. Two shapes are read:
// - the live instance's object `{attributes, additional_attributes}` (live-endpoints.json);
// - the blueprint's flat array (Base requests → Get attributes of an entity: `array[Base options
//   response, Base options with AFs response]`), where an additional field is the entry that
//   names its `module`.
// An additional field says it is required as `is_required` (its definition) or `required` (the
// blueprint's OPTIONS entry); either is read.
import * as v from 'valibot';
import { flagSchema, toFlag } from './coerce.js';

const requiredSchema = v.pipe(
  v.optional(v.union([v.boolean(), flagSchema]), false),
  v.transform((x) => x === true || x === 1),
);

export const SchemaAttributeSchema = v.looseObject({
  name: v.string(),
  title: v.optional(v.string(), ''),
  type: v.optional(v.string(), 'string'),
  required: requiredSchema,
});
export type SchemaAttribute = v.InferOutput<typeof SchemaAttributeSchema>;

export const AdditionalFieldSchema = v.pipe(
  v.looseObject({
    name: v.string(),
    title: v.optional(v.string(), ''),
    type: v.optional(v.string(), 'string'),
    is_required: v.optional(flagSchema),
    required: v.optional(v.unknown()),
    is_unique: v.optional(flagSchema, 0),
    searchable: v.optional(flagSchema, 0),
  }),
  v.transform(({ is_required, ...rest }) => ({
    ...rest,
    is_required: is_required ?? toFlag(rest.required) ?? 0,
  })),
);
export type AdditionalField = v.InferOutput<typeof AdditionalFieldSchema>;

export interface EntitySchema {
  attributes: SchemaAttribute[];
  additional_attributes: AdditionalField[];
}

/** An entry of the flat (blueprint) form that describes an additional field. */
function isAdditionalEntry(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && 'module' in entry;
}

export const EntitySchemaSchema: v.GenericSchema<unknown, EntitySchema> = v.union([
  v.pipe(
    v.array(v.unknown()),
    v.transform((entries) => ({
      attributes: entries.filter((e) => !isAdditionalEntry(e)),
      additional_attributes: entries.filter(isAdditionalEntry),
    })),
    v.object({
      attributes: v.array(SchemaAttributeSchema),
      additional_attributes: v.array(AdditionalFieldSchema),
    }),
  ),
  v.object({
    attributes: v.array(SchemaAttributeSchema),
    additional_attributes: v.optional(v.array(AdditionalFieldSchema), []),
  }),
]);
