// Issue 14, "the demo is a faithful rehearsal": the simulated Sonar and Splynx keep their data in
// a data directory across restarts (a `kill -9` of the simulators' process included), so a
// migration resumed after the demo was quit meets the Splynx it wrote to; and a Splynx that lost
// records a migration created (reset, restored) is named before anything is written.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoProcess } from '../../source/commands/demo-process.js';
import { type DemoWorld, startDemoWorld } from '../../source/simulators/demo-world.js';
import { cleanIds, runCli, splynxSnapshot, startCli } from './harness.js';

const dirs: string[] = [];
const worlds: DemoWorld[] = [];
afterAll(async () => {
  // Some were closed by their test already.
  await Promise.all(worlds.map((w) => w.close().catch(() => undefined)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's2s-demo-data-'));
  dirs.push(dir);
  return dir;
}

async function world(dataDir?: string): Promise<DemoWorld> {
  const started = await startDemoWorld({ accounts: 120, seed: 7, ...(dataDir ? { dataDir } : {}) });
  worlds.push(started);
  return started;
}

const json = (args: string[], env: Record<string, string>) => runCli([...args, '--json'], env);

/** Splynx customers counted by the Sonar account they came from, over HTTP (another process). */
async function customersBySonarId(splynxUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${splynxUrl}/__sim/state?table=customers`);
  const counts = new Map<string, number>();
  // No table yet: no customer was created.
  if (response.status === 404) return counts;
  const answer = (await response.json()) as {
    rows: Array<{ additional_attributes?: { sonar_id?: unknown } }>;
  };
  for (const row of answer.rows) {
    const key = String(row.additional_attributes?.sonar_id ?? '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('simulators with a data directory', () => {
  it('keep Splynx rows and Sonar changes across a restart; resume completes, verify finds only the Sonar change', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'simulators');
    const stateDir = path.join(dir, 'state');
    const first = await world(dataDir);
    const ids = cleanIds(first, 6);
    const env1 = { ...first.env, S2S_STATE_DIR: stateDir };
    const migrated = await json(
      ['migrate', '--customers', ids.slice(0, 4).join(','), '--yes'],
      env1,
    );
    expect(migrated.code, migrated.stderr).toBe(0);
    const migrationId = migrated.summary?.migrationId as string;
    // A Sonar change made over HTTP, as tests and operators between runs do.
    const name = String(first.dataset.tables.accounts.find((a) => String(a.id) === ids[0])?.name);
    const patched = await fetch(`${first.sonar.url}/__sim/records/accounts/${ids[0]}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: `${name} (renamed)` }),
    });
    expect(patched.status).toBe(200);
    const before = splynxSnapshot(first);
    const customersBefore = first.splynx.db.rows('customers').length;
    expect(customersBefore).toBe(4);
    await first.close();

    const second = await world(dataDir);
    expect(second.data).toMatchObject({ fresh: false });
    expect(splynxSnapshot(second)).toEqual(before);
    expect(second.splynx.db.rows('customers').map((c) => c.id)).toEqual(
      first.splynx.db.rows('customers').map((c) => c.id),
    );
    const renamed = second.dataset.tables.accounts.find((a) => String(a.id) === ids[0]);
    expect(renamed?.name).toBe(`${name} (renamed)`);

    const env2 = { ...second.env, S2S_STATE_DIR: stateDir };
    const resumed = await json(['resume', migrationId], env2);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.summary?.status).toBe('completed');
    expect(second.splynx.db.rows('customers')).toHaveLength(4);
    // Splynx holds every record as it was written; the one difference is Sonar's rename, kept
    // across the restart too (sync, not resume, carries such a change over).
    const verified = await json(['verify', migrationId], env2);
    const differences = (verified.events as unknown as Array<Record<string, unknown>>).filter(
      (e) => e.type === 'difference',
    );
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ entity: 'customer', sonarId: ids[0], field: 'name' });
  });

  it('lose nothing to a kill -9 of the simulators mid-run: resume completes without duplicates', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'simulators');
    const stateDir = path.join(dir, 'state');
    const reference = await world();
    const ids = cleanIds(reference, 30);
    const options = { accounts: 120, seed: 7, latencyMs: 3, dataDir };
    const first = await startDemoProcess(options);
    const run = startCli(['migrate', '--customers', ids.join(','), '--yes', '--json'], {
      ...first.env,
      S2S_STATE_DIR: stateDir,
    });
    // Mid-run: some customers are in Splynx, most are not.
    for (;;) {
      const counts = await customersBySonarId(first.env.SPLYNX_URL as string);
      if (counts.size >= 8) break;
      expect(run.child.exitCode).toBeNull();
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(first.pid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await run.result;

    const second = await startDemoProcess(options);
    try {
      const env = { ...second.env, S2S_STATE_DIR: stateDir };
      const resumed = await json(['resume', '--break-lock'], env);
      expect(resumed.code, resumed.stderr + resumed.stdout.slice(-2000)).toBe(0);
      expect(resumed.summary?.status).toBe('completed');
      const counts = await customersBySonarId(second.env.SPLYNX_URL as string);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const verified = await json(['verify'], env);
      expect(verified.code, verified.stdout.slice(-2000)).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('refuse a data directory made for another seed or size, naming both', async () => {
    const dataDir = path.join(tempDir(), 'simulators');
    await (await world(dataDir)).close();
    await expect(startDemoWorld({ accounts: 200, seed: 7, dataDir })).rejects.toThrow(
      /another simulated ISP \(--seed 7 --accounts 120, since .*\) than this start asks for \(--seed 7 --accounts 200\)/,
    );
    await expect(startDemoProcess({ accounts: 120, seed: 8, dataDir })).rejects.toThrow(
      /--seed 7 --accounts 120.*--seed 8 --accounts 120/,
    );
  });
});

describe('a Splynx that lost what the migration created', () => {
  it('stops resume before any write, naming the missing records and what to do', async () => {
    const stateDir = path.join(tempDir(), 'state');
    // No data directory: each start is an empty Splynx, as the demo was before.
    const first = await world();
    const ids = cleanIds(first, 3);
    const migrated = await json(['migrate', '--customers', ids.join(','), '--yes'], {
      ...first.env,
      S2S_STATE_DIR: stateDir,
    });
    expect(migrated.code, migrated.stderr).toBe(0);
    const migrationId = migrated.summary?.migrationId as string;
    const createdCustomer = first.splynx.db.rows('customers')[0];
    await first.close();

    const reset = await world();
    const resumed = await json(['resume', migrationId], { ...reset.env, S2S_STATE_DIR: stateDir });
    expect(resumed.code).toBe(1);
    const error = resumed.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; message?: string; fixes?: string[] })
      .find((e) => e.type === 'error');
    expect(error?.message).toContain(
      'Splynx does not have records this migration created earlier — was it reset or restored?',
    );
    const sonarId = (createdCustomer?.additional_attributes as Record<string, unknown> | undefined)
      ?.sonar_id;
    expect(error?.message).toContain(
      `customer ${String(sonarId)} (Splynx id ${String(createdCustomer?.id)})`,
    );
    expect(error?.message).toMatch(/label \d+ \(Splynx id \d+\)/);
    expect(error?.message).not.toMatch(/Labels is invalid/);
    expect(error?.fixes?.join(' ')).toMatch(/--fresh-demo.*s2s verify/);
    const writes = reset.splynx.log
      .list()
      .filter((e) => ['POST', 'PUT', 'DELETE'].includes(e.method) && !e.url.includes('/auth/'));
    expect(writes).toEqual([]);
  });
});
