// journal.ndjson: one JSON line per change, appended and fsynced before the caller hears back, so
// a write costs the same however large the migration has grown.
import { closeSync, fsync, fsyncSync, ftruncateSync, openSync, write } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import { FILE_MODE } from './durable-fs.js';

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

async function writeAllAsync(fd: number, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

import { describeIssues, type JournalLine, JournalLineSchema } from './schemas.js';

export const JOURNAL_FILE = 'journal.ndjson';

const NEWLINE = 0x0a;

export interface JournalContents {
  /** Lines newer than the snapshot, in order. */
  lines: JournalLine[];
  /** Complete lines in the file, including those the snapshot already holds. */
  lineCount: number;
  /** Bytes up to and including the last complete, valid line. */
  goodLength: number;
  /** Set when the last line was cut short by a crash mid-append. */
  tornTail?: { line: number; bytes: number };
}

/** The raw journal; empty when missing (a crash between the first snapshot and the journal). */
export async function readJournalBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/**
 * Keeps the lines after `afterSeq` (the snapshot's). Only the last line may be damaged: it is the
 * one a crash can interrupt, and it was never confirmed to the caller. Damage anywhere else, or a
 * gap in the sequence, means lines were lost: UserError, and the file is left as it is.
 */
export function parseJournal(file: string, bytes: Buffer, afterSeq: number): JournalContents {
  const lines: JournalLine[] = [];
  let previousSeq: number | undefined;
  let start = 0;
  let lineNo = 0;
  while (start < bytes.length) {
    lineNo++;
    const end = bytes.indexOf(NEWLINE, start);
    const isLast = end === -1 || end === bytes.length - 1;
    const parsed = end === -1 ? undefined : parseLine(bytes.toString('utf8', start, end));
    if (!parsed?.ok) {
      if (isLast) {
        return {
          lines,
          lineCount: lineNo - 1,
          goodLength: start,
          tornTail: { line: lineNo, bytes: bytes.length - start },
        };
      }
      throw corrupt(file, lineNo, parsed?.reason ?? 'no line ending');
    }
    const { seq } = parsed.line;
    if (previousSeq === undefined ? seq > afterSeq + 1 : seq !== previousSeq + 1) {
      const expected = previousSeq === undefined ? `at most ${afterSeq + 1}` : previousSeq + 1;
      throw corrupt(
        file,
        lineNo,
        `sequence ${seq} where ${expected} was expected: lines are missing`,
      );
    }
    previousSeq = seq;
    if (seq > afterSeq) lines.push(parsed.line);
    start = end + 1;
  }
  return { lines, lineCount: lineNo, goodLength: bytes.length };
}

type ParsedLine = { ok: true; line: JournalLine } | { ok: false; reason: string };

function parseLine(text: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  const result = v.safeParse(JournalLineSchema, json);
  return result.success
    ? { ok: true, line: result.output }
    : { ok: false, reason: `not a valid journal entry: ${describeIssues(result.issues)}` };
}

function corrupt(file: string, line: number, reason: string): UserError {
  return new UserError(
    `${file} line ${line} is damaged: ${reason}.`,
    'Nothing was changed or deleted. Repair that line by hand if you know what it held, or move ' +
      'the migration folder aside and start a new migration: records already in Splynx are found ' +
      'by their sonar_id and adopted, not created twice.',
  );
}

/**
 * The open journal of a locked migration. Not safe for two writers; the lock sees to that.
 * Group commit: lines queued while a write+fsync is under way go out together in the next one,
 * so concurrent customers share fsyncs instead of queueing behind each other, and the event loop
 * never blocks on the disk. Every caller still hears back only once its line is on disk.
 */
export class JournalWriter {
  readonly #file: string;
  readonly #fd: number;
  #size: number;
  #broken: UserError | undefined;
  #closed = false;
  #pending: Buffer[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;
  #paused = false;

  /** `goodLength` cuts off a torn last line so the next append does not land after it. */
  constructor(file: string, goodLength: number) {
    this.#file = file;
    this.#fd = openSync(file, 'a', FILE_MODE);
    this.#size = goodLength;
    try {
      ftruncateSync(this.#fd, goodLength);
      fsyncSync(this.#fd);
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
  }

  /** Resolves once the line (and every line queued before it) is on disk. */
  append(line: JournalLine): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.#file} is closed`));
    if (this.#broken) return Promise.reject(this.#broken);
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    return new Promise((resolve, reject) => {
      this.#pending.push(bytes);
      this.#waiters.push({ resolve, reject });
      this.#kick();
    });
  }

  /** Holds new flushes and waits out the one under way: compaction needs a still file. */
  async pause(): Promise<void> {
    this.#paused = true;
    while (this.#flushing) await this.#flushing;
  }

  resume(): void {
    this.#paused = false;
    this.#kick();
  }

  /** Waits until everything queued is on disk (or has failed). */
  async drain(): Promise<void> {
    while (this.#flushing || (this.#pending.length > 0 && !this.#paused && !this.#broken)) {
      this.#kick();
      if (this.#flushing) await this.#flushing;
    }
  }

  #kick(): void {
    if (this.#flushing || this.#paused || this.#pending.length === 0) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      this.#kick();
    });
  }

  async #flush(): Promise<void> {
    const chunk = Buffer.concat(this.#pending.splice(0));
    const waiters = this.#waiters.splice(0);
    try {
      await writeAllAsync(this.#fd, chunk);
      await fsyncAsync(this.#fd);
      this.#size += chunk.length;
    } catch (error) {
      const reason = (error as Error).message;
      // A half-written line must not stay in front of later ones, or the journal reads as damaged
      // in the middle. After a failed fsync the kernel may have dropped the data: stop writing.
      let broken = true;
      try {
        if ((error as { syscall?: string }).syscall !== 'fsync') {
          ftruncateSync(this.#fd, this.#size);
          broken = false;
        }
      } catch {
        // broken stays true
      }
      const failure = this.#failure(reason);
      if (broken) this.#broken = failure;
      for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  /** After a snapshot that holds every line: start the journal over. */
  truncate(): void {
    ftruncateSync(this.#fd, 0);
    fsyncSync(this.#fd);
    this.#size = 0;
  }

  /** Call after drain(): lines still queued would be lost. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    for (const waiter of this.#waiters.splice(0))
      waiter.reject(new Error(`${this.#file} is closed`));
  }

  #failure(reason: string): UserError {
    return new UserError(
      `Could not write to ${this.#file}: ${reason}.`,
      'The change was not recorded. Fix the disk problem (free space, permissions), then run ' +
        '`s2s resume`: anything written to Splynx meanwhile is found by its sonar_id and adopted.',
    );
  }
}
