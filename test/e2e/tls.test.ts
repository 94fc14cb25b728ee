// Issue 7, security: Splynx's certificate is verified unless SPLYNX_INSECURE_TLS=1, which warns.
// The Splynx simulator serves HTTPS with a self-signed certificate (fixtures/tls, test only).
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, cleanIds, startBed } from './harness.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url), 'utf8');

describe('TLS to Splynx', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({
      accounts: 100,
      splynx: { tls: { key: fixture('key.pem'), cert: fixture('cert.pem') } },
    });
  });
  afterAll(() => bed.close());

  it('refuses a certificate it cannot verify, says so, and writes nothing', async () => {
    expect(bed.env.SPLYNX_URL).toMatch(/^https:/);
    const [one] = cleanIds(bed.world, 1);
    const run = await bed.s2s(['migrate', '--customer', one as string, '--yes']);
    // Found before any migration state exists: exit 3 like preflight, nothing to resume.
    expect(run.code).toBe(3);
    expect(readdirSync(bed.stateDir)).toEqual([]);
    const said = `${run.stderr}\n${JSON.stringify(run.summary ?? {})}`;
    expect(said).toContain('the TLS certificate of SPLYNX_URL could not be verified');
    expect(said).toContain('self-signed certificate');
    expect(said).toContain('NODE_EXTRA_CA_CERTS');
    expect(said).toContain('SPLYNX_INSECURE_TLS=1');
    // Refused at the handshake: no request ever reached Splynx, and it was not retried for long.
    expect(bed.world.splynx.log.list()).toHaveLength(0);
    expect(bed.world.splynx.db.rows('customers')).toHaveLength(0);
  });

  it('with SPLYNX_INSECURE_TLS=1 connects, and warns that the certificate is not verified', async () => {
    const [one] = cleanIds(bed.world, 1);
    const run = await bed.s2s(['migrate', '--customer', one as string, '--yes'], {
      SPLYNX_INSECURE_TLS: '1',
    });
    expect(run.stderr).toContain('SPLYNX_INSECURE_TLS=1');
    expect(run.code, run.stderr).toBe(0);
    expect(bed.world.splynx.db.rows('customers')).toHaveLength(1);
  });
});
