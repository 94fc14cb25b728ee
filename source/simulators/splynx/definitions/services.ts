// Internet and recurring ("custom") services, nested under their customer. Rules from §10.4:
// tariff in the right table, unique internet login, and the `taking_ipv4` address rules that
// make a static service take (and later release) one ipv4-ip row.
import type { Row } from '../db.js';
import { type Ctx, type FieldDef, field, type ResourceDef, type WriteCheck } from '../model.js';
import { networkContains } from './networking.js';

const SERVICE_STATUSES = ['active', 'stopped', 'disabled', 'hidden', 'pending'] as const;

function baseFields(tariffTable: string): FieldDef[] {
  return [
    field('id', 'ID', 'integer', 'int', { readOnly: true }),
    field('customer_id', 'Customer', 'integer', 'int', { readOnly: true }),
    field('tariff_id', 'Tariff', 'integer', 'int', { required: true, ref: { table: tariffTable } }),
    field('status', 'Status', 'string', 'string', { required: true, enum: SERVICE_STATUSES }),
    field('description', 'Description', 'string', 'string', { required: true, max: 255 }),
    field('quantity', 'Quantity', 'integer', 'int', { required: true }),
    field('unit', 'Unit', 'string', 'string', { max: 32 }),
    field('unit_price', 'Price', 'float', 'decimal'),
    field('start_date', 'Start date', 'date', 'date', { required: true }),
    field('end_date', 'End date', 'date', 'date', { default: '0000-00-00' }),
    field('discount', 'Discount', 'boolean', 'flag'),
    field('discount_type', 'Discount type', 'string', 'string', {
      default: 'percent',
      enum: ['percent', 'fixed'],
    }),
    field('discount_value', 'Discount value', 'float', 'decimal'),
    field('discount_start_date', 'Discount start date', 'date', 'date', { default: '0000-00-00' }),
    field('discount_end_date', 'Discount end date', 'date', 'date', { default: '0000-00-00' }),
    field('discount_text', 'Discount message', 'string', 'string'),
    field('bundle_service_id', 'Bundle service', 'integer', 'int'),
    field('status_new', 'Status new', 'string', 'string'),
    field('parent_id', 'Parent service', 'integer', 'int'),
    field('on_approve', 'On approve', 'string', 'flag'),
    field('period', 'Period', 'string', 'string', { default: '-1' }),
  ];
}

/** Shared rules: the customer must accept services; the price defaults to the tariff's. */
function checkCommon(check: WriteCheck, tariffTable: string): void {
  const { ctx, candidate, previous, input, issues } = check;
  if (!previous && ctx.options.rejectServicesForDisabledCustomers) {
    const customer = ctx.db.get('customers', Number(candidate.customer_id));
    if (customer?.status === 'disabled')
      issues.push({ field: 'customer_id', message: 'Customer is not active.' });
  }
  if (!previous && !('unit_price' in input)) {
    const tariff = ctx.db.get(tariffTable, Number(candidate.tariff_id));
    if (tariff) candidate.unit_price = tariff.price ?? '0.0000';
  }
}

/** Root networks only group end networks; addresses live in (and are taken from) end networks. */
function staticNetworkFor(ctx: Ctx, ip: string): Row | undefined {
  return ctx.db.find(
    'ipv4_networks',
    (n) => n.network_type !== 'rootnet' && n.type_of_usage === 'static' && networkContains(n, ip),
  );
}

/** The address row `ip` of a network (indexed: there is one per address of every network). */
function addressIn(ctx: Ctx, networkId: number, ip: string): Row | undefined {
  return ctx.db
    .table('ipv4_ips')
    .where(
      'network|ip',
      (r) => [`${String(r.ipv4_networks_id)}|${String(r.ip)}`],
      `${networkId}|${ip}`,
    )[0];
}

function holdsAddress(row: Row, serviceId: number | undefined): boolean {
  return (
    serviceId !== undefined &&
    row.module === 'services_internet' &&
    row.module_item_id === serviceId
  );
}

function checkIpv4(check: WriteCheck): void {
  const { ctx, candidate, previous, issues } = check;
  const taking = Number(candidate.taking_ipv4);
  if (taking === 1) {
    const ip = String(candidate.ipv4 ?? '');
    if (!ip) {
      issues.push({ field: 'ipv4', message: 'IPv4 cannot be blank.' });
      return;
    }
    const network = staticNetworkFor(ctx, ip);
    const address = network ? addressIn(ctx, network.id, ip) : undefined;
    if (!network || !address) {
      issues.push({ field: 'ipv4', message: `IPv4 "${ip}" is not in a static network.` });
    } else if (address.is_used === '1' && !holdsAddress(address, previous?.id)) {
      issues.push({ field: 'ipv4', message: `IPv4 "${ip}" is already in use.` });
    }
  } else if (taking === 2) {
    const pool = ctx.db.get('ipv4_networks', Number(candidate.ipv4_pool_id));
    if (pool?.type_of_usage !== 'pool') {
      issues.push({ field: 'ipv4_pool_id', message: 'IPv4 pool is invalid.' });
    }
  }
}

/** Release what the service held, then take the address it now names. */
function syncAddress(ctx: Ctx, service: Row | undefined, released: number): void {
  const table = ctx.db.table('ipv4_ips');
  const held = table.where(
    'holder',
    (r) => [`${String(r.module)}|${String(r.module_item_id)}`],
    `services_internet|${released}`,
  );
  for (const row of held) {
    if (service && Number(service.taking_ipv4) === 1 && row.ip === service.ipv4) continue;
    table.update(row.id, { is_used: '0', customer_id: 0, module: '', module_item_id: 0 });
  }
  if (!service || Number(service.taking_ipv4) !== 1) return;
  const ip = String(service.ipv4);
  const network = staticNetworkFor(ctx, ip);
  const address = network && addressIn(ctx, network.id, ip);
  if (address) {
    table.update(address.id, {
      is_used: '1',
      customer_id: service.customer_id,
      module: 'services_internet',
      module_item_id: service.id,
    });
  }
}

const int = (name: string, title: string) => field(name, title, 'integer', 'int');
const text = (name: string, title: string, max?: number) =>
  field(name, title, 'string', 'string', max ? { max } : {});

export const internetServices: ResourceDef = {
  table: 'services_internet',
  path: 'admin/customers/customer/{cid}/internet-services',
  afModule: 'services_internet',
  unique: ['login'],
  fields: [
    ...baseFields('tariffs_internet'),
    int('router_id', 'Router'),
    int('sector_id', 'Sector'),
    field('login', 'Login', 'string', 'string', { required: true, max: 128 }),
    text('password', 'Password', 128),
    field('taking_ipv4', 'Taking IPv4', 'integer', 'int', {
      required: true,
      enum: ['0', '1', '2'],
    }),
    text('ipv4', 'IPv4', 15),
    text('ipv4_route', 'Additional network'),
    int('ipv4_pool_id', 'IPv4 pool'),
    text('ipv6', 'IPv6'),
    text('ipv6_delegated', 'IPv6 delegated'),
    int('ipv6_pool_id', 'IPv6 pool'),
    field('taking_ipv6', 'Taking IPv6', 'integer', 'int', { default: 0, enum: ['0', '1', '2'] }),
    text('mac', 'MAC(s)', 256),
    int('port_id', 'Port'),
    int('access_device', 'Access device'),
    int('top_up_tariff_id', 'Top-up tariff'),
  ],
  validate(check) {
    checkCommon(check, 'tariffs_internet');
    checkIpv4(check);
  },
  afterCreate: (ctx, row) => syncAddress(ctx, row, row.id),
  afterUpdate: (ctx, row) => syncAddress(ctx, row, row.id),
  afterDelete: (ctx, row) => syncAddress(ctx, undefined, row.id),
  decorate(_ctx, _row, out) {
    out.type = 'internet';
    out.geo = { address: '', marker: '' };
  },
};

export const recurringServices: ResourceDef = {
  table: 'services_custom',
  path: 'admin/customers/customer/{cid}/recurring-services',
  afModule: 'services_custom',
  fields: baseFields('tariffs_recurring'),
  validate: (check) => checkCommon(check, 'tariffs_recurring'),
  decorate(_ctx, _row, out) {
    out.type = 'custom';
  },
};
