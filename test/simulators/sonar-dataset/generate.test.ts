import { describe, expect, it } from 'vitest';
import {
  ACTIVE,
  CANCELLED,
  DELINQUENT,
  FORMER,
  INACTIVE,
  SUSPENDED,
} from '../../../source/simulators/sonar-dataset/catalogue.js';
import {
  generateSonarDataset,
  type SonarDataset,
} from '../../../source/simulators/sonar-dataset/generate.js';
import { parseIpv4Cidr, parseIpv4Range } from '../../../source/simulators/sonar-dataset/ipv4.js';
import type { TypedSonarTables } from '../../../source/simulators/sonar-dataset/rows.js';
import { SONAR_TYPE_NAMES } from '../../../source/simulators/sonar-dataset/rows.js';
import {
  SONAR_TABLES,
  type SonarTableName,
} from '../../../source/simulators/sonar-dataset/tables.js';

const small = generateSonarDataset({ seed: 3, accounts: 10 });
const medium = generateSonarDataset({ seed: 42, accounts: 1000, taxedServices: true });
const typed = (dataset: SonarDataset) => dataset.tables as unknown as TypedSonarTables;

/** Plain foreign keys: `table.field` → the table it points into. */
const FOREIGN_KEYS: Record<string, SonarTableName> = {
  'users.role_id': 'roles',
  'services.company_id': 'companies',
  'data_service_details.service_id': 'services',
  'recurring_service_details.service_id': 'services',
  'expiring_service_details.service_id': 'services',
  'service_taxes.service_id': 'services',
  'service_taxes.tax_id': 'taxes',
  'accounts.account_status_id': 'account_statuses',
  'accounts.account_type_id': 'account_types',
  'accounts.company_id': 'companies',
  'accounts.parent_account_id': 'accounts',
  'accounts.archived_by_user_id': 'users',
  'account_billing_parameters.account_id': 'accounts',
  'account_billing_parameters.delinquency_account_status_id': 'account_statuses',
  'account_billing_parameters.delinquency_removal_account_status_id': 'account_statuses',
  'phone_numbers.contact_id': 'contacts',
  'phone_numbers.phone_number_type_id': 'phone_number_types',
  'account_services.account_id': 'accounts',
  'account_services.service_id': 'services',
  'subnets.supernet_id': 'supernets',
  'ip_pools.subnet_id': 'subnets',
  'ip_assignments.subnet_id': 'subnets',
  'ip_assignments.ip_pool_id': 'ip_pools',
  'radius_accounts.account_id': 'accounts',
  'uninventoried_mac_addresses.account_id': 'accounts',
  'inventory_models.manufacturer_id': 'manufacturers',
  'inventory_models.inventory_model_category_id': 'inventory_model_categories',
  'inventory_models.default_vendor_id': 'vendors',
  'inventory_model_fields.inventory_model_id': 'inventory_models',
  'inventory_items.inventory_model_id': 'inventory_models',
  'inventory_items.account_service_id': 'account_services',
  'inventory_model_field_data.inventory_item_id': 'inventory_items',
  'inventory_model_field_data.inventory_model_field_id': 'inventory_model_fields',
  'notes.user_id': 'users',
  'transactions.account_id': 'accounts',
  'invoices.account_id': 'accounts',
  'invoices.company_id': 'companies',
  'debits.account_id': 'accounts',
  'debits.company_id': 'companies',
  'debits.invoice_id': 'invoices',
  'debits.service_id': 'services',
  'payments.account_id': 'accounts',
  'payments.company_id': 'companies',
  'credits.account_id': 'accounts',
  'credits.invoice_id': 'invoices',
};

const TABLE_OF_TYPE = new Map(
  Object.entries(SONAR_TYPE_NAMES).map(([table, type]) => [type, table as SonarTableName]),
);

function idSets(dataset: SonarDataset): Map<SonarTableName, Set<number>> {
  return new Map(
    SONAR_TABLES.map((name) => [name, new Set(dataset.tables[name].map((row) => row.id))]),
  );
}

function integrityProblems(dataset: SonarDataset): string[] {
  const ids = idSets(dataset);
  const problems: string[] = [];
  for (const table of SONAR_TABLES) {
    for (const row of dataset.tables[table]) {
      for (const [field, value] of Object.entries(row)) {
        if (field === 'id' || value === null) continue;
        if (field.endsWith('able_id')) {
          const type = row[field.replace(/_id$/, '_type')];
          const target = TABLE_OF_TYPE.get(String(type));
          if (!target || !ids.get(target)?.has(value as number)) {
            problems.push(`${table}#${row.id}.${field}=${String(value)} (${String(type)})`);
          }
          continue;
        }
        if (!field.endsWith('_id')) continue;
        const target = FOREIGN_KEYS[`${table}.${field}`];
        // A *_id this test does not know must stay null, so new links cannot slip by unchecked.
        if (!target || !ids.get(target)?.has(value as number)) {
          problems.push(`${table}#${row.id}.${field}=${String(value)}`);
        }
      }
    }
  }
  for (const link of dataset.tables.account_account_groups) {
    if (
      !ids.get('accounts')?.has(link.account_id) ||
      !ids.get('account_groups')?.has(link.account_group_id)
    ) {
      problems.push(`account_account_groups ${link.account_id}->${link.account_group_id}`);
    }
  }
  return problems;
}

describe('generateSonarDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSonarDataset({ seed: 42, accounts: 1000, taxedServices: true })).toEqual(medium);
    const other = generateSonarDataset({ seed: 43, accounts: 1000 });
    expect(other.tables.accounts.map((row) => row.name)).not.toEqual(
      medium.tables.accounts.map((row) => row.name),
    );
  });

  it('lists its taxes always and attaches them to services only when asked', () => {
    expect(small.tables.taxes.map((t) => t.name)).toEqual(['State Sales Tax', 'Rural Telecom Fee']);
    expect(small.tables.service_taxes).toEqual([]);
    const taxed = new Set(medium.tables.service_taxes.map((l) => l.service_id));
    const credit = medium.tables.services.find((s) => s.application === 'CREDIT');
    expect(taxed.size).toBeGreaterThan(0);
    expect(taxed.has(credit?.id as number)).toBe(false);
  });

  it('makes exactly the requested number of accounts, ids from 1 in every table', () => {
    expect(small.tables.accounts).toHaveLength(10);
    expect(medium.tables.accounts).toHaveLength(1000);
    expect(medium.meta).toMatchObject({
      seed: 42,
      accounts: 1000,
      referenceDate: '2026-01-01',
      companies: 2,
    });
    for (const table of SONAR_TABLES) {
      const ids = medium.tables[table].map((row) => row.id);
      expect(ids, table).toEqual(ids.map((_, index) => index + 1));
      expect(ids.length, table).toBeGreaterThan(0);
    }
  });

  it('rejects sizes outside 10–100,000', () => {
    expect(() => generateSonarDataset({ seed: 1, accounts: 9 })).toThrow(RangeError);
    expect(() => generateSonarDataset({ seed: 1, accounts: 100_001 })).toThrow(RangeError);
  });

  it('has one or two companies with exactly one default', () => {
    for (const dataset of [small, medium, generateSonarDataset({ seed: 2, accounts: 10 })]) {
      const companies = typed(dataset).companies;
      expect(companies.length).toBe(dataset.meta.companies);
      expect(companies.filter((row) => row.default)).toHaveLength(1);
    }
    expect(generateSonarDataset({ seed: 2, accounts: 10 }).meta.companies).toBe(1);
    expect(small.meta.companies).toBe(2);
  });

  it('keeps every reference pointing at an existing row', () => {
    expect(integrityProblems(small)).toEqual([]);
    expect(integrityProblems(medium)).toEqual([]);
  });

  it('gives each account one primary contact and one billing parameter', () => {
    for (const dataset of [small, medium]) {
      const t = typed(dataset);
      const primaries = new Map<number, number>();
      for (const contact of t.contacts) {
        if (contact.contactable_type === 'Account' && contact.primary) {
          primaries.set(contact.contactable_id, (primaries.get(contact.contactable_id) ?? 0) + 1);
        }
      }
      const billing = new Map<number, number>();
      for (const row of t.account_billing_parameters)
        billing.set(row.account_id, (billing.get(row.account_id) ?? 0) + 1);
      for (const account of t.accounts) {
        expect(primaries.get(account.id), `account ${account.id} primary contacts`).toBe(1);
        expect(billing.get(account.id), `account ${account.id} billing parameters`).toBe(1);
      }
    }
  });

  it('gives each account with an address exactly one serviceable PHYSICAL address', () => {
    const t = typed(medium);
    const physical = new Map<number, number>();
    for (const address of t.addresses) {
      if (address.addressable_type === 'Account' && address.type === 'PHYSICAL') {
        expect(address.serviceable).toBe(true);
        physical.set(
          address.addressable_id ?? 0,
          (physical.get(address.addressable_id ?? 0) ?? 0) + 1,
        );
      }
    }
    const withoutAddress = new Set(
      medium.meta.hardCases
        .filter((c) => c.kinds.includes('child-without-address'))
        .map((c) => c.account_id),
    );
    for (const account of t.accounts) {
      expect(physical.get(account.id) ?? 0, `account ${account.id}`).toBe(
        withoutAddress.has(account.id) ? 0 : 1,
      );
    }
  });

  it('assigns unique IPs, each inside its subnet except the declared outside ones', () => {
    for (const dataset of [small, medium]) {
      const t = typed(dataset);
      const subnets = new Map(t.subnets.map((row) => [row.id, parseIpv4Cidr(row.subnet)]));
      const outside = new Set(dataset.meta.outsideIpAssignmentIds);
      const seen = new Set<string>();
      for (const row of t.ip_assignments) {
        expect(seen.has(row.subnet), row.subnet).toBe(false);
        seen.add(row.subnet);
        const ip = parseIpv4Cidr(row.subnet);
        expect(ip?.prefix).toBe(32);
        const inAnySubnet = [...subnets.values()].some(
          (s) => s && ip && ip.start >= s.start && ip.end <= s.end,
        );
        if (outside.has(row.id)) {
          expect(inAnySubnet, `${row.subnet} declared outside`).toBe(false);
          continue;
        }
        const parent = subnets.get(row.subnet_id);
        expect(
          parent && ip && ip.start >= parent.start && ip.end <= parent.end,
          `${row.subnet} in #${row.subnet_id}`,
        ).toBe(true);
        if (row.ip_pool_id !== null) {
          const pool = t.ip_pools.find((p) => p.id === row.ip_pool_id);
          const range = pool ? parseIpv4Range(pool.ip_range) : null;
          expect(range && ip && ip.start >= range.start && ip.start <= range.end).toBe(true);
        }
      }
      expect(dataset.meta.outsideIpAssignmentIds.length).toBeGreaterThan(0);
    }
  });

  it('models the IPAM shapes the mapping distinguishes', () => {
    const t = typed(medium);
    const subnetOf = (id: number) =>
      parseIpv4Cidr(t.subnets.find((s) => s.id === id)?.subnet ?? '');
    const pools = t.ip_pools.map((pool) => ({
      range: parseIpv4Range(pool.ip_range),
      subnet: subnetOf(pool.subnet_id),
    }));
    expect(
      pools.some((p) => p.range?.start === p.subnet?.start && p.range?.end === p.subnet?.end),
    ).toBe(true);
    expect(
      pools.some(
        (p) =>
          p.range && p.subnet && (p.range.start !== p.subnet.start || p.range.end !== p.subnet.end),
      ),
    ).toBe(true);
    expect(t.subnets.filter((s) => s.subnet.includes(':'))).toHaveLength(1);
    for (const pool of t.ip_pools) {
      const range = parseIpv4Range(pool.ip_range);
      const used = t.ip_assignments.filter((a) => a.ip_pool_id === pool.id).length;
      expect(pool.ips_available).toBe((range?.end ?? 0) - (range?.start ?? 0) + 1 - used);
    }
    const owners = new Set(t.ip_assignments.map((a) => a.ipassignmentable_type));
    expect([...owners].sort()).toEqual([
      'Account',
      'InventoryItem',
      'InventoryModelFieldData',
      'RadiusAccount',
      'UninventoriedMacAddress',
    ]);
    const active = t.accounts.filter((a) => a.account_status_id === ACTIVE + 1).length;
    const withStatic = new Set(
      t.ip_assignments
        .filter((a) => a.ipassignmentable_type === 'Account')
        .map((a) => a.ipassignmentable_id),
    ).size;
    expect(withStatic / active).toBeGreaterThan(0.22);
    expect(withStatic / active).toBeLessThan(0.4);
  });

  it('mixes statuses as an ISP would', () => {
    const t = typed(generateSonarDataset({ seed: 9, accounts: 2000 }));
    const share = (...statuses: number[]) =>
      t.accounts.filter((a) => statuses.includes(a.account_status_id - 1)).length /
      t.accounts.length;
    expect(share(ACTIVE)).toBeGreaterThan(0.72);
    expect(share(ACTIVE)).toBeLessThan(0.78);
    expect(share(SUSPENDED, DELINQUENT)).toBeGreaterThan(0.06);
    expect(share(SUSPENDED, DELINQUENT)).toBeLessThan(0.1);
    expect(share(INACTIVE)).toBeGreaterThan(0.05);
    expect(share(INACTIVE)).toBeLessThan(0.09);
    expect(share(CANCELLED, FORMER)).toBeGreaterThan(0.08);
    expect(share(CANCELLED, FORMER)).toBeLessThan(0.12);
    const statuses = t.account_statuses;
    expect(statuses.filter((s) => s.activates_account).map((s) => s.name)).toEqual(['Active']);
    const archived = t.accounts.filter((a) => a.archived_at !== null);
    expect(archived.length / t.accounts.length).toBeGreaterThan(0.01);
    expect(archived.length / t.accounts.length).toBeLessThan(0.03);
    const children = t.accounts.filter((a) => a.parent_account_id !== null);
    expect(children.length / t.accounts.length).toBeGreaterThan(0.025);
    expect(children.length / t.accounts.length).toBeLessThan(0.045);
    const ids = new Map(t.accounts.map((a) => [a.id, a]));
    for (const child of children)
      expect(ids.get(child.parent_account_id ?? 0)?.parent_account_id).toBeNull();
    expect(t.accounts.some((a) => a.activation_date === null)).toBe(true);
  });

  it('keeps running_balance consistent and leaves a few non-zero balances', () => {
    const t = typed(medium);
    const byAccount = new Map<number, typeof t.transactions>();
    for (const row of t.transactions) {
      const list = byAccount.get(row.account_id) ?? [];
      list.push(row);
      byAccount.set(row.account_id, list);
    }
    let positive = 0;
    let negative = 0;
    for (const account of t.accounts) {
      const rows = byAccount.get(account.id) ?? [];
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.length).toBeLessThanOrEqual(4);
      let balance = 0;
      let previous = '';
      for (const row of rows) {
        expect((row.datetime ?? '') > previous, `account ${account.id} datetime order`).toBe(true);
        previous = row.datetime ?? '';
        expect(row.datetime! < '2026-01-01').toBe(true);
        balance += row.type === 'DEBIT' ? row.amount : -row.amount;
        expect(row.running_balance).toBe(balance);
        expect(row.tax_total).toBe(0);
        expect(row.successful).toBe(true);
      }
      if (balance > 0) positive++;
      if (balance < 0) negative++;
    }
    expect(positive).toBeGreaterThan(20);
    expect(negative).toBeGreaterThan(5);
    expect(positive + negative).toBeLessThan(t.accounts.length * 0.25);
  });

  it('gives every inventory model exactly one primary field except the declared one', () => {
    const t = typed(medium);
    for (const model of t.inventory_models) {
      const fields = t.inventory_model_fields.filter((f) => f.inventory_model_id === model.id);
      expect(fields.map((f) => f.name)).toEqual(['MAC Address', 'Serial Number']);
      const primaries = fields.filter((f) => f.primary).length;
      expect(primaries, model.name).toBe(
        model.id === medium.meta.modelWithoutPrimaryFieldId ? 0 : 1,
      );
    }
  });

  it('keeps MACs unique except the one declared pair, and fields match their item model', () => {
    const t = typed(medium);
    const fields = new Map(t.inventory_model_fields.map((f) => [f.id, f]));
    const items = new Map(t.inventory_items.map((i) => [i.id, i]));
    const macs = new Map<string, number[]>();
    for (const data of t.inventory_model_field_data) {
      const field = fields.get(data.inventory_model_field_id);
      expect(field?.inventory_model_id).toBe(items.get(data.inventory_item_id)?.inventory_model_id);
      if (field?.type !== 'MAC_ADDRESS') continue;
      expect(data.value).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      macs.set(data.value, [...(macs.get(data.value) ?? []), data.inventory_item_id]);
    }
    const duplicates = [...macs].filter(([, ids]) => ids.length > 1);
    expect(duplicates).toEqual([
      [medium.meta.duplicateMac?.mac, medium.meta.duplicateMac?.inventory_item_ids],
    ]);
  });

  it('puts customer equipment on about 60% of active accounts, via their serviceable address', () => {
    const t = typed(medium);
    const addressOwner = new Map(
      t.addresses
        .filter((a) => a.addressable_type === 'Account')
        .map((a) => [a.id, a.addressable_id]),
    );
    const equipped = new Set<number>();
    for (const item of t.inventory_items) {
      if (item.inventoryitemable_type === 'Address')
        equipped.add(addressOwner.get(item.inventoryitemable_id) ?? 0);
      else expect(item.inventoryitemable_type).toBe('InventoryLocation');
    }
    expect(equipped.has(0)).toBe(false);
    const active = t.accounts.filter((a) => a.account_status_id === ACTIVE + 1);
    const share = active.filter((a) => equipped.has(a.id)).length / active.length;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.68);
    expect(t.inventory_items.some((i) => i.inventoryitemable_type === 'InventoryLocation')).toBe(
      true,
    );
  });

  it('covers every service type, a credit, company-2 and company-less services', () => {
    const t = typed(medium);
    expect(new Set(t.services.map((s) => s.type))).toEqual(
      new Set(['DATA', 'RECURRING', 'ONETIME', 'EXPIRING', 'VOICE', 'OVERAGE', 'ADJUSTMENT']),
    );
    expect(t.services.filter((s) => s.application === 'CREDIT').map((s) => s.name)).toEqual([
      'Senior Citizen Discount',
    ]);
    expect(t.services.some((s) => s.company_id === 2)).toBe(true);
    expect(t.services.some((s) => s.company_id === null)).toBe(true);
    const data = t.services.filter((s) => s.type === 'DATA');
    expect(t.data_service_details.map((d) => d.service_id)).toEqual(data.map((s) => s.id));
    const recurring = t.services.filter((s) => s.type === 'RECURRING');
    expect(t.recurring_service_details.map((d) => d.service_id)).toEqual(
      recurring.map((s) => s.id),
    );
    const radiusNames = t.radius_accounts.map((r) => r.username);
    expect(new Set(radiusNames).size).toBe(radiusNames.length);
    const dataIds = new Set(data.map((s) => s.id));
    const withData = new Set(
      t.account_services.filter((s) => dataIds.has(s.service_id)).map((s) => s.account_id),
    );
    for (const radius of t.radius_accounts) expect(withData.has(radius.account_id)).toBe(true);
  });

  it('has staff with roles: one disabled, one Sonar staff member', () => {
    const t = typed(small);
    expect(t.roles.map((r) => r.name)).toEqual([
      'Administrator',
      'Support',
      'Technician',
      'Billing',
    ]);
    expect(t.users).toHaveLength(8);
    expect(t.users.filter((u) => !u.enabled)).toHaveLength(1);
    expect(t.users.filter((u) => u.is_sonar_staff)).toHaveLength(1);
    for (const user of t.users) {
      expect(user.email_address).toMatch(/^[a-z.-]+@[a-z.]+\.[a-z]+$/);
      if (user.mobile_number !== null) expect(user.mobile_number).toMatch(/^\d{10}$/);
    }
  });
});
