// `s2s init` through the real CLI: writes a config the other commands accept, with every Sonar
// status, account type and role mapped explicitly; never overwrites without --yes.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMappingConfig } from '../../source/config.js';
import { type Bed, startBed } from './harness.js';

let bed: Bed;
let file: string;
beforeAll(async () => {
  bed = await startBed();
  file = path.join(mkdtempSync(path.join(tmpdir(), 's2s-init-')), 's2s.config.json');
});
afterAll(() => bed.close());

describe('s2s init', () => {
  it('writes every status, account type and role with its default, in a file loadMappingConfig accepts', async () => {
    const run = await bed.s2s(['init', '--config', file]);
    expect(run.code).toBe(0);
    const { tables } = bed.world.dataset;
    expect(JSON.parse(run.stdout.trim())).toEqual({
      type: 'init',
      file,
      statuses: tables.account_statuses.length,
      accountTypes: tables.account_types.length,
      services: tables.services.length,
      roles: tables.roles.length,
      taxes: tables.taxes.length,
      taxExemptAccounts: tables.account_billing_parameters.filter((p) => p.tax_exempt).length,
    });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(written.customers.stateBySonarStatusId)).toEqual(
      tables.account_statuses.map((s) => String(s.id)),
    );
    expect(Object.keys(written.administrators.roles).sort()).toEqual(
      tables.roles.map((r) => String(r.name)).sort(),
    );
    expect(written.customers.categoryByAccountType).toEqual({
      COMMERCIAL: 'company',
      RESIDENTIAL: 'person',
      GOVERNMENT: 'company',
      INDUSTRIAL: 'company',
      SENIOR_CITIZEN: 'person',
    });
    expect(written.$services).toHaveLength(tables.services.length);
    const voice = tables.services.find((s) => s.type === 'VOICE');
    expect(written.$services.find((line: string) => line.startsWith(`${voice?.id} `))).toContain(
      'skipped',
    );
    // The balances choice is written out with its three readings beside it.
    expect(written.balances.mode).toBe('off');
    expect(written.$balances).toContain('"open-invoices"');
    const config = loadMappingConfig(file);
    expect(config.customers.stateBySonarStatusId).toEqual(written.customers.stateBySonarStatusId);
    expect(config.customers.makeInvoices).toBe(0);

    // With every status explicit, preflight has nothing left to guess.
    const preflight = await bed.s2s(['preflight', '--config', file]);
    expect(preflight.code).toBe(0);
    expect(preflight.stdout).not.toContain(
      '"id":"status-mapping","title":"Sonar account statuses","ok":false',
    );
  });

  it('refuses to overwrite an edited file without --yes, and replaces it with --yes', async () => {
    writeFileSync(file, '{"tariffs": {"1": 5}}\n');
    const refused = await bed.s2s(['init', '--config', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; init will not overwrite your edits.');
    expect(readFileSync(file, 'utf8')).toBe('{"tariffs": {"1": 5}}\n');
    const forced = await bed.s2s(['init', '--config', file, '--yes']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).tariffs).toEqual({});
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});
