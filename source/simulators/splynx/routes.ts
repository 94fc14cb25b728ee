// Path → handler for `/api/2.0/...`: the plain collections, and the endpoints whose paths carry
// a parent id or a composite `--` key. Authentication and permissions are checked here too.
import { type AuthState, permitted } from './auth.js';
import type { Row, SplynxTable } from './db.js';
import { additionalFields } from './definitions/config.js';
import { customerBilling, customerInfo, customerNotes } from './definitions/customers.js';
import { COLLECTIONS_BY_PATH, READ_ONLY_PATHS } from './definitions/index.js';
import { ipv4Addresses } from './definitions/networking.js';
import { internetServices, recurringServices } from './definitions/services.js';
import type { Ctx, ResourceDef } from './model.js';
import type { PhpValue } from './php-query.js';
import { asBody, createRecord, deleteRecord, describe, search, updateRecord } from './records.js';
import { fail, methodDisabled, notFound, type Reply } from './replies.js';
import { render } from './typing.js';

export interface ApiRequest {
  method: string;
  /** Path under /api/2.0/, without slashes at either end. */
  path: string;
  query: Record<string, PhpValue>;
  body: unknown;
  authorization: string | undefined;
  userAgent: string | undefined;
}

type CollectionMethods = { read: boolean; create: boolean };

const FULL: CollectionMethods = { read: true, create: true };

function collection(
  ctx: Ctx,
  def: ResourceDef,
  req: ApiRequest,
  rows: () => Row[] | SplynxTable,
  methods: CollectionMethods = FULL,
  fixed: Record<string, unknown> = {},
): Reply {
  switch (req.method) {
    case 'GET': {
      if (!methods.read) return methodDisabled();
      const { page } = search(ctx, def, rows(), req.query);
      return { status: 200, body: page.map((row) => render(ctx, def, row)) };
    }
    case 'HEAD': {
      if (!methods.read) return methodDisabled();
      const { total } = search(ctx, def, rows(), req.query);
      return {
        status: 204,
        headers: {
          'X-total-count': String(total),
          'Access-Control-Expose-Headers': 'X-total-count',
        },
      };
    }
    case 'OPTIONS':
      return def.optionsDisabled ? methodDisabled() : { status: 200, body: describe(ctx, def) };
    case 'POST': {
      if (!methods.create) return methodDisabled();
      const row = createRecord(ctx, def, asBody(req.body), fixed);
      return { status: 201, body: def.created ? def.created(row) : { id: row.id } };
    }
    case 'PUT':
    case 'DELETE':
      return fail(400, 'BAD_REQUEST', 'Missing id');
    default:
      return methodDisabled();
  }
}

type ItemMethods = { put: boolean; remove: boolean };

function item(
  ctx: Ctx,
  def: ResourceDef,
  req: ApiRequest,
  row: Row | undefined,
  methods: ItemMethods,
): Reply {
  const offered =
    req.method === 'GET' ||
    (req.method === 'PUT' && methods.put) ||
    (req.method === 'DELETE' && methods.remove);
  if (!offered) return methodDisabled();
  if (!row) notFound();
  if (req.method === 'GET') return { status: 200, body: render(ctx, def, row) };
  if (req.method === 'PUT') {
    updateRecord(ctx, def, row, asBody(req.body));
    return { status: 202 };
  }
  deleteRecord(ctx, def, row);
  return { status: 204 };
}

function numericId(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function services(ctx: Ctx, req: ApiRequest, match: RegExpExecArray): Reply {
  const def = match[2] === 'internet' ? internetServices : recurringServices;
  const customerId = Number(match[1]);
  const serviceId = numericId(match[3]);
  const table = ctx.db.table(def.table);
  if (customerId === 0 && serviceId === undefined) {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const filtered = Object.keys(req.query).some(
        (k) => k === 'main_attributes' || k === 'additional_attributes',
      );
      // The live instance answers 500 to a cross-customer list without a search attribute.
      if (!filtered) fail(500, 'SERVER_ERROR', 'Internal server error');
      return collection(ctx, def, req, () => table);
    }
    if (req.method === 'OPTIONS') return collection(ctx, def, req, () => []);
  }
  if (!ctx.db.get('customers', customerId)) notFound();
  if (serviceId === undefined) {
    return collection(ctx, def, req, () => table.byField('customer_id', customerId), FULL, {
      customer_id: customerId,
    });
  }
  const row = table.get(serviceId);
  return item(ctx, def, req, row?.customer_id === customerId ? row : undefined, {
    put: true,
    remove: true,
  });
}

function ipv4Ips(ctx: Ctx, req: ApiRequest, rest: string): Reply {
  const table = ctx.db.table(ipv4Addresses.table);
  const readOnly = { read: true, create: false };
  if (rest === '') return collection(ctx, ipv4Addresses, req, () => table, readOnly);
  const [netText, ipText, extra] = rest.split('--');
  const networkId = numericId(netText);
  if (networkId === undefined || extra !== undefined) notFound();
  const network = ctx.db.get('ipv4_networks', networkId);
  if (ipText === undefined) {
    if (!network) fail(400, 'BAD_REQUEST', 'Network not found');
    return collection(
      ctx,
      ipv4Addresses,
      req,
      () => table.byField('ipv4_networks_id', networkId),
      readOnly,
    );
  }
  const row = table.get(numericId(ipText) ?? -1);
  return item(ctx, ipv4Addresses, req, row?.ipv4_networks_id === networkId ? row : undefined, {
    put: true,
    remove: false,
  });
}

function additionalFieldRoute(ctx: Ctx, req: ApiRequest, rest: string): Reply {
  const [module, name, extra] = rest.split('--');
  if (!module || !/^[a-z0-9_]+$/.test(module) || extra !== undefined) notFound();
  const table = ctx.db.table(additionalFields.table);
  if (name === undefined) {
    return collection(ctx, additionalFields, req, () => table.byField('module', module), FULL, {
      module,
    });
  }
  const row = table.find((r) => r.module === module && r.name === name);
  return item(ctx, additionalFields, req, row, { put: true, remove: true });
}

function customerNotesRoute(ctx: Ctx, req: ApiRequest, rest: string): Reply {
  const table = ctx.db.table(customerNotes.table);
  if (rest === '') return collection(ctx, customerNotes, req, () => table);
  const [customerText, noteText, extra] = rest.split('--');
  const customerId = numericId(customerText);
  const noteId = numericId(noteText);
  if (customerId === undefined || noteId === undefined || extra !== undefined) notFound();
  const row = table.get(noteId);
  return item(ctx, customerNotes, req, row?.customer_id === customerId ? row : undefined, {
    put: true,
    remove: true,
  });
}

const SERVICES = /^admin\/customers\/customer\/(\d+)\/(internet|recurring)-services(?:--(\d+))?$/;

/** Paths whose methods are all switched off on the live instance, beyond `disabledPaths`. */
const GET_DISABLED = new Set(['admin/finance/refill-cards']);

export function route(ctx: Omit<Ctx, 'actor'>, auth: AuthState, req: ApiRequest): Reply {
  const { path, method } = req;
  if (path === 'admin/auth/tokens' || path.startsWith('admin/auth/tokens/')) {
    const refresh = path.slice('admin/auth/tokens/'.length);
    if (path === 'admin/auth/tokens') {
      if (method === 'POST') return auth.issue(asBody(req.body), req.userAgent);
      if (method === 'PUT' || method === 'DELETE')
        fail(400, 'BAD_REQUEST', 'Missing refresh token');
      return methodDisabled();
    }
    if (method === 'GET') return auth.renew(refresh, req.userAgent);
    if (method === 'DELETE') return auth.revoke(refresh);
    return methodDisabled();
  }
  const actor = auth.authenticate(req.authorization, req.userAgent);
  const full: Ctx = { ...ctx, actor };
  if (!permitted(ctx.options.permissions, path, method))
    fail(403, 'FORBIDDEN', 'Permission denied');
  if (ctx.options.disabledPaths.some((p) => path === p || path.startsWith(`${p}/`)))
    return methodDisabled();
  if (GET_DISABLED.has(path) && method === 'GET') return methodDisabled();
  if (path === 'admin/api/check') {
    if (method !== 'GET') return methodDisabled();
    return { status: 200, body: { status: 'ok', message: 'API is valid', same_server: 0 } };
  }
  return dispatch(full, req);
}

function dispatch(ctx: Ctx, req: ApiRequest): Reply {
  const { path } = req;
  const services_ = SERVICES.exec(path);
  if (services_) return services(ctx, req, services_);
  if (path === 'admin/networking/ipv4-ip' || path.startsWith('admin/networking/ipv4-ip/')) {
    return ipv4Ips(ctx, req, path.slice('admin/networking/ipv4-ip/'.length));
  }
  if (path.startsWith('admin/config/additional-fields/')) {
    return additionalFieldRoute(ctx, req, path.slice('admin/config/additional-fields/'.length));
  }
  if (
    path === 'admin/customers/customer-notes' ||
    path.startsWith('admin/customers/customer-notes/')
  ) {
    return customerNotesRoute(ctx, req, path.slice('admin/customers/customer-notes/'.length));
  }
  for (const def of [customerInfo, customerBilling]) {
    if (path.startsWith(`${def.path}/`)) {
      const id = numericId(path.slice(def.path.length + 1));
      if (id === undefined) notFound();
      return item(ctx, def, req, ctx.db.get(def.table, id), { put: true, remove: false });
    }
  }
  const stock = /^admin\/config\/inventory-stock\/(\d+)$/.exec(path);
  if (stock) {
    const def = COLLECTIONS_BY_PATH.get('admin/config/inventory-stocks') as ResourceDef;
    return item(ctx, def, req, ctx.db.get(def.table, Number(stock[1])), {
      put: true,
      remove: true,
    });
  }
  const whole = COLLECTIONS_BY_PATH.get(path);
  if (whole) {
    const methods = READ_ONLY_PATHS.has(path) ? { read: true, create: false } : FULL;
    return collection(ctx, whole, req, () => ctx.db.table(whole.table), methods);
  }
  const slash = path.lastIndexOf('/');
  const parent = COLLECTIONS_BY_PATH.get(path.slice(0, slash));
  const id = numericId(path.slice(slash + 1));
  if (parent && id !== undefined) {
    const writable = !READ_ONLY_PATHS.has(parent.path);
    return item(ctx, parent, req, ctx.db.get(parent.table, id), {
      put: writable,
      remove: writable,
    });
  }
  return notFound();
}
