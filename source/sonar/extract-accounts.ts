// Phase 4 input: accounts in ascending id order, each with everything the mapping needs joined
// in. Two ways to join:
// - a filter selection (all, by status, by date): accounts are taken a window at a time (1,000 by
//   default) and what hangs off them (IPs, RADIUS, MACs, notes, equipment) is read as flat
//   collections searched by the window's account ids, then joined by id. The cost is a few pages
//   per thousand accounts, and memory holds one window's joins, never the whole ISP's;
// - an id list, or a filter matching few accounts: the same data nested under each account,
//   100 accounts a request, so a hundred customers do not read even one window's collections.
// Balances are read per page of accounts with aliased `transactions` batches.
import { type BalanceOptions, fetchBalances } from './balances.js';
import type { SonarClient } from './client.js';
import { completeNested } from './complete-nested.js';
import { toInventoryItem } from './extract-inventory.js';
import { DEFAULT_PAGE_SIZE, fetchCollections } from './fetch-collections.js';
import { coverIds, rangeSearch } from './id-ranges.js';
import { compareIds } from './ids.js';
import { halvedPageSize } from './page-size.js';
import {
  ACCOUNT_LIST_QUERY,
  ACCOUNTS_DEEP_QUERY,
  ACCOUNTS_QUERY,
  type AccountWire,
  accountListSchema,
  accountsPageSchema,
  type DeepAccountWire,
  deepAccountsPageSchema,
  type EquipmentWire,
  type IpWire,
} from './queries/accounts.js';
import { JOIN_ACCOUNT_KEYS, JOIN_SPECS } from './queries/joins.js';
import type {
  SonarAccount,
  SonarAccountSummary,
  SonarInventoryItem,
  SonarIpAssignment,
  SonarIpSource,
  SonarNote,
  SonarPage,
  SonarRadiusAccount,
  SonarUninventoriedMac,
} from './records.js';
import { type SearchReading, searchReading } from './search-reading.js';
import {
  type AccountSelection,
  type CompiledSelection,
  compileSelection,
  idSearch,
  type SearchInput,
} from './selection.js';

export interface ExtractAccountsOptions extends AccountSelection {
  signal?: AbortSignal;
  /** Accounts per page (100–500 are sensible); default 250. */
  pageSize?: number;
  /** Rows per page of the flat joined collections; default 500. */
  joinPageSize?: number;
  /** Accounts whose joins are read together in a filter selection; default 1,000. */
  joinWindow?: number;
  /** A filter selection of at most this many accounts is extracted nested (id lists always are); default 50. */
  deepThreshold?: number;
  balances?: Omit<BalanceOptions, 'signal'>;
}

export const ACCOUNT_DEFAULTS = {
  pageSize: 250,
  deepThreshold: 50,
  /**
   * Search objects ORed in one `search` argument: an id list goes 100 ids a request, and a
   * window's account ids become at most 100 ranges.
   */
  searchesPerRequest: 100,
  joinWindow: 1_000,
} as const;

/** Yields pages of fully joined accounts, ascending by id. */
export async function* extractAccounts(
  client: SonarClient,
  options: ExtractAccountsOptions = {},
): AsyncGenerator<SonarAccount[]> {
  const signal = options.signal;
  const selection = compileSelection(options, await readingFor(client, options, signal));
  const pageSize = clampPageSize(options.pageSize ?? ACCOUNT_DEFAULTS.pageSize);
  const threshold = options.deepThreshold ?? ACCOUNT_DEFAULTS.deepThreshold;
  const selected = selection.ids
    ? selection.ids.length
    : await countAccounts(client, options, { signal });
  if (selected === 0) return;
  // Id lists (a trial customer, a hundred, failures.csv, later-state accounts fetched again on
  // their turn) are read nested, 100 ids a request: one request carries what a window would
  // need an account page and a join page for.
  const deep = selection.ids !== undefined || selected <= threshold;
  // Windows search their joins by account-id ranges, which hang on the reading.
  const reading = deep ? 'and' : await searchReading(client, signal);
  const pages = accountPages(client, selection, deep, pageSize, signal);
  const window = deep
    ? 1
    : Math.max(1, Math.floor(options.joinWindow ?? ACCOUNT_DEFAULTS.joinWindow));
  for await (const group of windows(pages, selection, window)) {
    const joins = deep
      ? undefined
      : await fetchWindowJoins(
          client,
          group.flat(),
          options.joinPageSize ?? DEFAULT_PAGE_SIZE,
          reading,
          signal,
        );
    for (const rows of group) {
      const balances = await fetchBalances(
        client,
        rows.map((row) => row.id),
        { ...options.balances, ...(signal ? { signal } : {}) },
      );
      yield rows.map((row) =>
        toAccount(
          row,
          joinNested(joins ? withJoins(row, joins) : (row as DeepAccountWire)),
          balances.get(row.id) ?? null,
        ),
      );
    }
  }
}

/** Selected rows of consecutive pages, grouped until a group holds at least `size` accounts. */
async function* windows(
  pages: AsyncIterable<(AccountWire | DeepAccountWire)[]>,
  selection: CompiledSelection,
  size: number,
): AsyncGenerator<AccountWire[][]> {
  let group: AccountWire[][] = [];
  let count = 0;
  for await (const page of pages) {
    const rows = page.filter((row) => selection.matches(row));
    if (rows.length === 0) continue;
    group.push(rows);
    count += rows.length;
    if (count >= size) {
      yield group;
      group = [];
      count = 0;
    }
  }
  if (group.length > 0) yield group;
}

/** How many accounts a selection holds (one small request per 100 ids, else one). */
export async function countAccounts(
  client: SonarClient,
  selection: AccountSelection,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  const compiled = compileSelection(selection, await readingFor(client, selection, options.signal));
  if (!compiled.ids) {
    const page = await listPage(client, compiled, compiled.filterSearch, 1, 1, undefined, options);
    if (!compiled.pastSearch) return page.page_info.total_count;
    const past = await listPage(client, compiled, compiled.pastSearch, 1, 1, undefined, options);
    return page.page_info.total_count - past.page_info.total_count;
  }
  let count = 0;
  for (const chunk of chunks(compiled.ids, ACCOUNT_DEFAULTS.searchesPerRequest)) {
    const size = compiled.hasFilters ? chunk.length : 1;
    const page = await listPage(client, compiled, idSearch(chunk), 1, size, undefined, options);
    count += compiled.hasFilters
      ? page.entities.filter((row) => compiled.matches(row)).length
      : page.page_info.total_count;
  }
  return count;
}

/** A created-date range is two bounds on one attribute: it needs the probe; nothing else here does. */
function readingFor(
  client: SonarClient,
  selection: AccountSelection,
  signal: AbortSignal | undefined,
): Promise<SearchReading> | SearchReading {
  return selection.createdFrom && selection.createdTo ? searchReading(client, signal) : 'and';
}

export interface ListAccountsFilters extends Omit<AccountSelection, 'ids'> {
  /** Sonar `general_search`: partial match across the account's text fields. */
  search?: string;
  pageSize?: number;
}

/** One light page of accounts for pickers; `page` is 1-based. */
export async function listAccounts(
  client: SonarClient,
  page: number,
  filters: ListAccountsFilters = {},
  options: { signal?: AbortSignal } = {},
): Promise<SonarPage<SonarAccountSummary>> {
  const compiled = compileSelection(filters);
  const result = await listPage(
    client,
    compiled,
    compiled.filterSearch,
    Math.max(1, Math.floor(page)),
    clampPageSize(filters.pageSize ?? 50),
    filters.search,
    options,
  );
  return {
    entities: result.entities.map(({ account_services, ...account }) => {
      const plans = account_services.flatMap((s) =>
        s.service?.type === 'DATA' ? [s.service.name] : [],
      );
      return { ...account, plan: plans.length > 0 ? plans.join(', ') : null };
    }),
    page: result.page_info.page,
    total_pages: result.page_info.total_pages,
    total_count: result.page_info.total_count,
  };
}

async function listPage(
  client: SonarClient,
  compiled: CompiledSelection,
  search: SearchInput[] | undefined,
  page: number,
  recordsPerPage: number,
  generalSearch: string | undefined,
  options: { signal?: AbortSignal },
) {
  const data = await client.query(
    'SonarAccountList',
    ACCOUNT_LIST_QUERY,
    {
      paginator: { page, records_per_page: recordsPerPage },
      ...(search ? { search } : {}),
      ...(compiled.includeArchived ? { includeArchived: true } : {}),
      ...(generalSearch ? { generalSearch } : {}),
    },
    accountListSchema,
    options.signal,
  );
  await completeNested(client, data, options.signal);
  return data.accounts;
}

/** Raw account pages in id order: by id chunks when ids are given, else by the filters. */
async function* accountPages(
  client: SonarClient,
  selection: CompiledSelection,
  deep: boolean,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<(AccountWire | DeepAccountWire)[]> {
  const searches = selection.ids
    ? chunks(selection.ids, Math.min(pageSize, ACCOUNT_DEFAULTS.searchesPerRequest)).map(idSearch)
    : [selection.filterSearch];
  let size = pageSize;
  for (const search of searches) {
    // Rows of this search read so far; a timeout halves the page size from here on.
    for (let offset = 0; ; offset += size) {
      const variables = () => ({
        paginator: { page: offset / size + 1, records_per_page: size },
        ...(search ? { search } : {}),
        ...(selection.includeArchived ? { includeArchived: true } : {}),
      });
      const document = deep ? ACCOUNTS_DEEP_QUERY : ACCOUNTS_QUERY;
      const shrink = {
        shrink: () => {
          const smaller = halvedPageSize(size, [offset]);
          if (smaller === undefined) return undefined;
          size = smaller;
          return { document, variables: variables() };
        },
      };
      const data = deep
        ? await client.query(
            'SonarAccountsDeep',
            document,
            variables(),
            deepAccountsPageSchema,
            signal,
            shrink,
          )
        : await client.query(
            'SonarAccounts',
            document,
            variables(),
            accountsPageSchema,
            signal,
            shrink,
          );
      await completeNested(client, data, signal);
      const result = data.accounts;
      if (result.entities.length === 0) break;
      yield result.entities;
      if (offset / size + 1 >= result.page_info.total_pages) break;
    }
  }
}

interface Joined {
  ip_assignments: SonarIpAssignment[];
  radius_accounts: SonarRadiusAccount[];
  uninventoried_macs: SonarUninventoriedMac[];
  notes: SonarNote[];
  equipment: SonarInventoryItem[];
}

type JoinRows = Awaited<ReturnType<typeof fetchCollections<typeof JOIN_SPECS>>>;

/** One window's joined rows, by the id of the account (or address) that owns them. */
interface WindowJoins {
  accountIps: Map<string, JoinRows['account_ips']>;
  radius: Map<string, JoinRows['radius_accounts']>;
  macs: Map<string, JoinRows['uninventoried_mac_addresses']>;
  notes: Map<string, JoinRows['notes']>;
  equipmentByAddress: Map<string, EquipmentWire[]>;
}

async function fetchWindowJoins(
  client: SonarClient,
  accounts: readonly AccountWire[],
  pageSize: number,
  reading: SearchReading,
  signal: AbortSignal | undefined,
): Promise<WindowJoins> {
  const ids = accounts.map((account) => Number(account.id));
  const keys = Object.entries(JOIN_ACCOUNT_KEYS) as [keyof typeof JOIN_SPECS, string][];
  let searches: Record<keyof typeof JOIN_SPECS, SearchInput[]>;
  let until: Record<keyof typeof JOIN_SPECS, { attribute: string; high: number }> | undefined;
  if (reading === 'or') {
    // Two bounds on one attribute would match every row: a lone lower bound, read in key order
    // up to the window's last account, is the same range under either reading.
    const low = Math.min(...ids);
    const high = Math.max(...ids);
    searches = Object.fromEntries(
      keys.map(([alias, key]) => [
        alias,
        [{ integer_fields: [{ attribute: key, search_value: low, operator: 'GTE' as const }] }],
      ]),
    ) as typeof searches;
    until = Object.fromEntries(
      keys.map(([alias, key]) => [alias, { attribute: key, high }]),
    ) as typeof until;
  } else {
    // A range may take in accounts outside the selection (another status between two selected
    // ids); their rows are read and never looked up.
    const ranges = coverIds(ids, ACCOUNT_DEFAULTS.searchesPerRequest);
    searches = Object.fromEntries(
      keys.map(([alias, key]) => [alias, rangeSearch(key, ranges)]),
    ) as typeof searches;
  }
  const rows = await fetchCollections(client, 'SonarAccountJoins', JOIN_SPECS, {
    pageSize,
    searches,
    ...(until ? { until } : {}),
    ...(signal ? { signal } : {}),
  });
  return {
    accountIps: groupBy(rows.account_ips, (ip) => ip.ipassignmentable_id),
    radius: groupBy(rows.radius_accounts, (r) => r.account_id),
    macs: groupBy(rows.uninventoried_mac_addresses, (m) => m.account_id),
    notes: groupBy(rows.notes, (n) => n.noteable_id),
    equipmentByAddress: new Map(rows.addresses.map((a) => [a.id, a.inventory_items])),
  };
}

/** An account row with its window's joins hung on it, in the deep query's nested shape. */
function withJoins(row: AccountWire, joins: WindowJoins): DeepAccountWire {
  return {
    ...row,
    addresses: row.addresses.map((address) => ({
      ...address,
      inventory_items: joins.equipmentByAddress.get(address.id) ?? [],
    })),
    ip_assignments: joins.accountIps.get(row.id) ?? [],
    radius_accounts: joins.radius.get(row.id) ?? [],
    uninventoried_mac_addresses: joins.macs.get(row.id) ?? [],
    notes: (joins.notes.get(row.id) ?? []).map(({ noteable_id: _, ...note }) => note),
  };
}

/** Where each IP came from, and every collection in id order: one join for both strategies. */
function joinNested(account: DeepAccountWire): Joined {
  const items = account.addresses.flatMap((address) => address.inventory_items);
  const found: SonarIpAssignment[] = [
    ...account.ip_assignments.map((ip) => withSource(ip, { via: 'account' })),
    ...account.radius_accounts.flatMap((r) =>
      r.ip_assignments.map((ip) =>
        withSource(ip, { via: 'radius_account', radius_account_id: r.id }),
      ),
    ),
    ...account.uninventoried_mac_addresses.flatMap((m) =>
      m.ip_assignments.map((ip) =>
        withSource(ip, { via: 'uninventoried_mac', mac_address: m.mac_address }),
      ),
    ),
    ...items.flatMap((item) => [
      ...item.ip_assignments.map((ip) =>
        withSource(ip, { via: 'inventory_item', inventory_item_id: item.id }),
      ),
      ...item.inventory_model_field_data.flatMap((datum) =>
        datum.ip_assignments.map((ip) =>
          withSource(ip, {
            via: 'inventory_field',
            inventory_item_id: item.id,
            inventory_model_field_id: datum.inventory_model_field_id,
          }),
        ),
      ),
    ]),
  ];
  return {
    ip_assignments: uniqueById(found),
    radius_accounts: sortById(
      account.radius_accounts.map(({ id, username, password }) => ({ id, username, password })),
    ),
    uninventoried_macs: sortById(
      account.uninventoried_mac_addresses.map(({ id, mac_address }) => ({ id, mac_address })),
    ),
    notes: sortById(account.notes),
    equipment: uniqueById(items.map(toInventoryItem)),
  };
}

function toAccount(row: AccountWire, joined: Joined, balance: number | null): SonarAccount {
  return {
    id: row.id,
    name: row.name,
    account_status_id: row.account_status_id,
    account_type_id: row.account_type_id,
    company_id: row.company_id,
    parent_account_id: row.parent_account_id,
    activation_date: row.activation_date,
    next_bill_date: row.next_bill_date,
    created_at: row.created_at,
    archived_at: row.archived_at,
    addresses: row.addresses.map((a) => ({
      id: a.id,
      type: a.type,
      serviceable: a.serviceable,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      subdivision: a.subdivision,
      zip: a.zip,
      country: a.country,
      latitude: a.latitude,
      longitude: a.longitude,
    })),
    contacts: row.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      email_address: c.email_address,
      primary: c.primary ?? false,
      role: c.role,
      username: c.username,
      phone_numbers: c.phone_numbers.map((p) => ({
        number: p.number,
        extension: p.extension,
        type: p.phone_number_type?.name ?? null,
      })),
    })),
    account_services: row.account_services,
    billing_parameter: row.account_billing_parameter,
    account_group_ids: row.account_groups.map((g) => g.id).sort(compareIds),
    ...joined,
    balance,
  };
}

function withSource(ip: IpWire, source: SonarIpSource): SonarIpAssignment {
  return {
    id: ip.id,
    subnet: ip.subnet,
    subnet_id: ip.subnet_id,
    ip_pool_id: ip.ip_pool_id,
    soft: ip.soft,
    description: ip.description,
    source,
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function sortById<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareIds(a.id, b.id));
}

/** First occurrence wins: the owner listed first (account, RADIUS, MAC, equipment) is the source. */
function uniqueById<T extends { id: string }>(rows: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) if (!seen.has(row.id)) seen.set(row.id, row);
  return sortById([...seen.values()]);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function clampPageSize(size: number): number {
  return Math.min(1_000, Math.max(1, Math.floor(size)));
}
