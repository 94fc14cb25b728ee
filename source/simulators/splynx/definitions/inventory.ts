// Inventory vendors, products, suppliers and items (`barcode` unique).
import { field, type ResourceDef } from '../model.js';

export const vendors: ResourceDef = {
  table: 'inventory_vendors',
  path: 'admin/inventory/vendors',
  afModule: 'inventory_vendors',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 255 }),
  ],
};

export const products: ResourceDef = {
  table: 'inventory_products',
  path: 'admin/inventory/products',
  afModule: 'inventory_products',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 255 }),
    field('vendor_id', 'Vendor', 'integer', 'int', {
      ref: { table: 'inventory_vendors', zeroOk: true },
    }),
    field('category_id', 'Category', 'integer', 'int'),
    field('rent_price', 'Rent price', 'float', 'decimal'),
    field('sold_price', 'Sold price', 'float', 'decimal'),
    field('filename_original', 'Filename_original', 'string', 'string', { readOnly: true }),
    field('filename', 'Photo', 'string', 'string', { readOnly: true }),
  ],
};

export const suppliers: ResourceDef = {
  table: 'inventory_suppliers',
  path: 'admin/inventory/suppliers',
  afModule: 'inventory_suppliers',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 255 }),
    field('address', 'Address', 'string', 'string', { max: 255 }),
    field('contact_name', 'Contact name', 'string', 'string', { max: 255 }),
    field('email', 'Email', 'string', 'string', { max: 255, email: true }),
    field('phone', 'Phone', 'string', 'string', { max: 255 }),
    field('tax_included', 'Tax included', 'boolean', 'flag'),
  ],
};

const optionalInt = (name: string, title: string, table?: string) =>
  field(name, title, 'integer', 'int', table ? { ref: { table, zeroOk: true } } : {});

export const items: ResourceDef = {
  table: 'inventory_items',
  path: 'admin/inventory/items',
  afModule: 'inventory_items',
  unique: ['barcode'],
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    optionalInt('supplier_invoices_item_id', 'Supplier Invoice ID'),
    field('barcode', 'Barcode', 'string', 'string', { max: 255 }),
    field('serial_number', 'Serial number', 'string', 'string', { max: 255 }),
    field('status', 'Status', 'string', 'string', {
      default: 'stock',
      enum: ['stock', 'internal_usage', 'sold', 'rent', 'returned', 'assigned'],
    }),
    field('mark', 'Mark', 'string', 'string', { default: 'new', enum: ['new', 'used', 'broken'] }),
    optionalInt('customer_id', 'Customer', 'customers'),
    optionalInt('admin_id', 'Administrator ID', 'administrators'),
    optionalInt('service_id', 'Service ID'),
    optionalInt('invoice_id', 'Invoice ID'),
    field('cost_price', 'Cost price', 'float', 'decimal'),
    optionalInt('transaction_id', 'Transaction ID'),
    field('product_id', 'Product', 'integer', 'int', {
      required: true,
      ref: { table: 'inventory_products' },
    }),
    field('notes', 'Notes', 'string', 'string'),
    field('filename_original', 'Filename_original', 'string', 'string', { readOnly: true }),
    field('filename', 'Photo', 'string', 'string', { readOnly: true }),
    optionalInt('stock_id', 'Stock location', 'inventory_stocks'),
    optionalInt('task_id', 'Link to task'),
  ],
};
