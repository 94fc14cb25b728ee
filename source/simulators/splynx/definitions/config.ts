// Config endpoints: labels, inventory stocks, taxes, and the definition of additional fields
// themselves (the values live on each entity's `additional_attributes`).
import { field, type ResourceDef } from '../model.js';

export const labels: ResourceDef = {
  table: 'labels',
  path: 'admin/config/labels',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('module', 'Module', 'string', 'string', {
      required: true,
      enum: ['ticket', 'scheduling_task', 'customers'],
    }),
    field('label', 'Label', 'string', 'string', { required: true, max: 64 }),
    field('color', 'Color', 'string', 'string', { default: '#357bf2', max: 16 }),
  ],
  validate({ ctx, candidate, previous, issues }) {
    const clash = ctx.db.find(
      'labels',
      (row) =>
        row.id !== previous?.id &&
        row.module === candidate.module &&
        String(row.label).toLowerCase() === String(candidate.label ?? '').toLowerCase(),
    );
    if (clash)
      issues.push({
        field: 'label',
        message: `Label "${String(candidate.label)}" has already been taken.`,
      });
  },
  decorate(_ctx, _row, out) {
    out.textColor = '#fff';
  },
};

export const inventoryStocks: ResourceDef = {
  table: 'inventory_stocks',
  path: 'admin/config/inventory-stocks',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 255 }),
  ],
};

export const taxes: ResourceDef = {
  table: 'taxes',
  path: 'admin/config/taxes',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 64 }),
    field('rate', 'Rate', 'float', 'decimal', { required: true }),
    field('type', 'Type', 'string', 'string', { default: 'single', enum: ['single', 'group'] }),
    field('archived', 'Archived', 'integer', 'int', { default: 0 }),
    field('accounting_tax_rates_id', 'Accounting tax rates id', 'integer', 'int', { default: 0 }),
    field('einvoicing_tax_rates_id', 'Einvoicing tax rates id', 'integer', 'int', { default: 0 }),
  ],
};

export const AF_TYPES = [
  'string',
  'integer',
  'decimal',
  'numeric',
  'date',
  'datetime',
  'boolean',
  'select',
  'select_multiple',
  'password',
  'file',
  'relation',
  'relation_multiple',
] as const;

const flag = (name: string, title: string, required = true) =>
  field(name, title, 'boolean', 'flag', { required });

// A field is read and written as the blueprint's `Additional Field Base` (Retrieve a Additional
// Field → Response 200): module, position and category are kept (they show in the entity's
// OPTIONS, as `Base options with AFs response` lists them) but never rendered here.
export const additionalFields: ResourceDef = {
  table: 'additional_fields',
  path: 'admin/config/additional-fields',
  fields: [
    field('module', 'Module', 'string', 'string', { readOnly: true, writeOnly: true }),
    field('name', 'Name', 'string', 'string', { required: true, max: 64 }),
    field('title', 'Title', 'string', 'string', { required: true, max: 128 }),
    field('type', 'Type', 'string', 'string', { required: true, enum: AF_TYPES }),
    field('position', 'Position', 'integer', 'int', { default: 0, writeOnly: true }),
    field('category', 'Category', 'string', 'string', { default: '', writeOnly: true }),
    field('default_value', 'Default value', 'string', 'string'),
    field('min_length', 'Min', 'string', 'string'),
    field('max_length', 'Max', 'string', 'string'),
    flag('is_required', 'Required'),
    flag('is_unique', 'Unique'),
    flag('is_add', 'Add'),
    flag('show_in_list', 'Show in list'),
    flag('searchable', 'Searchable'),
    flag('readonly', 'Readonly'),
    flag('disabled', 'Disabled'),
    flag('hidden', 'Hidden', false),
    field('select_values', 'Select values', 'string', 'string'),
    field('relation_module', 'Relation module', 'string', 'string'),
    flag('set_default_value', 'Set default value', false),
    field('addon', 'Addon', 'string', 'string'),
    field('addon_uri', 'Addon URI', 'string', 'string'),
    field('addon_input_type', 'Addon input type', 'string', 'string', {
      enum: ['', 'button', 'text', 'text_plus_button'],
    }),
    field('decimals', 'Decimals', 'integer', 'int', { default: 2 }),
  ],
  // Named, not numbered: Create Additional Field → Response 201 → Attributes (Additional Field
  // Name), `{"name": "remark"}` (api-blueprint.apib).
  created: (row) => ({ name: row.name }),
  validate({ ctx, candidate, previous, issues }) {
    const name = String(candidate.name ?? '');
    if (name && !/^[a-z][a-z0-9_]*$/.test(name)) {
      issues.push({ field: 'name', message: 'Name is invalid.' });
    }
    const clash = ctx.db.find(
      'additional_fields',
      (row) => row.id !== previous?.id && row.module === candidate.module && row.name === name,
    );
    if (clash) issues.push({ field: 'name', message: `Name "${name}" has already been taken.` });
    if (
      (candidate.type === 'select' || candidate.type === 'select_multiple') &&
      !candidate.select_values
    ) {
      issues.push({ field: 'select_values', message: 'Select values cannot be blank.' });
    }
  },
};
