// A corpus of malformed and hostile Sonar records, as data: each case rewrites rows of the seeded
// Sonar tables before the CLI runs and says what must come out of it: the value in Splynx exactly
// as Sonar held it, or a failure naming the record and the field. Nothing in between is allowed
// (MAPPING.md: values Splynx would reject are never silently changed).
import type { SonarRow, SonarTables } from '../../source/simulators/sonar-dataset/tables.js';

export type Category =
  | 'name'
  | 'email'
  | 'length'
  | 'unicode'
  | 'control'
  | 'html'
  | 'money'
  | 'dangling'
  | 'parent'
  | 'radius'
  | 'cidr';

/** Exact values expected in one Splynx row. */
export type FieldChecks = Record<string, unknown>;

export interface Migrated {
  migrated: {
    customer?: FieldChecks;
    /** The account's first DATA service. */
    internetService?: FieldChecks;
    /** The opening-balance transaction (balances.mode import). */
    openingBalance?: FieldChecks;
    /** A log line that must explain a value the migration had to choose. */
    log?: RegExp;
  };
}

export interface Fails {
  fails: { entity: string; sonarId: string; field: string; rule?: string };
}

export type Expectation = Migrated | Fails;

export interface HostileCase {
  name: string;
  category: Category;
  /** Clean accounts the case rewrites (default 1). */
  accounts?: number;
  /** Rewrites the tables; returns the account the case concerns and what must happen. */
  apply(tables: SonarTables, ids: number[]): { accountId: number; expect: Expectation };
}

// ---------------------------------------------------------------- table helpers

function only<T>(rows: T[], what: string): T {
  const [first] = rows;
  if (first === undefined) throw new Error(`corpus: no ${what}`);
  return first;
}

function nextId(rows: SonarRow[]): number {
  return rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
}

export function accountRow(t: SonarTables, id: number): SonarRow {
  return only(
    t.accounts.filter((a) => a.id === id),
    `account ${id}`,
  );
}

export function primaryContact(t: SonarTables, id: number): SonarRow {
  return only(
    t.contacts.filter(
      (c) => c.contactable_type === 'Account' && c.contactable_id === id && c.primary === true,
    ),
    `primary contact of ${id}`,
  );
}

export function physicalAddress(t: SonarTables, id: number): SonarRow {
  return only(
    t.addresses.filter(
      (a) =>
        a.addressable_type === 'Account' &&
        a.addressable_id === id &&
        a.type === 'PHYSICAL' &&
        a.serviceable === true,
    ),
    `serviceable address of ${id}`,
  );
}

export function dataAccountService(t: SonarTables, id: number): SonarRow {
  const data = new Set(t.services.filter((s) => s.type === 'DATA').map((s) => s.id));
  return only(
    t.account_services.filter((s) => s.account_id === id && data.has(s.service_id as number)),
    `DATA service of ${id}`,
  );
}

export function radiusAccount(t: SonarTables, id: number): SonarRow {
  return only(
    t.radius_accounts.filter((r) => r.account_id === id),
    `RADIUS account of ${id}`,
  );
}

function addContact(t: SonarTables, id: number, email: string): void {
  const template = primaryContact(t, id);
  t.contacts.push({
    ...template,
    id: nextId(t.contacts),
    name: 'Second Contact',
    primary: false,
    email_address: email,
    username: null,
  });
}

function setBalance(t: SonarTables, id: number, cents: number): void {
  const rows = t.transactions.filter((row) => row.account_id === id);
  if (rows.length === 0) throw new Error(`corpus: account ${id} has no transactions`);
  for (const row of rows) row.running_balance = cents;
}

/**
 * Accounts with none of the dataset's own hard cases, so each corpus case is the only thing wrong
 * with its account: active, top-level and nobody's parent, one DATA service with a RADIUS
 * account, a serviceable address, a primary contact with an email, transactions, no static IPs.
 */
export function cleanAccountIds(t: SonarTables, hard: ReadonlySet<number>): number[] {
  const active = new Set(t.account_statuses.filter((s) => s.activates_account).map((s) => s.id));
  const parents = new Set(t.accounts.map((a) => a.parent_account_id));
  const data = new Set(t.services.filter((s) => s.type === 'DATA').map((s) => s.id));
  const withIps = new Set(
    t.ip_assignments
      .filter((a) => a.ipassignmentable_type === 'Account')
      .map((a) => a.ipassignmentable_id),
  );
  const ok = (check: () => unknown) => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  };
  return t.accounts
    .filter(
      (a) =>
        active.has(a.account_status_id as number) &&
        a.archived_at === null &&
        a.parent_account_id === null &&
        !parents.has(a.id) &&
        !hard.has(a.id) &&
        !withIps.has(a.id) &&
        t.radius_accounts.filter((r) => r.account_id === a.id).length === 1 &&
        t.transactions.some((row) => row.account_id === a.id) &&
        ok(() => dataAccountService(t, a.id)) &&
        t.account_services.filter((s) => s.account_id === a.id && data.has(s.service_id as number))
          .length === 1 &&
        ok(() => physicalAddress(t, a.id)) &&
        String(primaryContact(t, a.id).email_address ?? '') !== '',
    )
    .map((a) => a.id);
}

// ---------------------------------------------------------------- the corpus

const fail = (
  accountId: number,
  field: string,
  rule?: string,
  entity = 'customer',
  sonarId = String(accountId),
) => ({
  accountId,
  expect: { fails: { entity, sonarId, field, ...(rule ? { rule } : {}) } },
});

const keep = (accountId: number, migrated: Migrated['migrated']) => ({
  accountId,
  expect: { migrated },
});

/** Sets the account name and expects it in Splynx byte for byte. */
const nameKept =
  (name: string) =>
  (t: SonarTables, [id = 0]: number[]) => {
    accountRow(t, id).name = name;
    return keep(id, { customer: { name } });
  };

/** Sets the account name and expects the customer refused on `name`. */
const nameRefused =
  (name: string, rule: string) =>
  (t: SonarTables, [id = 0]: number[]) => {
    accountRow(t, id).name = name;
    return fail(id, 'name', rule);
  };

export const HOSTILE_CASES: HostileCase[] = [
  // names
  { name: 'empty name', category: 'name', apply: nameRefused('', 'required') },
  { name: 'blank name (spaces only)', category: 'name', apply: nameRefused('   ', 'required') },
  {
    name: 'name of 257 characters',
    category: 'length',
    apply: nameRefused('N'.repeat(257), 'max-length:256'),
  },
  {
    name: 'name of exactly 256 emoji (512 UTF-16 units) is within the limit',
    category: 'length',
    apply: nameKept('😀'.repeat(256)),
  },
  { name: 'emoji and diacritics', category: 'unicode', apply: nameKept('Zoë 🦊 Ångström-Øre') },
  {
    name: 'right-to-left name with a right-to-left mark',
    category: 'unicode',
    apply: nameKept('\u200Fمحمد عبد الله'),
  },
  {
    name: 'zero-width joiner family and zero-width space',
    category: 'unicode',
    apply: nameKept('👨\u200D👩\u200D👧 Fam\u200Bily'),
  },
  {
    name: 'decomposed (NFD) accents are not normalised',
    category: 'unicode',
    apply: nameKept('Zoe\u0301 Ren\u0303a'),
  },
  {
    name: 'lone UTF-16 surrogate cannot be sent as UTF-8',
    category: 'unicode',
    apply: nameRefused('Broken \uD800 name', 'invalid-unicode'),
  },
  {
    name: 'NUL byte in name',
    category: 'control',
    apply: nameRefused('Null\u0000Byte', 'control-characters'),
  },
  {
    name: 'line break in name',
    category: 'control',
    apply: nameRefused('Two\nLines', 'control-characters'),
  },
  {
    name: 'tab in name',
    category: 'control',
    apply: nameRefused('Tab\tName', 'control-characters'),
  },
  {
    name: 'C1 control (NEL) in name',
    category: 'control',
    apply: nameRefused('Next\u0085Line', 'control-characters'),
  },
  {
    name: '<script> in name is kept as text',
    category: 'html',
    apply: nameKept('<script>alert("x")</script>'),
  },
  {
    name: 'HTML attribute injection and entities kept as text',
    category: 'html',
    apply: nameKept('"><img src=x onerror=alert(1)> &amp; &lt;b&gt;'),
  },
  {
    name: 'SQL-looking name kept as text',
    category: 'html',
    apply: nameKept("Robert'); DROP TABLE customers;--"),
  },

  // emails
  {
    name: 'email without @',
    category: 'email',
    apply: (t, [id = 0]) => {
      primaryContact(t, id).email_address = 'not-an-email';
      return fail(id, 'email', 'email');
    },
  },
  {
    name: 'two addresses in one field, separated by a semicolon',
    category: 'email',
    apply: (t, [id = 0]) => {
      primaryContact(t, id).email_address = 'a@example.com;b@example.com';
      return fail(id, 'email', 'email');
    },
  },
  {
    name: 'email with a trailing space is not trimmed',
    category: 'email',
    apply: (t, [id = 0]) => {
      primaryContact(t, id).email_address = 'space@example.com ';
      return fail(id, 'email', 'email');
    },
  },
  {
    name: 'internationalised email (Splynx has IDN off)',
    category: 'email',
    apply: (t, [id = 0]) => {
      primaryContact(t, id).email_address = 'zoë@exämple.com';
      return fail(id, 'email', 'email');
    },
  },
  {
    name: 'two contacts with valid emails: both kept, primary first',
    category: 'email',
    apply: (t, [id = 0]) => {
      primaryContact(t, id).email_address = 'first@example.com';
      addContact(t, id, 'second+tag@example.org');
      return keep(id, { customer: { email: 'first@example.com,second+tag@example.org' } });
    },
  },

  // over-long fields
  {
    name: 'city of 33 characters',
    category: 'length',
    apply: (t, [id = 0]) => {
      physicalAddress(t, id).city = 'C'.repeat(33);
      return fail(id, 'city', 'max-length:32');
    },
  },
  {
    name: 'city of 32 astral characters fits (code points, not UTF-16 units)',
    category: 'length',
    apply: (t, [id = 0]) => {
      const city = '𝒞'.repeat(32);
      physicalAddress(t, id).city = city;
      return keep(id, { customer: { city } });
    },
  },
  {
    name: 'zip code of 40 characters',
    category: 'length',
    apply: (t, [id = 0]) => {
      physicalAddress(t, id).zip = '9'.repeat(40);
      return fail(id, 'zip_code', 'max-length:32');
    },
  },
  {
    name: 'street of 300 characters',
    category: 'length',
    apply: (t, [id = 0]) => {
      const address = physicalAddress(t, id);
      address.line1 = 'S'.repeat(300);
      address.line2 = null;
      return fail(id, 'street_1', 'max-length:255');
    },
  },
  {
    name: 'RADIUS username of 129 characters (Splynx login holds 128)',
    category: 'length',
    apply: (t, [id = 0]) => {
      radiusAccount(t, id).username = 'u'.repeat(129);
      return fail(id, 'login', 'max-length:128');
    },
  },
  {
    name: 'RADIUS username with a line break',
    category: 'control',
    apply: (t, [id = 0]) => {
      radiusAccount(t, id).username = 'user\nname';
      return fail(id, 'login', 'control-characters');
    },
  },

  // money
  {
    name: 'negative price override is a discount, kept',
    category: 'money',
    apply: (t, [id = 0]) => {
      dataAccountService(t, id).price_override = -1550;
      return keep(id, { internetService: { unit_price: '-15.5000' } });
    },
  },
  {
    name: 'largest price override Sonar can hold (Int 2^31-1 cents)',
    category: 'money',
    apply: (t, [id = 0]) => {
      dataAccountService(t, id).price_override = 2_147_483_647;
      return keep(id, { internetService: { unit_price: '21474836.4700' } });
    },
  },
  {
    name: 'zero price override is free, not "no override"',
    category: 'money',
    apply: (t, [id = 0]) => {
      dataAccountService(t, id).price_override = 0;
      return keep(id, { internetService: { unit_price: '0.0000' } });
    },
  },
  {
    name: 'credit balance (negative) imported as a credit',
    category: 'money',
    apply: (t, [id = 0]) => {
      setBalance(t, id, -12_345);
      return keep(id, { openingBalance: { type: 'credit', price: '123.4500' } });
    },
  },
  {
    name: 'largest debit balance Sonar can hold (Int 2^31-1 cents)',
    category: 'money',
    apply: (t, [id = 0]) => {
      setBalance(t, id, 2_147_483_647);
      return keep(id, { openingBalance: { type: 'debit', price: '21474836.4700' } });
    },
  },

  // dangling references
  {
    name: 'account_status_id pointing nowhere',
    category: 'dangling',
    apply: (t, [id = 0]) => {
      accountRow(t, id).account_status_id = 9999;
      return fail(id, 'status', 'unresolved-reference');
    },
  },
  {
    name: 'account service whose service_id points nowhere',
    category: 'dangling',
    apply: (t, [id = 0]) => {
      dataAccountService(t, id).service_id = 9999;
      return fail(id, 'tariff_id', 'unresolved-reference');
    },
  },
  {
    name: 'company_id pointing nowhere',
    category: 'dangling',
    apply: (t, [id = 0]) => {
      accountRow(t, id).company_id = 9999;
      return fail(id, 'partner_id', 'unresolved-reference');
    },
  },
  {
    name: 'account_type_id pointing nowhere: migrated as a person, and said so',
    category: 'dangling',
    apply: (t, [id = 0]) => {
      accountRow(t, id).account_type_id = 9999;
      return keep(id, {
        customer: { category: 'person' },
        log: new RegExp(`account ${id} ".*": Account ${id} has account type 9999`),
      });
    },
  },
  {
    name: 'parent account that does not exist',
    category: 'parent',
    apply: (t, [id = 0]) => {
      accountRow(t, id).parent_account_id = 999_999;
      return fail(id, 'parent_id', 'missing-parent');
    },
  },
  {
    name: 'parent cycle A → B → A',
    category: 'parent',
    accounts: 2,
    apply: (t, [a = 0, b = 0]) => {
      accountRow(t, a).parent_account_id = b;
      accountRow(t, b).parent_account_id = a;
      // A (lower id) goes first and pulls in its parent B, whose parent A closes the loop.
      return fail(b, 'parent_id', 'parent-cycle');
    },
  },

  // RADIUS
  {
    name: 'duplicate RADIUS username across two accounts: the second service fails on login',
    category: 'radius',
    accounts: 2,
    apply: (t, [a = 0, b = 0]) => {
      const username = radiusAccount(t, a).username;
      radiusAccount(t, b).username = username;
      return fail(
        b,
        'login',
        'splynx-validation',
        'internet_service',
        String(dataAccountService(t, b).id),
      );
    },
  },
];

// ---------------------------------------------------------------- network records

export interface NetworkCase {
  name: string;
  /**
   * Adds one malformed row, and an IP of the carrier account inside it so that a selection by
   * account ids needs that network; returns the failing record's network sonar id and the rule.
   */
  apply(tables: SonarTables, carrier: number): { sonarId: string; field: string; rule: string };
}

/** Puts `ip` on the carrier account, in Sonar subnet `subnetId`. */
function assignIp(t: SonarTables, carrier: number, subnetId: number, ip: string): void {
  const template = only(
    t.ip_assignments.filter((a) => a.ipassignmentable_type === 'Account'),
    'account IP assignment',
  );
  t.ip_assignments.push({
    ...template,
    id: nextId(t.ip_assignments),
    ipassignmentable_id: carrier,
    ip_pool_id: null,
    subnet: `${ip}/32`,
    subnet_id: subnetId,
  });
}

/** A Sonar subnet written as `subnet`, refused on the network field under `rule`. */
function subnetCase(name: string, subnet: string, label: string, rule: string): NetworkCase {
  return {
    name,
    apply: (t, carrier) => {
      const template = only(t.subnets, 'subnet');
      const id = nextId(t.subnets);
      t.subnets.push({ ...template, id, subnet, name: `Hostile ${label}` });
      assignIp(t, carrier, id, '198.18.9.9');
      return { sonarId: `subnet-${id}`, field: 'network', rule };
    },
  };
}

/** A Sonar IP pool with range `ipRange`, refused on the network field under `rule`. */
function poolCase(name: string, ipRange: string, label: string, rule: string): NetworkCase {
  return {
    name,
    apply: (t, carrier) => {
      const template = only(t.ip_pools, 'ip pool');
      const id = nextId(t.ip_pools);
      t.ip_pools.push({ ...template, id, ip_range: ipRange, name: `Hostile ${label}` });
      assignIp(t, carrier, template.subnet_id as number, '198.18.9.10');
      return { sonarId: `ip_pool-${id}`, field: 'network', rule };
    },
  };
}

export const NETWORK_CASES: NetworkCase[] = [
  subnetCase('subnet with prefix /33', '198.18.0.0/33', '/33', 'cidr'),
  subnetCase('subnet with an octet over 255', '198.300.0.0/24', 'octet', 'cidr'),
  subnetCase('subnet with host bits set', '198.18.1.5/24', 'host bits', 'cidr-host-bits'),
  poolCase(
    'IP pool range that runs backwards',
    '100.64.254.200-100.64.254.10',
    'backwards',
    'ip-range',
  ),
  poolCase('IP pool range that is not a range', '100.64.254.10/24', 'not a range', 'ip-range'),
];
