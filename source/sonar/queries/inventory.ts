// Inventory collections (MAPPING phase 3). Items carry their field values (MAC, serial) nested,
// because those values are the item's identity in Splynx.
import * as v from 'valibot';
import {
  idSchema,
  listOf,
  nullableBoolean,
  nullableId,
  nullableNumericString,
  nullableString,
} from '../wire.js';
import type { CollectionSpec } from './collection.js';

export const inventoryLocationsSpec = {
  field: 'inventory_locations',
  selection: 'id name',
  entity: v.object({ id: idSchema, name: v.string() }),
} satisfies CollectionSpec;

export const manufacturersSpec = {
  field: 'manufacturers',
  selection: 'id name',
  entity: v.object({ id: idSchema, name: v.string() }),
} satisfies CollectionSpec;

const postalAddressSchema = v.object({
  type: v.picklist(['PHYSICAL', 'MAILING']),
  line1: nullableString,
  line2: nullableString,
  city: nullableString,
  subdivision: nullableString,
  zip: nullableString,
  country: nullableString,
});

export const vendorsSpec = {
  field: 'vendors',
  selection: `id name archived
      addresses { entities { type line1 line2 city subdivision zip country } }
      contacts { entities { name email_address primary phone_numbers { entities { number } } } }`,
  entity: v.object({
    id: idSchema,
    name: v.string(),
    archived: v.boolean(),
    addresses: listOf(postalAddressSchema),
    contacts: listOf(
      v.object({
        name: v.string(),
        email_address: nullableString,
        primary: nullableBoolean,
        phone_numbers: listOf(v.object({ number: nullableNumericString })),
      }),
    ),
  }),
} satisfies CollectionSpec;

export const inventoryModelsSpec = {
  field: 'inventory_models',
  selection: `id name model_name manufacturer_id generic enabled
      inventory_model_fields { entities { id name type primary } }`,
  entity: v.object({
    id: idSchema,
    name: v.string(),
    model_name: nullableString,
    manufacturer_id: idSchema,
    generic: v.boolean(),
    enabled: v.boolean(),
    inventory_model_fields: listOf(
      v.object({ id: idSchema, name: v.string(), type: v.string(), primary: v.boolean() }),
    ),
  }),
} satisfies CollectionSpec;

export const ITEM_SELECTION = `id inventory_model_id inventoryitemable_type inventoryitemable_id status account_service_id
      inventory_model_field_data { entities { id inventory_model_field_id value } }`;

export const inventoryItemEntity = v.object({
  id: idSchema,
  inventory_model_id: idSchema,
  inventoryitemable_type: v.string(),
  inventoryitemable_id: idSchema,
  status: v.string(),
  account_service_id: nullableId,
  inventory_model_field_data: listOf(
    v.object({ id: idSchema, inventory_model_field_id: idSchema, value: v.string() }),
  ),
});

export const inventoryItemsSpec = {
  field: 'inventory_items',
  selection: ITEM_SELECTION,
  entity: inventoryItemEntity,
} satisfies CollectionSpec;

export const INVENTORY_SPECS = {
  inventory_locations: inventoryLocationsSpec,
  manufacturers: manufacturersSpec,
  vendors: vendorsSpec,
  inventory_models: inventoryModelsSpec,
  inventory_items: inventoryItemsSpec,
} as const;
