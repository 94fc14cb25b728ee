// The simulated Splynx's rows on disk: every insert, update and delete appended to
// `splynx.ndjson` in the data directory before the request is answered, replayed over the fresh
// install's seed at start. A log with many more entries than rows (updates pile up: a resumed
// demo PUTs the same customers again) is compacted at start into one `put` per row.
import path from 'node:path';
import { REDACTED } from '../../redact.js';
import type { Row, SplynxDb, TableChange } from '../splynx/db.js';
import { administrators } from '../splynx/definitions/administration.js';
import { MutationLog, replayLog, rewriteLog } from './mutation-log.js';

export const SPLYNX_LOG = 'splynx.ndjson';
const ADMINISTRATORS = administrators.table;

export interface SplynxData {
  /** Entries replayed at start (after compaction, if it ran). */
  replayed: number;
  compacted: boolean;
  close(): void;
}

export async function openSplynxData(db: SplynxDb, dataDir: string): Promise<SplynxData> {
  const file = path.join(dataDir, SPLYNX_LOG);
  db.watch(undefined);
  const { entries } = await replayLog(file, (entry) => apply(db, entry as TableChange));
  let rows = 0;
  for (const name of db.names()) rows += db.table(name).size;
  const compacted = entries > 2 * rows + 1000;
  if (compacted) rewriteLog(file, snapshot(db));
  const log = new MutationLog(file);
  db.watch((change) => log.append(withoutSecrets(change)));
  return {
    replayed: compacted ? rows : entries,
    compacted,
    close: () => {
      db.watch(undefined);
      log.close();
    },
  };
}

function apply(db: SplynxDb, change: TableChange): void {
  const table = db.table(change.t);
  switch (change.op) {
    case 'put': {
      // A compacted log holds the seed rows too: a put replaces what the seed made, keeping the
      // seeded admin's password (this start's), which the log never holds.
      const seeded = table.get(change.row.id);
      if (seeded) table.delete(change.row.id);
      const { id, ...values } = change.row;
      if (values.password === REDACTED && typeof seeded?.password === 'string') {
        values.password = seeded.password;
      }
      table.insert(values, id);
      return;
    }
    case 'patch': {
      const { password, ...rest } = change.patch;
      table.update(change.id, password === REDACTED ? rest : change.patch);
      return;
    }
    case 'del':
      table.delete(change.id);
      return;
    case 'next':
      table.next = change.next;
      return;
  }
}

function* snapshot(db: SplynxDb): Generator<TableChange> {
  for (const name of db.names()) {
    const table = db.table(name);
    yield { t: name, op: 'next', next: table.next };
    for (const row of table.all()) yield withoutSecrets({ t: name, op: 'put', row });
  }
}

/**
 * Administrators' passwords stay out of the state directory (the seeded one is the demo's
 * SPLYNX_PASSWORD, a credential state never holds); the seed puts this start's back. Service
 * passwords are Sonar's data, migrated like any field, and are kept.
 */
function withoutSecrets(change: TableChange): TableChange {
  if (change.t !== ADMINISTRATORS) return change;
  if (change.op === 'put' && hasPassword(change.row)) {
    return { ...change, row: { ...change.row, password: REDACTED } as Row };
  }
  if (change.op === 'patch' && hasPassword(change.patch)) {
    return { ...change, patch: { ...change.patch, password: REDACTED } };
  }
  return change;
}

function hasPassword(values: Record<string, unknown>): boolean {
  return typeof values.password === 'string' && values.password !== '';
}
