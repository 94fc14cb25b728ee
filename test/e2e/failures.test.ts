// Issue 4, failure cases: each through the real CLI against the simulators, each with an
// assertion that fails without its handling.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, cleanIds as cleanIdsOf, entities, startBed, startCli } from './harness.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const cleanIds = (b: Bed, n: number) => cleanIdsOf(b.world, n);

function customerSonarIds(b: Bed): string[] {
  return b.world.splynx.db
    .rows('customers')
    .map((c) => (c.additional_attributes as { sonar_id: string }).sonar_id);
}

describe('selection errors', () => {
  it('an unknown customer id is a usage error naming the id, before anything is written', async () => {
    bed = await startBed();
    const run = await bed.s2s(['migrate', '--customer', '999999', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Sonar has no account 999999');
    expect(
      bed.world.splynx.log.list((e) => e.method === 'POST' && !e.url.includes('auth')),
    ).toEqual([]);
    expect(readdirSync(bed.stateDir)).toEqual([]);
  });

  it('an empty selection says so, exits 0 and creates no migration', async () => {
    bed = await startBed();
    const run = await bed.s2s(['migrate', '--all', '--created-from', '2099-01-01', '--yes']);
    expect(run.code).toBe(0);
    expect(run.summary?.status).toBe('empty');
    expect(readdirSync(bed.stateDir)).toEqual([]);
  });

  it('a missing tariff mapping fails the customer with the config key to set', async () => {
    bed = await startBed();
    const { tables } = bed.world.dataset;
    const [id] = cleanIds(bed, 1);
    const dataService = tables.account_services
      .map((s) =>
        tables.services.find((svc) => svc.id === s.service_id && String(s.account_id) === id),
      )
      .find((svc) => svc?.type === 'DATA');
    expect(dataService).toBeDefined();
    // The operator maps the plan onto a Splynx tariff that does not exist.
    const config = path.join(bed.stateDir, 's2s.config.json');
    writeFileSync(config, JSON.stringify({ tariffs: { [String(dataService?.id)]: 424242 } }));
    const run = await bed.s2s([
      'migrate',
      '--customer',
      id as string,
      '--config',
      config,
      '--yes',
      '--no-stop-on-error',
    ]);
    expect(run.code).toBe(1);
    const failures = run.events.flatMap((e) => (e.type === 'record-failed' ? [e.failure] : []));
    expect(failures.find((f) => f.entity === 'tariff_internet')).toMatchObject({ status: 404 });
    expect(failures.find((f) => f.entity === 'customer')).toMatchObject({
      sonarId: id,
      rule: 'tariff-mapping',
    });
    expect(failures.find((f) => f.entity === 'customer')?.fixes.join(' ')).toContain(
      `tariffs."${dataService?.id}"`,
    );
    expect(bed.world.splynx.db.rows('customers')).toEqual([]);
  });
});

describe('faults on the wire', () => {
  it('survives a 429 storm and 5xx on reads with the same result', async () => {
    bed = await startBed({ splynx: { faults: { rateLimitNext: 8, retryAfterSeconds: 0 } } });
    const ids = cleanIds(bed, 5);
    bed.world.splynx.faults.set({ serverErrorOnReads: 3 });
    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code).toBe(0);
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
    expect(bed.world.splynx.log.list((e) => e.status === 429).length).toBe(8);
  });

  it('a customer POST that commits and then answers 500 is found, not duplicated', async () => {
    bed = await startBed();
    const ids = cleanIds(bed, 3);
    // Foundation first, so the next POST to fail is a customer's.
    expect((await bed.s2s(['migrate', '--customer', ids[0] as string, '--yes'])).code).toBe(0);
    bed.world.splynx.faults.set({ commitThenFail: 1 });
    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code).toBe(0);
    expect(bed.world.splynx.log.list((e) => e.status === 500 && e.method === 'POST')).toHaveLength(
      1,
    );
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
  });

  it('a write that times out is searched for before being sent again', async () => {
    bed = await startBed();
    const ids = cleanIds(bed, 2);
    expect((await bed.s2s(['migrate', '--customer', ids[0] as string, '--yes'])).code).toBe(0);
    bed.world.splynx.faults.set({ timeoutNext: 1, timeoutMs: 3_000 });
    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes'], {
      S2S_HTTP_TIMEOUT_MS: '1000',
    });
    expect(run.code).toBe(0);
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
    const logins = bed.world.splynx.db.rows('services_internet').map((s) => s.login);
    expect(new Set(logins).size).toBe(logins.length);
  });

  it('403 mid-run stops with the permission fix; after granting it, resume completes', async () => {
    bed = await startBed();
    const ids = cleanIds(bed, 4);
    expect((await bed.s2s(['migrate', '--customer', ids[0] as string, '--yes'])).code).toBe(0);
    bed.world.splynx.options.permissions = {
      'admin/customers/customer-billing': ['GET'],
      admin: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'],
    };
    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code).toBe(1);
    expect(run.summary?.status).toBe('stopped');
    expect(run.summary?.failure?.kind).toBe('fatal');
    expect(run.summary?.failure?.status).toBe(403);
    expect(run.summary?.failure?.fixes.join(' ')).toMatch(/ermission/);
    bed.world.splynx.options.permissions = undefined;
    const resumed = await bed.s2s(['resume']);
    expect(resumed.code).toBe(0);
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
  });
});

describe('state safety', () => {
  it('kill -9 between a confirmed POST and its journal line: resume finds it, no duplicate', async () => {
    bed = await startBed();
    const ids = cleanIds(bed, 3);
    // Die right after the 12th create Splynx confirmed (customers are being written by then).
    const killed = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes'], {
      S2S_TEST_KILL_AFTER_CREATES: '12',
    });
    expect(killed.signal).toBe('SIGKILL');
    // The dead process left its lock; resume takes it over by itself and says so.
    const resumed = await bed.s2s(['resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(
      resumed.events.some(
        (e) =>
          e.type === 'log' &&
          /^Took over the lock from process \d+ .* is no longer running \(migration .*\)\.$/.test(
            e.message,
          ),
      ),
    ).toBe(true);
    expect(resumed.events.some((e) => e.type === 'log' && /unknown outcome/.test(e.message))).toBe(
      true,
    );
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
    for (const table of ['tariffs_internet', 'labels', 'ipv4_networks', 'services_internet']) {
      const rows = bed.world.splynx.db.rows(table);
      const keys = rows.map((r) => JSON.stringify(r.additional_attributes ?? r.label));
      expect(new Set(keys).size, table).toBe(keys.length);
    }
  });

  it('two s2s processes on one migration: the second is refused with the holder named', async () => {
    bed = await startBed({ latencyMs: 40 });
    const ids = cleanIds(bed, 20);
    const first = startCli(['migrate', '--customers', ids.join(','), '--yes', '--json'], bed.env);
    // Wait until the first has its migration folder (and lock).
    for (let i = 0; i < 200 && readdirSync(bed.stateDir).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    const second = await bed.s2s(['resume']);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/in use by process \d+/);
    expect((await first.result).code).toBe(0);
  });

  it('a corrupt journal is reported with file and line; nothing is overwritten', async () => {
    bed = await startBed();
    const [id] = cleanIds(bed, 1);
    const run = await bed.s2s(['migrate', '--customer', id as string, '--yes']);
    const dir = path.join(bed.stateDir, run.summary?.migrationId as string);
    const journal = path.join(dir, 'journal.ndjson');
    const snapshot = path.join(dir, 'migration.json');
    // Compaction at close leaves the journal empty; give it two lines and break the first.
    const good = JSON.stringify({
      seq: 999999,
      at: new Date().toISOString(),
      type: 'status',
      status: 'stopped',
    });
    writeFileSync(journal, `{"seq": oops\n${good}\n`);
    const before = {
      journal: readFileSync(journal, 'utf8'),
      snapshot: readFileSync(snapshot, 'utf8'),
    };
    const resumed = await bed.s2s(['resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('journal.ndjson');
    expect(resumed.stderr).toMatch(/line 1/);
    expect(readFileSync(journal, 'utf8')).toBe(before.journal);
    expect(readFileSync(snapshot, 'utf8')).toBe(before.snapshot);
    expect(existsSync(path.join(dir, 'lock'))).toBe(false);
  });
});

describe('stop on error, fix, resume', () => {
  it('stops at the bad record, and after the fix in Sonar resumes to a clean finish with no duplicates', async () => {
    bed = await startBed();
    const { meta } = bed.world.dataset;
    const longCity = meta.hardCases.find((h) => h.kinds.includes('long-city'))?.account_id;
    expect(longCity).toBeDefined();
    const ids = [...cleanIds(bed, 3), String(longCity)];
    const run = await bed.s2s(['migrate', '--customers', ids.join(','), '--yes']);
    expect(run.code).toBe(1);
    expect(run.summary?.failure).toMatchObject({
      sonarId: String(longCity),
      field: 'city',
      rule: 'max-length:32',
    });
    expect(run.stdout).not.toContain(bed.env.SPLYNX_API_SECRET as string);

    // The operator shortens the city in Sonar.
    const address = bed.world.sonar.tables.addresses.find(
      (a) =>
        a.addressable_type === 'Account' &&
        a.addressable_id === longCity &&
        String(a.city).length > 32,
    );
    const res = await fetch(`${bed.world.sonar.url}/__sim/records/addresses/${address?.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Lakeway' }),
    });
    expect(res.ok).toBe(true);
    const resumed = await bed.s2s(['resume']);
    expect(resumed.code).toBe(0);
    expect(
      entities(resumed, 'created')
        .filter((e) => e.entity === 'customer')
        .map((e) => e.sonarId),
    ).toEqual([String(longCity)]);
    expect(customerSonarIds(bed).sort()).toEqual([...ids].sort());
  });
});
