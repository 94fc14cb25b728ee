// Issue 4, done-when: the real CLI against the simulators migrates one customer, a hundred, and
// all of them; a repeated run writes nothing; the JSON Lines contract holds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMappingConfig } from '../../source/mapping/mapping-config.js';
import { customerState, stateOrder } from '../../source/mapping/status.js';
import { type Bed, cleanIds, entities, lastSeq, splynxWrites, startBed } from './harness.js';

describe('migrate: one, a hundred, all', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ accounts: 500, seed: 3 });
  });
  afterAll(() => bed.close());

  const cleanActiveIds = (n: number) => cleanIds(bed.world, n);

  it('migrates exactly one customer with the foundation it needs, and the JSON contract holds', async () => {
    const [one] = cleanActiveIds(1);
    const run = await bed.s2s(['migrate', '--customer', one as string, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Every stdout line is one JSON event; the last is the summary.
    const lines = run.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('{'))).toBe(true);
    expect(JSON.parse(lines.at(-1) as string).type).toBe('summary');
    expect(run.summary).toMatchObject({ command: 'migrate', status: 'completed', failures: 0 });
    expect(run.summary?.migrationId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    const customers = bed.world.splynx.db.rows('customers');
    expect(customers).toHaveLength(1);
    expect(customers[0]?.additional_attributes).toEqual({ sonar_id: one });
    expect(customers[0]?.login).toBe(one);
    expect(bed.world.splynx.db.rows('services_internet')).toHaveLength(1);
    // Staff come only with a full migration.
    expect(run.summary?.counts.administrator).toBeUndefined();
    const tariffs = bed.world.splynx.db.rows('tariffs_internet');
    expect(tariffs.length).toBeGreaterThanOrEqual(1);
    expect(tariffs.length).toBeLessThan(3);
  });

  it('running the same selection again writes nothing', async () => {
    const before = lastSeq(bed.world);
    const run = await bed.s2s(['migrate', '--customer', cleanActiveIds(1)[0] as string, '--yes']);
    expect(run.code).toBe(0);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    expect(entities(run, 'created')).toEqual([]);
    expect(run.summary?.counts.customer).toMatchObject({ adopted: 1, created: 0 });
  });

  it('migrates a hundred customers, adopting the one already there', async () => {
    const hundred = cleanActiveIds(100);
    expect(hundred).toHaveLength(100);
    const run = await bed.s2s(['migrate', '--customers', hundred.join(','), '--yes']);
    expect(run.code).toBe(0);
    expect(run.summary?.status).toBe('completed');
    const customerEvents = entities(run).filter((e) => e.entity === 'customer');
    expect(customerEvents).toHaveLength(100);
    // Started in id order (they finish in any order: four run at once).
    const started = run.events.flatMap((e) =>
      e.type === 'in-flight' ? [Number(/^account (\d+)/.exec(e.label)?.[1])] : [],
    );
    expect(started).toHaveLength(100);
    expect(started).toEqual([...started].sort((a, b) => a - b));
    expect(customerEvents.filter((e) => e.action === 'adopted')).toHaveLength(1);
    expect(bed.world.splynx.db.rows('customers')).toHaveLength(100);
  });

  it('migrates all (500, every status) with bad records failed and reported, nothing duplicated', async () => {
    const run = await bed.s2s([
      'migrate',
      '--all',
      '--include-inactive',
      '--no-stop-on-error',
      '--yes',
    ]);
    expect(run.code).toBe(1);
    const failed = entities(run, 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.reason).toBeTruthy();
    const failedCustomers = new Set(
      failed.filter((f) => f.entity === 'customer').map((f) => f.sonarId),
    );
    // Only the seeded bad records fail.
    const hard = new Set(bed.world.dataset.meta.hardCases.map((h) => String(h.account_id)));
    for (const id of failedCustomers) expect(hard.has(id)).toBe(true);
    expect(failedCustomers.size).toBeGreaterThan(0);
    const customers = bed.world.splynx.db.rows('customers');
    const sonarIds = customers.map(
      (c) => (c.additional_attributes as { sonar_id: string }).sonar_id,
    );
    expect(new Set(sonarIds).size).toBe(sonarIds.length);
    const blocked = entities(run, 'blocked').filter((e) => e.entity === 'customer').length;
    expect(customers.length + failedCustomers.size + blocked).toBe(500);
    const logins = bed.world.splynx.db.rows('services_internet').map((s) => s.login);
    expect(new Set(logins).size).toBe(logins.length);

    // Active first, then suspended, inactive, terminated; by id within a state. Parents pulled in
    // ahead of their children are the one allowed exception.
    const { tables } = bed.world.dataset;
    const statuses = tables.account_statuses.map((s) => ({ ...s, id: String(s.id) }));
    const config = defaultMappingConfig();
    const rank = new Map(
      tables.accounts.map((a) => [
        String(a.id),
        stateOrder(
          customerState(
            {
              account_status_id: String(a.account_status_id),
              archived_at: a.archived_at as string | null,
            },
            statuses as never,
            config,
          ),
        ),
      ]),
    );
    const pulled = new Set(
      run.events.flatMap((e) =>
        e.type === 'log'
          ? [...e.message.matchAll(/needs its parent account (\d+)/g)].map((m) => m[1])
          : [],
      ),
    );
    const order = run.events
      .flatMap((e) => (e.type === 'in-flight' && e.phase === 'customers' ? [e.label] : []))
      .map((label) => /^account (\d+) /.exec(label)?.[1] as string)
      .filter((id) => !pulled.has(id))
      .map((id) => [rank.get(id) as number, Number(id)] as const);
    expect(new Set(order.map(([r]) => r)).size).toBe(4);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));

    const before = lastSeq(bed.world);
    const again = await bed.s2s([
      'migrate',
      '--all',
      '--include-inactive',
      '--no-stop-on-error',
      '--yes',
    ]);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    expect(again.summary?.failures).toBe(run.summary?.failures);
  }, 180_000); // 500 customers through the real CLI: slow on a loaded 2-core machine, never a timed claim
});
