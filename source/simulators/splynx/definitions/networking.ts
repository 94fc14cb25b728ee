// IPv4/IPv6 networks and the per-address rows Splynx keeps for IPv4 endnets (`ipv4-ip`).
// Creating an IPv4 endnet creates its address rows; a static service takes one and marks it used.
import type { Row } from '../db.js';
import { field, type ResourceDef } from '../model.js';

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function networkContains(network: Row, ip: string): boolean {
  const base = ipv4ToInt(String(network.network));
  const addr = ipv4ToInt(ip);
  const mask = Number(network.mask);
  if (base === undefined || addr === undefined || !Number.isInteger(mask)) return false;
  const size = 2 ** (32 - mask);
  return addr >= base && addr < base + size;
}

/** Address rows are made for endnets up to a /16; larger blocks would only burn memory. */
const LARGEST_ENDNET_MASK = 16;

function createAddressRows(
  ctx: Parameters<NonNullable<ResourceDef['afterCreate']>>[0],
  network: Row,
): void {
  const mask = Number(network.mask);
  const base = ipv4ToInt(String(network.network));
  if (network.network_type !== 'endnet' || base === undefined || mask < LARGEST_ENDNET_MASK) return;
  const size = 2 ** (32 - mask);
  const keepEdges = network.allow_use_network_and_broadcast === '1' || mask >= 31;
  const first = keepEdges ? 0 : 1;
  const last = keepEdges ? size - 1 : size - 2;
  const table = ctx.db.table('ipv4_ips');
  for (let i = first; i <= last; i++) {
    table.insert({
      ipv4_networks_id: network.id,
      ip: intToIpv4(base + i),
      hostname: '',
      location_id: network.location_id,
      title: '',
      comment: '',
      host_category: 0,
      is_used: '0',
      status: 9,
      last_check: 0,
      customer_id: 0,
      card_id: 0,
      module: '',
      module_item_id: 0,
    });
  }
}

const text = (name: string, title: string) => field(name, title, 'string', 'string');

export const ipv4Networks: ResourceDef = {
  table: 'ipv4_networks',
  path: 'admin/networking/ipv4',
  afModule: 'ipv4_networks',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('network', 'Network', 'string', 'string', { required: true, max: 15 }),
    field('mask', 'BM', 'integer', 'int', { requiredOnCreate: true }),
    field('title', 'Title', 'string', 'string', { required: true, max: 128 }),
    field('comment', 'Comment', 'string', 'string'),
    field('location_id', 'Location ID', 'integer', 'int', {
      default: 1,
      ref: { table: 'locations', zeroOk: true },
    }),
    field('network_category', 'Network category', 'integer', 'int'),
    field('network_type', 'Network type', 'string', 'string', {
      default: 'endnet',
      enum: ['rootnet', 'endnet'],
    }),
    field('type_of_usage', 'Type of usage', 'string', 'string', {
      default: 'management',
      enum: ['pool', 'static', 'management'],
    }),
    field(
      'allow_use_network_and_broadcast',
      "Allow usage of network and broadcast IP's",
      'boolean',
      'flag',
    ),
    text('parent', 'Parent'),
    text('rootnet', 'RootNet'),
    text('save_to_parent', 'Save_to_parent'),
    field('used', 'Used', 'string', 'string', { readOnly: true }),
    text('split_to', 'Split_to'),
    text('confirm_merge', 'Confirm_merge'),
    text('needCreateIps', 'Need create IPs'),
  ],
  validate({ ctx, candidate, previous, issues }) {
    const network = String(candidate.network ?? '');
    const base = ipv4ToInt(network);
    const mask = Number(candidate.mask);
    if (network && base === undefined) {
      issues.push({ field: 'network', message: 'Network is invalid.' });
      return;
    }
    if (candidate.mask !== undefined && (!Number.isInteger(mask) || mask < 0 || mask > 32)) {
      issues.push({ field: 'mask', message: 'BM must be no greater than 32.' });
      return;
    }
    if (base === undefined || !Number.isInteger(mask)) return;
    if (base % 2 ** (32 - mask) !== 0) {
      issues.push({
        field: 'network',
        message: `Network "${network}/${mask}" is not a network address.`,
      });
    }
    const clash = ctx.db.find(
      'ipv4_networks',
      (row) => row.id !== previous?.id && row.network === network && Number(row.mask) === mask,
    );
    if (clash)
      issues.push({
        field: 'network',
        message: `Network "${network}/${mask}" has already been taken.`,
      });
  },
  afterCreate: createAddressRows,
  afterDelete(ctx, row) {
    const table = ctx.db.table('ipv4_ips');
    for (const ip of table.filter((r) => r.ipv4_networks_id === row.id)) table.delete(ip.id);
  },
  decorate(ctx, row, out) {
    const ips = ctx.db.table('ipv4_ips').filter((r) => r.ipv4_networks_id === row.id);
    const used = ips.filter((r) => r.is_used === '1').length;
    out.used = ips.length ? String(Math.round((used / ips.length) * 100)) : '0';
  },
};

export const ipv4Addresses: ResourceDef = {
  table: 'ipv4_ips',
  path: 'admin/networking/ipv4-ip',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('ipv4_networks_id', 'IPv4 Network ID', 'integer', 'int', { readOnly: true }),
    field('ip', 'IP', 'string', 'string', { readOnly: true }),
    field('hostname', 'Hostname', 'string', 'string', { max: 128 }),
    field('location_id', 'Location ID', 'integer', 'int', {
      ref: { table: 'locations', zeroOk: true },
    }),
    field('title', 'Title', 'string', 'string', { max: 128 }),
    field('comment', 'Comment', 'string', 'string'),
    field('host_category', 'Host category', 'integer', 'int'),
    field('is_used', 'Used', 'boolean', 'flag'),
    field('status', 'Status', 'integer', 'int', { readOnly: true }),
    field('last_check', 'Last check', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer', 'integer', 'int', {
      ref: { table: 'customers', zeroOk: true },
    }),
    field('card_id', 'Card ID', 'integer', 'int'),
    field('module', 'Module', 'string', 'string'),
    field('module_item_id', 'Module item ID', 'integer', 'int'),
  ],
};

export const ipv6Networks: ResourceDef = {
  table: 'ipv6_networks',
  path: 'admin/networking/ipv6',
  afModule: 'ipv6_networks',
  fields: [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('network', 'Network', 'string', 'string', { required: true, max: 39 }),
    field('prefix', 'Prefix', 'integer', 'int', { requiredOnCreate: true }),
    field('title', 'Title', 'string', 'string', { required: true, max: 128 }),
    field('comment', 'Comment', 'string', 'string'),
    field('location_id', 'Location ID', 'integer', 'int', {
      default: 1,
      ref: { table: 'locations', zeroOk: true },
    }),
    field('network_category', 'Network category', 'integer', 'int'),
    field('network_type', 'Network type', 'string', 'string', {
      default: 'endnet',
      enum: ['rootnet', 'endnet'],
    }),
    field('type_of_usage', 'Type of usage', 'string', 'string', {
      default: 'static',
      enum: ['static', 'management', 'pool'],
    }),
    text('parent', 'Parent'),
    text('rootnet', 'RootNet'),
    text('save_to_parent', 'Save_to_parent'),
    field('used', 'Used', 'string', 'string', { readOnly: true }),
    text('split_to', 'Split_to'),
    text('confirm_merge', 'Confirm_merge'),
    text('range_from', 'Range_from'),
    text('range_to', 'Range_to'),
  ],
  validate({ candidate, issues }) {
    const network = String(candidate.network ?? '');
    if (network && !/^[0-9a-f:]+$/i.test(network))
      issues.push({ field: 'network', message: 'Network is invalid.' });
    const prefix = Number(candidate.prefix);
    if (
      candidate.prefix !== undefined &&
      (!Number.isInteger(prefix) || prefix < 0 || prefix > 128)
    ) {
      issues.push({ field: 'prefix', message: 'Prefix must be no greater than 128.' });
    }
  },
};
