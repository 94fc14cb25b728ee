// Issue 13, point 1: `plan` runs migrate's own code against a dry Splynx, so on every world the
// plan's "would create N" is migrate's "created N", entity by entity and action by action.
import { afterEach, describe, expect, it } from 'vitest';
import type { Counts, EngineEvent, PlanCounts } from '../../source/engine/events.js';
import {
  type Bed,
  type CliResult,
  entities,
  lastSeq,
  runCli,
  splynxWrites,
  startBed,
} from './harness.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const TO_PAST: Record<string, string> = {
  create: 'created',
  adopt: 'adopted',
  skip: 'skipped',
  fail: 'failed',
  blocked: 'blocked',
};

/** Both tables in migrate's words, without zero cells, for one toEqual. */
function normalise(counts: Counts | PlanCounts | undefined, planned: boolean) {
  const out: Record<string, Record<string, number>> = {};
  for (const [entity, row] of Object.entries(counts ?? {})) {
    for (const [action, n] of Object.entries(row as Record<string, number>)) {
      if (!n) continue;
      out[entity] ??= {};
      (out[entity] as Record<string, number>)[planned ? (TO_PAST[action] ?? action) : action] = n;
    }
  }
  return out;
}

function planned(run: CliResult) {
  return run.events.filter(
    (e): e is Extract<EngineEvent, { type: 'planned' }> => e.type === 'planned',
  );
}

/** Plans, then migrates the same selection; asserts the plan wrote nothing and both agree. */
async function planThenMigrate(b: Bed, selection: string[]) {
  const before = lastSeq(b.world);
  const plan = await b.s2s(['plan', ...selection]);
  expect(plan.code, plan.stderr).toBe(0);
  expect(splynxWrites(b.world, before)).toEqual([]);
  const migrate = await b.s2s(['migrate', ...selection, '--no-stop-on-error', '--yes']);
  expect(normalise(plan.summary?.planned, true)).toEqual(normalise(migrate.summary?.counts, false));
  // Every write migrate sent, the plan announced.
  const writes = splynxWrites(b.world, before);
  const methods = (m: string) => writes.filter((w) => w.method === m).length;
  expect(plan.summary?.writes?.POST ?? 0).toBe(methods('POST'));
  expect(plan.summary?.writes?.PUT ?? 0).toBe(methods('PUT'));
  return { plan, migrate };
}

/** Accounts that are active children of a parent the selection would not take on its own. */
function pulledInParents(b: Bed): string[] {
  const { tables } = b.world.dataset;
  const active = new Set(
    tables.account_statuses.filter((s) => s.activates_account).map((s) => s.id),
  );
  const byId = new Map(tables.accounts.map((a) => [a.id, a]));
  return tables.accounts
    .filter((a) => a.parent_account_id !== null && active.has(a.account_status_id as number))
    .filter((a) => a.archived_at === null)
    .map((a) => byId.get(a.parent_account_id as number))
    .filter((p) => p && (!active.has(p.account_status_id as number) || p.archived_at !== null))
    .map((p) => String(p?.id));
}

describe('plan = migrate, record by record', () => {
  it('on a fresh 40-account ISP, counts the pulled-in parent and every write, then nothing once migrated', async () => {
    bed = await startBed({ accounts: 40, seed: 1 });
    const parents = pulledInParents(bed);
    expect(parents.length).toBeGreaterThan(0);
    const { plan, migrate } = await planThenMigrate(bed, ['--all']);
    // The inactive parent is in the plan as a customer to create, as migrate creates it.
    const customers = planned(plan).filter((e) => e.entity === 'customer');
    for (const parent of parents) {
      expect(customers.find((e) => e.sonarId === parent)?.action).toBe('create');
    }
    expect(migrate.summary?.counts.customer?.created).toBe(plan.summary?.planned?.customer?.create);
    // Not just customers: info, billing, services and notes are writes the plan counts.
    expect(plan.summary?.planned?.customer_billing?.create).toBeGreaterThan(0);
    expect(plan.summary?.planned?.internet_service?.create).toBeGreaterThan(0);

    // Fully migrated: the plan creates nothing, and says what migrate then does.
    const again = await planThenMigrate(bed, ['--all']);
    for (const [entity, row] of Object.entries(again.plan.summary?.planned ?? {})) {
      expect([entity, row.create ?? 0]).toEqual([entity, 0]);
    }
    expect(again.plan.summary?.writes ?? {}).toEqual({});
  });

  it('on a half-migrated ISP, with every status, adopts what is there and creates the rest', async () => {
    bed = await startBed({ accounts: 40, seed: 3 });
    const first = await bed.s2s(['migrate', '--limit', '10', '--yes', '--no-stop-on-error']);
    expect(first.summary?.counts.customer?.created).toBeGreaterThan(0);
    // One migrated customer has changed in Sonar since: both bring it in line with one update.
    const changed = entities(first, 'created').find((e) => e.entity === 'customer');
    const res = await fetch(`${bed.world.sonar.url}/__sim/records/accounts/${changed?.sonarId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed Since' }),
    });
    expect(res.status).toBe(200);
    const { plan } = await planThenMigrate(bed, ['--all', '--include-inactive']);
    expect(plan.summary?.planned?.customer?.adopt).toBeGreaterThan(0);
    expect(plan.summary?.planned?.customer?.create).toBeGreaterThan(0);
    expect(plan.summary?.writes?.PUT).toBeGreaterThan(0);
    const renamed = bed.world.splynx.db
      .rows('customers')
      .find((c) => (c.additional_attributes as { sonar_id: string }).sonar_id === changed?.sonarId);
    expect(renamed?.name).toBe('Renamed Since');
  });

  it('lists bad records as failing with their Sonar id, reason, field and fix', async () => {
    bed = await startBed({ accounts: 40, seed: 7 });
    const human = await runCli(['plan', '--all', '--include-inactive'], bed.env);
    expect(human.code).toBe(0);
    const { plan } = await planThenMigrate(bed, ['--all', '--include-inactive']);
    const failing = planned(plan).filter((e) => e.action === 'fail' || e.action === 'blocked');
    expect(failing.length).toBeGreaterThan(0);
    for (const f of failing) expect(f.reason).toBeTruthy();
    const explained = plan.events.flatMap((e) => (e.type === 'record-failed' ? [e.failure] : []));
    expect(explained.length).toBe(planned(plan).filter((e) => e.action === 'fail').length);
    for (const f of explained) expect(f.fixes.length).toBeGreaterThan(0);
    expect(plan.summary?.failures).toBe(explained.length);
    // The human output names each of them too, and lists what would be created: on stdout, as
    // the plan is the command's result.
    for (const f of explained) {
      expect(human.stdout).toContain(`${f.entity} ${f.sonarId}`);
      expect(human.stdout).toContain(f.message);
    }
    for (const b of planned(plan).filter((e) => e.action === 'blocked')) {
      expect(human.stdout).toContain(`${b.label} (${b.entity} ${b.sonarId}) — ${b.reason}`);
    }
    expect(human.stdout).toMatch(/customer: would create \d+/);
    expect(human.stdout).toMatch(/^ {5}\+ account \d+ "/m);
    expect(human.stdout).toMatch(/… and \d+ more/);
  });
});
