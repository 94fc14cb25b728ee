// An append-only NDJSON file of a simulator's mutations, replayed at start. Each entry is written
// with one fs.writeSync before the simulator answers the request that made it: the bytes are then
// the kernel's, so a `kill -9` of the simulator loses nothing it acknowledged (a real Splynx never
// loses a committed write). fsync would also survive a power cut; the demo does not need that,
// and a sync per write would make the 50,000-account demo crawl.
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ReplayResult {
  /** Complete entries applied. */
  entries: number;
  /** Size of the file after a torn last line was cut off. */
  bytes: number;
}

/**
 * Feeds every complete line of `file` to `apply`, in order. A last line without its newline (the
 * process died inside the write) was never acknowledged: it is cut off so the next append starts
 * on a line of its own. A malformed complete line means the file is not ours: that throws.
 */
export async function replayLog(
  file: string,
  apply: (entry: unknown) => void,
): Promise<ReplayResult> {
  if (!existsSync(file)) return { entries: 0, bytes: 0 };
  const size = statSync(file).size;
  let entries = 0;
  let complete = 0;
  let lineNo = 0;
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let pending: string | undefined;
  for await (const line of lines) {
    // readline also yields a last line that has no newline: hold each line until the next one
    // proves it was complete.
    if (pending !== undefined) {
      apply(parseLine(file, pending, lineNo));
      entries++;
      complete += Buffer.byteLength(pending) + 1;
    }
    lineNo++;
    pending = line;
  }
  if (pending !== undefined) {
    const withNewline = complete + Buffer.byteLength(pending) + 1;
    if (withNewline <= size) {
      apply(parseLine(file, pending, lineNo));
      entries++;
      complete = withNewline;
    }
  }
  if (complete < size) {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, complete);
    } finally {
      closeSync(fd);
    }
  }
  return { entries, bytes: complete };
}

function parseLine(file: string, line: string, lineNo: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new Error(`${file} line ${lineNo}: not a simulator mutation (${line.slice(0, 60)})`);
  }
}

/** The open end of a mutation log. */
export class MutationLog {
  private fd: number | undefined;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a', 0o600);
  }

  append(entry: unknown): void {
    if (this.fd === undefined) throw new Error(`${this.file} is closed`);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Replaces `file` with `entries` (a compacted log) atomically: written to a temporary file,
 * synced, renamed over. A crash leaves either the old log or the new one, never half of each.
 */
export function rewriteLog(file: string, entries: Iterable<unknown>): void {
  const temporary = `${file}.compact`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    let chunk = '';
    for (const entry of entries) {
      chunk += `${JSON.stringify(entry)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk) writeSync(fd, chunk);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
