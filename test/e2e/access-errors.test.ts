// Issue 12 pt 8: credential and connection errors found before any migration state exists. A
// wrong key, a refused token or a closed port: no migration folder (no state directory at all),
// nothing that calls itself resumable, the variable to fix and the URL named, never a value,
// exit 3 like preflight. For every command that talks to the APIs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../source/commands/exit-code.js';
import { type Bed, type CliResult, cleanIds, runCli, startBed, tempStateDir } from './harness.js';

const COMMANDS = [
  ['migrate', '--all', '--yes'],
  ['plan', '--all'],
  ['resume'],
  ['verify'],
  ['preflight'],
];

let bed: Bed;
/** Holds one finished migration, for resume and verify to find (and leave alone). */
let stateDir: string;
let migrationId: string;

beforeAll(async () => {
  bed = await startBed({ accounts: 40, seed: 5 });
  const [one] = cleanIds(bed.world, 1);
  const done = await bed.s2s(['migrate', '--customer', one as string, '--yes']);
  expect(done.code).toBe(0);
  stateDir = bed.stateDir;
  migrationId = done.summary?.migrationId as string;
}, 120_000);
afterAll(() => bed.close());

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs a command that starts something (migrate, plan, preflight) against a state directory that
 * does not exist yet, and one that continues something (resume, verify) against the migration.
 */
async function run(args: string[], env: Record<string, string>): Promise<CliResult> {
  const fresh = !['resume', 'verify'].includes(args[0] as string);
  const dir = fresh ? path.join(tempStateDir(), 'state') : stateDir;
  const result = await runCli(args, { ...env, S2S_STATE_DIR: dir });
  expect(result.code, result.stderr).toBe(EXIT.preflight);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/resum/i);
  if (fresh) expect(existsSync(dir)).toBe(false);
  // The existing migration was neither locked nor touched.
  expect(readdirSync(stateDir)).toEqual([migrationId]);
  const snapshot = JSON.parse(
    readFileSync(path.join(stateDir, migrationId, 'migration.json'), 'utf8'),
  );
  expect(snapshot.status).toBe('completed');
  expect(existsSync(path.join(stateDir, migrationId, 'lock'))).toBe(false);
  return result;
}

describe.each(COMMANDS)('s2s %s', (...args) => {
  it('a wrong Splynx secret (401 on the first call): names the key variables and the URL, no secret', async () => {
    const wrong = 'not-the-secret-4711';
    const result = await run(args, { ...bed.env, SPLYNX_API_SECRET: wrong });
    expect(result.stderr).toContain(
      `s2s: Splynx at SPLYNX_URL ${bed.env.SPLYNX_URL} refused the credentials in SPLYNX_API_KEY/SPLYNX_API_SECRET (401)`,
    );
    const output = `${result.stdout}${result.stderr}`;
    for (const secret of [wrong, bed.env.SPLYNX_API_KEY, bed.env.SONAR_TOKEN] as string[]) {
      expect(output).not.toContain(secret);
    }
  });

  it('a wrong Splynx administrator password names SPLYNX_LOGIN/SPLYNX_PASSWORD', async () => {
    const { SPLYNX_API_KEY: _key, SPLYNX_API_SECRET: _secret, ...rest } = bed.env;
    const wrong = 'not-the-password-4711';
    const result = await run(args, { ...rest, SPLYNX_LOGIN: 'admin', SPLYNX_PASSWORD: wrong });
    expect(result.stderr).toContain(
      `s2s: Splynx at SPLYNX_URL ${bed.env.SPLYNX_URL} refused the credentials in SPLYNX_LOGIN/SPLYNX_PASSWORD (401)`,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(wrong);
  });

  it('a refused Sonar token names SONAR_TOKEN and the URL', async () => {
    const wrong = 'not-the-token-4711';
    const result = await run(args, { ...bed.env, SONAR_TOKEN: wrong });
    expect(result.stderr).toContain(
      `s2s: Sonar at SONAR_URL ${bed.env.SONAR_URL} refused the credentials in SONAR_TOKEN (401)`,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(wrong);
  });

  it('Sonar on a closed port: "cannot connect to SONAR_URL", not a rate problem', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(args, { ...bed.env, SONAR_URL: url });
    expect(result.stderr).toContain(
      `s2s: cannot connect to SONAR_URL ${url}: connection refused\n`,
    );
    expect(result.stderr).not.toMatch(/rate/);
  });

  it('Splynx on a closed port: "cannot connect to SPLYNX_URL"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(args, { ...bed.env, SPLYNX_URL: url });
    expect(result.stderr).toContain(
      `s2s: cannot connect to SPLYNX_URL ${url}: connection refused\n`,
    );
    expect(result.stderr).not.toMatch(/rate/);
  });
});
