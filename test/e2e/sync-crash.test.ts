// Issue 16: kill -9 a sync right after Splynx confirmed a write and before the journal knew, run
// sync again (more than once), and end in exactly the Splynx state a sync without crashes leaves.
import { afterAll, describe, expect, it } from 'vitest';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import {
  type Bed,
  cleanIds,
  snapshotDifferences,
  splynxSnapshot,
  splynxWrites,
  startBed,
} from './harness.js';

const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

/** The same Sonar changes on either bed: renames, cancellations, added services and notes. */
function changeSonar(bed: Bed, ids: string[]): void {
  const sonar = bed.world.sonar.records;
  const services = bed.world.sonar.tables.account_services as SonarRow[];
  ids.forEach((id, i) => {
    const account = Number(id);
    if (i % 4 === 0) sonar.patch('accounts', account, { name: `Renamed ${id}` });
    if (i % 4 === 1) sonar.patch('accounts', account, { account_status_id: 5 });
    if (i % 4 === 2) {
      const first = services.find((s) => s.account_id === account);
      sonar.insert('account_services', { ...first, id: undefined, name_override: `Extra ${id}` });
    }
    if (i % 4 === 3) {
      sonar.insert('notes', {
        noteable_type: 'Account',
        noteable_id: account,
        message: `Sync note for ${id}`,
        priority: 'NORMAL',
        user_id: 1,
        created_at: '2026-02-01T10:00:00+00:00',
        updated_at: '2026-02-01T10:00:00+00:00',
      });
    }
  });
}

describe('s2s sync: crash mid-sync, then sync again', () => {
  it('kill -9 between a Splynx write and its journal line, twice; the next syncs finish it exactly', async () => {
    const clean = await startBed({ accounts: 100, seed: 9 });
    const crashy = await startBed({ accounts: 100, seed: 9 });
    beds.push(clean, crashy);
    // A second internet service on an account with a standing credit makes the credit's target
    // ambiguous (a correct stop, tested in billing-credits): this test is about crashes, so its
    // accounts carry no credit.
    const { services, account_services } = clean.world.dataset.tables;
    const credit = new Set(services.filter((s) => s.application === 'CREDIT').map((s) => s.id));
    const credited = new Set(
      account_services
        .filter((s) => credit.has(s.service_id as number))
        .map((s) => String(s.account_id)),
    );
    const ids = cleanIds(clean.world, 40)
      .filter((id) => !credited.has(id))
      .slice(0, 16);
    expect(ids).toHaveLength(16);
    const migrate = ['migrate', '--customers', ids.join(','), '--yes'];
    for (const bed of [clean, crashy]) {
      const migrated = await bed.s2s(migrate);
      expect(migrated.code, migrated.stderr).toBe(0);
      changeSonar(bed, ids);
    }
    const reference = await clean.s2s(['sync', '--yes']);
    expect(reference.code, reference.stderr).toBe(0);
    const syncWrites = splynxWrites(clean.world).length;

    const migratedWrites = splynxWrites(crashy.world).length;
    for (const after of [3, 4]) {
      const killed = await crashy.s2s(['sync', '--yes', '--break-lock'], {
        S2S_TEST_KILL_AFTER_CREATES: String(after),
      });
      expect(killed.signal, `${killed.code} ${killed.stderr} ${killed.stdout.slice(-2000)}`).toBe(
        'SIGKILL',
      );
    }
    expect(splynxWrites(crashy.world).length - migratedWrites).toBeGreaterThan(5);
    // The killed process left its lock behind, as after a crashed migrate.
    const finish = await crashy.s2s(['sync', '--yes', '--break-lock']);
    expect(finish.code, finish.stderr).toBe(0);
    expect(snapshotDifferences(splynxSnapshot(crashy.world), splynxSnapshot(clean.world))).toEqual(
      [],
    );
    // What a crash left written is settled, not sent again: no more writes than a clean sync.
    expect(splynxWrites(crashy.world).length - migratedWrites).toBeLessThanOrEqual(syncWrites + 2);

    const settled = splynxWrites(crashy.world).length;
    const again = await crashy.s2s(['sync', '--yes']);
    expect(again.code).toBe(0);
    expect(splynxWrites(crashy.world).length).toBe(settled);
  }, 300_000);
});
