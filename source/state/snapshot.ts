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

class DurableSnapshotFile implements Adapter<LoadedSnapshot | null> {
  constructor(
    private readonly file: string,
    private readonly onStep?: (step: AtomicWriteStep) => void,
  ) {}

  async read(): Promise<LoadedSnapshot | null> {
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
    const { format: _format, records, ...header } = parsed.output;
    if (parsed.output.format === 1) {
      const table = new RecordTable();
      for (const record of parsed.output.records) table.set(record);
      return { header, table };
    }
    const decoded = RecordTable.decode(parsed.output.records, Date.parse(header.createdAt));
    if ('problem' in decoded) {
      throw new UserError(
        `${this.file} is not a valid s2s snapshot: ${decoded.problem}.`,
        KEEP_FILES,
      );
    }
    return { header, table: decoded.table };
  }

  async write(data: LoadedSnapshot | null): Promise<void> {
    if (data) writeFileAtomic(this.file, snapshotText(data), this.onStep);
  }
}

/** Format 2 as JSON text, in pieces (the records columns are streamed from the table). */
function* snapshotText({ header, table }: LoadedSnapshot): Generator<string> {
  const head = JSON.stringify({ format: 2, ...header } satisfies Omit<Snapshot, 'records'>);
  yield `${head.slice(0, -1)},"records":`;
  yield* table.encodeChunks(Date.parse(header.createdAt));
  yield '}';
}

/** The snapshot, or undefined when the file does not exist. UserError when damaged. */
export async function readSnapshot(file: string): Promise<LoadedSnapshot | undefined> {
  const db = new Low<LoadedSnapshot | null>(new DurableSnapshotFile(file), null);
  await db.read();
  return db.data ?? undefined;
}

export async function writeSnapshot(
  file: string,
  snapshot: LoadedSnapshot,
  onStep?: (step: AtomicWriteStep) => void,
): Promise<void> {
  const db = new Low<LoadedSnapshot | null>(new DurableSnapshotFile(file, onStep), snapshot);
  await db.write();
}
