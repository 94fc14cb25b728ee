// migration.json: the lowdb snapshot of one migration. lowdb's own JSONFile (steno) neither fsyncs
// nor sets a file mode, and the journal is truncated right after a snapshot lands, so a snapshot
// that is only in the page cache could take the journal's lines with it on power loss. Hence this
// adapter: lowdb's Low over an atomic, synced, 0600 write.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { Low } from 'lowdb';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import { type AtomicWriteStep, writeFileAtomic } from './durable-fs.js';
import { describeIssues, type Snapshot, SnapshotSchema } from './schemas.js';

export const SNAPSHOT_FILE = 'migration.json';

const KEEP_FILES =
  'Nothing was changed or deleted. Move the folder aside (or restore migration.json from a backup) ' +
  'and start a new migration: records already in Splynx are found by their sonar_id and adopted, ' +
  'not created twice.';

class DurableSnapshotFile implements Adapter<Snapshot | null> {
  constructor(
    private readonly file: string,
    private readonly onStep?: (step: AtomicWriteStep) => void,
  ) {}

  async read(): Promise<Snapshot | null> {
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
    const parsed = v.safeParse(SnapshotSchema, json);
    if (!parsed.success) {
      throw new UserError(
        `${this.file} is not a valid s2s snapshot: ${describeIssues(parsed.issues)}.`,
        KEEP_FILES,
      );
    }
    return parsed.output;
  }

  async write(data: Snapshot | null): Promise<void> {
    if (data) writeFileAtomic(this.file, JSON.stringify(data), this.onStep);
  }
}

/** The snapshot, or undefined when the file does not exist. UserError when damaged. */
export async function readSnapshot(file: string): Promise<Snapshot | undefined> {
  const db = new Low<Snapshot | null>(new DurableSnapshotFile(file), null);
  await db.read();
  return db.data ?? undefined;
}

export async function writeSnapshot(
  file: string,
  snapshot: Snapshot,
  onStep?: (step: AtomicWriteStep) => void,
): Promise<void> {
  const db = new Low<Snapshot | null>(new DurableSnapshotFile(file, onStep), snapshot);
  await db.write();
}
