// Extraction under each reading of same-attribute Search entries (sonar-api.md §2.4): the
// documented AND, the OR a production client relies on, and the simulator's mixed default. The
// answer must be the same under all three, and under OR a window must not read the whole ISP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchReading as SimulatorReading } from '../../source/simulators/sonar/search.js';
import { type SonarSimulator, startSonarSimulator } from '../../source/simulators/sonar/server.js';
import {
  generateSonarDataset,
  type SonarDataset,
} from '../../source/simulators/sonar-dataset/generate.js';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import { SonarClient } from '../../source/sonar/client.js';
import { countAccounts, extractAccounts } from '../../source/sonar/extract-accounts.js';
import type { SonarAccount } from '../../source/sonar/records.js';
import { searchReading } from '../../source/sonar/search-reading.js';

let dataset: SonarDataset;
let sim: SonarSimulator;
let baseline: SonarAccount[];
let baselineJoins: number;

const WINDOW = { includeArchived: true, joinWindow: 50, pageSize: 25, joinPageSize: 10 };

function client(operations?: string[]) {
  return new SonarClient({
    url: sim.url,
    token: sim.token,
    backoff: { baseMs: 1, maxMs: 5 },
    ...(operations ? { onRequest: (e) => operations.push(e.operation) } : {}),
  });
}

async function collect(source: AsyncGenerator<SonarAccount[]>): Promise<SonarAccount[]> {
  const out: SonarAccount[] = [];
  for await (const page of source) out.push(...page);
  return out;
}

const accounts = () => dataset.tables.accounts as SonarRow[];

beforeAll(async () => {
  dataset = generateSonarDataset({ seed: 11, accounts: 300 });
  sim = await startSonarSimulator({ dataset });
  const operations: string[] = [];
  baseline = await collect(extractAccounts(client(operations), WINDOW));
  baselineJoins = operations.filter((o) => o === 'SonarAccountJoins').length;
});

afterAll(async () => {
  await sim?.close();
});

function under<T>(reading: SimulatorReading, run: () => Promise<T>): Promise<T> {
  sim.settings({ searchReading: reading });
  return run().finally(() => sim.settings({ searchReading: 'mixed' }));
}

describe('the search-reading probe', () => {
  it.each([
    ['mixed', 'and'],
    ['and', 'and'],
    ['or', 'or'],
  ] as const)('reads a %s Sonar as %s, once per client', async (simulated, expected) => {
    await under(simulated, async () => {
      const operations: string[] = [];
      const c = client(operations);
      expect(await searchReading(c)).toBe(expected);
      expect(await searchReading(c)).toBe(expected);
      expect(operations).toEqual(['SonarSearchProbe']);
    });
  });
});

describe.each(['and', 'or'] as const)('extraction under the %s reading', (reading) => {
  it('extracts exactly what the mixed reading does, windows reading only their own rows', async () => {
    await under(reading, async () => {
      const operations: string[] = [];
      const extracted = await collect(extractAccounts(client(operations), WINDOW));
      expect(extracted).toEqual(baseline);
      expect(operations.filter((o) => o === 'SonarSearchProbe')).toHaveLength(1);
      const joins = operations.filter((o) => o === 'SonarAccountJoins').length;
      // Under OR each window reads its rows in key order and stops one page past its last
      // account at most; reading the ISP per window would be hundreds of pages per window.
      const windows = Math.ceil(300 / 50);
      expect(joins).toBeGreaterThanOrEqual(baselineJoins);
      expect(joins).toBeLessThanOrEqual(baselineJoins + windows);
    });
  });

  it('selects by status and a created-date range, and counts the same', async () => {
    const statusIds = [...new Set(accounts().map((a) => String(a.account_status_id)))].slice(0, 2);
    const selection = { statusIds, createdFrom: '2019-01-01', createdTo: '2023-12-31' };
    const expected = accounts()
      .filter((a) => {
        const created = Date.parse(String(a.created_at));
        return (
          a.archived_at === null &&
          statusIds.includes(String(a.account_status_id)) &&
          created >= Date.parse('2019-01-01T00:00:00Z') &&
          created < Date.parse('2024-01-01T00:00:00Z')
        );
      })
      .map((a) => String(a.id));
    expect(expected.length).toBeGreaterThan(10);
    await under(reading, async () => {
      await expect(countAccounts(client(), selection)).resolves.toBe(expected.length);
      const extracted = await collect(extractAccounts(client(), { ...selection, joinWindow: 7 }));
      expect(extracted).toEqual(baseline.filter((a) => expected.includes(a.id)));
    });
  });
});
