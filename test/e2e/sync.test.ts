// Issue 16: `s2s sync` through the real CLI against both simulators. Sonar changes between runs
// (sim.records), Splynx is edited behind s2s's back (its database), and every case checks what
// the dry run lists, what the apply writes, and that a second sync writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../source/engine/sync/changes.js';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import { type Bed, type CliResult, cleanIds, lastSeq, splynxWrites, startBed } from './harness.js';

type Row = Record<string, unknown>;
type ChangeLine = SyncChange & { type: 'change'; dryRun: boolean };

function changes(result: CliResult): ChangeLine[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"change"'))
    .map((line) => JSON.parse(line) as ChangeLine);
}

function changeOf(result: CliResult, entity: string, sonarId: string): ChangeLine | undefined {
  return changes(result).find((c) => c.entity === entity && c.sonarId === sonarId);
}

const sonarIdOf = (row: Row) =>
  String((row.additional_attributes as Row | undefined)?.sonar_id ?? '');

function customerOf(bed: Bed, accountId: string): Row {
  const row = bed.world.splynx.db.rows('customers').find((c) => sonarIdOf(c) === accountId);
  if (!row) throw new Error(`no Splynx customer for account ${accountId}`);
  return row;
}

function servicesOf(bed: Bed, accountId: string): Row[] {
  const customer = customerOf(bed, accountId);
  return [
    ...bed.world.splynx.db.rows('services_internet'),
    ...bed.world.splynx.db.rows('services_custom'),
  ].filter((s) => s.customer_id === customer.id);
}

function sonarRows(bed: Bed, table: keyof Bed['world']['sonar']['tables']): SonarRow[] {
  return bed.world.sonar.tables[table] as SonarRow[];
}

function accountServices(bed: Bed, accountId: string): SonarRow[] {
  return sonarRows(bed, 'account_services').filter((s) => String(s.account_id) === accountId);
}

/** Active top-level clean accounts with exactly one service, a DATA one. */
function oneServiceIds(bed: Bed, n: number): string[] {
  return cleanIds(bed.world, 60)
    .filter((id) => accountServices(bed, id).length === 1)
    .slice(0, n);
}

/** A clean, top-level, unarchived account that is not active (to be reactivated). */
function suspendedId(bed: Bed): string {
  const hard = new Set(bed.world.dataset.meta.hardCases.map((h) => h.account_id));
  const account = sonarRows(bed, 'accounts').find(
    (a) =>
      a.account_status_id === 2 &&
      a.archived_at === null &&
      a.parent_account_id === null &&
      !hard.has(a.id) &&
      accountServices(bed, String(a.id)).length > 0,
  );
  if (!account) throw new Error('the dataset has no suspended account');
  return String(account.id);
}

function dataServiceIds(bed: Bed): number[] {
  return sonarRows(bed, 'services')
    .filter((s) => s.type === 'DATA')
    .map((s) => s.id);
}

describe('s2s sync: Sonar changed since the migration', () => {
  let bed: Bed;
  let ids: string[];
  const who: Record<string, string> = {};
  let newAccountId = '';
  let dry: CliResult;
  let applied: CliResult;
  let writesApplied = 0;

  beforeAll(async () => {
    bed = await startBed({ accounts: 120, seed: 7 });
    const plain = oneServiceIds(bed, 12);
    const names = [
      'rename',
      'email',
      'cancel',
      'added',
      'removed',
      'repriced',
      'tariff',
      'note',
      'archived',
      'deleted',
      'untouched',
    ] as const;
    names.forEach((name, i) => {
      who[name] = plain[i] as string;
    });
    who.reactivate = suspendedId(bed);
    ids = Object.values(who);
    const migrated = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(migrated.code, migrated.stderr).toBe(0);

    const sonar = bed.world.sonar.records;
    sonar.patch('accounts', Number(who.rename), { name: 'Renamed In Sonar' });
    const contact = sonarRows(bed, 'contacts').find(
      (c) =>
        c.contactable_type === 'Account' && String(c.contactable_id) === who.email && c.primary,
    );
    if (!contact) throw new Error('no primary contact');
    sonar.patch('contacts', contact.id, { email_address: 'new.address@example.net' });
    sonar.patch('accounts', Number(who.cancel), { account_status_id: 5 });
    sonar.patch('accounts', Number(who.reactivate), { account_status_id: 1 });
    const [usedData] = accountServices(bed, who.added as string);
    const otherData = dataServiceIds(bed).find((s) => s !== usedData?.service_id) as number;
    sonar.insert('account_services', {
      ...usedData,
      id: undefined,
      service_id: otherData,
      name_override: 'Second line',
    });
    const [removed] = accountServices(bed, who.removed as string);
    sonar.remove('account_services', removed?.id as number);
    const [repriced] = accountServices(bed, who.repriced as string);
    sonar.patch('account_services', repriced?.id as number, { price_override: 4321 });
    const [retariffed] = accountServices(bed, who.tariff as string);
    const newTariff = dataServiceIds(bed).find((s) => s !== retariffed?.service_id) as number;
    sonar.patch('account_services', retariffed?.id as number, { service_id: newTariff });
    sonar.insert('notes', {
      noteable_type: 'Account',
      noteable_id: Number(who.note),
      message: 'Moved the router to the garage.',
      priority: 'NORMAL',
      user_id: 1,
      created_at: '2026-01-10T10:00:00+00:00',
      updated_at: '2026-01-10T10:00:00+00:00',
    });
    sonar.patch('accounts', Number(who.archived), { archived_at: '2026-01-12T10:00:00+00:00' });
    sonar.remove('accounts', Number(who.deleted));
    // A new account: a copy of an untouched one (its services too) under a new id.
    const template = sonarRows(bed, 'accounts').find((a) => String(a.id) === who.untouched);
    const fresh = sonar.insert('accounts', {
      ...template,
      id: undefined,
      name: 'Brand New Customer',
    });
    newAccountId = String(fresh.id);
    const billing = sonarRows(bed, 'account_billing_parameters').find(
      (b) => String(b.account_id) === who.untouched,
    );
    sonar.insert('account_billing_parameters', { ...billing, id: undefined, account_id: fresh.id });
    for (const s of accountServices(bed, who.untouched as string)) {
      sonar.insert('account_services', { ...s, id: undefined, account_id: fresh.id });
    }

    const before = lastSeq(bed.world);
    const selection = ['--customers', [...ids, newAccountId].join(',')];
    dry = await bed.s2s(['sync', ...selection, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    applied = await bed.s2s(['sync', ...selection, '--yes']);
    writesApplied = splynxWrites(bed.world, before).length;
    expect(applied.code, applied.stderr).toBe(0);
  }, 240_000);

  afterAll(() => bed?.close());

  it('a rename: listed old → new, then written', () => {
    const old = dry && changeOf(dry, 'customer', who.rename as string);
    expect(old?.fields).toEqual([
      { field: 'name', from: expect.any(String), to: 'Renamed In Sonar' },
    ]);
    expect(customerOf(bed, who.rename as string).name).toBe('Renamed In Sonar');
  });

  it('an email change', () => {
    const change = changeOf(dry, 'customer', who.email as string);
    expect(change?.fields.map((f) => f.field)).toEqual(['email']);
    expect(String(customerOf(bed, who.email as string).email)).toContain('new.address@example.net');
  });

  it('a cancellation disables the customer and its services', () => {
    expect(changeOf(dry, 'customer_status', who.cancel as string)?.fields).toEqual([
      { field: 'status', from: 'active', to: 'disabled' },
    ]);
    expect(customerOf(bed, who.cancel as string).status).toBe('disabled');
    expect(servicesOf(bed, who.cancel as string).map((s) => s.status)).toEqual(['disabled']);
  });

  it('a reactivation', () => {
    expect(changeOf(dry, 'customer_status', who.reactivate as string)?.fields).toEqual([
      { field: 'status', from: 'blocked', to: 'active' },
    ]);
    expect(customerOf(bed, who.reactivate as string).status).toBe('active');
    expect(servicesOf(bed, who.reactivate as string).every((s) => s.status === 'active')).toBe(
      true,
    );
  });

  it('a service added in Sonar is created', () => {
    const created = changes(dry).filter((c) => c.accountId === who.added && c.action === 'create');
    expect(created.map((c) => c.entity)).toEqual(['internet_service']);
    const services = servicesOf(bed, who.added as string);
    expect(services.map((s) => s.description).sort()).toContain('Second line');
    expect(services).toHaveLength(2);
  });

  it('a service removed in Sonar is ended (stopped, end date), not deleted', () => {
    const ended = changes(dry).find((c) => c.accountId === who.removed && c.action === 'end');
    expect(ended?.fields.map((f) => f.field).sort()).toEqual(['end_date', 'status']);
    const [service] = servicesOf(bed, who.removed as string);
    expect(service?.status).toBe('stopped');
    expect(service?.end_date).toBe(new Date().toISOString().slice(0, 10));
  });

  it('a re-priced service gets the new unit price', () => {
    const change = changes(dry).find(
      (c) => c.accountId === who.repriced && c.entity === 'internet_service',
    );
    expect(change?.fields).toEqual([{ field: 'unit_price', from: expect.anything(), to: 43.21 }]);
    expect(Number(servicesOf(bed, who.repriced as string)[0]?.unit_price)).toBe(43.21);
  });

  it('a changed tariff is updated on the service', () => {
    const change = changes(dry).find(
      (c) => c.accountId === who.tariff && c.entity === 'internet_service',
    );
    expect(change?.fields.map((f) => f.field)).toContain('tariff_id');
    const [service] = servicesOf(bed, who.tariff as string);
    const tariff = bed.world.splynx.db.get('tariffs_internet', Number(service?.tariff_id));
    const [sonarService] = accountServices(bed, who.tariff as string);
    const plan = sonarRows(bed, 'services').find((s) => s.id === sonarService?.service_id);
    expect(tariff?.title).toBe(plan?.name);
  });

  it('a note added in Sonar is added', () => {
    const created = changes(dry).find((c) => c.accountId === who.note && c.action === 'create');
    expect(created?.entity).toBe('customer_note');
    const customer = customerOf(bed, who.note as string);
    const notes = bed.world.splynx.db
      .rows('customer_notes')
      .filter((n) => n.customer_id === customer.id);
    expect(notes.map((n) => n.comment)).toContain('Moved the router to the garage.');
  });

  it('a new account in the selection is migrated as migrate would', () => {
    expect(changeOf(dry, 'customer', newAccountId)?.action).toBe('migrate');
    const customer = customerOf(bed, newAccountId);
    expect(customer.name).toBe('Brand New Customer');
    expect(servicesOf(bed, newAccountId).length).toBe(
      accountServices(bed, who.untouched as string).length,
    );
  });

  it('an archived account is reported and disabled', () => {
    const change = changeOf(dry, 'customer_status', who.archived as string);
    expect(change?.reason).toBe('archived in Sonar');
    expect(customerOf(bed, who.archived as string).status).toBe('disabled');
  });

  it('an account deleted in Sonar is reported and disabled', () => {
    const change = changeOf(dry, 'customer_status', who.deleted as string);
    expect(change).toMatchObject({ action: 'disable', reason: 'deleted in Sonar' });
    expect(customerOf(bed, who.deleted as string).status).toBe('disabled');
  });

  it('an untouched account is neither listed nor read', () => {
    expect(changes(dry).filter((c) => c.accountId === who.untouched)).toEqual([]);
  });

  it('applies exactly what the dry run listed', () => {
    const key = (c: ChangeLine) => `${c.action} ${c.entity} ${c.sonarId}`;
    expect(changes(applied).map(key).sort()).toEqual(changes(dry).map(key).sort());
    expect(applied.summary?.changes).toEqual(dry.summary?.changes);
    // The dry run counts the very writes the apply then sends.
    const planned = Object.values(dry.summary?.writes ?? {}).reduce((a, b) => a + b, 0);
    expect(planned).toBe(writesApplied);
  });

  it('after the sync, verify finds Splynx as Sonar maps it: ended and disabled records included', async () => {
    const verify = await bed.s2s(['verify']);
    const differences = verify.events.filter((e) => (e as { type: string }).type === 'difference');
    expect(differences).toEqual([]);
    expect(verify.code).toBe(0);
  }, 120_000);

  it('a second sync writes nothing and lists nothing', async () => {
    const before = lastSeq(bed.world);
    const again = await bed.s2s(['sync', '--customers', [...ids, newAccountId].join(','), '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(changes(again)).toEqual([]);
    expect(splynxWrites(bed.world, before)).toEqual([]);
  }, 120_000);
});
