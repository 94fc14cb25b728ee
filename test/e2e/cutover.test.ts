// Issue 16: `s2s cutover` through the real CLI. Refused while verify is not clean (nothing switched
// on), accepted with --accept-differences; interrupted by kill -9 and resumed, every customer ends
// invoiced exactly once in the journal; the checklist names what cannot move.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Bed, cleanIds, lastSeq, runCli, splynxWrites, startBed } from './harness.js';

type Row = Record<string, unknown>;
const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

function billingOf(bed: Bed): Row[] {
  const customers = new Set(bed.world.splynx.db.rows('customers').map((c) => c.id));
  return bed.world.splynx.db.rows('customer_billing').filter((b) => customers.has(b.id));
}

async function migrated(ids: string[], seed: number): Promise<Bed> {
  const bed = await startBed({ accounts: 80, seed });
  beds.push(bed);
  const run = await bed.s2s(['migrate', '--customers', ids.length ? ids.join(',') : '1', '--yes']);
  expect(run.code, run.stderr).toBe(0);
  return bed;
}

describe('s2s cutover', () => {
  it('is refused on an unclean verify, switching nothing on; --accept-differences goes on after listing them', async () => {
    const probe = await startBed({ accounts: 80, seed: 4 });
    const ids = cleanIds(probe.world, 4);
    await probe.close();
    const bed = await migrated(ids, 4);
    // An edit made in Splynx only: sync keeps it, verify reports it.
    const customer = bed.world.splynx.db
      .rows('customers')
      .find((c) => String((c.additional_attributes as Row).sonar_id) === ids[0]);
    bed.world.splynx.db.update('customers', customer?.id as number, { city: 'Edited In Splynx' });

    const before = lastSeq(bed.world);
    const refused = await bed.s2s(['cutover', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Cutover refused: verify found 1 difference(s)');
    const differences = refused.events.filter((e) => (e as { type: string }).type === 'difference');
    expect(differences).toMatchObject([{ entity: 'customer', sonarId: ids[0], field: 'city' }]);
    expect(splynxWrites(bed.world, before)).toEqual([]);
    expect(billingOf(bed).every((b) => String(b.make_invoices) === '0')).toBe(true);

    const accepted = await runCli(['cutover', '--yes', '--accept-differences'], bed.env);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('city: Splynx has "Edited In Splynx"');
    expect(accepted.stdout).toContain('Stop billing in Sonar first');
    expect(billingOf(bed).map((b) => String(b.make_invoices))).toEqual(ids.map(() => '1'));
  }, 240_000);

  it('interrupted by kill -9, resumed: every customer invoiced, each journaled once; the checklist is written', async () => {
    const probe = await startBed({ accounts: 80, seed: 6 });
    const ids = cleanIds(probe.world, 10);
    await probe.close();
    const bed = await migrated(ids, 6);
    const before = lastSeq(bed.world);
    const killed = await bed.s2s(['cutover', '--yes'], { S2S_TEST_KILL_AFTER_CREATES: '4' });
    expect(killed.signal).toBe('SIGKILL');
    const partly = billingOf(bed).filter((b) => String(b.make_invoices) === '1').length;
    expect(partly).toBeGreaterThanOrEqual(4);
    expect(partly).toBeLessThan(ids.length);

    const resumed = await bed.s2s(['cutover', '--yes', '--break-lock']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.summary?.status).toBe('completed');
    expect(billingOf(bed).map((b) => String(b.make_invoices))).toEqual(ids.map(() => '1'));
    const puts = splynxWrites(bed.world, before).filter((w) => w.url.includes('customer-billing'));
    // Each customer once, plus at most the PUTs in flight when the process died (concurrency 4):
    // Splynx had them, the journal did not, and a PUT sent again changes nothing.
    expect(puts.length).toBeGreaterThanOrEqual(ids.length);
    expect(puts.length).toBeLessThanOrEqual(ids.length + 4);
    expect(resumed.summary?.counts.cutover_billing?.created).toBe(ids.length);

    const checklist = resumed.events.find((e) => (e as { type: string }).type === 'checklist') as
      | { file: string; invoicing: { total: number }; cannotMove: { accountId: string }[] }
      | undefined;
    expect(checklist?.invoicing.total).toBe(ids.length);
    const text = readFileSync(checklist?.file as string, 'utf8');
    expect(path.basename(checklist?.file as string)).toBe('cutover-checklist.md');
    expect(text.indexOf('Stop billing in Sonar first')).toBeLessThan(
      text.indexOf('Then start billing in Splynx'),
    );
    const portal = bed.world.dataset.tables.contacts
      .filter(
        (c) =>
          c.contactable_type === 'Account' &&
          ids.includes(String(c.contactable_id)) &&
          (c.username ?? '') !== '',
      )
      .map((c) => String(c.contactable_id));
    expect(checklist?.cannotMove.map((c) => c.accountId).sort()).toEqual(
      [...new Set(portal)].sort(),
    );
    for (const id of new Set(portal)) expect(text).toContain(`| ${id} |`);

    // Once more: nothing left to switch on, nothing written; verify agrees invoicing is on.
    const settled = lastSeq(bed.world);
    const again = await bed.s2s(['cutover', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(splynxWrites(bed.world, settled)).toEqual([]);
  }, 300_000);
});
