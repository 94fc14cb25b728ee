import { describe, expect, it } from 'vitest';
import { ACTIVE, INACTIVE } from '../../../source/simulators/sonar-dataset/catalogue.js';
import {
  generateSonarDataset,
  HARD_CASE_KINDS,
  type HardCaseKind,
  type SonarDataset,
} from '../../../source/simulators/sonar-dataset/generate.js';
import type { TypedSonarTables } from '../../../source/simulators/sonar-dataset/rows.js';

/** RFC 5322 dot-atom local part and a dotted domain: what a strict validator accepts. */
const VALID_EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Every way a recorded hard case fails to be what its kind promises. */
function violations(dataset: SonarDataset): string[] {
  const t = dataset.tables as unknown as TypedSonarTables;
  const accounts = new Map(t.accounts.map((a) => [a.id, a]));
  const dataServices = new Set(t.services.filter((s) => s.type === 'DATA').map((s) => s.id));
  const group = <T>(rows: T[], key: (row: T) => number) => {
    const map = new Map<number, T[]>();
    for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
    return map;
  };
  const contacts = group(
    t.contacts.filter((c) => c.contactable_type === 'Account'),
    (c) => c.contactable_id,
  );
  const addresses = group(
    t.addresses.filter((a) => a.addressable_type === 'Account'),
    (a) => a.addressable_id ?? 0,
  );
  const services = group(t.account_services, (s) => s.account_id);
  const radius = group(t.radius_accounts, (r) => r.account_id);
  const ips = group(
    t.ip_assignments.filter((a) => a.ipassignmentable_type === 'Account'),
    (a) => a.ipassignmentable_id,
  );
  const items = group(
    t.inventory_items.filter((i) => i.inventoryitemable_type === 'Address'),
    (i) => i.inventoryitemable_id,
  );
  const duplicateNames = new Map<string, number>();
  for (const hard of dataset.meta.hardCases) {
    if (!hard.kinds.includes('duplicate-name')) continue;
    const name = accounts.get(hard.account_id)?.name ?? '';
    duplicateNames.set(name, (duplicateNames.get(name) ?? 0) + 1);
  }
  const outside = new Set(dataset.meta.outsideIpAssignmentIds);
  const duplicateMacItems = new Set(dataset.meta.duplicateMac?.inventory_item_ids ?? []);

  const problems: string[] = [];
  for (const { account_id: id, kinds } of dataset.meta.hardCases) {
    const account = accounts.get(id);
    if (!account) {
      problems.push(`${id}: no such account`);
      continue;
    }
    const own = {
      contacts: contacts.get(id) ?? [],
      addresses: addresses.get(id) ?? [],
      services: services.get(id) ?? [],
      radius: radius.get(id) ?? [],
      ips: ips.get(id) ?? [],
    };
    const physical = own.addresses.find((a) => a.type === 'PHYSICAL');
    const equipment = physical ? (items.get(physical.id) ?? []) : [];
    const primary = own.contacts.find((c) => c.primary);
    const data = own.services.filter((s) => dataServices.has(s.service_id));
    const active = account.account_status_id === ACTIVE + 1;
    const checks: Record<HardCaseKind, boolean> = {
      'unicode-name': /[^\p{ASCII}]/u.test(account.name) && primary?.name === account.name,
      'apostrophe-name': account.name.includes("'"),
      'duplicate-name': (duplicateNames.get(account.name) ?? 0) >= 2,
      'long-city': (physical?.city ?? '').length > 32,
      'invalid-email': primary?.email_address != null && !VALID_EMAIL.test(primary.email_address),
      'no-email': own.contacts.length > 0 && own.contacts.every((c) => c.email_address === null),
      'two-data-services': active && data.length === 2 && own.radius.length === 2,
      'no-service': active && own.services.length === 0,
      'price-override': active && data.some((s) => s.price_override !== null),
      'child-of-inactive-parent':
        active && accounts.get(account.parent_account_id ?? 0)?.account_status_id === INACTIVE + 1,
      'child-before-parent': (account.parent_account_id ?? 0) > id,
      'child-without-address': account.parent_account_id !== null && own.addresses.length === 0,
      'ip-outside-networks': active && own.ips.some((ip) => outside.has(ip.id)),
      'duplicate-mac': active && equipment.some((item) => duplicateMacItems.has(item.id)),
      'equipment-without-primary-field':
        active &&
        equipment.some(
          (item) => item.inventory_model_id === dataset.meta.modelWithoutPrimaryFieldId,
        ),
    };
    for (const kind of kinds) if (!checks[kind]) problems.push(`${id} (${account.name}): ${kind}`);
    if (account.archived_at !== null) problems.push(`${id}: hard case on an archived account`);
  }
  return problems;
}

function kindsPresent(dataset: SonarDataset): HardCaseKind[] {
  return [...new Set(dataset.meta.hardCases.flatMap((c) => c.kinds))].sort();
}

describe('hard cases', () => {
  it.each([1, 2, 3, 4, 5])('at 10 accounts (seed %i) every kind is present and true', (seed) => {
    const dataset = generateSonarDataset({ seed, accounts: 10 });
    expect(kindsPresent(dataset)).toEqual([...HARD_CASE_KINDS].sort());
    expect(violations(dataset)).toEqual([]);
  });

  it('at 2,000 accounts they touch about 5% of accounts and stay true', () => {
    const dataset = generateSonarDataset({ seed: 11, accounts: 2000 });
    expect(kindsPresent(dataset)).toEqual([...HARD_CASE_KINDS].sort());
    expect(violations(dataset)).toEqual([]);
    const share = dataset.meta.hardCases.length / 2000;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.08);
    expect(dataset.meta.hardCases.map((c) => c.account_id)).toEqual(
      [...dataset.meta.hardCases.map((c) => c.account_id)].sort((a, b) => a - b),
    );
  });

  it('keeps every email outside the invalid-email cases valid', () => {
    const dataset = generateSonarDataset({ seed: 11, accounts: 2000 });
    const t = dataset.tables as unknown as TypedSonarTables;
    const invalid = new Set(
      dataset.meta.hardCases
        .filter((c) => c.kinds.includes('invalid-email'))
        .map((c) => c.account_id),
    );
    const bad = t.contacts.filter(
      (c) =>
        c.email_address !== null &&
        !VALID_EMAIL.test(c.email_address) &&
        !(c.contactable_type === 'Account' && c.primary && invalid.has(c.contactable_id)),
    );
    expect(bad).toEqual([]);
    const longCities = t.addresses
      .filter((a) => (a.city ?? '').length > 32)
      .map((a) => a.addressable_id);
    const declared = dataset.meta.hardCases
      .filter((c) => c.kinds.includes('long-city'))
      .map((c) => c.account_id);
    expect(longCities).toEqual(declared);
  });

  it('declares the duplicate MAC pair on two different accounts', () => {
    const dataset = generateSonarDataset({ seed: 11, accounts: 2000 });
    const owners = dataset.meta.hardCases.filter((c) => c.kinds.includes('duplicate-mac'));
    expect(owners).toHaveLength(2);
    expect(dataset.meta.duplicateMac?.inventory_item_ids[0]).toBeGreaterThan(0);
    expect(dataset.meta.duplicateMac?.inventory_item_ids[1]).toBeGreaterThan(
      dataset.meta.duplicateMac?.inventory_item_ids[0] ?? 0,
    );
  });
});
