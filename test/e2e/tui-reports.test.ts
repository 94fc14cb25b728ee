// The app writes the reports a headless run writes: one world migrated headless
// (`migrate --all --yes --no-stop-on-error`), the same world (same seed, fresh simulators)
// migrated in the app by keys in tmux (live mode: SONAR_*/SPLYNX_* set). Same files, same
// columns, same totals and failures; the app also keeps its log in run.log, and its summary says
// where the reports are.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type DemoWorld, startDemoWorld } from '../../source/simulators/demo-world.js';
import { runCli, tempStateDir } from './harness.js';
import { hasTmux, openTerminal, type Terminal } from './tui-driver.js';

const WORLD = { accounts: 40, seed: 7 };
const REPORTS = ['failures.csv', 'ids.csv', 'report.json', 'report.md'];

const open: Array<{ close(): unknown }> = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const o of open.splice(0)) await o.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function migrationDir(stateDir: string): string {
  const ids = readdirSync(stateDir).filter((d) => /^\d{8}-\d{6}-/.test(d));
  expect(ids).toHaveLength(1);
  return path.join(stateDir, ids[0] as string);
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const csv = (text: string) => text.trimEnd().split('\n');

/** The JSON's shape: every key path, with array items merged. */
function shape(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => shape(v, `${at}[]`)))];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...shape(v, `${at}.${k}`)]);
  }
  return [];
}

async function world(): Promise<DemoWorld> {
  const w = await startDemoWorld(WORLD);
  open.push(w);
  return w;
}

describe.skipIf(!hasTmux)('reports of the terminal app', () => {
  test('are the files a headless run writes, with the same columns, totals and failures', {
    timeout: 240_000,
  }, async () => {
    const headlessWorld = await world();
    const headlessState = tempStateDir();
    dirs.push(headlessState);
    const headless = await runCli(['migrate', '--all', '--yes', '--no-stop-on-error'], {
      ...headlessWorld.env,
      S2S_STATE_DIR: headlessState,
    });
    expect(headless.code).toBe(1);

    const appWorld = await world();
    const appState = tempStateDir();
    dirs.push(appState);
    const t: Terminal = openTerminal({
      args: [],
      env: { ...appWorld.env, S2S_STATE_DIR: appState },
    });
    open.push(t);
    await t.waitFor('No migrations yet');
    await t.keys('n');
    await t.waitFor('All blocking checks passed');
    await t.keys('Enter');
    await t.waitFor('1/40');
    await t.keys('2');
    await t.waitFor('[Active]');
    await t.keys('a');
    await t.waitFor(/[1-9]\d* marked/);
    await t.keys('Enter');
    await t.waitFor('Press enter to migrate');
    await t.keys('s');
    await t.waitFor('Stop on the first failed record: no');
    await t.keys('Enter');
    await t.waitFor('Write all');
    await t.keys('y');
    const summary = await t.waitFor(/Failures: \d+ records? in \d+ causes?/, 120_000);

    const a = migrationDir(appState);
    const h = migrationDir(headlessState);
    // The summary says where they are and which files it wrote.
    expect(summary).toContain(`Reports in ${a.slice(0, 60)}`);
    expect(summary).toContain('report.md · report.json · failures.csv · ids.csv · run.log');

    const files = (dir: string) =>
      readdirSync(dir)
        .filter((f) => REPORTS.includes(f))
        .sort();
    expect(files(a)).toEqual(REPORTS);
    expect(files(h)).toEqual(REPORTS);
    for (const f of REPORTS) expect(statSync(path.join(a, f)).mode & 0o777).toBe(0o600);

    // failures.csv: same header, the same rows (both runs met the same records).
    const [aHead, ...aRows] = csv(read(a, 'failures.csv'));
    const [hHead, ...hRows] = csv(read(h, 'failures.csv'));
    expect(aHead).toBe(hHead);
    expect(aRows.length).toBeGreaterThan(0);
    expect(aRows.sort()).toEqual(hRows.sort());

    // ids.csv: same header; the same records and actions (Splynx ids depend on write order).
    const ids = (dir: string) => {
      const [head, ...rows] = csv(read(dir, 'ids.csv'));
      return {
        head,
        rows: rows
          .map((r) => r.split(','))
          .map(([e, s, , act]) => `${e},${s},${act}`)
          .sort(),
      };
    };
    expect(ids(a).head).toBe(ids(h).head);
    expect(ids(a).rows).toEqual(ids(h).rows);

    // report.json: the same shape, totals and failure groups.
    const aJson = JSON.parse(read(a, 'report.json'));
    const hJson = JSON.parse(read(h, 'report.json'));
    expect(shape(aJson).sort()).toEqual(shape(hJson).sort());
    expect(aJson.totals).toEqual(hJson.totals);
    const groups = (j: {
      failureGroups: Array<{ cause: string; entity: string; count: number }>;
    }) => j.failureGroups.map((g) => `${g.count} ${g.entity}: ${g.cause}`).sort();
    expect(groups(aJson)).toEqual(groups(hJson));
    expect(aJson.requests.splynx).toBeGreaterThan(0);

    // report.md: the same sections.
    const headings = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .slice(1);
    expect(headings(read(a, 'report.md'))).toEqual(headings(read(h, 'report.md')));

    // And the app's log of the run, every record, in the same folder.
    const log = read(a, 'run.log');
    expect(statSync(path.join(a, 'run.log')).mode & 0o777).toBe(0o600);
    expect(log).toContain(`Starting migration ${path.basename(a)}`);
    expect(log).toMatch(/created {2}account \d+ "/);
    expect(log).toContain('Reports: ');
    await t.keys('q');
    await t.waitFor('EXIT=0', 30_000);
  });
});
