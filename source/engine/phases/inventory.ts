// Phase 3 (MAPPING.md): inventory locations → stocks, manufacturers → vendors, vendors →
// suppliers, models → products, items → items with barcode and serial from the model's field
// data. Two items with one barcode cannot both exist in Splynx: all but the first are refused.
import {
  findDuplicateBarcodes,
  mapInventoryItem,
  mapProduct,
  mapStock,
  mapSupplier,
  mapVendor,
} from '../../mapping/inventory.js';
import type { SonarInventory } from '../../sonar/records.js';
import { ENDPOINTS } from '../../splynx/endpoints.js';
import { forEachBounded } from '../bounded.js';
import type { Phase, PhaseContext } from '../phase.js';
import { ExistingIndex, Walker } from './simple-entity.js';

/** With customers picked by id, only their equipment (and its models and makers) is needed. */
function neededInventory(ctx: PhaseContext, inventory: SonarInventory): SonarInventory {
  const accounts = ctx.selection.accounts;
  if (ctx.selection.kind !== 'ids' || !accounts) return inventory;
  // Records a --records-from retry names on their own, with the models and makers they need.
  const named = (entity: string) =>
    new Set((ctx.selection.records ?? []).filter((r) => r.entity === entity).map((r) => r.sonarId));
  const itemIds = new Set([
    ...accounts.flatMap((a) => a.equipment.map((item) => item.id)),
    ...named('inventory_item'),
  ]);
  const items = inventory.inventory_items.filter((item) => itemIds.has(item.id));
  const modelIds = new Set([...items.map((item) => item.inventory_model_id), ...named('product')]);
  const models = inventory.inventory_models.filter((m) => modelIds.has(m.id));
  const makerIds = new Set([...models.map((m) => m.manufacturer_id), ...named('vendor')]);
  const stockIds = named('stock');
  const supplierIds = named('supplier');
  return {
    inventory_locations: inventory.inventory_locations.filter((l) => stockIds.has(l.id)),
    manufacturers: inventory.manufacturers.filter((m) => makerIds.has(m.id)),
    vendors: inventory.vendors.filter((v) => supplierIds.has(v.id)),
    inventory_models: models,
    inventory_items: items,
  };
}

async function walk(ctx: PhaseContext) {
  const walker = new Walker(ctx);
  const inventory = neededInventory(ctx, await ctx.sonar.inventory(ctx.signal));
  const idOf = (entity: string, sonarId: string, planned: Map<string, number>) => {
    const done = ctx.ledger.splynxId(entity, sonarId);
    return typeof done === 'number' ? done : planned.get(sonarId);
  };

  const stocks = await ExistingIndex.load(ctx, ENDPOINTS.stock);
  for (const location of inventory.inventory_locations) {
    await walker.item({
      phase: 'inventory',
      entity: 'stock',
      sonarId: location.id,
      label: `inventory location ${location.id} "${location.name}"`,
      endpoint: ENDPOINTS.stock,
      index: stocks,
      mapped: mapStock(location),
    });
  }

  // Ids of records a plan found or a run made, for references between inventory records.
  const vendorIds = new Map<string, number>();
  const vendors = await ExistingIndex.load(ctx, ENDPOINTS.vendor);
  for (const manufacturer of inventory.manufacturers) {
    const id = await walker.item({
      phase: 'inventory',
      entity: 'vendor',
      sonarId: manufacturer.id,
      label: `manufacturer ${manufacturer.id} "${manufacturer.name}"`,
      endpoint: ENDPOINTS.vendor,
      index: vendors,
      mapped: mapVendor(manufacturer),
    });
    if (id !== undefined) vendorIds.set(manufacturer.id, id);
  }

  const suppliers = await ExistingIndex.load(ctx, ENDPOINTS.supplier);
  for (const vendor of inventory.vendors) {
    await walker.item({
      phase: 'inventory',
      entity: 'supplier',
      sonarId: vendor.id,
      label: `vendor ${vendor.id} "${vendor.name}"`,
      endpoint: ENDPOINTS.supplier,
      index: suppliers,
      mapped: mapSupplier(vendor),
    });
  }

  const productIds = new Map<string, number>();
  const products = await ExistingIndex.load(ctx, ENDPOINTS.product);
  const ids = {
    vendor: (manufacturerId: string) => idOf('vendor', manufacturerId, vendorIds),
    product: (modelId: string) => idOf('product', modelId, productIds),
  };
  for (const model of inventory.inventory_models) {
    const id = await walker.item({
      phase: 'inventory',
      entity: 'product',
      sonarId: model.id,
      label: `inventory model ${model.id} "${model.name}"`,
      endpoint: ENDPOINTS.product,
      index: products,
      mapped: mapProduct(model, ids),
    });
    if (id !== undefined) productIds.set(model.id, id);
  }

  const models = new Map(inventory.inventory_models.map((m) => [m.id, m]));
  const duplicates = new Map(
    findDuplicateBarcodes(inventory.inventory_items, inventory.inventory_models).map((i) => [
      i.sonarId,
      i,
    ]),
  );
  const items = await ExistingIndex.load(ctx, ENDPOINTS.inventory_item);
  // Items only reference records made above and never each other (two with one MAC are refused
  // up front), so they go out side by side.
  await forEachBounded(
    inventory.inventory_items,
    ctx.options.concurrency,
    () => !ctx.control.isStopping,
    async (item) => {
      const model = models.get(item.inventory_model_id);
      const label = `inventory item ${item.id}`;
      const base = {
        phase: 'inventory' as const,
        entity: 'inventory_item',
        sonarId: item.id,
        label,
        endpoint: ENDPOINTS.inventory_item,
        index: items,
        sonarIdValue: item.id,
      };
      if (!model) {
        walker.skipped(base, `its inventory model ${item.inventory_model_id} is not in Sonar`);
        return;
      }
      const duplicate = duplicates.get(item.id);
      await walker.item({
        ...base,
        mapped: duplicate ? { ok: false, issues: [duplicate] } : mapInventoryItem(item, model, ids),
      });
    },
  );
}

export const inventoryPhase: Phase = {
  id: 'inventory',
  title: 'Inventory: stocks, vendors, suppliers, products and items',
  dependsOn: ['foundation'],
  apply: walk,
};
