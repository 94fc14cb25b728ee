// Taxes end to end (issue #17 pt 4): `s2s init` lists Sonar's taxes and tax-exempt accounts and
// writes the `taxes` key; preflight exits 3 naming a used tax without a mapping; once mapped, the
// migrated tariffs carry the Splynx tax.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, cleanIds, startBed } from './harness.js';

let bed: Bed;
let file: string;
beforeAll(async () => {
  bed = await startBed({ taxedServices: true });
  file = path.join(mkdtempSync(path.join(tmpdir(), 's2s-taxes-')), 's2s.config.json');
});
afterAll(() => bed.close());

describe('taxes by mapping', () => {
  it('init lists taxes and tax-exempt accounts; preflight stops on an unmapped tax; mapped, tariffs carry it', async () => {
    const { tables } = bed.world.dataset;
    const init = await bed.s2s(['init', '--config', file]);
    expect(init.code, init.stderr).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.taxes).toEqual({});
    expect(written.$taxes).toHaveLength(tables.taxes.length);
    expect(written.$taxes[0]).toContain('"State Sales Tax" (6.25%)');
    const exemptIds = tables.account_billing_parameters
      .filter((p) => p.tax_exempt)
      .map((p) => String(p.account_id));
    expect(exemptIds.length).toBeGreaterThan(0);
    for (const id of exemptIds) expect(written.$taxExemptAccounts).toContain(id);

    const refused = await bed.s2s(['preflight', '--config', file]);
    expect(refused.code).toBe(3);
    const check = refused.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((line) => line.id === 'tax-mapping' || line.check?.id === 'tax-mapping');
    expect(JSON.stringify(check)).toContain('State Sales Tax');

    // Splynx's seeded taxes: 1 "VAT", 2 "Zero rate" (simulators/splynx/seed.ts).
    writeFileSync(file, JSON.stringify({ ...written, taxes: { '1': 1, '2': 2 } }));
    const preflight = await bed.s2s(['preflight', '--config', file]);
    expect(preflight.code, preflight.stdout).toBe(0);
    const run = await bed.s2s([
      'migrate',
      '--config',
      file,
      '--customers',
      cleanIds(bed.world, 3).join(','),
      '--yes',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const internet = bed.world.splynx.db.rows('tariffs_internet');
    expect(internet.length).toBeGreaterThan(0);
    for (const tariff of internet) expect(['1', '2']).toContain(String(tariff.tax_id));
  });
});
