// Inventory collections (MAPPING phase 3). Items carry their field values (MAC, serial) nested,
// because those values are the item's identity in Splynx.
import * as v from 'valibot';
import {
  idSchema,
  nested,
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

const vendorAddresses = nested(
  'Vendor',
  'addresses',
  'type line1 line2 city subdivision zip country',
  postalAddressSchema,
);
const vendorPhones = nested(
  'Contact',
  'phone_numbers',
  'number',
  v.object({ number: nullableNumericString }),
);
// The contact's id is what its phone numbers are paged further by, should they be cut.
const vendorContacts = nested(
  'Vendor',
  'contacts',
  `id name email_address primary ${vendorPhones.text}`,
  v.object({
    id: idSchema,
    name: v.string(),
    email_address: nullableString,
    primary: nullableBoolean,
    phone_numbers: vendorPhones.schema,
  }),
);

export const vendorsSpec = {
  field: 'vendors',
  selection: `id name archived
      ${vendorAddresses.text}
      ${vendorContacts.text}`,
  entity: v.object({
    id: idSchema,
    name: v.string(),
    archived: v.boolean(),
    addresses: vendorAddresses.schema,
    contacts: vendorContacts.schema,
  }),
} satisfies CollectionSpec;

const modelFields = nested(
  'InventoryModel',
  'inventory_model_fields',
  'id name type primary',
  v.object({ id: idSchema, name: v.string(), type: v.string(), primary: v.boolean() }),
);

export const inventoryModelsSpec = {
  field: 'inventory_models',
  selection: `id name model_name manufacturer_id generic enabled
      ${modelFields.text}`,
  entity: v.object({
    id: idSchema,
    name: v.string(),
    model_name: nullableString,
    manufacturer_id: idSchema,
    generic: v.boolean(),
    enabled: v.boolean(),
    inventory_model_fields: modelFields.schema,
  }),
} satisfies CollectionSpec;

/** An item's own columns; its field values are nested under it. */
export const ITEM_FIELDS =
  'id inventory_model_id inventoryitemable_type inventoryitemable_id status account_service_id';

export const fieldDatum = v.object({
  id: idSchema,
  inventory_model_field_id: idSchema,
  value: v.string(),
});
const itemFieldData = nested(
  'InventoryItem',
  'inventory_model_field_data',
  'id inventory_model_field_id value',
  fieldDatum,
);

export const ITEM_SELECTION = `${ITEM_FIELDS}
      ${itemFieldData.text}`;

export const inventoryItemEntity = v.object({
  id: idSchema,
  inventory_model_id: idSchema,
  inventoryitemable_type: v.string(),
  inventoryitemable_id: idSchema,
  status: v.string(),
  account_service_id: nullableId,
  inventory_model_field_data: itemFieldData.schema,
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
