// The small things of issue #14 item 7, each driven by keys against the scripted fake: search
// focus after the plan, the `v` anchor, the footer at 80×24 and `?`, the summary's rows, the
// terminal-too-small message, the operator's stop in words, and what the summary says of reports.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import type { RunSummary } from '../../source/engine/events.js';
import { App } from '../../source/ui/app.js';
import { frame, KEY, press, type Rendered, until, waitFor } from './drive.js';
import { FakeServices } from './fake-services.js';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

const frozen = () => Date.parse('2026-01-02T00:00:00Z');

function open(services: FakeServices, columns = 80, rows = 24): Rendered {
  app = render(<App services={services} colour={false} size={{ columns, rows }} now={frozen} />);
  return app;
}

async function toCustomers(services: FakeServices, columns = 80, rows = 24) {
  const a = open(services, columns, rows);
  await until(a, 'Press n');
  await press(a, 'n');
  await until(a, 'All blocking');
  await press(a, KEY.enter);
  await until(a, 'Customer 00001');
  return a;
}

const lines = (a: Rendered) => frame(a).split('\n');

describe('customers', () => {
  test('search is not left focused after the plan: keys are commands again', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services);
    await press(a, KEY.enter);
    await until(a, 'Plan for 1 customer');
    // `/` from the plan opens the search on the list; typing, enter, and on to the plan again.
    await press(a, '/');
    await until(a, 'Search: _');
    await press(a, ...'Customer 0002', KEY.enter);
    await until(a, 'Search: Customer 0002 (');
    await press(a, KEY.enter);
    await until(a, 'Plan for 1 customer');
    await press(a, KEY.esc);
    await until(a, '1/30');
    await press(a, 'j', '2');
    await until(a, '[Active]');
    expect(frame(a)).toContain('Search: / to type');
  });

  test('the v anchor is shown on its row and in the footer, and c clears it', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services);
    await press(a, 'v');
    await until(a, 'press space where the range starts, then v');
    expect(frame(a)).toContain('0 marked');
    await press(a, 'j', ' ', 'j', 'j');
    await until(a, 'v marks rows 2–4');
    expect(lines(a).find((l) => l.includes('Customer 00002'))).toMatch(/^v\[x\] 1001 /);
    await press(a, 'v');
    await until(a, '3 marked');
    await press(a, 'c');
    await until(a, '0 marked');
    expect(frame(a)).not.toContain('v marks rows');
    expect(lines(a).find((l) => l.includes('Customer 00002'))).toMatch(/^ \[ \] 1001 /);
    // The anchor went with the marks: a range needs a new start.
    await press(a, 'v');
    await until(a, 'press space where the range starts, then v');
    expect(frame(a)).toContain('0 marked');
  });

  test('enter while `a` is still marking does not plan just the row under the cursor', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services);
    services.listDelayMs = 300;
    await press(a, 'a', KEY.enter);
    await until(a, 'still marking: enter again once it is done');
    await until(a, '30 marked');
    expect(frame(a)).not.toContain('Plan for');
    await press(a, KEY.enter);
    await until(a, 'Plan for all 30 customers');
  });

  test('at 80×24 the footer keeps enter plan, esc, q and ?; ? lists every key', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services);
    const footer = lines(a).at(-1) ?? '';
    for (const key of ['enter plan', 'esc back', 'q quit', '? help']) {
      expect(footer).toContain(key);
    }
    expect(footer.length).toBeLessThanOrEqual(80);
    await press(a, '?');
    await until(a, 'Keys: customers');
    for (const key of ['space', 'v ', 'a ', 'i ', 'c ', '/ ', 'tab 1-5', 'enter', 'esc', 'q ']) {
      expect(frame(a)).toMatch(new RegExp(`│${key.replace(/[/?]/g, '\\$&')}`));
    }
  });
});

describe('summary', () => {
  const many: RunSummary = {
    migrationId: '20260102-000000-beef',
    command: 'migrate',
    status: 'completed',
    counts: Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [
        `entity_${String(i + 1).padStart(2, '0')}`,
        { created: i + 1 },
      ]),
    ),
    failures: 0,
    durationMs: 3_000,
  };

  async function toSummary(services: FakeServices, summary: RunSummary, columns = 80) {
    services.migrations = [
      {
        id: '20260102-000000-beef',
        status: 'stopped',
        createdAt: '',
        updatedAt: '',
        counts: {},
        locked: false,
      },
    ];
    const a = open(services, columns);
    await until(a, '20260102-000000-beef');
    await press(a, KEY.enter);
    await waitFor(() => services.runs.length === 1, 'the resume');
    services.runs[0]?.finish(summary);
    await until(a, 'Migration 20260102-000000-beef · 3s');
    return a;
  }

  test('never drops rows silently: the table says how many are below and scrolls to them', async () => {
    const services = new FakeServices(30);
    const a = await toSummary(services, many);
    expect(frame(a)).toMatch(/rows 1–\d+ of 16 · \+\d+ more \(j\/k scrolls\)/);
    expect(frame(a)).not.toContain('entity_16');
    await press(a, 'G');
    await until(a, 'entity_16');
    expect(frame(a)).toMatch(/rows \d+–16 of 16 \(j\/k scrolls\)/);
    // The total still counts every row.
    expect(frame(a)).toMatch(/total\s+136 /);
  });

  test('lists the reports it wrote and the failures by cause, with commands that run from here', async () => {
    const services = new FakeServices(30);
    services.reports.set('20260102-000000-beef', {
      migrationId: '20260102-000000-beef',
      dir: '/srv/s2s/state/20260102-000000-beef',
      files: ['report.md', 'report.json', 'failures.csv', 'ids.csv', 'run.log'],
      causes: [
        {
          key: 'k',
          entity: 'inventory_item',
          action: 'failed',
          field: 'barcode',
          cause: 'Inventory model 8 "hEX" has no primary field',
          fixes: ['Mark a primary field, then run `s2s resume`.'],
          records: ['1', '2', '3', '4', '5'].map((id) => ({
            entity: 'inventory_item',
            sonarId: id,
            label: `inventory item ${id}`,
            action: 'failed' as const,
            message: 'no primary field',
            fixes: [],
          })),
        },
      ],
    });
    const a = await toSummary(services, {
      ...many,
      counts: { inventory_item: { created: 10, failed: 5 } },
      status: 'stopped',
      failures: 5,
    });
    await until(a, 'Failures: 5 records in 1 cause');
    expect(frame(a)).toContain(
      '  5 × inventory_item failed: Inventory model 8 "hEX" has no primary field',
    );
    expect(frame(a)).toContain('Reports in /srv/s2s/state/20260102-000000-beef/');
    expect(frame(a)).toContain('  report.md · report.json · failures.csv · ids.csv · run.log');
    expect(frame(a)).toContain('continue: npm run s2s -- resume 20260102-000000-beef');
    expect(frame(a)).not.toContain(' s2s verify');
    await press(a, 'f');
    await until(a, 'Failures of migration 20260102-000000-beef');
    // The engine's fix names `s2s resume`; here it is told as it runs from the checkout.
    expect(frame(a)).toContain('fix: Mark a primary field, then run `npm run s2s -- resume`.');
  });
});

describe('the terminal', () => {
  test('below 80×24 it says the terminal is too small, and the keys wait', async () => {
    const services = new FakeServices(30);
    const a = open(services, 70, 20);
    await until(a, 'The terminal is 70×20; s2s needs at least 80×24.');
    await press(a, 'n');
    expect(frame(a)).toContain('Make the window bigger');
    expect(frame(a)).not.toContain('Preflight');
  });

  test('an operator stop reads "stopped by operator", not "aborted"', async () => {
    const services = new FakeServices(30);
    services.migrations = [
      {
        id: '20260101-000000-abcd',
        status: 'aborted',
        createdAt: '',
        updatedAt: '',
        counts: { customer: { created: 2 } },
        locked: false,
      },
    ];
    const a = open(services);
    await until(a, '20260101-000000-abcd');
    expect(frame(a)).toContain('> 20260101-000000-abcd       stopped by operator 2 created');
    expect(frame(a)).not.toContain('aborted');
  });
});
