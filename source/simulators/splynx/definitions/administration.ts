// Partners, locations, administrators. Attribute lists follow the live OPTIONS answers
// (live-endpoints.json); lengths and enums follow live-db-columns.json.
import { field, nowDatetime, type ResourceDef } from '../model.js';

export const partners: ResourceDef = {
  table: 'partners',
  path: 'admin/administration/partners',
  afModule: 'partners',
  fields: [
    field('id', 'Id', 'integer', 'int', { readOnly: true }),
    field('name', 'Partner name', 'string', 'string', { required: true, max: 64 }),
  ],
};

const locationTax = (name: string, title: string) =>
  field(name, title, 'integer', 'int', { default: 0 });

export const locations: ResourceDef = {
  table: 'locations',
  path: 'admin/administration/locations',
  afModule: 'locations',
  fields: [
    field('id', 'Id', 'integer', 'int', { readOnly: true }),
    field('name', 'Location', 'string', 'string', { required: true, max: 64 }),
    locationTax('tax_for_tariff_bundle', 'Default tax for any bundle in this location'),
    locationTax(
      'tax_for_tariff_internet',
      'Default tax for any internet tariff & related top-ups in this location',
    ),
    locationTax('tax_for_tariff_voice', 'Default tax for any voice tariff in this location'),
    locationTax(
      'tax_for_tariff_recurring',
      'Default tax for any recurring tariff in this location',
    ),
    locationTax('tax_for_tariff_onetime', 'Default tax for any one-time tariff in this location'),
    locationTax('tax_for_inventory_items', 'Default tax for any inventory item in this location'),
  ],
};

export const ADMIN_ROLES = [
  'super-administrator',
  'administrator',
  'customer-creator',
  'manager',
  'engineer',
  'technician',
  'financial-manager',
] as const;

export const administrators: ResourceDef = {
  table: 'administrators',
  path: 'admin/administration/administrators',
  afModule: 'admins',
  unique: ['login'],
  fields: [
    field('id', 'Id', 'integer', 'int', { readOnly: true }),
    field('partner_id', 'Partner', 'integer', 'int', {
      default: 0,
      ref: { table: 'partners', zeroOk: true },
    }),
    field('role_name', 'Role', 'string', 'string', {
      default: 'administrator',
      max: 32,
      enum: ADMIN_ROLES,
    }),
    field('login', 'Admin login', 'string', 'string', { required: true, max: 64 }),
    field('name', 'Full name', 'string', 'string', { required: true, max: 64 }),
    field('email', 'Email', 'email', 'string', { required: true, max: 64, email: true }),
    field('timeout', 'Timeout', 'integer', 'int', { default: 0 }),
    field('last_ip', 'Last IP', 'string', 'string', { readOnly: true }),
    field('last_dt', 'Last login', 'datetime', 'datetime', { readOnly: true }),
    field('filter_partner_id', 'Filter_partner_id', 'string', 'string', { default: null }),
    field('router_access', 'Router access (radius)', 'string', 'string', {
      default: 'none',
      enum: ['none', 'read', 'write', 'full'],
    }),
    field('phone', 'Phone', 'string', 'string', { max: 256 }),
    field('send_from_my_name', 'Send emails from my name', 'boolean', 'flag'),
    field('calendar_color', 'Calendar color', 'string', 'string', { max: 50 }),
    field('updated_at', 'Updated_at', 'string', 'datetime', {
      readOnly: true,
      default: nowDatetime,
    }),
    field('password', 'Password', 'string', 'string', {
      hidden: true,
      writeOnly: true,
      requiredOnCreate: true,
      max: 512,
    }),
  ],
  afterUpdate(ctx, row) {
    ctx.db.update('administrators', row.id, { updated_at: nowDatetime() });
  },
  // Answered by the live instance (null without an avatar) and declared by the blueprint's
  // Administrator Response, though OPTIONS does not list them.
  decorate(_ctx, _row, out) {
    out.avatar_api_url = null;
    out.download_avatar_link = null;
  },
};
