// Issue 5 through the real CLI: every phase on a seeded ISP with its deliberately bad records, and
// a Splynx module switched off in the middle of a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidr4, rangeToCidrs, splitRange } from '../../source/mapping/ip.js';
import { type Bed, type CliResult, entities, startBed } from './harness.js';

describe('network, inventory and customers with the seeded problems', () => {
  let bed: Bed;
  let run: CliResult;
  beforeAll(async () => {
    bed = await startBed({ accounts: 150, seed: 5 });
    run = await bed.s2s(['migrate', '--all', '--include-inactive', '--no-stop-on-error', '--yes']);
  });
  afterAll(() => bed.close());

  const failuresOf = (entity: string) =>
    run.events.flatMap((e) =>
      e.type === 'record-failed' && e.failure.entity === entity ? [e.failure] : [],
    );

  it('an inventory model with no primary field fails its items, naming the model to fix', () => {
    const model = bed.world.dataset.meta.modelWithoutPrimaryFieldId;
    const items = bed.world.dataset.tables.inventory_items.filter(
      (i) => i.inventory_model_id === model,
    );
    const failed = failuresOf('inventory_item').filter((f) => f.rule === 'no-primary-field');
    expect(failed.map((f) => f.sonarId).sort()).toEqual(items.map((i) => String(i.id)).sort());
    expect(failed[0]?.fixes.join(' ')).toContain(`inventory model ${model}`);
  });

  it('two items with the same MAC: the first is migrated, the second refused as a duplicate barcode', () => {
    const duplicate = bed.world.dataset.meta.duplicateMac;
    expect(duplicate).not.toBeNull();
    const [first, second] = duplicate?.inventory_item_ids ?? [0, 0];
    const failed = failuresOf('inventory_item').filter((f) => f.rule === 'duplicate-barcode');
    expect(failed.map((f) => f.sonarId)).toEqual([String(Math.max(first, second))]);
    const barcodes = bed.world.splynx.db
      .rows('inventory_items')
      .map((i) => String(i.barcode).toLowerCase());
    expect(barcodes.filter((b) => b === duplicate?.mac.toLowerCase())).toHaveLength(1);
  });

  it('an IP pool range that is not CIDR-aligned becomes the fewest CIDR blocks, each a pool network', () => {
    const { ip_pools, subnets } = bed.world.dataset.tables;
    const pool = ip_pools.find((p) => {
      const range = splitRange(String(p.ip_range));
      return range !== null && (rangeToCidrs(range.start, range.end)?.length ?? 0) > 1;
    });
    expect(pool).toBeDefined();
    const range = splitRange(String(pool?.ip_range)) as { start: string; end: string };
    const blocks = rangeToCidrs(range.start, range.end) as string[];
    const networks = bed.world.splynx.db
      .rows('ipv4_networks')
      .filter((n) =>
        String((n.additional_attributes as { sonar_id?: string }).sonar_id).startsWith(
          `ip_pool-${pool?.id}-`,
        ),
      );
    expect(networks.map((n) => `${n.network}/${n.mask}`).sort()).toEqual([...blocks].sort());
    expect(networks.every((n) => n.type_of_usage === 'pool')).toBe(true);
    expect(subnets.length).toBeGreaterThan(0);
    expect(parseCidr4(blocks[0] as string)).not.toBeNull();
  });

  it('an IP outside every migrated network: the customer is migrated without a static IP, and told why', () => {
    const outside = new Set(bed.world.dataset.meta.outsideIpAssignmentIds);
    const assignment = bed.world.dataset.tables.ip_assignments.find(
      (a) => outside.has(a.id) && a.ipassignmentable_type === 'Account',
    );
    expect(assignment).toBeDefined();
    const accountId = String(assignment?.ipassignmentable_id);
    const ip = String(assignment?.subnet).split('/')[0];
    const note = run.events.find(
      (e) =>
        e.type === 'log' &&
        e.message.includes(`account ${accountId}`) &&
        e.message.includes('outside every migrated network'),
    );
    expect(note).toBeDefined();
    const services = bed.world.splynx.db.rows('services_internet').filter((s) => s.ipv4 === ip);
    expect(services).toEqual([]);
    expect(
      entities(run).some(
        (e) => e.entity === 'customer' && e.sonarId === accountId && e.action === 'created',
      ),
    ).toBe(true);
  });

  it('every phase ran and verify reports exactly the seeded failures, nothing else', async () => {
    const phases = run.events.flatMap((e) => (e.type === 'phase-finished' ? [e.phase] : []));
    expect(phases).toEqual(['foundation', 'network', 'inventory', 'customers']);
    // The seeded bad records failed on purpose (--no-stop-on-error), so verify must name each of
    // them and exit 1; anything else it reports would be a real difference.
    const verify = await bed.s2s(['verify', '--json']);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(1);
    const failed = run.events.flatMap((e) =>
      e.type === 'record-failed' ? [`${e.failure.entity} ${e.failure.sonarId}`] : [],
    );
    expect(failed.length).toBeGreaterThan(0);
    const records = verify.events.flatMap((e) => {
      const d = e as unknown as { type: string; kind?: string; entity?: string; sonarId?: string };
      return d.type === 'difference' && d.kind === 'record' ? [`${d.entity} ${d.sonarId}`] : [];
    });
    expect([...new Set(records)].sort()).toEqual([...new Set(failed)].sort());
  });
});

describe('a Splynx module switched off during a run', () => {
  it('stops with 405 and the module to switch on; after enabling it, resume completes', async () => {
    const bed = await startBed({ accounts: 60, seed: 9 });
    try {
      bed.world.splynx.options.disabledPaths = ['admin/inventory'];
      const run = await bed.s2s(['migrate', '--all', '--yes']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.summary?.failure).toMatchObject({
        kind: 'fatal',
        status: 405,
        phase: 'inventory',
      });
      expect(run.summary?.failure?.fixes.join(' ')).toMatch(/module|switch/i);
      bed.world.splynx.options.disabledPaths = [];
      const resumed = await bed.s2s(['resume', '--no-stop-on-error']);
      expect(resumed.summary?.status).not.toBe('aborted');
      expect(bed.world.splynx.db.rows('inventory_vendors').length).toBeGreaterThan(0);
      expect(bed.world.splynx.db.rows('customers').length).toBeGreaterThan(0);
    } finally {
      await bed.close();
    }
  });
});

describe('two Sonar services with one name', () => {
  it('the second is refused instead of adopting the first one’s tariff', async () => {
    const bed = await startBed({ accounts: 40, seed: 4 });
    try {
      const data = bed.world.sonar.tables.services.filter((s) => s.type === 'DATA');
      const [first, second] = data;
      expect(second).toBeDefined();
      (second as Record<string, unknown>).name = first?.name;
      const run = await bed.s2s([
        'migrate',
        '--all',
        '--phases',
        'foundation',
        '--no-stop-on-error',
        '--yes',
      ]);
      expect(run.code).toBe(1);
      const failure = run.events.find(
        (e) => e.type === 'record-failed' && e.failure.sonarId === String(second?.id),
      );
      expect(failure?.type === 'record-failed' && failure.failure).toMatchObject({
        entity: 'tariff_internet',
        field: 'title',
        rule: 'duplicate-title',
      });
      const titles = bed.world.splynx.db
        .rows('tariffs_internet')
        .filter((t) => t.title === first?.name);
      expect(titles).toHaveLength(1);
    } finally {
      await bed.close();
    }
  });
});
