// A Sonar read that times out is asked for again at half the page size, not sent unchanged six
// times: the simulator holds every read asking for more than N rows (timeoutAbovePageSize).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../source/errors.js';
import { type SonarSimulator, startSonarSimulator } from '../../source/simulators/sonar/server.js';
import { generateSonarDataset } from '../../source/simulators/sonar-dataset/generate.js';
import { SonarClient } from '../../source/sonar/client.js';
import { extractAccounts } from '../../source/sonar/extract-accounts.js';
import { extractInventory } from '../../source/sonar/extract-inventory.js';
import { halvedPageSize } from '../../source/sonar/page-size.js';
import type { SonarAccount } from '../../source/sonar/records.js';

let sim: SonarSimulator;
let baseline: SonarAccount[];

function client(extra: Partial<ConstructorParameters<typeof SonarClient>[0]> = {}) {
  return new SonarClient({
    url: sim.url,
    token: sim.token,
    backoff: { baseMs: 1, maxMs: 5 },
    ...extra,
  });
}

async function collect(source: AsyncGenerator<SonarAccount[]>): Promise<SonarAccount[]> {
  const out: SonarAccount[] = [];
  for await (const page of source) out.push(...page);
  return out;
}

beforeAll(async () => {
  sim = await startSonarSimulator({ dataset: generateSonarDataset({ seed: 4, accounts: 300 }) });
  baseline = await collect(extractAccounts(client(), { includeArchived: true }));
});

afterAll(async () => {
  await sim?.close();
});

describe('halvedPageSize', () => {
  it('halves, keeping every offset reached a page boundary, and stops at the floor', () => {
    expect(halvedPageSize(500, [0])).toBe(250);
    expect(halvedPageSize(250, [0, 250, 500])).toBe(125);
    // 62 would put row 125 mid-page: the largest divisor of 125 at most 62 is 25.
    expect(halvedPageSize(125, [125])).toBe(25);
    expect(halvedPageSize(19, [0])).toBe(undefined);
    expect(halvedPageSize(20, [0])).toBe(10);
    expect(halvedPageSize(100, [37, 75])).toBe(undefined);
  });
});

describe('a timeout shrinks the request', () => {
  it('succeeds at half size: accounts, joins and inventory pages each halve until they answer', async () => {
    const inventory = await extractInventory(client());
    sim.faults.set({ timeoutAbovePageSize: 130, timeoutMs: 10_000 });
    try {
      const before = sim.log.counts.total;
      const sizes: number[] = [];
      // Long enough that an answered request never times out on a loaded machine (150 ms did,
      // once, and shrank a page that had answered); the held ones wait 10 s.
      const c = client({
        timeoutMs: 1_500,
        onRequest: (e) => {
          if (e.outcome !== 'ok') sizes.push(e.attempt);
        },
      });
      // Accounts 250 → 125; joins and inventory 500 → 250 → 125.
      expect(await collect(extractAccounts(c, { includeArchived: true }))).toEqual(baseline);
      expect(await extractInventory(c)).toEqual(inventory);
      // A held request is logged once the client has given up on it.
      await vi.waitFor(() =>
        expect(
          sim.log.list((entry) => entry.seq > before && entry.fault === 'timeout'),
        ).toHaveLength(1 + 2 + 2),
      );
      expect(sizes).toHaveLength(5);
    } finally {
      sim.faults.reset();
    }
  });

  it('stops at 10 rows a page and then retries as before, giving up after the attempts', async () => {
    sim.faults.set({ timeoutAbovePageSize: 5, timeoutMs: 10_000 });
    try {
      const before = sim.log.counts.total;
      const error = await collect(
        extractAccounts(client({ timeoutMs: 100, backoff: { baseMs: 1, maxMs: 2, attempts: 2 } }), {
          includeArchived: true,
          pageSize: 40,
          deepThreshold: 0,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).message).toMatch(/no answer within 100 ms \(gave up after 2/);
      await vi.waitFor(() =>
        expect(sim.log.list((entry) => entry.seq > before).length).toBeGreaterThanOrEqual(6),
      );
      const asked = sim.log
        .list((entry) => entry.seq > before)
        .map((entry) => /records_per_page\\?"?:\s*(\d+)/.exec(JSON.stringify(entry.body))?.[1]);
      // The count (1 row) answers; the probe and the page size sequence 40 → 20 → 10, 10 time out.
      expect(asked.filter((n) => n !== '1')).toEqual(['40', '20', '10', '10']);
    } finally {
      sim.faults.reset();
    }
  });
});
