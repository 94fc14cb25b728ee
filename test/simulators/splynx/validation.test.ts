import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { session } from './client.js';

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
});
afterAll(() => sim.close());
beforeEach(() => {
  Object.assign(sim.options, {
    errorShape: 'array',
    typing: 'v5',
    rejectServicesForDisabledCustomers: false,
  });
});

const TARIFF = {
  title: 'Fiber 100',
  speed_download: 102400,
  speed_upload: 51200,
  price: 49.5,
  billing_types: ['recurring'],
  partners_ids: [1],
  customer_categories: ['person', 'company'],
  available_for_locations: [1],
};

describe('422 bodies', () => {
  it('reports required, length, enum and email failures as [{field,message}]', async () => {
    const res = await api('POST', 'admin/customers/customer', {
      city: 'A city name that is far too long to fit',
      status: 'sleeping',
      email: 'ann@example.com, not-an-email',
    });
    expect(res.status).toBe(422);
    expect(res.json).toEqual([
      { field: 'name', message: 'Full name cannot be blank.' },
      { field: 'email', message: 'Email is not a valid email address.' },
      { field: 'city', message: 'City should contain at most 32 characters.' },
      { field: 'status', message: 'Status is invalid.' },
    ]);
  });

  it('accepts comma-separated email lists', async () => {
    const res = await api('POST', 'admin/customers/customer', {
      name: 'Two Mails',
      email: 'a@x.io, b@y.io',
    });
    expect(res.status).toBe(201);
  });

  it('uses the envelope with INVALID_INPUT_DATA when errorShape is envelope', async () => {
    sim.options.errorShape = 'envelope';
    const res = await api('POST', 'admin/customers/customer', { name: '' });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        message: 'Full name cannot be blank.',
        code: 422,
        internal_code: 'INVALID_INPUT_DATA',
        fields: [{ field: 'name', message: 'Full name cannot be blank.' }],
      },
    });
  });

  it('enforces unique logins and titles in Yii wording', async () => {
    expect(
      (await api('POST', 'admin/customers/customer', { name: 'A', login: 'durden' })).status,
    ).toBe(201);
    const dup = await api('POST', 'admin/customers/customer', { name: 'B', login: 'DURDEN' });
    expect(dup.json).toEqual([
      { field: 'login', message: 'Portal login "DURDEN" has already been taken.' },
    ]);

    expect((await api('POST', 'admin/tariffs/internet', TARIFF)).status).toBe(201);
    const again = await api('POST', 'admin/tariffs/internet', TARIFF);
    expect(again.json).toEqual([
      { field: 'title', message: 'Title "Fiber 100" has already been taken.' },
    ]);
    const product = await api('POST', 'admin/inventory/products', { name: 'Router' });
    const item = { product_id: (product.json as { id: number }).id, barcode: 'AA:BB' };
    expect((await api('POST', 'admin/inventory/items', item)).status).toBe(201);
    expect((await api('POST', 'admin/inventory/items', item)).json).toEqual([
      { field: 'barcode', message: 'Barcode "AA:BB" has already been taken.' },
    ]);
    const admin = { login: 'ops', name: 'Ops', email: 'ops@x.io', password: 'pw-123456' };
    expect((await api('POST', 'admin/administration/administrators', admin)).status).toBe(201);
    expect((await api('POST', 'admin/administration/administrators', admin)).json).toEqual([
      { field: 'login', message: 'Admin login "ops" has already been taken.' },
    ]);
  });

  it('checks references', async () => {
    const res = await api('POST', 'admin/customers/customer', {
      name: 'Ref',
      partner_id: 99,
      location_id: 42,
    });
    expect(res.json).toEqual([
      { field: 'partner_id', message: 'Partner is invalid.' },
      { field: 'location_id', message: 'Location is invalid.' },
    ]);
    const tariff = await api('POST', 'admin/tariffs/internet', {
      ...TARIFF,
      title: 'X',
      partners_ids: [1, 7],
    });
    expect(tariff.json).toEqual([{ field: 'partners_ids', message: 'Partners is invalid.' }]);
    const missing = await api('POST', 'admin/tariffs/internet', { title: 'Y' });
    expect((missing.json as Array<{ field: string }>).map((i) => i.field).sort()).toEqual([
      'available_for_locations',
      'billing_types',
      'customer_categories',
      'partners_ids',
      'speed_download',
      'speed_upload',
    ]);
  });

  it('validates a PUT against the merged row and only what changed', async () => {
    const id = (
      (await api('POST', 'admin/customers/customer', { name: 'Put Me' })).json as { id: number }
    ).id;
    const bad = await api('PUT', `admin/customers/customer/${id}`, { zip_code: '1'.repeat(33) });
    expect(bad.json).toEqual([
      { field: 'zip_code', message: 'ZIP Code should contain at most 32 characters.' },
    ]);
    expect(
      (await api('PUT', `admin/customers/customer/${id}`, { city: 'Springfield' })).status,
    ).toBe(202);
    const row = (await api('GET', `admin/customers/customer/${id}`)).json as Record<
      string,
      unknown
    >;
    expect(row.name).toBe('Put Me');
    expect(row.city).toBe('Springfield');
  });
});

describe('customers and their satellite rows', () => {
  it('auto-creates customer-info and customer-billing, renders v5 quirks and labels', async () => {
    const label = await api('POST', 'admin/config/labels', {
      module: 'customers',
      label: 'VIP',
      color: '#ff0000',
    });
    const labelId = (label.json as { id: number }).id;
    const res = await api('POST', 'admin/customers/customer', {
      name: 'Quirky',
      customer_labels: [labelId],
    });
    const id = (res.json as { id: number }).id;
    const row = (await api('GET', `admin/customers/customer/${id}`)).json as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      id,
      partner_id: 1,
      location_id: 1,
      added_by: 'api',
      mrr_total: '0.0000',
      daily_prepaid_cost: '0.0000',
      login: String(id),
      customer_labels: [{ id: labelId, label: 'VIP', color: '#ff0000' }],
      additional_attributes: {},
    });
    expect(row.last_update).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect('password' in row).toBe(false);

    const info = await api('GET', `admin/customers/customer-info/${id}`);
    expect(info.json).toMatchObject({ id, contact_person: '' });
    expect(
      (await api('PUT', `admin/customers/customer-info/${id}`, { contact_person: 'Jane' })).status,
    ).toBe(202);
    expect(
      ((await api('GET', `admin/customers/customer-info/${id}`)).json as Record<string, unknown>)
        .contact_person,
    ).toBe('Jane');

    const billing = await api('PUT', `admin/customers/customer-billing/${id}`, {
      make_invoices: 0,
      billing_date: 5,
      billing_due: 10,
    });
    expect(billing.status).toBe(202);
    expect((await api('GET', `admin/customers/customer-billing/${id}`)).json).toMatchObject({
      customer_id: id,
      make_invoices: '0',
      billing_date: '5',
      billing_due: '10',
      deposit: '0.0000',
    });
    const badDay = await api('PUT', `admin/customers/customer-billing/${id}`, { billing_date: 31 });
    expect(badDay.json).toEqual([
      { field: 'billing_date', message: 'Billing day must be between 1 and 28.' },
    ]);
    expect((await api('GET', 'admin/customers/customer-info/9999')).status).toBe(404);
  });

  it('renders every scalar as a string in v4 typing', async () => {
    sim.options.typing = 'v4';
    const tariff = (await api('GET', 'admin/tariffs/internet/1')).json as Record<string, unknown>;
    expect(tariff).toMatchObject({
      id: '1',
      speed_download: '102400',
      price: '49.5000',
      with_vat: '1',
      partners_ids: [1],
    });
    const partner = (await api('GET', 'admin/administration/partners/1')).json;
    expect(partner).toEqual({ id: '1', name: 'Main', additional_attributes: {} });
  });

  it('stores notes and serves them at {customer}--{note}', async () => {
    const cid = (
      (await api('POST', 'admin/customers/customer', { name: 'Noted' })).json as { id: number }
    ).id;
    const note = await api('POST', 'admin/customers/customer-notes', {
      customer_id: cid,
      comment: 'Hello',
      is_pinned: 1,
    });
    expect(note.status).toBe(201);
    const nid = (note.json as { id: number }).id;
    const read = (await api('GET', `admin/customers/customer-notes/${cid}--${nid}`)).json as Record<
      string,
      unknown
    >;
    expect(read).toMatchObject({
      id: nid,
      customer_id: cid,
      comment: 'Hello',
      is_pinned: '1',
      type: 'comment',
    });
    expect(read.pinned_date).not.toBe('0000-00-00 00:00:00');
    expect((await api('GET', `admin/customers/customer-notes/${cid + 1}--${nid}`)).status).toBe(
      404,
    );
    expect(
      (await api('POST', 'admin/customers/customer-notes', { customer_id: 999 })).json,
    ).toEqual([
      { field: 'customer_id', message: 'Customer ID is invalid.' },
      { field: 'comment', message: 'Comment cannot be blank.' },
    ]);
  });
});

describe('additional fields', () => {
  it('shows defined fields in OPTIONS and records, enforces is_unique and searches them', async () => {
    const def = {
      name: 'sonar_id',
      title: 'Sonar ID',
      type: 'string',
      is_required: 0,
      is_unique: 1,
      is_add: 1,
      show_in_list: 0,
      searchable: 1,
      readonly: 0,
      disabled: 0,
    };
    const created = await api('POST', 'admin/config/additional-fields/customers', def);
    // Create Additional Field → Response 201 → Attributes (Additional Field Name).
    expect([created.status, created.json]).toEqual([201, { name: 'sonar_id' }]);
    expect((await api('POST', 'admin/config/additional-fields/customers', def)).json).toEqual([
      { field: 'name', message: 'Name "sonar_id" has already been taken.' },
    ]);
    const item = (await api('GET', 'admin/config/additional-fields/customers--sonar_id')).json;
    // Retrieve a Additional Field → Response 200 → Attributes (Additional Field Base): no module.
    expect(item).toMatchObject({ name: 'sonar_id', is_unique: '1', searchable: '1' });
    expect(item).not.toHaveProperty('module');
    const options = (await api('OPTIONS', 'admin/customers/customer')).json as {
      additional_attributes: unknown[];
    };
    // Each entry as the blueprint's `Base options with AFs response`.
    expect(options.additional_attributes).toEqual([
      {
        name: 'sonar_id',
        title: 'Sonar ID',
        type: 'string',
        required: false,
        module: 'customers',
        category: '',
        position: 0,
        decimals: 2,
        is_unique: true,
        is_add: true,
        show_in_list: false,
        searchable: true,
        readonly: false,
        disabled: false,
        hidden: false,
        set_default_value: false,
      },
    ]);

    const a = await api('POST', 'admin/customers/customer', {
      name: 'AF one',
      additional_attributes: { sonar_id: '101' },
    });
    expect(a.status).toBe(201);
    const dup = await api('POST', 'admin/customers/customer', {
      name: 'AF two',
      additional_attributes: { sonar_id: '101' },
    });
    expect(dup.status).toBe(422);
    expect(dup.json).toEqual([
      {
        field: 'additional_attributes.sonar_id',
        message: 'Sonar ID "101" has already been taken.',
      },
    ]);
    const found = await api('GET', 'admin/customers/customer?additional_attributes[sonar_id]=101');
    expect((found.json as Array<Record<string, unknown>>).map((c) => c.name)).toEqual(['AF one']);
    const older = (await api('GET', 'admin/customers/customer/1')).json as Record<string, unknown>;
    expect(older.additional_attributes).toEqual({ sonar_id: '' });
    expect(
      (await api('GET', 'admin/customers/customer?additional_attributes[nope]=1')).status,
    ).toBe(400);
  });
});

describe('services', () => {
  let customerId: number;
  beforeAll(async () => {
    customerId = (
      (await api('POST', 'admin/customers/customer', { name: 'Served', status: 'active' }))
        .json as { id: number }
    ).id;
    await api('POST', 'admin/networking/ipv4', {
      network: '10.1.0.0',
      mask: 29,
      title: 'Static',
      network_type: 'endnet',
      type_of_usage: 'static',
    });
    await api('POST', 'admin/networking/ipv4', {
      network: '10.2.0.0',
      mask: 30,
      title: 'Pool',
      type_of_usage: 'pool',
    });
  });

  const service = (extra: Record<string, unknown>) => ({
    tariff_id: 1,
    status: 'active',
    description: 'Internet',
    quantity: 1,
    start_date: '2024-01-01',
    taking_ipv4: 0,
    ...extra,
  });

  it('creates ipv4-ip rows with the network and lists them', async () => {
    const ips = (await api('GET', 'admin/networking/ipv4-ip/1')).json as Array<
      Record<string, unknown>
    >;
    expect(ips.map((r) => r.ip)).toEqual([
      '10.1.0.1',
      '10.1.0.2',
      '10.1.0.3',
      '10.1.0.4',
      '10.1.0.5',
      '10.1.0.6',
    ]);
    expect(ips[0]).toMatchObject({ ipv4_networks_id: 1, is_used: '0', customer_id: 0 });
    expect((await api('GET', 'admin/networking/ipv4-ip/77')).status).toBe(400);
  });

  it('applies the taking_ipv4 rules and marks the address used', async () => {
    const path = `admin/customers/customer/${customerId}/internet-services`;
    const outside = await api(
      'POST',
      path,
      service({ login: 's1', taking_ipv4: 1, ipv4: '10.9.9.9' }),
    );
    expect(outside.json).toEqual([
      { field: 'ipv4', message: 'IPv4 "10.9.9.9" is not in a static network.' },
    ]);
    const poolAddress = await api(
      'POST',
      path,
      service({ login: 's1', taking_ipv4: 1, ipv4: '10.2.0.1' }),
    );
    expect(poolAddress.json).toEqual([
      { field: 'ipv4', message: 'IPv4 "10.2.0.1" is not in a static network.' },
    ]);
    const blank = await api('POST', path, service({ login: 's1', taking_ipv4: 1 }));
    expect(blank.json).toEqual([{ field: 'ipv4', message: 'IPv4 cannot be blank.' }]);

    const ok = await api('POST', path, service({ login: 's1', taking_ipv4: 1, ipv4: '10.1.0.3' }));
    expect(ok.status).toBe(201);
    const sid = (ok.json as { id: number }).id;
    const used = await api(
      'GET',
      'admin/networking/ipv4-ip?main_attributes[ipv4_networks_id]=1&main_attributes[is_used]=1',
    );
    expect(used.json).toEqual([
      expect.objectContaining({ ip: '10.1.0.3', is_used: '1', customer_id: customerId }),
    ]);

    const taken = await api(
      'POST',
      path,
      service({ login: 's2', taking_ipv4: 1, ipv4: '10.1.0.3' }),
    );
    expect(taken.json).toEqual([{ field: 'ipv4', message: 'IPv4 "10.1.0.3" is already in use.' }]);
    expect((await api('PUT', `${path}--${sid}`, { ipv4: '10.1.0.4' })).status).toBe(202);
    const moved = (await api('GET', 'admin/networking/ipv4-ip?main_attributes[is_used]=1'))
      .json as Array<{ ip: string }>;
    expect(moved.map((r) => r.ip)).toEqual(['10.1.0.4']);

    const pool = await api('POST', path, service({ login: 's3', taking_ipv4: 2, ipv4_pool_id: 1 }));
    expect(pool.json).toEqual([{ field: 'ipv4_pool_id', message: 'IPv4 pool is invalid.' }]);
    expect(
      (await api('POST', path, service({ login: 's3', taking_ipv4: 2, ipv4_pool_id: 2 }))).status,
    ).toBe(201);

    expect((await api('DELETE', `${path}--${sid}`)).status).toBe(204);
    expect((await api('GET', 'admin/networking/ipv4-ip?main_attributes[is_used]=1')).json).toEqual(
      [],
    );
  });

  it('checks tariff table, unique login, required fields, and renders type and geo', async () => {
    const path = `admin/customers/customer/${customerId}/internet-services`;
    const missing = await api('POST', path, {});
    expect((missing.json as Array<{ field: string }>).map((i) => i.field)).toEqual([
      'tariff_id',
      'status',
      'description',
      'quantity',
      'start_date',
      'login',
      'taking_ipv4',
    ]);
    expect((await api('POST', path, service({ login: 's3' }))).json).toEqual([
      { field: 'login', message: 'Login "s3" has already been taken.' },
    ]);
    expect((await api('POST', path, service({ login: 's9', tariff_id: 50 }))).json).toEqual([
      { field: 'tariff_id', message: 'Tariff is invalid.' },
    ]);
    const created = await api('POST', path, service({ login: 's9' }));
    const sid = (created.json as { id: number }).id;
    expect((await api('GET', `${path}--${sid}`)).json).toMatchObject({
      id: sid,
      customer_id: customerId,
      tariff_id: 1,
      unit_price: '49.5000',
      end_date: '0000-00-00',
      type: 'internet',
      geo: { address: '', marker: '' },
    });
    const recurring = await api(
      'POST',
      `admin/customers/customer/${customerId}/recurring-services`,
      service({}),
    );
    expect(recurring.json).toEqual([{ field: 'tariff_id', message: 'Tariff is invalid.' }]);
    expect((await api('GET', 'admin/customers/customer/999/internet-services')).status).toBe(404);
  });

  it('needs a filter for the cross-customer search', async () => {
    const bare = await api('GET', 'admin/customers/customer/0/internet-services');
    expect(bare.status).toBe(500);
    const filtered = await api(
      'GET',
      'admin/customers/customer/0/internet-services?main_attributes[login]=s9',
    );
    expect((filtered.json as Array<{ login: string }>).map((s) => s.login)).toEqual(['s9']);
  });

  it('refuses services for disabled customers when asked to', async () => {
    const cid = (
      (await api('POST', 'admin/customers/customer', { name: 'Off', status: 'disabled' })).json as {
        id: number;
      }
    ).id;
    const path = `admin/customers/customer/${cid}/internet-services`;
    expect((await api('POST', path, service({ login: 'off-1' }))).status).toBe(201);
    sim.options.rejectServicesForDisabledCustomers = true;
    expect((await api('POST', path, service({ login: 'off-2' }))).json).toEqual([
      { field: 'customer_id', message: 'Customer is not active.' },
    ]);
  });
});
