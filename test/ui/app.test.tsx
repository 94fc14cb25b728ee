// Every screen driven by real key sequences against the scripted fake, exact frames at 80 and 120
// columns (colour off, so frames are plain text).
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../../source/ui/app.js';
import type { RunReport } from '../../source/ui/services.js';
import { frame, KEY, press, type Rendered, until, waitFor } from './drive.js';
import { FakeServices } from './fake-services.js';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

/** A clock that never moves: elapsed times and rates in exact frames stay the same. */
const frozen = () => Date.parse('2026-01-02T00:00:00Z');

function open(services: FakeServices, columns = 80, rows = 24): Rendered {
  app = render(<App services={services} colour={false} size={{ columns, rows }} now={frozen} />);
  return app;
}

const REPORT: RunReport = {
  migrationId: '20260102-000000-beef',
  dir: '/srv/s2s/state/20260102-000000-beef',
  files: ['report.md', 'report.json', 'failures.csv', 'ids.csv', 'run.log'],
  causes: [
    {
      key: 'no-primary',
      entity: 'inventory_item',
      action: 'failed',
      field: 'barcode',
      cause: 'Inventory model 8 "hEX" has no primary field, so item … has no barcode.',
      fixes: ['In Sonar, mark one field of inventory model 8 as primary.'],
      records: ['20', '21', '22'].map((id) => ({
        entity: 'inventory_item',
        sonarId: id,
        label: `inventory item ${id}`,
        action: 'failed' as const,
        field: 'barcode',
        message: `Inventory model 8 "hEX" has no primary field, so item ${id} has no barcode.`,
        fixes: ['In Sonar, mark one field of inventory model 8 as primary.'],
      })),
    },
    {
      key: 'email',
      entity: 'customer',
      action: 'failed',
      field: 'email',
      cause: 'The email "bob@@example" is not valid.',
      fixes: ['Correct the email in Sonar, then press r.'],
      records: [
        {
          entity: 'customer',
          sonarId: '1001',
          label: 'account 1001 "Customer 00002"',
          accountId: '1001',
          action: 'failed',
          field: 'email',
          message: 'The email "bob@@example" is not valid.',
          splynxMessage: 'Email is not a valid email address.',
          fixes: ['Correct the email in Sonar, then press r.'],
        },
      ],
    },
  ],
};

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
    expect(frame(a)).toContain('✓ ok   Sonar reachable\n✗ FAIL Splynx API key accepted\n\n');
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

describe.each([80, 120])('running at %i columns', (columns) => {
  async function toRun(services: FakeServices) {
    services.planEvents = [
      {
        type: 'planned',
        phase: 'foundation',
        entity: 'partner',
        sonarId: '1',
        label: 'company 1',
        action: 'create',
      },
      {
        type: 'planned',
        phase: 'customers',
        entity: 'customer',
        sonarId: '1000',
        label: 'account 1000',
        action: 'create',
      },
      {
        type: 'planned',
        phase: 'customers',
        entity: 'customer',
        sonarId: '1001',
        label: 'account 1001',
        action: 'blocked',
        reason: 'its parent account 999 was not migrated',
      },
    ];
    const a = await toCustomers(services, columns);
    await press(a, ' ', 'j', ' ', KEY.enter);
    await until(a, 'Press enter to migrate 2 customers');
    expect(frame(a)).toMatchSnapshot();
    await press(a, 'j', 'j', ' ', 's', KEY.enter);
    // enter only asks; the highlighted answer is "not yet", so a second enter writes nothing.
    await until(a, 'Write 2 customers to the simulated Splynx now?');
    expect(frame(a)).toMatchSnapshot();
    await press(a, KEY.enter);
    await until(a, 'Press enter to migrate 2 customers');
    expect(services.runs).toHaveLength(0);
    await press(a, KEY.enter, 'y');
    await waitFor(() => services.runs.length === 1, 'the run starts');
    expect(services.runs[0]?.request).toEqual({
      customers: ['1000', '1001'],
      concurrency: 4,
      phases: ['foundation', 'network', 'customers'],
      stopOnError: false,
    });
    return a;
  }

  test('plan → run: live counters, pause, resume, stop safely, summary', async () => {
    const services = new FakeServices(30);
    const a = await toRun(services);
    const run = services.runs[0];
    if (!run) throw new Error('no run');
    run.emit({
      type: 'migration',
      migrationId: '20260102-000000-beef',
      resumed: false,
      phases: ['foundation', 'network', 'customers'],
    });
    run.emit({ type: 'phase-started', phase: 'foundation', title: 'Foundation' });
    run.emit({
      type: 'entity',
      phase: 'foundation',
      entity: 'partner',
      sonarId: '1',
      label: 'company 1',
      action: 'adopted',
    });
    run.emit({ type: 'phase-finished', phase: 'foundation', counts: {} });
    run.emit({ type: 'phase-started', phase: 'customers', title: 'Customers' });
    run.emit({ type: 'in-flight', phase: 'customers', label: 'account 1001 "Customer 00002"' });
    run.emit({
      type: 'entity',
      phase: 'customers',
      entity: 'customer',
      sonarId: '1000',
      label: 'account 1000',
      action: 'created',
    });
    run.emit({ type: 'progress', phase: 'customers', done: 1, total: 2, rate: 2.5, etaSeconds: 1 });
    await until(a, '1/2');
    expect(frame(a)).toMatchSnapshot();
    await press(a, 'p');
    await until(a, '· paused');
    await press(a, 'r');
    await until(a, '· running');
    await press(a, 'l');
    await until(
      a,
      '── API log (l: back to the run log) ──\nsplynx GET /admin/customers/customer 200 3ms',
    );
    await press(a, 'l', 'q');
    await until(a, '· stopping');
    expect(run.calls).toEqual(['pause', 'resume', 'stop']);
    run.finish({
      migrationId: '20260102-000000-beef',
      command: 'migrate',
      status: 'aborted',
      counts: { partner: { adopted: 1 }, customer: { created: 1 } },
      failures: 0,
      durationMs: 65_000,
    });
    await until(a, 'Stopped by the operator');
    await until(a, 'continue: npm run s2s -- resume 20260102-000000-beef');
    expect(frame(a)).toMatchSnapshot();
    await press(a, KEY.enter);
    await until(a, '0 marked');
  });

  test('stop-on-error: the failures view groups by cause; s skips all of one and resumes, e reloads', async () => {
    const services = new FakeServices(30);
    const a = await toRun(services);
    const run = services.runs[0];
    if (!run) throw new Error('no run');
    run.emit({
      type: 'migration',
      migrationId: '20260102-000000-beef',
      resumed: false,
      phases: ['customers'],
    });
    const failure = {
      kind: 'record' as const,
      phase: 'inventory' as const,
      entity: 'inventory_item',
      sonarId: '21',
      label: 'inventory item 21',
      field: 'barcode',
      message: 'Inventory model 8 "hEX" has no primary field, so item 21 has no barcode.',
      fixes: ['In Sonar, mark one field of inventory model 8 as primary.'],
    };
    services.reports.set('20260102-000000-beef', REPORT);
    run.emit({ type: 'record-failed', failure });
    run.finish({
      migrationId: '20260102-000000-beef',
      command: 'migrate',
      status: 'stopped',
      counts: {},
      failure,
      failures: 1,
      durationMs: 10,
    });
    await until(a, 'Stopped on a failed record');
    await until(a, '3 × inventory_item failed');
    expect(frame(a)).toMatchSnapshot();
    services.configProblem = 'customers.loginTemplate: must contain {id}';
    await press(a, 'e');
    await until(a, 'then press enter to reload');
    await press(a, KEY.enter);
    await until(a, 'not valid yet: customers.loginTemplate: must contain {id}');
    expect(services.runs).toHaveLength(1);
    await press(a, KEY.esc, 's');
    await waitFor(() => services.runs.length === 2, 'the resume after skip');
    // One key skipped every record of the highlighted cause, not just the one that stopped the run.
    expect(services.skipped).toEqual([
      '20260102-000000-beef inventory_item:20',
      '20260102-000000-beef inventory_item:21',
      '20260102-000000-beef inventory_item:22',
    ]);
    expect(services.runs[1]?.kind).toBe('resume');
    expect(services.runs[1]?.migrationId).toBe('20260102-000000-beef');
    await until(a, 'Skipping a cause: 3 records (inventory_item failed) and any more it meets.');
    services.runs[1]?.finish({
      migrationId: '20260102-000000-beef',
      command: 'resume',
      status: 'completed',
      counts: { customer: { created: 1, skipped: 1 } },
      failures: 0,
      durationMs: 2_000,
    });
    await until(a, '✓ Migration complete');
  });

  test('? shows the keys of the screen; any key closes it', async () => {
    const services = new FakeServices(30);
    const a = await toCustomers(services, columns);
    await press(a, '?');
    await until(a, 'Keys: customers');
    expect(frame(a)).toMatchSnapshot();
    await press(a, 'x');
    await until(a, 'Customer 00001');
  });
});
