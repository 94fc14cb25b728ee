// `/__sim/...`: unauthenticated routes for tests and the demo to look inside the simulator and
// steer it. Passwords in rows are masked; the request log is redacted when written.
import * as v from 'valibot';
import { REDACTED } from '../../redact.js';
import { type FaultController, FaultSettingsSchema } from '../faults.js';
import type { RequestLog } from '../request-log.js';
import type { Row, SplynxDb } from './db.js';
import { applyOptionsPatch, type CurrentOptions, OptionsPatchSchema } from './options.js';
import { envelope, type Reply } from './replies.js';

export interface InspectionTarget {
  db: SplynxDb;
  log: RequestLog;
  faults: FaultController;
  options: CurrentOptions;
}

/** Rows with passwords masked; other fields (passport...) stay readable for tests. */
function masked(rows: Row[]): Row[] {
  return rows.map((row) =>
    'password' in row && row.password ? { ...row, password: REDACTED } : { ...row },
  );
}

const FaultPatchSchema = v.partial(FaultSettingsSchema);

function invalid(issues: v.BaseIssue<unknown>[]): Reply {
  const detail = issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`).join('; ');
  return envelope(400, 'BAD_REQUEST', detail);
}

export function inspect(
  target: InspectionTarget,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): Reply {
  const { db, log, faults, options } = target;
  if (path === 'health' && method === 'GET') return { status: 200, body: { status: 'ok' } };
  if (path === 'state' && method === 'GET') {
    const only = query.get('table');
    if (only !== null) {
      if (!db.has(only)) return envelope(404, 'NOT_FOUND', `No table ${only}`);
      return { status: 200, body: { table: only, rows: masked(db.rows(only)) } };
    }
    const tables: Record<string, unknown> = {};
    for (const name of db.names()) tables[name] = masked(db.rows(name));
    return { status: 200, body: { tables } };
  }
  if (path === 'requests' && method === 'GET')
    return { status: 200, body: { counts: log.counts, requests: log.list() } };
  if (path === 'faults') {
    if (method === 'GET') return { status: 200, body: faults.current };
    if (method === 'POST') {
      const parsed = v.safeParse(FaultPatchSchema, body);
      return parsed.success
        ? { status: 200, body: faults.set(parsed.output) }
        : invalid(parsed.issues);
    }
  }
  if (path === 'options') {
    if (method === 'GET') return { status: 200, body: options };
    if (method === 'POST') {
      const parsed = v.safeParse(OptionsPatchSchema, body);
      if (!parsed.success) return invalid(parsed.issues);
      applyOptionsPatch(options, parsed.output);
      return { status: 200, body: options };
    }
  }
  const record = /^records\/([a-z0-9_]+)\/(\d+)$/.exec(path);
  if (record && method === 'PATCH') {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return envelope(400, 'BAD_REQUEST', 'Body must be an object');
    }
    const row = db.update(record[1] ?? '', Number(record[2]), body as Record<string, unknown>);
    return row
      ? { status: 200, body: masked([row])[0] }
      : envelope(404, 'NOT_FOUND', 'No such row');
  }
  return envelope(404, 'NOT_FOUND', 'Unknown inspection route');
}
