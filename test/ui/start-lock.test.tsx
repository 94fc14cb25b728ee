// The Start screen's lock flow (issue 14 item 2): a migration whose process died is shown as
// interrupted and enter resumes it; one held by a live process or another host shows who holds
// it and offers to break the lock, with a confirmation; --break-lock skips the question.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../../source/ui/app.js';
import type { MigrationListItem } from '../../source/ui/services.js';
import { frame, KEY, press, type Rendered, until, waitFor } from './drive.js';
import { FakeServices } from './fake-services.js';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

function open(services: FakeServices, columns = 80): Rendered {
  app = render(<App services={services} colour={false} size={{ columns, rows: 24 }} />);
  return app;
}

const base = {
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:05:00Z',
  counts: { customer: { created: 3 } },
};

const interrupted: MigrationListItem = {
  ...base,
  id: '20260101-000000-dead',
  status: 'interrupted',
  locked: false,
  lock: {
    state: 'stale',
    holder:
      'process 4711 on vm (lock taken 2026-01-01T00:00:00.000Z, last heartbeat 2026-01-01T00:05:00.000Z)',
    reason: 'process 4711 is no longer running',
    short: 'process 4711 on vm since 2026-01-01 00:00 UTC',
  },
};

const held: MigrationListItem = {
  ...base,
  id: '20260101-000000-live',
  status: 'running',
  locked: true,
  lock: {
    state: 'held',
    holder:
      'process 815 on other-host (lock taken 2026-01-01T00:00:00.000Z, last heartbeat 2026-01-01T00:05:00.000Z)',
    reason:
      'it was taken on another host, whose processes cannot be seen from here (last heartbeat 9 s ago)',
    short: 'process 815 on other-host since 2026-01-01 00:00 UTC',
  },
};

describe.each([80, 120])('at %i columns', (columns) => {
  test('an interrupted migration says so, and enter resumes it (the lock is taken over)', async () => {
    const services = new FakeServices();
    services.migrations = [interrupted];
    const a = open(services, columns);
    await until(a, 'interrupted:');
    expect(frame(a)).toContain(`> ${interrupted.id}       ${'interrupted'.padEnd(19)} 3 created`);
    expect(frame(a)).toContain(
      '    interrupted: process 4711 is no longer running; enter resumes it\n',
    );
    await press(a, KEY.enter);
    await waitFor(() => services.runs.length === 1, 'the resume starts');
    expect(services.runs.map((r) => [r.kind, r.migrationId, r.breakLock])).toEqual([
      ['resume', interrupted.id, false],
    ]);
  });

  test('a held migration names its holder and asks before breaking the lock', async () => {
    const services = new FakeServices();
    services.migrations = [held];
    const a = open(services, columns);
    await until(a, 'in use by process 815');
    expect(frame(a)).toContain(
      `> ${held.id}       ${'in use'.padEnd(19)} 3 created\n    in use by process 815 on other-host since 2026-01-01 00:00 UTC\n`,
    );
    await press(a, KEY.enter);
    await until(a, 'Break the lock and resume here');
    expect(frame(a).replace(/\s*\n\s*/g, ' ')).toContain(
      `${held.id} is in use by process 815 on other-host (lock taken 2026-01-01T00:00:00.000Z, last heartbeat 2026-01-01T00:05:00.000Z): it was taken on another host`,
    );
    // The first choice leaves it alone.
    await press(a, KEY.enter);
    await until(a, (f) => !f.includes('Break the lock'));
    expect(services.runs).toEqual([]);
    // esc also leaves it alone.
    await press(a, KEY.enter);
    await until(a, 'Break the lock and resume here');
    await press(a, KEY.esc);
    await until(a, (f) => !f.includes('Break the lock'));
    expect(services.runs).toEqual([]);
    // Confirmed: resumes with the lock broken.
    await press(a, KEY.enter);
    await until(a, 'Break the lock and resume here');
    await press(a, KEY.down, KEY.enter);
    await waitFor(() => services.runs.length === 1, 'the resume starts');
    expect(services.runs.map((r) => [r.kind, r.migrationId, r.breakLock])).toEqual([
      ['resume', held.id, true],
    ]);
  });

  test('with --break-lock given, enter on a held migration resumes it without asking', async () => {
    const services = new FakeServices();
    services.breakLock = true;
    services.migrations = [held];
    const a = open(services, columns);
    await until(a, 'in use by process 815');
    await press(a, KEY.enter);
    await waitFor(() => services.runs.length === 1, 'the resume starts');
    expect(services.runs.map((r) => [r.kind, r.migrationId, r.breakLock])).toEqual([
      ['resume', held.id, true],
    ]);
  });
});
