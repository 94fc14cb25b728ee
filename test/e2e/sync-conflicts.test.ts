// Issue 16: edits made in Splynx after the migration. One changed only in Splynx is kept; one
// changed on both sides is a conflict, reported and not written, until --prefer-sonar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../source/engine/sync/changes.js';
import {
  type Bed,
  type CliResult,
  cleanIds,
  lastSeq,
  runCli,
  splynxWrites,
  startBed,
} from './harness.js';

type Row = Record<string, unknown>;

function changes(result: CliResult): SyncChange[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{"type":"change"'))
    .map((line) => JSON.parse(line) as SyncChange);
}

describe('s2s sync: edits made in Splynx', () => {
  let bed: Bed;
  let ids: string[];
  const customer = (accountId: string): Row => {
    const row = bed.world.splynx.db
      .rows('customers')
      .find((c) => String((c.additional_attributes as Row).sonar_id) === accountId);
    if (!row) throw new Error(`no customer for ${accountId}`);
    return row;
  };
  const editInSplynx = (accountId: string, patch: Row) =>
    bed.world.splynx.db.update('customers', customer(accountId).id as number, patch);

  beforeAll(async () => {
    bed = await startBed({ accounts: 80, seed: 3 });
    ids = cleanIds(bed.world, 3);
    const migrated = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 120_000);
  afterAll(() => bed?.close());

  it('a field edited in Splynx only is kept, while Sonar’s change to another field is written', async () => {
    const [edited, quiet] = ids as [string, string];
    editInSplynx(edited, { phone: '+1 555 0100' });
    editInSplynx(quiet, { city: 'Edited Town' });
    bed.world.sonar.records.patch('accounts', Number(edited), { name: 'Sonar Renamed' });

    const dry = await bed.s2s(['sync', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const change = changes(dry).find((c) => c.sonarId === edited && c.entity === 'customer');
    expect(change?.fields).toEqual([
      { field: 'name', from: expect.any(String), to: 'Sonar Renamed' },
    ]);
    expect(change?.kept).toEqual([
      { field: 'phone', splynx: '+1 555 0100', sonar: expect.any(String) },
    ]);
    // The account Sonar did not change is not even read.
    expect(changes(dry).filter((c) => c.accountId === quiet)).toEqual([]);
    const quietId = customer(quiet).id;
    const before = lastSeq(bed.world);
    const applied = await bed.s2s(['sync', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const reads = bed.world.splynx.log.list(
      (e) => e.seq > before && e.method === 'GET' && e.url.includes(`/customer/${quietId}`),
    );
    expect(reads).toEqual([]);
    expect(customer(edited)).toMatchObject({ name: 'Sonar Renamed', phone: '+1 555 0100' });
    expect(customer(quiet).city).toBe('Edited Town');
    const writes = splynxWrites(bed.world, before);
    expect(writes.map((w) => `${w.method} ${w.url.split('?')[0]}`)).toEqual([
      `PUT /api/2.0/admin/customers/customer/${customer(edited).id}`,
    ]);
  }, 120_000);

  it('a field edited on both sides is a conflict: reported, not written, until --prefer-sonar', async () => {
    const both = ids[2] as string;
    editInSplynx(both, { name: 'Splynx Name' });
    bed.world.sonar.records.patch('accounts', Number(both), { name: 'Sonar Name' });

    const before = lastSeq(bed.world);
    const first = await bed.s2s(['sync', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    const conflict = changes(first).find((c) => c.sonarId === both && c.entity === 'customer');
    expect(conflict?.conflicts).toEqual([
      { field: 'name', splynx: 'Splynx Name', sonar: 'Sonar Name', written: false },
    ]);
    expect(conflict?.fields).toEqual([]);
    expect(first.summary?.changes?.conflict).toBe(1);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    expect(customer(both).name).toBe('Splynx Name');

    // Still a conflict next time: nothing was settled.
    const again = await bed.s2s(['sync', '--yes']);
    expect(changes(again).find((c) => c.sonarId === both)?.conflicts).toHaveLength(1);

    // The human listing says the same on stdout.
    const human = await runCli(['sync', '--dry-run'], bed.env);
    expect(human.stdout).toContain(
      `would update account ${both} "Sonar Name" (Splynx customer ${customer(both).id})`,
    );
    expect(human.stdout).toContain(
      `conflict name: Splynx "Splynx Name", Sonar "Sonar Name" — kept Splynx's (--prefer-sonar writes Sonar's)`,
    );

    const preferred = await bed.s2s(['sync', '--yes', '--prefer-sonar']);
    expect(preferred.code, preferred.stderr).toBe(0);
    expect(changes(preferred).find((c) => c.sonarId === both)?.conflicts).toEqual([
      { field: 'name', splynx: 'Splynx Name', sonar: 'Sonar Name', written: true },
    ]);
    expect(customer(both).name).toBe('Sonar Name');

    const settled = lastSeq(bed.world);
    const last = await bed.s2s(['sync', '--yes']);
    expect(changes(last)).toEqual([]);
    expect(splynxWrites(bed.world, settled)).toEqual([]);
  }, 180_000);
});

describe('s2s sync: before any migration, and its flags', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ accounts: 20, seed: 5 });
  });
  afterAll(() => bed?.close());

  it('refuses with a clear message and exit 2, writing nothing', async () => {
    const result = await bed.s2s(['sync', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no migration to sync');
    expect(result.stderr).toContain('s2s migrate');
    expect(splynxWrites(bed.world)).toEqual([]);
    const dry = await bed.s2s(['sync', '--dry-run']);
    expect(dry.code).toBe(2);
  });

  it('asks for --yes without a terminal, and keeps its flags to itself', async () => {
    const ask = await bed.s2s(['sync']);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain('--dry-run');
    const wrong = await bed.s2s(['migrate', '--all', '--dry-run']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('`s2s migrate` does not take --dry-run');
  });
});

describe('s2s sync: a record that cannot be written', () => {
  let bed: Bed;
  let ids: string[];
  beforeAll(async () => {
    bed = await startBed({ accounts: 80, seed: 8 });
    ids = cleanIds(bed.world, 3);
    const migrated = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 120_000);
  afterAll(() => bed?.close());

  it('stops naming the record and the field; --no-stop-on-error writes the others; fixed, it syncs', async () => {
    const [bad, good] = ids as [string, string];
    const address = (bed.world.sonar.tables.addresses as Row[]).find(
      (a) =>
        a.addressable_type === 'Account' &&
        String(a.addressable_id) === bad &&
        a.type === 'PHYSICAL',
    );
    const tooLong = 'Llanfairpwllgwyngyllgogerychwyrndrobwll';
    bed.world.sonar.records.patch('addresses', address?.id as number, { city: tooLong });
    bed.world.sonar.records.patch('accounts', Number(good), { name: 'Written Anyway' });

    const stopped = await bed.s2s(['sync', '--yes', '--customers', bad]);
    expect(stopped.code).toBe(1);
    expect(stopped.summary?.failure).toMatchObject({ sonarId: bad, field: 'city' });
    expect(stopped.stderr + stopped.stdout).toContain(`account ${bad}`);

    const carried = await bed.s2s(['sync', '--yes', '--no-stop-on-error']);
    expect(carried.code).toBe(1);
    expect(carried.events.filter((e) => e.type === 'record-failed')).toMatchObject([
      { failure: { sonarId: bad, field: 'city' } },
    ]);
    const of = (id: string) =>
      bed.world.splynx.db
        .rows('customers')
        .find((c) => String((c.additional_attributes as Row).sonar_id) === id);
    expect(of(good)?.name).toBe('Written Anyway');
    expect(of(bad)?.city).not.toBe(tooLong);

    bed.world.sonar.records.patch('addresses', address?.id as number, { city: 'Bangor' });
    const fixed = await bed.s2s(['sync', '--yes']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(of(bad)?.city).toBe('Bangor');
  }, 180_000);
});
