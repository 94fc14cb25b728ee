// verify, phase 3: every live stock, vendor, supplier, product and item is re-mapped from Sonar
// with the ids this migration's ledger holds, and compared field by field (the phase's own
// mapping, so what verify expects is what the phase sent).
import {
  mapInventoryItem,
  mapProduct,
  mapStock,
  mapSupplier,
  mapVendor,
} from '../mapping/inventory.js';
import type { MapResult } from '../mapping/issues.js';
import type { SonarInventory } from '../sonar/records.js';
import { ENDPOINTS } from '../splynx/endpoints.js';
import type { EntityRecord } from '../state/index.js';
import {
  type Expectation,
  goneFromSonar,
  live,
  noLongerMaps,
  type VerifySource,
} from './verify-expectation.js';
import type { VerifyDifference } from './verify-result.js';

type Entity = 'stock' | 'vendor' | 'supplier' | 'product' | 'inventory_item';

export function inventoryExpectations(
  view: VerifySource,
  inventory: SonarInventory,
  differences: VerifyDifference[],
): Expectation[] {
  const idOf = (entity: string, sonarId: string) => {
    const id = view.splynxId(entity, sonarId);
    return typeof id === 'number' ? id : undefined;
  };
  const ids = {
    vendor: (manufacturerId: string) => idOf('vendor', manufacturerId),
    product: (modelId: string) => idOf('product', modelId),
  };
  const models = new Map(inventory.inventory_models.map((m) => [m.id, m]));
  const sources: Record<
    Entity,
    { what: string; map: (sonarId: string) => MapResult<object> | undefined }
  > = {
    stock: {
      what: 'inventory location',
      map: (id) => one(inventory.inventory_locations, id, mapStock),
    },
    vendor: { what: 'manufacturer', map: (id) => one(inventory.manufacturers, id, mapVendor) },
    supplier: { what: 'vendor', map: (id) => one(inventory.vendors, id, mapSupplier) },
    product: {
      what: 'inventory model',
      map: (id) => one(inventory.inventory_models, id, (m) => mapProduct(m, ids)),
    },
    inventory_item: {
      what: 'inventory item',
      map: (id) =>
        one(inventory.inventory_items, id, (item) => {
          const model = models.get(item.inventory_model_id);
          return model ? mapInventoryItem(item, model, ids) : undefined;
        }),
    },
  };
  const out: Expectation[] = [];
  for (const [entity, source] of Object.entries(sources) as [Entity, (typeof sources)[Entity]][]) {
    for (const record of live(view, { entity })) {
      const mapped = source.map(record.sonarId);
      if (!mapped) {
        differences.push(goneFromSonar(record, source.what));
        continue;
      }
      const label = `${source.what} ${record.sonarId}`;
      if (!mapped.ok) differences.push(noLongerMaps(record, label, mapped.issues));
      const expectation = readBack(record, label, entity, mapped);
      if (expectation) out.push(expectation);
    }
  }
  return out;
}

function one<T extends { id: string }, R>(
  rows: T[],
  id: string,
  map: (row: T) => R | undefined,
): R | undefined {
  const row = rows.find((r) => r.id === id);
  return row ? map(row) : undefined;
}

/** A record that no longer maps (a Sonar value turned invalid) is still read back for existence. */
export function readBack(
  record: EntityRecord,
  label: string,
  entity: keyof typeof ENDPOINTS,
  mapped: MapResult<object>,
): Expectation | undefined {
  if (typeof record.splynxId !== 'number') return undefined;
  const endpoint = ENDPOINTS[entity];
  return {
    record,
    label,
    path: endpoint.item(record.splynxId),
    ...(mapped.ok ? { expected: { ...mapped.value } } : {}),
    ...(endpoint.sonarIdModule ? { sonarIdValue: record.sonarId } : {}),
  };
}
