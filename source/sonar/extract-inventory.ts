// Phase 3 input: stock locations, manufacturers, suppliers, models with their fields, and every
// item with its field values, paged together.
import type * as v from 'valibot';
import type { SonarClient } from './client.js';
import type { ExtractOptions } from './extract-foundation.js';
import { pageCollections } from './fetch-collections.js';
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
  const inventory: SonarInventory = {
    inventory_locations: [],
    manufacturers: [],
    vendors: [],
    inventory_models: [],
    inventory_items: [],
  };
  // Converted page by page: the raw items carry their field data as nested rows.
  for await (const page of pageCollections(client, 'SonarInventory', INVENTORY_SPECS, options)) {
    inventory.inventory_locations.push(...(page.inventory_locations ?? []));
    inventory.manufacturers.push(...(page.manufacturers ?? []));
    inventory.vendors.push(...(page.vendors ?? []).map(toVendor));
    for (const { inventory_model_fields, ...model } of page.inventory_models ?? []) {
      inventory.inventory_models.push({ ...model, fields: inventory_model_fields });
    }
    for (const item of page.inventory_items ?? []) {
      inventory.inventory_items.push(toInventoryItem(item));
    }
  }
  return inventory;
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
