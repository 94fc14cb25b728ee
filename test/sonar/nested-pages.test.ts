// Nested lists Sonar pages on its own (simulator nestedPageSize) come out whole: an account's
// 140 notes and a RADIUS login's 140 IPs cut at 100 are read on, and a list that cannot be read
// on stops with the account and the list named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../source/errors.js';
import { type SonarSimulator, startSonarSimulator } from '../../source/simulators/sonar/server.js';
import {
  generateSonarDataset,
  type SonarDataset,
} from '../../source/simulators/sonar-dataset/generate.js';
import type { SonarRow } from '../../source/simulators/sonar-dataset/tables.js';
import { SonarClient } from '../../source/sonar/client.js';
import { extractAccounts } from '../../source/sonar/extract-accounts.js';
import { extractInventory } from '../../source/sonar/extract-inventory.js';
import type { SonarAccount } from '../../source/sonar/records.js';
import { mockSonar, ORIGIN, TOKEN } from './mock-sonar.js';

let dataset: SonarDataset;
let sim: SonarSimulator;
let whole: SonarAccount[];
const NOTED = 7;
let radiusId: number;

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

/** 140 notes on one account and 140 IPs on one RADIUS login: lists of 140 to cut at 100. */
function addLongLists(tables: SonarDataset['tables']): void {
  const t = tables as unknown as Record<string, SonarRow[]>;
  const notes = t.notes as SonarRow[];
  const template = notes.find((n) => n.noteable_type === 'Account') as SonarRow;
  const have = notes.filter((n) => n.noteable_type === 'Account' && n.noteable_id === NOTED);
  let next = Math.max(...notes.map((n) => n.id)) + 1;
  for (let i = have.length; i < 140; i++) {
    notes.push({ ...template, id: next++, noteable_id: NOTED, message: `note ${i}` });
  }
  const radius = (t.radius_accounts as SonarRow[])[0] as SonarRow;
  radiusId = radius.id;
  const ips = t.ip_assignments as SonarRow[];
  const ip = ips[0] as SonarRow;
  let ipId = Math.max(...ips.map((r) => r.id)) + 1;
  for (let i = 0; i < 140; i++) {
    ips.push({
      ...ip,
      id: ipId++,
      ipassignmentable_type: 'RadiusAccount',
      ipassignmentable_id: radiusId,
      subnet: `10.251.${Math.floor(i / 200)}.${(i % 200) + 1}/32`,
    });
  }
}

beforeAll(async () => {
  dataset = generateSonarDataset({ seed: 3, accounts: 150 });
  addLongLists(dataset.tables);
  sim = await startSonarSimulator({ dataset });
  whole = await collect(extractAccounts(client(), { includeArchived: true }));
});

afterAll(async () => {
  await sim?.close();
});

describe('nested lists cut short by Sonar', () => {
  it('the baseline holds the long lists whole', () => {
    expect(whole.find((a) => a.id === String(NOTED))?.notes).toHaveLength(140);
    const owner = whole.find((a) => a.radius_accounts.some((r) => r.id === String(radiusId)));
    expect(
      owner?.ip_assignments.filter(
        (ip) =>
          ip.source.via === 'radius_account' && ip.source.radius_account_id === String(radiusId),
      ).length,
    ).toBeGreaterThanOrEqual(140);
  });

  it('a list cut at 100 with total_count 140 is read on to 140 (windowed and nested reads)', async () => {
    sim.settings({ nestedPageSize: 100 });
    try {
      const operations: string[] = [];
      const windowed = await collect(
        extractAccounts(client(operations), { includeArchived: true }),
      );
      expect(windowed).toEqual(whole);
      expect(operations).toContain('SonarNestedPages');
      // The account's notes are nested in the deep (id list) read.
      const deep = await collect(
        extractAccounts(client(), { ids: [String(NOTED)], includeArchived: true }),
      );
      expect(deep).toEqual(whole.filter((a) => a.id === String(NOTED)));
      expect(deep[0]?.notes).toHaveLength(140);
    } finally {
      sim.settings({ nestedPageSize: null });
    }
  });

  it('every nested list at every depth is completed when Sonar pages them 2 at a time', async () => {
    const inventory = await extractInventory(client());
    sim.settings({ nestedPageSize: 2 });
    try {
      expect(await collect(extractAccounts(client(), { includeArchived: true }))).toEqual(whole);
      expect(
        await collect(
          extractAccounts(client(), {
            ids: whole.slice(0, 30).map((a) => a.id),
            includeArchived: true,
          }),
        ),
      ).toEqual(whole.slice(0, 30));
      expect(await extractInventory(client())).toEqual(inventory);
    } finally {
      sim.settings({ nestedPageSize: null });
    }
  });

  it('stops with the account and the list named when the rest cannot be read', async () => {
    const note = (id: number) => ({
      id: String(id),
      message: 'n',
      priority: 'NORMAL',
      created_at: '2020-01-01T00:00:00+00:00',
    });
    const cut = (entities: unknown[], total: number) => ({
      page_info: {
        page: 1,
        total_pages: Math.ceil(total / 100),
        total_count: total,
        records_per_page: 100,
      },
      entities,
    });
    const none = cut([], 0);
    const account = {
      id: '42',
      name: 'A',
      account_status_id: '1',
      account_type_id: '1',
      company_id: '1',
      parent_account_id: null,
      activation_date: null,
      created_at: '2020-01-01T00:00:00+00:00',
      archived_at: null,
      addresses: none,
      contacts: none,
      account_services: none,
      account_billing_parameter: null,
      account_groups: none,
      ip_assignments: none,
      radius_accounts: none,
      uninventoried_mac_addresses: none,
      notes: cut(
        Array.from({ length: 100 }, (_, i) => note(i + 1)),
        140,
      ),
    };
    // This Sonar ignores the nested paginator: page 2 is page 1 again, minus nothing new.
    const { agent, seen } = mockSonar((request) => {
      if (request.operation === 'SonarAccountsDeep')
        return {
          body: {
            data: {
              accounts: {
                ...cut([account], 1),
                page_info: { page: 1, total_pages: 1, total_count: 1, records_per_page: 100 },
              },
            },
          },
        };
      return { body: { data: { n0: { entities: [{ list: cut([], 140) }] } } } };
    });
    const mocked = new SonarClient({ url: ORIGIN, token: TOKEN, dispatcher: agent });
    const error = await collect(extractAccounts(mocked, { ids: ['42'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'record', service: 'sonar' });
    expect((error as ApiError).message).toMatch(
      /Account 42: its notes came back cut short \(100 of 140/,
    );
    expect(seen.map((r) => r.operation)).toEqual(['SonarAccountsDeep', 'SonarNestedPages']);
  });
});
