// Sonar inventory becomes Splynx inventory (MAPPING.md, Phase 3): locations → stocks,
// manufacturers → vendors, vendors → suppliers, models → products, items → items. Splynx items
// are found again by barcode, so the barcode is the model's primary field (MAC or serial).
import type {
  SonarInventoryItem,
  SonarInventoryLocation,
  SonarInventoryModel,
  SonarManufacturer,
  SonarPostalAddress,
  SonarVendor,
} from '../sonar/records.js';
import { checkEmails, checkText } from './checks.js';
import { type MappingIssue, type MapResult, quote, resultOf } from './issues.js';
import type {
  InventoryItemPayload,
  ProductPayload,
  StockPayload,
  SupplierPayload,
  VendorPayload,
} from './payloads.js';

/** Splynx ids of inventory records migrated earlier in the phase. */
export interface InventoryIds {
  vendor(manufacturerId: string): number | undefined;
  product(inventoryModelId: string): number | undefined;
}

export function mapStock(location: SonarInventoryLocation): MapResult<StockPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'stock', sonarId: location.id, sonarType: 'InventoryLocation' };
  checkText(subject, location.name, { field: 'name', sourceField: 'name', required: true }, issues);
  return resultOf({ name: location.name }, issues);
}

export function mapVendor(manufacturer: SonarManufacturer): MapResult<VendorPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'vendor', sonarId: manufacturer.id, sonarType: 'Manufacturer' };
  checkText(
    subject,
    manufacturer.name,
    { field: 'name', sourceField: 'name', required: true },
    issues,
  );
  return resultOf({ name: manufacturer.name }, issues);
}

/** One line, as Splynx keeps a supplier address in a single text field. */
export function addressLine(address: SonarPostalAddress | null): string {
  if (address === null) return '';
  const subdivision = address.subdivision?.replace(/^[A-Z]{2}_/, '') ?? null;
  return [address.line1, address.line2, address.city, subdivision, address.zip, address.country]
    .filter((part): part is string => part !== null && part.trim() !== '')
    .join(', ');
}

export function mapSupplier(vendor: SonarVendor): MapResult<SupplierPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'supplier', sonarId: vendor.id, sonarType: 'Vendor' };
  const payload: SupplierPayload = {
    name: vendor.name,
    address: addressLine(vendor.address),
    contact_name: vendor.contact_name ?? '',
    email: vendor.email_address ?? '',
    phone: vendor.phone_number ?? '',
  };
  checkText(subject, payload.name, { field: 'name', sourceField: 'name', required: true }, issues);
  checkText(subject, payload.address, { field: 'address', sourceField: 'addresses' }, issues);
  checkText(
    subject,
    payload.contact_name,
    { field: 'contact_name', sourceField: 'contacts[primary].name' },
    issues,
  );
  checkEmails(
    subject,
    payload.email,
    { field: 'email', sourceField: 'contacts[primary].email_address' },
    issues,
  );
  checkText(
    subject,
    payload.phone,
    { field: 'phone', sourceField: 'contacts[primary].phone_numbers' },
    issues,
  );
  return resultOf(payload, issues);
}

export function mapProduct(
  model: SonarInventoryModel,
  ids: InventoryIds,
): MapResult<ProductPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'product', sonarId: model.id, sonarType: 'InventoryModel' };
  checkText(subject, model.name, { field: 'name', sourceField: 'name', required: true }, issues);
  const vendorId = ids.vendor(model.manufacturer_id);
  if (vendorId === undefined) {
    issues.push({
      ...subject,
      field: 'vendor_id',
      sourceField: 'manufacturer_id',
      rule: 'unresolved-reference',
      message: `Inventory model ${model.id} "${model.name}" needs manufacturer ${model.manufacturer_id}, which has no Splynx vendor yet.`,
      fix: `Migrate manufacturer ${model.manufacturer_id} (inventory phase) before its models.`,
    });
  }
  return resultOf({ name: model.name, vendor_id: vendorId ?? 0 }, issues);
}

/** The item's value of its model's primary field; undefined when the model has none. */
export function barcodeOf(
  item: SonarInventoryItem,
  model: SonarInventoryModel,
): string | undefined {
  const primary = model.fields.find((field) => field.primary);
  return primary === undefined ? undefined : (item.field_values[primary.id] ?? '');
}

function serialOf(item: SonarInventoryItem, model: SonarInventoryModel): string {
  const serial = model.fields.find((field) => /serial/i.test(field.name));
  return serial === undefined ? '' : (item.field_values[serial.id] ?? '');
}

export function mapInventoryItem(
  item: SonarInventoryItem,
  model: SonarInventoryModel,
  ids: InventoryIds,
): MapResult<InventoryItemPayload> {
  const issues: MappingIssue[] = [];
  const subject = { entity: 'inventory_item', sonarId: item.id, sonarType: 'InventoryItem' };
  const productId = ids.product(model.id);
  if (productId === undefined) {
    issues.push({
      ...subject,
      field: 'product_id',
      sourceField: 'inventory_model_id',
      rule: 'unresolved-reference',
      message: `Inventory item ${item.id} needs model ${model.id} "${model.name}", which has no Splynx product yet.`,
      fix: `Migrate inventory model ${model.id} (inventory phase) before its items.`,
    });
  }
  const barcode = barcodeOf(item, model);
  if (barcode === undefined) {
    issues.push({
      ...subject,
      field: 'barcode',
      sourceField: `inventory_model[${model.id}].fields`,
      rule: 'no-primary-field',
      message: `Inventory model ${model.id} "${model.name}" has no primary field, so item ${item.id} has no barcode to be found by in Splynx.`,
      fix: `In Sonar, mark one field of inventory model ${model.id} (the MAC or serial) as primary.`,
    });
  } else {
    checkText(
      subject,
      barcode,
      { field: 'barcode', sourceField: 'field_values[primary]', required: true },
      issues,
    );
  }
  const serial = serialOf(item, model);
  checkText(
    subject,
    serial,
    { field: 'serial_number', sourceField: 'field_values[serial]' },
    issues,
  );
  return resultOf(
    {
      product_id: productId ?? 0,
      barcode: barcode ?? '',
      serial_number: serial,
      additional_attributes: { sonar_id: item.id },
    },
    issues,
  );
}

/**
 * Splynx barcodes are unique: every item whose barcode an earlier item (by position) already has
 * gets an issue; the first keeps it. Items without a model or barcode are left to mapInventoryItem.
 */
export function findDuplicateBarcodes(
  items: SonarInventoryItem[],
  models: SonarInventoryModel[],
): MappingIssue[] {
  const modelById = new Map(models.map((model) => [model.id, model]));
  const firstByBarcode = new Map<string, string>();
  const issues: MappingIssue[] = [];
  for (const item of items) {
    const model = modelById.get(item.inventory_model_id);
    const barcode = model === undefined ? undefined : barcodeOf(item, model);
    if (barcode === undefined || barcode === '') continue;
    // MySQL's default collation compares case-insensitively, so "AA:BB" and "aa:bb" collide.
    const key = barcode.toLowerCase();
    const first = firstByBarcode.get(key);
    if (first === undefined) {
      firstByBarcode.set(key, item.id);
      continue;
    }
    issues.push({
      entity: 'inventory_item',
      sonarId: item.id,
      sonarType: 'InventoryItem',
      field: 'barcode',
      sourceField: 'field_values[primary]',
      rule: 'duplicate-barcode',
      message: `Inventory item ${item.id} has barcode ${quote(barcode)}, already used by item ${first}; Splynx barcodes are unique.`,
      fix: `In Sonar, correct the primary field of item ${item.id} or ${first} (one of them is a duplicate).`,
    });
  }
  return issues;
}
