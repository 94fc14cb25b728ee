// Every screen driven by real key sequences against the scripted fake, exact frames at 80 and 120
// columns (colour off, so frames are plain text).
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import type { RunSummary } from '../../source/engine/events.js';
import { App } from '../../source/ui/app.js';
import { frame, KEY, press, type Rendered, until, waitFor } from './drive.js';
import { FakeServices } from './fake-services.js';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

function open(services: FakeServices, columns = 80, rows = 24): Rendered {
  app = render(<App services={services} colour={false} size={{ columns, rows }} />);
  return app;
}

const stoppedMigration = {
  id: '20260101-000000-abcd',
  status: 'stopped',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:05:00Z',
  counts: { customer: { created: 3, failed: 1 } },
  lastError: 'Splynx refused the login',
  locked: false,
};

async function toCustomers(services: FakeServices, columns = 80, rows = 24) {
  const a = open(services, columns, rows);
  await until(a, 'Press n');
  await press(a, 'n');
  await until(a, 'All blocking');
  await press(a, KEY.enter);
  await until(a, 'Customer 00001');
  return a;
}

function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    migrationId: '20260102-000000-beef',
    command: 'migrate',
    status: 'completed',
    counts: { customer: { created: 2 }, internet_service: { created: 2 } },
    failures: 0,
    durationMs: 65_000,
    ...over,
  };
}

describe.each([80, 120])('at %i columns', (columns) => {
  test('start lists migrations with status, counts and last error; enter resumes', async () => {
    const services = new FakeServices();
    services.migrations = [stoppedMigration];
    const a = open(services, columns);
    await until(a, 'last error');
    expect(frame(a)).toMatchSnapshot();
    await press(a, KEY.enter);
    await until(a, 'Migration (starting)');
    await waitFor(() => services.runs.length === 1, 'the resume starts');
    expect(services.runs.map((r) => `${r.kind} ${r.migrationId}`)).toEqual([
      'resume 20260101-000000-abcd',
    ]);
  });

  test('preflight shows each failure in words with its fix and will not continue', async () => {
    const services = new FakeServices();
    services.checks = [
      { id: 'sonar', title: 'Sonar reachable', ok: true, severity: 'blocking', detail: 'fine' },
      {
        id: 'splynx',
        title: 'Splynx API key accepted',
        ok: false,
        severity: 'blocking',
        detail: '401 Unauthorized',
        fix: 'Check SPLYNX_API_KEY and SPLYNX_API_SECRET.',
      },
    ];
    const a = open(services, columns);
    await until(a, 'Press n');
    await press(a, 'n');
    await until(a, 'Blocked');
    await press(a, KEY.enter);
    expect(frame(a)).toMatchSnapshot();
    await press(a, 'd');
    expect(frame(a)).toContain('✓ ok   Sonar reachable\n fine\n');
    await press(a, KEY.esc);
    await until(a, 'No migrations yet');
  });

  test('customers: move, mark, range, search, status tabs, counts', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services, columns);
    await press(a, 'j', ' ', 'j', 'j', 'v');
    await until(a, '3 marked');
    expect(frame(a)).toMatchSnapshot();
    await press(a, '/', ...'Customer 0001');
    await until(a, '1/10');
    expect(frame(a)).toMatchSnapshot();
    await press(a, KEY.esc, '3');
    await until(a, '[Suspended]');
    expect(frame(a)).toMatchSnapshot();
    await press(a, 'G');
    await until(a, '6/6');
    await press(a, 'g', 'k');
    await until(a, '1/6');
  });

  test('customers: all shown, invert, clear; enter plans the cursor row when nothing is marked', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services, columns);
    await press(a, '2', 'a');
    await until(a, '12 marked');
    await press(a, ' ');
    await until(a, '11 marked');
    await press(a, '1', 'i');
    await until(a, '19 marked');
    await press(a, 'c');
    await until(a, '0 marked');
    await press(a, 'j', KEY.enter);
    await until(a, 'Plan for 1 customer');
  });
});
