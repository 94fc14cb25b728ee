// Extraction against the loopback Sonar over a generated dataset: what comes out must be what the
// tables say, whichever join strategy ran, whatever the selection, through faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SonarSimulator, startSonarSimulator } from '../../source/simulators/sonar/server.js';
import {
  generateSonarDataset,
  type SonarDataset,
} from '../../source/simulators/sonar-dataset/generate.js';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import { SonarClient } from '../../source/sonar/client.js';
import {
  countAccounts,
  extractAccounts,
  listAccounts,
} from '../../source/sonar/extract-accounts.js';
import type { SonarAccount } from '../../source/sonar/records.js';

let dataset: SonarDataset;
let sim: SonarSimulator;
let all: SonarAccount[];

function client(extra: Partial<ConstructorParameters<typeof SonarClient>[0]> = {}) {
  return new SonarClient({
    url: sim.url,
    token: sim.token,
    backoff: { baseMs: 1, maxMs: 5 },
    ...extra,
  });
}

async function collect(source: AsyncGenerator<SonarAccount[]>): Promise<SonarAccount[]> {
  const out: SonarAccount[] = [];
  for await (const page of source) out.push(...page);
  return out;
}

const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const rows = (name: keyof SonarDataset['tables']) => dataset.tables[name] as SonarRow[];
const where = (name: keyof SonarDataset['tables'], test: (row: SonarRow) => boolean) =>
  rows(name).filter(test);
const ids = (list: { id: unknown }[]) =>
  list.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));

/** What the tables say belongs to one account, computed independently of the client. */
function oracle(accountId: number) {
  const addresses = where(
    'addresses',
    (a) => a.addressable_type === 'Account' && a.addressable_id === accountId,
  );
  const addressIds = new Set(addresses.map((a) => a.id));
  const items = where(
    'inventory_items',
    (i) =>
      i.inventoryitemable_type === 'Address' && addressIds.has(i.inventoryitemable_id as number),
  );
  const itemIds = new Set(items.map((i) => i.id));
  const fieldData = where('inventory_model_field_data', (d) =>
    itemIds.has(d.inventory_item_id as number),
  );
  const radius = where('radius_accounts', (r) => r.account_id === accountId);
  const macs = where('uninventoried_mac_addresses', (m) => m.account_id === accountId);
  const owners = new Set([
    `Account:${accountId}`,
    ...radius.map((r) => `RadiusAccount:${r.id}`),
    ...macs.map((m) => `UninventoriedMacAddress:${m.id}`),
    ...items.map((i) => `InventoryItem:${i.id}`),
    ...fieldData.map((d) => `InventoryModelFieldData:${d.id}`),
  ]);
  const ips = where('ip_assignments', (ip) =>
    owners.has(`${ip.ipassignmentable_type}:${ip.ipassignmentable_id}`),
  );
  const transactions = where('transactions', (t) => t.account_id === accountId).sort(
    (a, b) =>
      Date.parse(String(b.datetime ?? b.created_at)) -
        Date.parse(String(a.datetime ?? a.created_at)) || b.id - a.id,
  );
  const primary = where(
    'contacts',
    (c) => c.contactable_type === 'Account' && c.contactable_id === accountId && c.primary === true,
  )[0];
  return {
    ip_ids: ids(ips),
    equipment_ids: ids(items),
    radius: radius.map((r) => ({
      id: String(r.id),
      username: r.username,
      password: str(r.password),
    })),
    note_ids: ids(
      where('notes', (n) => n.noteable_type === 'Account' && n.noteable_id === accountId),
    ),
    balance: transactions[0] ? (transactions[0].running_balance as number) : null,
    group_ids: ids(
      dataset.tables.account_account_groups
        .filter((l) => l.account_id === accountId)
        .map((l) => ({ id: l.account_group_id })),
    ),
    primary: primary
      ? { name: primary.name, email_address: str(primary.email_address) }
      : undefined,
    address_ids: ids(addresses),
  };
}

function observed(account: SonarAccount) {
  const primary = account.contacts.find((c) => c.primary);
  return {
    ip_ids: account.ip_assignments.map((ip) => ip.id),
    equipment_ids: account.equipment.map((e) => e.id),
    radius: account.radius_accounts,
    note_ids: account.notes.map((n) => n.id),
    balance: account.balance,
    group_ids: account.account_group_ids,
    primary: primary ? { name: primary.name, email_address: primary.email_address } : undefined,
    address_ids: account.addresses.map((a) => a.id),
  };
}

/** Rows added late for early accounts: a later address with equipment, a later RADIUS login, MAC
 * and note, each with IPs. Their ids lie far from their account's other rows. */
function addLateRows(tables: SonarDataset['tables']): void {
  const t = tables as unknown as Record<string, SonarRow[]>;
  const nextId = (table: string) => Math.max(0, ...(t[table] ?? []).map((r) => r.id)) + 1_000;
  const clone = (table: string, test: (row: SonarRow) => boolean, changes: Partial<SonarRow>) => {
    const source = (t[table] ?? []).find(test);
    if (!source) throw new Error(`no ${table} row to clone`);
    const row = { ...source, id: nextId(table), ...changes } as SonarRow;
    t[table]?.push(row);
    return row;
  };
  const ip = (type: string, owner: number, last: number) =>
    clone('ip_assignments', () => true, {
      ipassignmentable_type: type,
      ipassignmentable_id: owner,
      subnet: `10.250.0.${last}/32`,
    });
  const address = clone('addresses', (a) => a.addressable_id === 3, { type: 'MAILING' });
  const item = clone('inventory_items', (i) => i.inventoryitemable_type === 'Address', {
    inventoryitemable_id: address.id,
  });
  const datum = clone('inventory_model_field_data', () => true, { inventory_item_id: item.id });
  ip('InventoryItem', item.id, 1);
  ip('InventoryModelFieldData', datum.id, 2);
  const radius = clone('radius_accounts', () => true, { account_id: 4, username: 'late-login' });
  ip('RadiusAccount', radius.id, 3);
  const mac = {
    id: nextId('uninventoried_mac_addresses'),
    created_at: radius.created_at,
    updated_at: radius.created_at,
    account_id: 5,
    mac_address: '02:5e:00:ff:00:01',
  } as SonarRow;
  t.uninventoried_mac_addresses?.push(mac);
  ip('UninventoriedMacAddress', mac.id, 4);
  clone('notes', (n) => n.noteable_type === 'Account', { noteable_id: 6, message: 'late note' });
}

const WINDOW = 40;

beforeAll(async () => {
  dataset = generateSonarDataset({ seed: 11, accounts: 300 });
  addLateRows(dataset.tables);
  sim = await startSonarSimulator({ dataset });
  // Small windows, so the oracle test below crosses eight of them.
  all = await collect(extractAccounts(client(), { includeArchived: true, joinWindow: WINDOW }));
});

afterAll(async () => {
  await sim?.close();
});

describe('extractAccounts against the simulator', () => {
  it('extracts every account, ascending, each joined exactly as the tables say', () => {
    expect(all.map((a) => a.id)).toEqual(ids(rows('accounts')));
    for (const account of all) {
      expect({ id: account.id, ...observed(account) }).toEqual({
        id: account.id,
        ...oracle(Number(account.id)),
      });
    }
    // The dataset must exercise every join, or this test proves little.
    const vias = new Set(all.flatMap((a) => a.ip_assignments.map((ip) => ip.source.via)));
    expect([...vias].sort()).toEqual(
      [...new Set(rows('ip_assignments').map((ip) => ip.ipassignmentable_type))]
        .filter((t) => t !== 'NetworkSite')
        .map(
          (t) =>
            ({
              Account: 'account',
              RadiusAccount: 'radius_account',
              InventoryItem: 'inventory_item',
              InventoryModelFieldData: 'inventory_field',
              UninventoriedMacAddress: 'uninventoried_mac',
            })[t as string],
        )
        .sort(),
    );
    expect(all.filter((a) => a.balance !== null).length).toBeGreaterThan(0);
  });

  it('carries scalar fields through unchanged (ids as strings, cents as integers)', () => {
    const row = rows('accounts')[0] as SonarRow;
    const account = all[0] as SonarAccount;
    expect([
      account.id,
      account.name,
      account.account_status_id,
      account.parent_account_id,
      account.created_at,
    ]).toEqual([
      String(row.id),
      row.name,
      String(row.account_status_id),
      str(row.parent_account_id),
      row.created_at,
    ]);
    const overridden = rows('account_services').find((s) => s.price_override !== null) as SonarRow;
    const owner = all.find((a) => a.id === String(overridden.account_id)) as SonarAccount;
    expect(owner.account_services.find((s) => s.id === String(overridden.id))?.price_override).toBe(
      overridden.price_override,
    );
  });

  it("spends few requests: count, one window's joins at a time, account pages and balance batches", async () => {
    const c = client();
    const extracted = await collect(extractAccounts(c, { includeArchived: true }));
    // 300 accounts make one window of the default 1,000: its joins are the whole of each table.
    const joinRows = [
      where('ip_assignments', (ip) => ip.ipassignmentable_type === 'Account').length,
      rows('radius_accounts').length,
      rows('uninventoried_mac_addresses').length,
      where('notes', (n) => n.noteable_type === 'Account').length,
      where('addresses', (a) => a.addressable_type === 'Account').length,
    ];
    const joinPages = Math.max(1, ...joinRows.map((n) => Math.ceil(n / 500)));
    expect(extracted).toHaveLength(300);
    // count, the search-reading probe, joins, two account pages, two balance batches.
    expect(c.requests).toBe(1 + 1 + joinPages + 2 + 2);
  });

  it("reads each window's joins and nothing more: no row is read twice, none of another window", async () => {
    const operations: string[] = [];
    const pageSize = 10;
    const extracted = await collect(
      extractAccounts(client({ onRequest: (e) => operations.push(e.operation) }), {
        includeArchived: true,
        joinWindow: 50,
        pageSize: 25,
        joinPageSize: pageSize,
      }),
    );
    expect(extracted).toEqual(all);
    // Windows close on page boundaries: 50 accounts, two pages of 25 each.
    let expected = 0;
    for (let start = 0; start < all.length; start += 50) {
      const owners = new Set(all.slice(start, start + 50).map((a) => Number(a.id)));
      const counts = [
        where(
          'ip_assignments',
          (ip) =>
            ip.ipassignmentable_type === 'Account' && owners.has(ip.ipassignmentable_id as number),
        ),
        where('radius_accounts', (r) => owners.has(r.account_id as number)),
        where('uninventoried_mac_addresses', (m) => owners.has(m.account_id as number)),
        where('notes', (n) => n.noteable_type === 'Account' && owners.has(n.noteable_id as number)),
        where(
          'addresses',
          (a) => a.addressable_type === 'Account' && owners.has(a.addressable_id as number),
        ),
      ].map((list) => Math.ceil(list.length / pageSize));
      expected += Math.max(1, ...counts);
    }
    expect(operations.filter((o) => o === 'SonarAccountJoins')).toHaveLength(expected);
  });

  it('leaves archived accounts out unless asked', async () => {
    const extracted = await collect(extractAccounts(client()));
    expect(extracted.map((a) => a.id)).toEqual(
      ids(where('accounts', (a) => a.archived_at === null)),
    );
  });

  it('extracts a handful of ids with nested joins, equal to the full (flat) extraction', async () => {
    const rich = all
      .filter((a) => a.equipment.length > 0 && a.ip_assignments.length > 0)
      .slice(0, 3);
    const picked = [...rich.map((a) => a.id), all[all.length - 1]?.id as string, '2'].reverse();
    const operations: string[] = [];
    const deep = await collect(
      extractAccounts(client({ onRequest: (e) => operations.push(e.operation) }), {
        ids: picked,
        includeArchived: true,
      }),
    );
    // `all` came through the flat join (300 accounts, a filter selection): the two agree.
    expect(deep).toEqual(all.filter((a) => picked.includes(a.id)));
    expect(operations).toEqual(['SonarAccountsDeep', 'SonarBalances']);
  });

  it("reads a long id list nested too, 100 ids a request, never the whole ISP's collections", async () => {
    const picked = all.slice(0, 120).map((a) => a.id);
    const operations: string[] = [];
    const deep = await collect(
      extractAccounts(client({ onRequest: (e) => operations.push(e.operation) }), {
        ids: picked,
        includeArchived: true,
      }),
    );
    expect(deep).toEqual(all.slice(0, 120));
    expect(operations.filter((o) => o === 'SonarAccountsDeep')).toHaveLength(2);
    expect(operations).not.toContain('SonarAccountJoins');
  });

  it('selects by status and created-date range, and counts the same', async () => {
    const statusIds = [...new Set(rows('accounts').map((a) => String(a.account_status_id)))].slice(
      0,
      2,
    );
    const selection = { statusIds, createdFrom: '2019-01-01', createdTo: '2023-12-31' };
    const extracted = await collect(extractAccounts(client(), selection));
    const expected = ids(
      where('accounts', (a) => {
        const created = Date.parse(String(a.created_at));
        return (
          a.archived_at === null &&
          statusIds.includes(String(a.account_status_id)) &&
          created >= Date.parse('2019-01-01T00:00:00Z') &&
          created < Date.parse('2024-01-01T00:00:00Z')
        );
      }),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(extracted.map((a) => a.id)).toEqual(expected);
    // Windows of a sparse selection search by gap-cut ranges; the joins must still be exact.
    const windowed = await collect(extractAccounts(client(), { ...selection, joinWindow: 7 }));
    expect(windowed).toEqual(all.filter((a) => expected.includes(a.id)));
    await expect(countAccounts(client(), selection)).resolves.toBe(expected.length);
    await expect(
      countAccounts(client(), { ...selection, ids: expected.slice(0, 5).concat(['1', '2']) }),
    ).resolves.toBe(
      expected
        .slice(0, 5)
        .concat(['1', '2'])
        .filter((id) => expected.includes(id)).length,
    );
  });

  /** The names of an account's DATA services, straight from the tables. */
  function planOf(accountId: number): string | null {
    const names = rows('account_services')
      .filter((s) => s.account_id === accountId)
      .map((s) => rows('services').find((svc) => svc.id === s.service_id))
      .filter((svc) => svc?.type === 'DATA')
      .map((svc) => String(svc?.name));
    return names.length > 0 ? names.join(', ') : null;
  }

  it('lists a light page for the TUI', async () => {
    const listed = await listAccounts(client(), 2, { pageSize: 20, includeArchived: true });
    expect(listed.page).toBe(2);
    expect(listed.total_count).toBe(300);
    expect(listed.total_pages).toBe(15);
    expect(listed.entities).toEqual(
      rows('accounts')
        .slice(20, 40)
        .map((a) => ({
          id: String(a.id),
          name: a.name,
          account_status_id: String(a.account_status_id),
          created_at: a.created_at,
          plan: planOf(a.id),
        })),
    );
    expect(listed.entities.some((a) => a.plan !== null)).toBe(true);
  });

  it('survives 429s and 5xx answers from the simulator', async () => {
    sim.faults.set({ rateLimitNext: 2, retryAfterSeconds: 0, serverErrorOnReads: 3 });
    const before = sim.log.counts.total;
    const extracted = await collect(
      extractAccounts(client(), { includeArchived: true, pageSize: 100 }),
    );
    expect(extracted).toEqual(all);
    const statuses = sim.log.list((entry) => entry.seq > before).map((entry) => entry.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(3);
    sim.faults.reset();
  });

  it('stops when the run is aborted between pages', async () => {
    const controller = new AbortController();
    const c = client();
    const pages = extractAccounts(c, {
      includeArchived: true,
      pageSize: 100,
      signal: controller.signal,
    });
    const first = await pages.next();
    expect(first.value).toHaveLength(100);
    const sent = c.requests;
    controller.abort(new DOMException('stopped', 'AbortError'));
    await expect(pages.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(c.requests).toBe(sent);
  });
});
