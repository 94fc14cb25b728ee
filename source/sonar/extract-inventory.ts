// Phase 3 input: stock locations, manufacturers, suppliers, models with their fields, and every
// item with its field values, paged together.
import type * as v from 'valibot';
import type { SonarClient } from './client.js';
import type { ExtractOptions } from './extract-foundation.js';
import { fetchCollections } from './fetch-collections.js';
import {
  INVENTORY_SPECS,
  type inventoryItemEntity,
  type vendorsSpec,
} from './queries/inventory.js';
import type { SonarInventory, SonarInventoryItem, SonarVendor } from './records.js';

export async function extractInventory(
  client: SonarClient,
  options: ExtractOptions = {},
): Promise<SonarInventory> {
  const rows = await fetchCollections(client, 'SonarInventory', INVENTORY_SPECS, options);
  return {
    inventory_locations: rows.inventory_locations,
    manufacturers: rows.manufacturers,
    vendors: rows.vendors.map(toVendor),
    inventory_models: rows.inventory_models.map(({ inventory_model_fields, ...model }) => ({
      ...model,
      fields: inventory_model_fields,
    })),
    inventory_items: rows.inventory_items.map(toInventoryItem),
  };
}

export function toInventoryItem(
  item: v.InferOutput<typeof inventoryItemEntity>,
): SonarInventoryItem {
  const { inventory_model_field_data, ...rest } = item;
  const field_values: Record<string, string> = {};
  for (const datum of inventory_model_field_data) {
    field_values[datum.inventory_model_field_id] = datum.value;
  }
  return {
    id: rest.id,
    inventory_model_id: rest.inventory_model_id,
    inventoryitemable_type: rest.inventoryitemable_type,
    inventoryitemable_id: rest.inventoryitemable_id,
    status: rest.status,
    account_service_id: rest.account_service_id,
    field_values,
  };
}

function toVendor(row: v.InferOutput<(typeof vendorsSpec)['entity']>): SonarVendor {
  const address = row.addresses.find((a) => a.type === 'PHYSICAL') ?? row.addresses[0] ?? undefined;
  const contact = row.contacts.find((c) => c.primary) ?? row.contacts[0];
  const phone = contact?.phone_numbers.find((p) => p.number !== null)?.number ?? null;
  return {
    id: row.id,
    name: row.name,
    archived: row.archived,
    address: address
      ? {
          line1: address.line1,
          line2: address.line2,
          city: address.city,
          subdivision: address.subdivision,
          zip: address.zip,
          country: address.country,
        }
      : null,
    contact_name: contact?.name ?? null,
    email_address: contact?.email_address ?? null,
    phone_number: phone,
  };
}
