// What the Splynx simulator keeps and computes about money: discounts stored on services and tax
// ids on tariffs read back as the blueprint declares them (Service Base: discount, discount_type
// percent|fixed, discount_value, discount_start_date, discount_end_date, discount_text; tariffs:
// tax_id, a reference to admin/config/taxes); the customer's `mrr_total` (money.ts, our reading,
// and its `mrrTotal` switch); the balance (`deposit`) driven by transactions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SplynxSimulator,
  startSplynxSimulator,
} from '../../../source/simulators/splynx/server.js';
import { loadBlueprint } from '../../splynx/blueprint.js';
import { call, session } from './client.js';
import { BLUEPRINT_READINGS, checkAnswer, loadLive } from './contract.js';

let sim: SplynxSimulator;
let api: Awaited<ReturnType<typeof session>>;
let internetTariff: number;
let recurringTariff: number;
let logins = 0;

const idOf = (res: { json: unknown }) => (res.json as { id: number }).id;
const blueprint = loadBlueprint();
const live = loadLive();

beforeAll(async () => {
  sim = await startSplynxSimulator();
  api = await session(sim);
  const common = {
    partners_ids: [1],
    customer_categories: ['person', 'company'],
    available_for_locations: [1],
    billing_types: ['recurring'],
    with_vat: false,
  };
  internetTariff = idOf(
    await api('POST', 'admin/tariffs/internet', {
      ...common,
      title: 'Fiber 100',
      speed_download: 102400,
      speed_upload: 51200,
      price: 40,
      tax_id: 1,
    }),
  );
  recurringTariff = idOf(
    await api('POST', 'admin/tariffs/recurring', { ...common, title: 'Router rental', price: 10 }),
  );
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.options.mrrTotal = 'computed';
});

async function customer(): Promise<number> {
  return idOf(await api('POST', 'admin/customers/customer', { name: 'Money', status: 'active' }));
}

async function internet(cid: number, extra: Record<string, unknown> = {}): Promise<string> {
  const path = `admin/customers/customer/${cid}/internet-services`;
  const res = await api('POST', path, {
    tariff_id: internetTariff,
    status: 'active',
    description: 'Fiber 100',
    quantity: 1,
    start_date: '2026-12-10',
    taking_ipv4: 0,
    login: `money-${++logins}`,
    ...extra,
  });
  expect(res.status).toBe(201);
  return `${path}--${idOf(res)}`;
}

async function recurring(cid: number, extra: Record<string, unknown> = {}): Promise<string> {
  const path = `admin/customers/customer/${cid}/recurring-services`;
  const res = await api('POST', path, {
    tariff_id: recurringTariff,
    status: 'active',
    description: 'Router rental',
    quantity: 2,
    start_date: '2026-12-10',
    ...extra,
  });
  expect(res.status).toBe(201);
  return `${path}--${idOf(res)}`;
}

const mrr = async (cid: number) =>
  ((await api('GET', `admin/customers/customer/${cid}`)).json as Record<string, unknown>).mrr_total;

describe('discounts and taxes persist', () => {
  it('a service keeps its fixed discount and reads it back as the blueprint declares', async () => {
    const cid = await customer();
    const path = await internet(cid, {
      discount: 1,
      discount_type: 'fixed',
      discount_value: 5,
      discount_start_date: '2026-12-10',
      discount_text: 'Senior discount',
    });
    const read = await api('GET', path);
    expect(read.json).toMatchObject({
      unit_price: '40.0000',
      discount: '1',
      discount_type: 'fixed',
      discount_value: '5.0000',
      discount_start_date: '2026-12-10',
      discount_end_date: '0000-00-00',
      discount_text: 'Senior discount',
    });
    expect(
      checkAnswer(blueprint, live, { method: 'GET', path, ...read }, BLUEPRINT_READINGS),
    ).toEqual([]);
    // A partial update keeps the rest of the discount.
    expect((await api('PUT', path, { discount_value: 7.5 })).status).toBe(202);
    expect((await api('GET', path)).json).toMatchObject({
      discount: '1',
      discount_type: 'fixed',
      discount_value: '7.5000',
      discount_text: 'Senior discount',
    });
    expect((await api('POST', path.replace(/--\d+$/, ''), { discount_type: 'half' })).json).toEqual(
      expect.arrayContaining([{ field: 'discount_type', message: 'Discount type is invalid.' }]),
    );
  });

  it('a tariff keeps its tax_id; a tax Splynx does not have is refused', async () => {
    const read = await api('GET', `admin/tariffs/internet/${internetTariff}`);
    expect((read.json as Record<string, unknown>).tax_id).toBe(1);
    const refused = await api('PUT', `admin/tariffs/internet/${internetTariff}`, { tax_id: 99 });
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual([{ field: 'tax_id', message: 'Tax name is invalid.' }]);
    expect(
      (
        (await api('GET', `admin/tariffs/internet/${internetTariff}`)).json as Record<
          string,
          unknown
        >
      ).tax_id,
    ).toBe(1);
  });
});

describe('mrr_total', () => {
  it('a new customer answers "0.0000", as the live create did', async () => {
    expect(await mrr(await customer())).toBe('0.0000');
  });

  it('adds up active services: unit price × quantity less the discount while it lasts', async () => {
    const cid = await customer();
    const fiber = await internet(cid, {
      discount: 1,
      discount_type: 'fixed',
      discount_value: 5,
      discount_start_date: '2026-12-10',
    });
    expect(await mrr(cid)).toBe('35.0000');
    await recurring(cid); // 10 × 2
    expect(await mrr(cid)).toBe('55.0000');
    await recurring(cid, {
      unit_price: 3,
      discount: 1,
      discount_type: 'percent',
      discount_value: 10,
    });
    expect(await mrr(cid)).toBe('60.4000'); // + 3 × 2 − 10 %
    // A discount that ended no longer counts; a price change counts at once.
    await api('PUT', fiber, { discount_end_date: '2020-01-31', unit_price: 42 });
    expect(await mrr(cid)).toBe('67.4000');
    // Services that do not bill: disabled, or ended.
    await internet(cid, { status: 'disabled' });
    await recurring(cid, { end_date: '2020-01-31' });
    expect(await mrr(cid)).toBe('67.4000');
    // A list answers the same figure.
    const list = (await api('GET', 'admin/customers/customer')).json as Array<
      Record<string, unknown>
    >;
    expect(list.find((row) => row.id === cid)?.mrr_total).toBe('67.4000');
  });

  it('the mrrTotal switch: stuck at "0.0000", or not answered', async () => {
    const cid = await customer();
    await recurring(cid);
    const set = await call(sim, 'POST', '/__sim/options', { body: { mrrTotal: 'zero' } });
    expect(set.status).toBe(200);
    expect(await mrr(cid)).toBe('0.0000');
    await call(sim, 'POST', '/__sim/options', { body: { mrrTotal: 'absent' } });
    const read = (await api('GET', `admin/customers/customer/${cid}`)).json as object;
    expect(read).not.toHaveProperty('mrr_total');
    await call(sim, 'POST', '/__sim/options', { body: { mrrTotal: 'computed' } });
    expect(await mrr(cid)).toBe('20.0000');
  });
});

describe('deposit', () => {
  it('is the credit transactions less the debit ones', async () => {
    const cid = await customer();
    const billing = async () =>
      (
        (await api('GET', `admin/customers/customer-billing/${cid}`)).json as Record<
          string,
          unknown
        >
      ).deposit;
    expect(await billing()).toBe('0.0000');
    const debit = await api('POST', 'admin/finance/transactions', {
      customer_id: cid,
      type: 'debit',
      price: 12.5,
      description: 'Opening balance',
    });
    expect(debit.status).toBe(201);
    expect(await billing()).toBe('-12.5000');
    await api('POST', 'admin/finance/transactions', {
      customer_id: cid,
      type: 'credit',
      price: 20,
      description: 'Payment',
    });
    expect(await billing()).toBe('7.5000');
    await api('DELETE', `admin/finance/transactions/${idOf(debit)}`);
    expect(await billing()).toBe('20.0000');
  });
});
