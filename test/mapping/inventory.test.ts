import { describe, expect, it } from 'vitest';
import {
  findDuplicateBarcodes,
  type InventoryIds,
  mapInventoryItem,
  mapProduct,
  mapStock,
  mapSupplier,
  mapVendor,
} from '../../source/mapping/inventory.js';
import { item, model } from './builders.js';

const ids: InventoryIds = {
  vendor: (manufacturerId) => ({ '50': 5 })[manufacturerId],
  product: (modelId) => ({ '60': 6 })[modelId],
};

describe('stocks, vendors and suppliers', () => {
  it('maps locations and manufacturers by name', () => {
    expect(mapStock({ id: '1', name: 'Main warehouse' })).toEqual({
      ok: true,
      value: { name: 'Main warehouse' },
      warnings: [],
    });
    expect(mapVendor({ id: '50', name: 'Ubiquiti' })).toEqual({
      ok: true,
      value: { name: 'Ubiquiti' },
      warnings: [],
    });
  });

  it('maps a Sonar vendor to a supplier with a one-line address', () => {
    expect(
      mapSupplier({
        id: '7',
        name: 'Baltic Networks',
        archived: false,
        address: {
          line1: '1 Dock Rd',
          line2: 'Unit 4',
          city: 'Chicago',
          subdivision: 'US_IL',
          zip: '60601',
          country: 'US',
        },
        contact_name: "Seán O'Neill",
        email_address: 'sales@baltic.example',
        phone_number: '3125550100',
      }),
    ).toEqual({
      ok: true,
      value: {
        name: 'Baltic Networks',
        address: '1 Dock Rd, Unit 4, Chicago, IL, 60601, US',
        contact_name: "Seán O'Neill",
        email: 'sales@baltic.example',
        phone: '3125550100',
      },
      warnings: [],
    });
  });

  it('rejects a supplier email Splynx would refuse', () => {
    const result = mapSupplier({
      id: '7',
      name: 'X',
      archived: false,
      address: null,
      contact_name: null,
      email_address: 'sales at baltic',
      phone_number: null,
    });
    expect(!result.ok && result.issues.map((i) => [i.sonarType, i.field, i.rule])).toEqual([
      ['Vendor', 'email', 'email'],
    ]);
  });
});

describe('products and items', () => {
  it('maps a model to a product with its vendor', () => {
    expect(mapProduct(model(), ids)).toEqual({
      ok: true,
      value: { name: 'Ubiquiti LiteBeam', vendor_id: 5 },
      warnings: [],
    });
    const orphan = mapProduct(model({ manufacturer_id: '99' }), ids);
    expect(!orphan.ok && orphan.issues.map((i) => [i.field, i.rule])).toEqual([
      ['vendor_id', 'unresolved-reference'],
    ]);
  });

  it('maps an item: barcode from the primary field, serial from the serial field', () => {
    expect(mapInventoryItem(item(), model(), ids)).toEqual({
      ok: true,
      value: {
        product_id: 6,
        barcode: '24:5A:4C:00:11:22',
        serial_number: 'SN-0001',
        additional_attributes: { sonar_id: '80' },
      },
      warnings: [],
    });
  });

  it('reports a model without a primary field', () => {
    const noPrimary = model({
      fields: [{ id: '62', name: 'Serial Number', type: 'TEXT', primary: false }],
    });
    const result = mapInventoryItem(item(), noPrimary, ids);
    expect(!result.ok && result.issues.map((i) => [i.sonarId, i.field, i.rule])).toEqual([
      ['80', 'barcode', 'no-primary-field'],
    ]);
  });

  it('reports an item whose primary field is empty', () => {
    const result = mapInventoryItem(item({ field_values: { '62': 'SN-9' } }), model(), ids);
    expect(!result.ok && result.issues.map((i) => [i.field, i.rule])).toEqual([
      ['barcode', 'required'],
    ]);
  });

  it('flags every duplicate barcode but the first, case-insensitively', () => {
    const items = [
      item({ id: '80' }),
      item({ id: '81', field_values: { '61': '24:5a:4c:00:11:22', '62': 'SN-2' } }),
      item({ id: '82', field_values: { '61': 'AA:AA:AA:AA:AA:AA', '62': 'SN-3' } }),
      item({ id: '83', field_values: { '61': '24:5A:4C:00:11:22', '62': 'SN-4' } }),
      item({ id: '84', field_values: { '62': 'SN-5' } }),
    ];
    const issues = findDuplicateBarcodes(items, [model()]);
    expect(issues.map((i) => [i.sonarId, i.rule, i.message])).toEqual([
      [
        '81',
        'duplicate-barcode',
        'Inventory item 81 has barcode "24:5a:4c:00:11:22", already used by item 80; Splynx barcodes are unique.',
      ],
      [
        '83',
        'duplicate-barcode',
        'Inventory item 83 has barcode "24:5A:4C:00:11:22", already used by item 80; Splynx barcodes are unique.',
      ],
    ]);
  });
});
