// One writer per migration. The lock file says who holds it; a heartbeat says they still do, so a
// crashed holder (kill -9, power loss, another host gone) is told apart from a live one.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import { FILE_MODE, writeAll, writeFileAtomic } from './durable-fs.js';
import { type LockFile, LockFileSchema } from './schemas.js';

export const LOCK_FILE = 'lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  heartbeatAt: string;
}

export type LockState =
  | { state: 'free' }
  | { state: 'held'; holder: LockHolder | undefined }
  | { state: 'stale'; holder: LockHolder | undefined; reason: string };

export interface LockClock {
  now: () => Date;
  /** A heartbeat older than this marks the lock stale, whatever the host. */
  staleAfterMs: number;
}

export interface LockOptions extends LockClock {
  heartbeatMs: number;
  breakStale: boolean;
  /** Names the migration in messages. */
  label: string;
}

export function inspectLock(file: string, clock: LockClock): LockState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free' };
    throw error;
  }
  const parsed = parseLock(text);
  if (!parsed) {
    // Between O_EXCL create and the first write, a live acquirer's lock is briefly empty.
    let ageMs: number;
    try {
      ageMs = clock.now().getTime() - statSync(file).mtimeMs;
    } catch {
      return { state: 'free' };
    }
    return ageMs > clock.staleAfterMs
      ? { state: 'stale', holder: undefined, reason: 'the lock file is unreadable' }
      : { state: 'held', holder: undefined };
  }
  const holder = toHolder(parsed);
  if (parsed.hostname === os.hostname() && !isAlive(parsed.pid)) {
    return { state: 'stale', holder, reason: `process ${parsed.pid} is no longer running` };
  }
  const silentMs = clock.now().getTime() - Date.parse(parsed.heartbeatAt);
  if (silentMs > clock.staleAfterMs) {
    return {
      state: 'stale',
      holder,
      reason: `no heartbeat since ${parsed.heartbeatAt} (${Math.round(silentMs / 1000)} s)`,
    };
  }
  return { state: 'held', holder };
}

export function describeHolder(holder: LockHolder | undefined): string {
  return holder
    ? `process ${holder.pid} on ${holder.hostname} (since ${holder.startedAt}, last heartbeat ${holder.heartbeatAt})`
    : 'another process that is acquiring it right now';
}

export class HeldLock {
  readonly #file: string;
  readonly #content: LockFile;
  readonly #now: () => Date;
  readonly #label: string;
  #timer: NodeJS.Timeout | undefined;
  #lost: string | undefined;
  #released = false;

  constructor(file: string, content: LockFile, options: LockOptions) {
    this.#file = file;
    this.#content = content;
    this.#now = options.now;
    this.#label = options.label;
    this.#timer = setInterval(() => this.#beat(), options.heartbeatMs);
    // A forgotten close must not keep the process alive; the stale check covers the lock then.
    this.#timer.unref();
  }

  /** Call before every write: never let two processes append to one journal. */
  assertHeld(): void {
    if (this.#released) throw new Error(`The lock on ${this.#label} was released.`);
    if (this.#lost) {
      throw new UserError(
        `Lost the lock on ${this.#label}: ${this.#lost}. Stopped so that two processes never write the same migration.`,
        'Another process broke or replaced the lock. Check with `s2s status` who runs it now.',
      );
    }
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    if (!this.#lost && this.#stillOurs()) rmSync(this.#file, { force: true });
  }

  #beat(): void {
    if (!this.#stillOurs()) {
      this.#lost = 'the lock file was removed or replaced';
      clearInterval(this.#timer);
      return;
    }
    try {
      this.#content.heartbeatAt = this.#now().toISOString();
      writeFileAtomic(this.#file, JSON.stringify(this.#content));
    } catch {
      // A missed beat is survivable; a run of them makes the lock look stale to others, which is
      // then the truth.
    }
  }

  #stillOurs(): boolean {
    try {
      return parseLock(readFileSync(this.#file, 'utf8'))?.token === this.#content.token;
    } catch {
      return false;
    }
  }
}

export function acquireLock(file: string, options: LockOptions): HeldLock {
  // Two rounds at most: the second follows breaking a stale lock.
  for (let round = 0; round < 2; round++) {
    const now = options.now().toISOString();
    const content: LockFile = {
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: now,
      heartbeatAt: now,
      token: randomBytes(8).toString('hex'),
    };
    let fd: number;
    try {
      // O_EXCL: of two processes racing here, exactly one creates the file.
      fd = openSync(file, 'wx', FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = inspectLock(file, options);
      if (found.state === 'free') continue;
      if (found.state === 'held') {
        throw new UserError(
          `${options.label} is in use by ${describeHolder(found.holder)}.`,
          'Wait for it to finish or stop it (Ctrl-C saves its state), then try again.',
        );
      }
      if (!options.breakStale) {
        throw new UserError(
          `${options.label} has a stale lock from ${describeHolder(found.holder)}: ${found.reason}.`,
          'If that process is really gone, run the same command again with --break-lock (or `s2s resume ID --break-lock`).',
        );
      }
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeAll(fd, Buffer.from(JSON.stringify(content), 'utf8'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return new HeldLock(file, content, options);
  }
  throw new UserError(
    `Could not lock ${options.label}: another process keeps taking it.`,
    'Check which s2s processes are running, then try again.',
  );
}

/** Removes a stale lock; refuses a live one. Returns what it found. */
export function forceUnlock(file: string, clock: LockClock, label: string): LockState {
  const found = inspectLock(file, clock);
  if (found.state === 'held') {
    throw new UserError(
      `${label} is held by ${describeHolder(found.holder)}, which is still alive.`,
      'Stop that process instead (Ctrl-C saves its state); a live lock is never cleared.',
    );
  }
  if (found.state === 'stale') rmSync(file, { force: true });
  return found;
}

function parseLock(text: string): LockFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(LockFileSchema, json);
  return parsed.success ? parsed.output : undefined;
}

function toHolder(lock: LockFile): LockHolder {
  return {
    pid: lock.pid,
    hostname: lock.hostname,
    startedAt: lock.startedAt,
    heartbeatAt: lock.heartbeatAt,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
