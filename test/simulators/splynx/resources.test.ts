import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { call, session } from './client.js';

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
});
afterAll(() => sim.close());

describe('generic resource semantics', () => {
  it('creates (201 {id}), reads, updates (202 empty) and deletes (204 empty)', async () => {
    const created = await api('POST', 'admin/inventory/vendors', { name: 'Ubiquiti' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: 1 });
    const second = await api('POST', 'admin/inventory/vendors', { name: 'MikroTik' });
    expect(second.json).toEqual({ id: 2 });

    const put = await api('PUT', 'admin/inventory/vendors/1', { name: 'Ubiquiti Inc' });
    expect(put.status).toBe(202);
    expect(put.text).toBe('');
    const read = await api('GET', 'admin/inventory/vendors/1');
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ id: 1, name: 'Ubiquiti Inc', additional_attributes: {} });

    const del = await api('DELETE', 'admin/inventory/vendors/1');
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const gone = await api('GET', 'admin/inventory/vendors/1');
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({
      error: { message: 'Not found', code: 404, internal_code: 'NOT_FOUND' },
    });
  });

  it('continues ids after the seed', async () => {
    const res = await api('POST', 'admin/finance/payment-methods', {
      name: 'Cheque',
      is_active: 1,
    });
    expect(res.json).toEqual({ id: 7 });
    const partner = await api('POST', 'admin/administration/partners', { name: 'Second' });
    expect(partner.json).toEqual({ id: 2 });
  });

  it('answers 400 to PUT/DELETE on a collection and 405 (88 bytes) to an unoffered method', async () => {
    const put = await api('PUT', 'admin/inventory/vendors', { name: 'x' });
    expect(put.status).toBe(400);
    expect(put.json).toEqual({
      error: { message: 'Missing id', code: 400, internal_code: 'BAD_REQUEST' },
    });
    expect((await api('DELETE', 'admin/inventory/vendors')).status).toBe(400);

    const disabled = await api('GET', 'admin/networking/cpe');
    expect(disabled.status).toBe(405);
    expect(disabled.text).toBe(
      '{"error":{"message":"Method is disabled!","code":405,"internal_code":"METHOD_DISABLED"}}',
    );
    expect(Buffer.byteLength(disabled.text)).toBe(88);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      expect((await api(method, 'admin/fup/cap-tariff')).status).toBe(405);
    }
    expect((await api('GET', 'admin/finance/refill-cards')).text).toBe(disabled.text);
    expect((await api('OPTIONS', 'admin/tariffs/recurring')).text).toBe(disabled.text);
    expect((await api('POST', 'admin/customers/customer-info/1', {})).status).toBe(405);
    expect((await api('POST', 'admin/config/taxes', { name: 'x', rate: 1 })).status).toBe(405);
  });

  it('answers 404 envelopes for unknown paths', async () => {
    for (const path of [
      'admin/customers/contact',
      'admin/administration/roles',
      'admin/networking/ip-pools',
    ]) {
      const res = await api('GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({
        error: { message: 'Not found', code: 404, internal_code: 'NOT_FOUND' },
      });
    }
    expect((await call(sim, 'GET', '/elsewhere')).status).toBe(404);
  });

  it('accepts form-encoded bodies in PHP bracket syntax', async () => {
    const login = await call(sim, 'POST', 'admin/auth/tokens', {
      form: 'auth_type=admin&login=admin&password=demo-admin-password',
    });
    const token = (login.json as { access_token: string }).access_token;
    const res = await call(sim, 'POST', 'admin/tariffs/one-time', {
      headers: { authorization: `Splynx-EA (access_token=${token})` },
      form: 'title=Install&price=50&partners_ids[]=1&customer_categories[]=person&available_for_locations[]=1',
    });
    expect(res.status).toBe(201);
    const row = await api('GET', `admin/tariffs/one-time/${(res.json as { id: number }).id}`);
    expect(row.json).toMatchObject({
      title: 'Install',
      price: '50.0000',
      partners_ids: [1],
      customer_categories: ['person'],
    });
  });
});

describe('search, order, paging, counts', () => {
  beforeAll(async () => {
    const people = [
      ['Alice Durden', 'active', 'alice', '2024-01-10'],
      ['Bob Paulson', 'blocked', 'bob', '2024-02-10'],
      ['Carol Singer', 'active', 'carol', '2024-03-10'],
      ['Dan Durden', 'disabled', 'dan', '2024-04-10'],
      ['Eve Smith', 'new', 'eve', '2024-05-10'],
    ];
    for (const [name, status, login, date_add] of people) {
      const res = await api('POST', 'admin/customers/customer', { name, status, login, date_add });
      expect(res.status).toBe(201);
    }
  });

  const names = async (query: string) =>
    ((await api('GET', `admin/customers/customer?${query}`)).json as Array<{ name: string }>).map(
      (c) => c.name,
    );

  it('supports every operator of §4.1', async () => {
    expect(await names('main_attributes[status]=active')).toEqual(['Alice Durden', 'Carol Singer']);
    expect(await names('main_attributes[login][0]=LIKE&main_attributes[login][1]=a')).toEqual([
      'Alice Durden',
      'Carol Singer',
      'Dan Durden',
    ]);
    expect(await names('main_attributes[name][0]=LIKE&main_attributes[name][1]=durden')).toEqual([
      'Alice Durden',
      'Dan Durden',
    ]);
    expect(
      await names(
        'main_attributes[id][0]=BETWEEN&main_attributes[id][1]=2&main_attributes[id][2]=3',
      ),
    ).toEqual(['Bob Paulson', 'Carol Singer']);
    expect(
      await names(
        'main_attributes[status][0]=IN&main_attributes[status][1][0]=blocked&main_attributes[status][1][1]=new',
      ),
    ).toEqual(['Bob Paulson', 'Eve Smith']);
    expect(await names('main_attributes[id][0]=>&main_attributes[id][1]=4')).toEqual(['Eve Smith']);
    expect(await names('main_attributes[id][0]=<&main_attributes[id][1]=2')).toEqual([
      'Alice Durden',
    ]);
    expect(await names('main_attributes[id][0]=>=&main_attributes[id][1]=4')).toEqual([
      'Dan Durden',
      'Eve Smith',
    ]);
    expect(await names('main_attributes[id][0]=<=&main_attributes[id][1]=1')).toEqual([
      'Alice Durden',
    ]);
    expect(
      (await names('main_attributes[status][0]=!=&main_attributes[status][1]=active')).length,
    ).toBe(3);
    expect(
      (await names('main_attributes[status][0]=<>&main_attributes[status][1]=active')).length,
    ).toBe(3);
    expect(
      await names('main_attributes[date_add][0]=>&main_attributes[date_add][1]=2024-04-01'),
    ).toEqual(['Dan Durden', 'Eve Smith']);
    expect(
      await names('main_attributes[login][0]=REGEXP&main_attributes[login][1]=^(bob|eve)$'),
    ).toEqual(['Bob Paulson', 'Eve Smith']);
    expect(
      (await names('main_attributes[subdivision_id][0]=IS&main_attributes[subdivision_id][1]=NULL'))
        .length,
    ).toBe(5);
    expect(
      await names(
        'main_attributes[subdivision_id][0]=IS&main_attributes[subdivision_id][1]=NOT NULL',
      ),
    ).toEqual([]);
    expect(
      await names('main_attributes[login][0]=FIND_IN_SET&main_attributes[login][1]=dan'),
    ).toEqual(['Dan Durden']);
  });

  it('ignores unknown plain params and rejects an unknown operator', async () => {
    expect((await names('customer_id=2&itemsPerPage=1')).length).toBe(5);
    const res = await api(
      'GET',
      'admin/customers/customer?main_attributes[id][0]=NEAR&main_attributes[id][1]=1',
    );
    expect(res.status).toBe(400);
  });

  it('orders and pages', async () => {
    expect(await names('order[name]=DESC&limit=2')).toEqual(['Eve Smith', 'Dan Durden']);
    expect(await names('order[id]=ASC&limit=2&offset=2')).toEqual(['Carol Singer', 'Dan Durden']);
    expect(await names('order[status]=ASC&order[id]=DESC')).toEqual([
      'Carol Singer',
      'Alice Durden',
      'Bob Paulson',
      'Dan Durden',
      'Eve Smith',
    ]);
    expect(await names('offset=4')).toEqual(['Eve Smith']);
  });

  it('counts with HEAD and the same filters', async () => {
    const all = await api('HEAD', 'admin/customers/customer');
    expect(all.status).toBe(204);
    expect(all.headers.get('x-total-count')).toBe('5');
    expect(all.headers.get('access-control-expose-headers')).toBe('X-total-count');
    const some = await api(
      'HEAD',
      'admin/customers/customer?main_attributes[status]=active&limit=1',
    );
    expect(some.headers.get('x-total-count')).toBe('2');
  });
});
