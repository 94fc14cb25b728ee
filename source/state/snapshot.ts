// migration.json: the lowdb snapshot of one migration. lowdb's own JSONFile (steno) neither fsyncs
// nor sets a file mode, and the journal is truncated right after a snapshot lands, so a snapshot
// that is only in the page cache could take the journal's lines with it on power loss. Hence this
// adapter: lowdb's Low over an atomic, synced, 0600 write. Records are stored as columns (format
// 2, see record-table.ts); format 1 files from earlier versions are still read.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { Low } from 'lowdb';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import { type AtomicWriteStep, writeFileAtomic } from './durable-fs.js';
import { RecordTable } from './record-table.js';
import {
  describeIssues,
  type Snapshot,
  type SnapshotHeader,
  type SnapshotV1,
  StoredSnapshotSchema,
} from './schemas.js';

export const SNAPSHOT_FILE = 'migration.json';

const KEEP_FILES =
  'Nothing was changed or deleted. Move the folder aside (or restore migration.json from a backup) ' +
  'and start a new migration: records already in Splynx are found by their sonar_id and adopted, ' +
  'not created twice.';

/** A snapshot as the ledger uses it: the header fields and the records, decoded. */
export interface LoadedSnapshot {
  header: SnapshotHeader;
  table: RecordTable;
}

class DurableSnapshotFile implements Adapter<Snapshot | SnapshotV1 | null> {
  constructor(
    private readonly file: string,
    private readonly onStep?: (step: AtomicWriteStep) => void,
  ) {}

  async read(): Promise<Snapshot | SnapshotV1 | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UserError(
        `${this.file} is not valid JSON (${(error as Error).message}).`,
        KEEP_FILES,
      );
    }
    const parsed = v.safeParse(StoredSnapshotSchema, json);
    if (!parsed.success) {
      throw new UserError(
        `${this.file} is not a valid s2s snapshot: ${describeIssues(parsed.issues)}.`,
        KEEP_FILES,
      );
    }
    return parsed.output;
  }

  async write(data: Snapshot | SnapshotV1 | null): Promise<void> {
    if (data) writeFileAtomic(this.file, JSON.stringify(data), this.onStep);
  }
}

/** The snapshot, or undefined when the file does not exist. UserError when damaged. */
export async function readSnapshot(file: string): Promise<LoadedSnapshot | undefined> {
  const db = new Low<Snapshot | SnapshotV1 | null>(new DurableSnapshotFile(file), null);
  await db.read();
  const stored = db.data;
  if (!stored) return undefined;
  const { format: _format, records, ...header } = stored;
  if (stored.format === 1) {
    const table = new RecordTable();
    for (const record of stored.records) table.set(record);
    return { header, table };
  }
  const decoded = RecordTable.decode(stored.records, Date.parse(stored.createdAt));
  if ('problem' in decoded) {
    throw new UserError(`${file} is not a valid s2s snapshot: ${decoded.problem}.`, KEEP_FILES);
  }
  return { header, table: decoded.table };
}

export async function writeSnapshot(
  file: string,
  snapshot: Snapshot,
  onStep?: (step: AtomicWriteStep) => void,
): Promise<void> {
  const db = new Low<Snapshot | SnapshotV1 | null>(new DurableSnapshotFile(file, onStep), snapshot);
  await db.write();
}
