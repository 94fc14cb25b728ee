// Internet, recurring and one-time tariffs. `title` is unique per tariff type; the array fields
// are required as the live OPTIONS says; `services` counts the services using the tariff.
import { type FieldDef, field, type ResourceDef } from '../model.js';

const BILLING_TYPES = ['recurring', 'prepaid', 'prepaid_monthly'] as const;
const CUSTOMER_CATEGORIES = ['person', 'company'] as const;

const locationsField = (required: boolean) =>
  field('available_for_locations', 'Available locations', 'array', 'ids', {
    required,
    ref: { table: 'locations' },
  });
const categoriesField = (required: boolean) =>
  field('customer_categories', 'Customer category', 'array', 'strings', {
    required,
    enum: CUSTOMER_CATEGORIES,
  });
const partnersField = (required: boolean) =>
  field('partners_ids', 'Partners', 'array', 'ids', { required, ref: { table: 'partners' } });

const commonTail = (required: boolean): FieldDef[] => [
  field('show_on_customer_portal', 'Show tariff on Customer portal', 'boolean', 'flag'),
  field('hide_on_admin_portal', 'Hide tariff on Admin portal', 'boolean', 'flag'),
  locationsField(required),
  categoriesField(required),
  partnersField(required),
  field('tax_id', 'Tax name', 'integer', 'int', { ref: { table: 'taxes', zeroOk: true } }),
  field('customer_labels', 'Customer labels', 'array', 'ids', {
    hidden: true,
    ref: { table: 'labels' },
  }),
];

const priceFields = (): FieldDef[] => [
  field('id', 'ID', 'integer', 'int', { readOnly: true }),
  field('title', 'Title', 'string', 'string', { required: true, max: 128 }),
  field('price', 'Price', 'float', 'decimal'),
  field('transaction_category_id', 'Transaction category', 'integer', 'int', {
    ref: { table: 'transaction_categories', zeroOk: true },
  }),
  field('vat_percent', 'Tax %', 'float', 'decimal'),
  field('with_vat', 'Tax included', 'boolean', 'flag', { default: '1' }),
];

function countServices(table: string): ResourceDef['decorate'] {
  return (ctx, row, out) => {
    out.services = ctx.db.table(table).filter((s) => s.tariff_id === row.id).length;
  };
}

const int = (name: string, title: string, value = 0) =>
  field(name, title, 'integer', 'int', { default: value });

export const internetTariffs: ResourceDef = {
  table: 'tariffs_internet',
  path: 'admin/tariffs/internet',
  afModule: 'tariffs_internet',
  unique: ['title'],
  fields: [
    field('speed_download', 'Download speed (kbps)', 'integer', 'int', { required: true }),
    field('speed_upload', 'Upload speed (kbps)', 'integer', 'int', { required: true }),
    field('speed_limit_type', 'Speed limit type', 'string', 'string', {
      default: 'percent',
      enum: ['percent', 'fixed'],
    }),
    int('speed_limit_at', 'Guaranteed speed limit at', 10),
    int('speed_limit_fixed_up', 'Guaranteed upload speed limit'),
    int('speed_limit_fixed_down', 'Guaranteed download speed limit'),
    int('aggregation', 'Aggregation', 1),
    field('burst_type', 'Burst type', 'string', 'string', {
      default: 'none',
      enum: ['none', 'percent', 'fixed'],
    }),
    int('burst_limit', 'Burst limit'),
    int('burst_limit_fixed_up', 'Upload burst limit'),
    int('burst_limit_fixed_down', 'Download burst limit'),
    int('burst_threshold', 'Burst threshold'),
    int('burst_threshold_fixed_up', 'Upload burst threshold'),
    int('burst_threshold_fixed_down', 'Download burst threshold'),
    int('burst_time', 'Burst time'),
    field('priority', 'Priority', 'string', 'string', {
      default: 'normal',
      enum: ['low', 'normal', 'high'],
    }),
    field('exclude_traffic_classes', 'Exclude traffic classes from accounting', 'array', 'ids'),
    field('services', 'Services', 'string', 'int', { readOnly: true }),
    field('service_name', 'Service description', 'string', 'string', { max: 128 }),
    field('billing_days_count', 'Days', 'string', 'string', { default: null }),
    field('available_for_services', 'Enabled', 'boolean', 'flag', { default: '1' }),
    field('billing_types', 'Types of billing', 'array', 'strings', {
      required: true,
      enum: BILLING_TYPES,
    }),
    int('custom_period', 'Prepaid period'),
    ...priceFields(),
    ...commonTail(true),
  ],
  decorate: countServices('services_internet'),
};

export const recurringTariffs: ResourceDef = {
  table: 'tariffs_recurring',
  path: 'admin/tariffs/recurring',
  afModule: 'tariffs_custom',
  optionsDisabled: true,
  unique: ['title'],
  fields: [
    ...priceFields(),
    field('service_name', 'Service description', 'string', 'string', { max: 128 }),
    field('billing_types', 'Types of billing', 'array', 'strings', {
      required: true,
      enum: BILLING_TYPES,
    }),
    field('billing_days_count', 'Days', 'string', 'string', { default: null }),
    int('custom_period', 'Prepaid period'),
    field('available_for_services', 'Enabled', 'boolean', 'flag', { default: '1' }),
    ...commonTail(true),
  ],
  decorate: countServices('services_custom'),
};

export const oneTimeTariffs: ResourceDef = {
  table: 'tariffs_one_time',
  path: 'admin/tariffs/one-time',
  afModule: 'tariffs_one_time',
  unique: ['title'],
  fields: [
    field('service_description', 'Service description', 'string', 'string', { max: 128 }),
    field('enabled', 'Enabled', 'boolean', 'flag', { default: '1' }),
    ...priceFields(),
    ...commonTail(true),
  ],
};
