// One writer per migration. The lock file says who holds it (pid, host, when, and the holder
// process's own start time); its mtime is the heartbeat. A holder on this host whose process is
// gone, or whose pid now belongs to a later process, is taken over automatically with a notice,
// as PostgreSQL does with a stale postmaster.pid. A live holder, or one on another host (whose
// processes cannot be seen from here), is refused until the operator says --break-lock.
//
// Every change of the lock file is atomic, so two processes racing for it never both win:
// - a free lock is created with link(2) from a complete temp file (fails if the lock exists);
// - a stale or broken lock is replaced with rename(2), but only by the process that created the
//   claim file named after that lock's token (O_EXCL), so one generation has one successor;
// - the heartbeat touches the mtime instead of rewriting the file, so a holder whose lock was
//   broken can never write its old lock back over its successor's.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { LockedError, UserError } from '../errors.js';
import { FILE_MODE, fsyncDir, writeAll } from './durable-fs.js';
import { type LockFile, LockFileSchema } from './schemas.js';

export const LOCK_FILE = 'lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the lock was taken. */
  startedAt: string;
  /** The holder's last sign of life (the lock file's mtime). */
  heartbeatAt: string;
  /** When the holder process itself started, where /proc told it. */
  processStartedAt?: string;
}

export type LockState =
  | { state: 'free' }
  /** In use: a live process on this host, another host, or a file being written. */
  | { state: 'held'; holder: LockHolder | undefined; reason: string }
  /** Its holder is gone: the next writer takes it over by itself. */
  | { state: 'stale'; holder: LockHolder; reason: string };

export interface LockClock {
  now: () => Date;
  /** An unreadable lock file older than this is not one being written right now. */
  staleAfterMs: number;
}

/** What acquiring did to a lock someone else had: said once, on stderr or as a JSON line. */
export interface LockNotice {
  kind: 'took-over' | 'broke';
  holder: LockHolder | undefined;
  reason: string;
  message: string;
}

export interface LockOptions extends LockClock {
  heartbeatMs: number;
  /** --break-lock: take the lock from a live holder or another host too. */
  breakLock: boolean;
  /** Names the migration in messages: "Migration <id> (<folder>)". */
  label: string;
  /** The short name notices end with: "migration <id>". */
  name: string;
  onNotice?: (notice: LockNotice) => void;
}

/** What a reader saw, plus the lock's generation: the token (or inode) a takeover replaces. */
interface Examined {
  found: LockState;
  generation?: string;
}

export function inspectLock(file: string, clock: LockClock): LockState {
  return examine(file, clock).found;
}

function examine(file: string, clock: LockClock): Examined {
  let text: string;
  let mtimeMs: number;
  let ino: number;
  try {
    text = readFileSync(file, 'utf8');
    const stat = statSync(file);
    mtimeMs = stat.mtimeMs;
    ino = stat.ino;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: { state: 'free' } };
    throw error;
  }
  const parsed = parseLock(text);
  if (!parsed) {
    // Locks are created complete (link from a synced temp file), so an unreadable one comes from
    // an older s2s that was between create and write, or from a damaged disk: nobody can tell
    // whose it is, so only --break-lock clears it.
    const young = clock.now().getTime() - mtimeMs <= clock.staleAfterMs;
    return {
      found: {
        state: 'held',
        holder: undefined,
        reason: young ? 'another process is writing it right now' : 'the lock file is unreadable',
      },
      generation: `ino${ino}`,
    };
  }
  const holder = toHolder(parsed, mtimeMs);
  const generation = parsed.token;
  if (parsed.hostname !== os.hostname()) {
    const silentS = Math.round((clock.now().getTime() - mtimeMs) / 1000);
    return {
      found: {
        state: 'held',
        holder,
        reason: `it was taken on another host, whose processes cannot be seen from here (last heartbeat ${silentS} s ago)`,
      },
      generation,
    };
  }
  const gone = holderGone(parsed);
  return gone
    ? { found: { state: 'stale', holder, reason: gone }, generation }
    : {
        found: { state: 'held', holder, reason: `process ${parsed.pid} is still running` },
        generation,
      };
}

/** Why the holder on this host is gone, or undefined while it runs. */
function holderGone(lock: LockFile): string | undefined {
  if (!isAlive(lock.pid)) return `process ${lock.pid} is no longer running`;
  const running = readProcStart(lock.pid);
  // Without /proc (macOS, BSD) a live pid is taken for the holder: the safe side.
  if (!running) return undefined;
  if (running.state === 'Z') return `process ${lock.pid} has exited`;
  const recorded = lock.process;
  if (recorded) {
    const boot = bootId();
    if (recorded.bootId && boot && recorded.bootId !== boot) {
      return `the machine has restarted since process ${lock.pid} took the lock; pid ${lock.pid} now belongs to another process`;
    }
    // Ticks after boot are exact and immune to clock changes: equal ticks, same process.
    if (running.ticks !== recorded.startTicks) {
      return `pid ${lock.pid} now belongs to another process (started ${startTime(running.ticks) ?? 'later'}; the holder started ${recorded.startedAt})`;
    }
    return undefined;
  }
  // An older lock without the holder's start: a process that started after the lock was taken
  // cannot be the one that took it. The margin absorbs a clock stepped forward since then.
  const started = startMs(running.ticks);
  if (started !== undefined && started > Date.parse(lock.startedAt) + CLOCK_MARGIN_MS) {
    return `pid ${lock.pid} now belongs to a process that started at ${new Date(started).toISOString()}, after the lock was taken`;
  }
  return undefined;
}

/**
 * A migration whose record still says running while nobody holds its lock: its process was
 * killed (kill -9, out of memory, power cut, a closed terminal). Resuming it takes the lock over.
 */
export function isInterrupted(status: string, lock: LockState): boolean {
  return status === 'running' && lock.state !== 'held';
}

export function describeHolder(holder: LockHolder | undefined): string {
  return holder
    ? `process ${holder.pid} on ${holder.hostname} (lock taken ${holder.startedAt}, last heartbeat ${holder.heartbeatAt})`
    : 'an unknown process';
}

export class HeldLock {
  readonly #file: string;
  readonly #token: string;
  readonly #now: () => Date;
  readonly #label: string;
  #timer: NodeJS.Timeout | undefined;
  #lost: string | undefined;
  #released = false;

  constructor(file: string, token: string, options: LockOptions) {
    this.#file = file;
    this.#token = token;
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
      const now = this.#now();
      utimesSync(this.#file, now, now);
    } catch {
      // A missed beat is survivable: on this host the pid decides, elsewhere the age is only shown.
    }
  }

  #stillOurs(): boolean {
    try {
      return parseLock(readFileSync(this.#file, 'utf8'))?.token === this.#token;
    } catch {
      return false;
    }
  }
}

const MAX_ROUNDS = 5;

export function acquireLock(file: string, options: LockOptions): HeldLock {
  const now = options.now();
  const content = ownContent(now);
  // Written and synced before it gets its name, so the lock is never seen empty or half written.
  const temp = `${file}.${content.token}.new`;
  writeNewFile(temp, JSON.stringify(content));
  // The mtime is the heartbeat: the first beat is the moment the lock is taken.
  utimesSync(temp, now, now);
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      try {
        linkSync(temp, file);
        fsyncDir(path.dirname(file));
        return new HeldLock(file, content.token, options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const { found, generation } = examine(file, options);
      if (found.state === 'free' || generation === undefined) continue;
      if (found.state === 'held' && !options.breakLock) throw refusal(options.label, found);
      const outcome = replace(file, temp, content.token, generation, options);
      if (outcome === 'replaced') {
        options.onNotice?.(noticeFor(options.name, found));
        return new HeldLock(file, content.token, options);
      }
      if (typeof outcome === 'object') {
        throw new LockedError(
          `${options.label} is being taken over by ${describeHolder(outcome.busy)} right now.`,
          'Let that process have it (`s2s status` shows who holds it), or try again in a moment.',
        );
      }
    }
  } finally {
    rmSync(temp, { force: true });
  }
  throw new LockedError(
    `Could not lock ${options.label}: other processes keep taking or replacing it.`,
    'Check which s2s processes are running (`s2s status` names the holder), then try again.',
  );
}

function refusal(label: string, found: Extract<LockState, { state: 'held' }>): LockedError {
  return new LockedError(
    `${label} is in use by ${describeHolder(found.holder)}: ${found.reason}.`,
    found.holder?.hostname === os.hostname()
      ? 'Wait for it to finish or stop it (Ctrl-C saves its state). To take the lock anyway, run the same command with --break-lock: the other process stops at its next heartbeat.'
      : 'If that process is gone (or you stopped it), run the same command with --break-lock; otherwise let it finish.',
  );
}

// Who and when first: a terminal app clips the line at its width, and the migration it is about
// is on screen already (and in the run's first line headless).
function noticeFor(name: string, found: Exclude<LockState, { state: 'free' }>): LockNotice {
  const who = found.holder
    ? `process ${found.holder.pid} on ${found.holder.hostname}, taken ${found.holder.startedAt}`
    : 'an unknown process';
  return found.state === 'stale'
    ? {
        kind: 'took-over',
        holder: found.holder,
        reason: found.reason,
        message: `Took over the lock from ${who}: ${found.reason} (${name}).`,
      }
    : {
        kind: 'broke',
        holder: found.holder,
        reason: found.reason,
        message: `--break-lock: took the lock from ${who}, although ${found.reason}; if it still runs, it stops writing at its next heartbeat (${name}).`,
      };
}

/**
 * Replaces the lock of `generation` with our temp file if we are its one successor. 'changed'
 * when the lock is no longer that generation (the caller looks again); `busy` when a live
 * process has claimed it and has not finished within a moment.
 */
function replace(
  file: string,
  temp: string,
  token: string,
  generation: string,
  options: LockOptions,
): 'replaced' | 'changed' | { busy: LockHolder | undefined } {
  const claim = claimFor(file, generation, options);
  if (typeof claim === 'object') {
    // A live process is taking it over now: give it a moment, then look again.
    return waitForChange(file, generation, options) ? 'changed' : claim;
  }
  // Only a claimant of this generation may replace it, so the check below cannot go stale before
  // the rename: the lock is still the one we judged, or someone finished before we claimed.
  if (examine(file, options).generation !== generation) {
    rmSync(claim, { force: true });
    return 'changed';
  }
  renameSync(temp, file);
  fsyncDir(path.dirname(file));
  removeClaims(file, token);
  return 'replaced';
}

/**
 * Creates the claim file of one lock generation (O_EXCL: one process wins it). A claim whose
 * creator died before finishing is passed by claiming the claim, one level deeper, so nothing
 * is ever deleted and re-created under a racing process.
 */
function claimFor(
  file: string,
  generation: string,
  options: LockOptions,
): string | { busy: LockHolder | undefined } {
  let claim = `${file}.takeover-${generation}`;
  for (;;) {
    try {
      writeNewFile(claim, JSON.stringify(ownContent(options.now())));
      return claim;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = examine(claim, options);
    if (other.found.state === 'free') continue;
    if (!abandoned(claim, other.found, options)) return { busy: other.found.holder };
    claim = `${file}.takeover-${generation}-${other.generation}`;
  }
}

/**
 * A claim nobody will finish: its creator died (this host), or it is unreadable, or it comes
 * from another host and has lain there far longer than a takeover takes. A live claimer on this
 * host is never passed over, however slow: it could still wake up and rename.
 */
function abandoned(claim: string, found: LockState, clock: LockClock): boolean {
  if (found.state === 'stale') return true;
  if (found.state !== 'held') return false;
  if (found.holder?.hostname === os.hostname()) return false;
  try {
    return clock.now().getTime() - statSync(claim).mtimeMs > clock.staleAfterMs;
  } catch {
    return false;
  }
}

/**
 * Claims matter only until the lock generation they name is replaced, which has happened to
 * every one but ours now (a --break-lock of ours may be claiming it this instant).
 */
function removeClaims(file: string, current: string): void {
  const base = `${path.basename(file)}.takeover-`;
  for (const name of readdirSync(path.dirname(file))) {
    if (name.startsWith(base) && !name.startsWith(`${base}${current}`)) {
      rmSync(path.join(path.dirname(file), name), { force: true });
    }
  }
}

/** True once the lock is another generation than `generation`; false after two seconds. */
function waitForChange(file: string, generation: string, clock: LockClock): boolean {
  // Acquiring is synchronous (it runs before any write); a takeover takes milliseconds.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 2_000; waited += 20) {
    if (examine(file, clock).generation !== generation) return true;
    Atomics.wait(pause, 0, 0, 20);
  }
  return false;
}

/** Removes a stale lock; refuses a held one. Returns what it found. */
export function forceUnlock(file: string, clock: LockClock, label: string): LockState {
  const found = inspectLock(file, clock);
  if (found.state === 'held') {
    throw new LockedError(
      `${label} is held by ${describeHolder(found.holder)}: ${found.reason}.`,
      'Stop that process instead (Ctrl-C saves its state), or take the lock with --break-lock.',
    );
  }
  if (found.state === 'stale') rmSync(file, { force: true });
  return found;
}

function ownContent(now: Date): LockFile {
  const content: LockFile = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: now.toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const own = readProcStart(process.pid);
  const at = own ? startTime(own.ticks) : undefined;
  if (own && at) {
    const boot = bootId();
    content.process = { startTicks: own.ticks, ...(boot ? { bootId: boot } : {}), startedAt: at };
  }
  return content;
}

function writeNewFile(file: string, text: string): void {
  const fd = openSync(file, 'wx', FILE_MODE);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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

function toHolder(lock: LockFile, mtimeMs: number): LockHolder {
  return {
    pid: lock.pid,
    hostname: lock.hostname,
    startedAt: lock.startedAt,
    heartbeatAt: new Date(mtimeMs).toISOString(),
    ...(lock.process ? { processStartedAt: lock.process.startedAt } : {}),
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

// --- /proc (Linux); every reader answers undefined where it does not exist -------------------

/** Linux reports process times in USER_HZ, which is 100 on every architecture Node runs on. */
const USER_HZ = 100;
/** A clock stepped forward between taking the lock and judging it must not condemn the holder. */
const CLOCK_MARGIN_MS = 5_000;

/** State letter and start (field 22, ticks after boot) of a process. */
function readProcStart(pid: number): { state: string; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const ticks = Number(fields[19]);
  return Number.isInteger(ticks) ? { state: fields[0] ?? '', ticks } : undefined;
}

/** Boot time from /proc/stat `btime`, in ms since the epoch. */
function bootMs(): number | undefined {
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return match ? Number(match[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function startMs(ticks: number): number | undefined {
  const boot = bootMs();
  return boot === undefined ? undefined : boot + (ticks * 1000) / USER_HZ;
}

function startTime(ticks: number): string | undefined {
  const ms = startMs(ticks);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
