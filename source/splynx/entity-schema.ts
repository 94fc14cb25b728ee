// What OPTIONS on a Splynx collection tells us: its fields, which are required, and the custom
// (additional) fields defined on this instance. The live instance answers an object; the
// blueprint documents a bare array of attributes, so both are accepted.
import * as v from 'valibot';
import { flagSchema } from './coerce.js';

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

export const AdditionalFieldSchema = v.looseObject({
  name: v.string(),
  title: v.optional(v.string(), ''),
  type: v.optional(v.string(), 'string'),
  is_required: v.optional(flagSchema, 0),
  is_unique: v.optional(flagSchema, 0),
  searchable: v.optional(flagSchema, 0),
});
export type AdditionalField = v.InferOutput<typeof AdditionalFieldSchema>;

export interface EntitySchema {
  attributes: SchemaAttribute[];
  additional_attributes: AdditionalField[];
}

export const EntitySchemaSchema: v.GenericSchema<unknown, EntitySchema> = v.union([
  v.pipe(
    v.array(SchemaAttributeSchema),
    v.transform((attributes) => ({ attributes, additional_attributes: [] })),
  ),
  v.object({
    attributes: v.array(SchemaAttributeSchema),
    additional_attributes: v.optional(v.array(AdditionalFieldSchema), []),
  }),
]);
