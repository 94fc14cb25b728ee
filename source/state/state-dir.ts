// The state directory: one folder per migration, named by its id. Creating, opening, listing and
// unlocking migrations all start here.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { BugError, UserError } from '../errors.js';
import { DIR_MODE } from './durable-fs.js';
import { isMigrationId, newMigrationId } from './ids.js';
import { JOURNAL_FILE, JournalWriter } from './journal.js';
import { type Counts, Ledger } from './ledger.js';
import {
  acquireLock,
  forceUnlock,
  inspectLock,
  LOCK_FILE,
  type LockNotice,
  type LockState,
} from './lock.js';
import { type CompactionStep, loadLedger, Migration, MigrationView } from './migration.js';
import { describeIssues, JsonSchema, type MigrationStatus, type StoredError } from './schemas.js';
import { SNAPSHOT_FILE, writeSnapshot } from './snapshot.js';

export interface StateDirOptions {
  /** Journal lines between compactions, at least; grows with the state (default 5,000). */
  compactEvery?: number;
  /** ...but never beyond this, which bounds a resume's journal replay (default 100,000). */
  maxJournalLines?: number;
  /** How often a held lock's heartbeat is refreshed (default 5 s). */
  heartbeatMs?: number;
  /** An unreadable lock file older than this is not being written right now (default 60 s). */
  staleAfterMs?: number;
  /** Told when opening took a lock over from a dead holder, or broke one (--break-lock). */
  onLockNotice?: (notice: LockNotice) => void;
  now?: () => Date;
  /** Tests only: called after each step of a compaction, to crash the process there. */
  onCompactionStep?: (step: CompactionStep) => void;
}

export type MigrationSummary =
  | {
      ok: true;
      id: string;
      status: MigrationStatus;
      createdAt: string;
      updatedAt: string;
      counts: Counts;
      lastError: StoredError | undefined;
      pendingIntents: number;
      lock: LockState;
    }
  /** A folder that could not be read; `problem` says why and what to do. */
  | { ok: false; id: string; problem: string };

export function openStateDir(dir: string, options: StateDirOptions = {}): StateDir {
  return new StateDir(dir, options);
}

export class StateDir {
  readonly dir: string;
  readonly #compactEvery: number;
  readonly #maxJournalLines: number;
  readonly #heartbeatMs: number;
  readonly #staleAfterMs: number;
  readonly #now: () => Date;
  readonly #onCompactionStep: ((step: CompactionStep) => void) | undefined;
  readonly #onLockNotice: ((notice: LockNotice) => void) | undefined;

  constructor(dir: string, options: StateDirOptions = {}) {
    this.dir = path.resolve(dir);
    this.#compactEvery = options.compactEvery ?? 5_000;
    this.#maxJournalLines = options.maxJournalLines ?? 100_000;
    this.#heartbeatMs = options.heartbeatMs ?? 5_000;
    this.#staleAfterMs = options.staleAfterMs ?? 60_000;
    this.#now = options.now ?? (() => new Date());
    this.#onCompactionStep = options.onCompactionStep;
    this.#onLockNotice = options.onLockNotice;
    if (this.#heartbeatMs >= this.#staleAfterMs) {
      throw new BugError('heartbeatMs must be well below staleAfterMs.');
    }
    // An existing directory keeps its mode: it may be the operator's own, chosen on purpose.
    mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
  }

  /** Starts a migration and holds its lock. `request` must be plain JSON, already redacted. */
  async create(request: unknown, opts: { now?: Date } = {}): Promise<Migration> {
    const parsed = v.safeParse(JsonSchema, request);
    if (!parsed.success) {
      throw new BugError(
        `create got a request that is not plain JSON: ${describeIssues(parsed.issues)}.`,
      );
    }
    const now = opts.now ?? this.#now();
    const id = this.#mkdirUnique(now);
    const folder = path.join(this.dir, id);
    const lock = this.#lock(id, false);
    try {
      const at = now.toISOString();
      const first = Ledger.empty({
        id,
        createdAt: at,
        updatedAt: at,
        request: parsed.output,
        status: 'running',
        seq: 0,
        pendingIntents: [],
        activeMs: 0,
      });
      await writeSnapshot(path.join(folder, SNAPSHOT_FILE), first.toSnapshot());
      new JournalWriter(path.join(folder, JOURNAL_FILE), 0).close();
      return new Migration(folder, await loadLedger(folder), lock, this.#migrationOptions());
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /**
   * Opens a migration for writing and holds its lock. A lock whose holder is gone is taken over
   * (with a notice); a live holder or another host's refuses (LockedError) unless `breakLock`.
   */
  async open(id: string, opts: { breakLock?: boolean } = {}): Promise<Migration> {
    const folder = this.#existing(id);
    const lock = this.#lock(id, opts.breakLock ?? false);
    try {
      return new Migration(folder, await loadLedger(folder), lock, this.#migrationOptions());
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** A read-only picture, for `status` and `verify` while another process may be writing. */
  async readOnly(id: string): Promise<MigrationView> {
    const folder = this.#existing(id);
    return new MigrationView(folder, await loadLedger(folder), this.lockState(id));
  }

  /** Oldest first. Never takes a lock; a damaged folder shows up with its problem. */
  async list(): Promise<MigrationSummary[]> {
    const out: MigrationSummary[] = [];
    for (const id of this.#ids()) out.push(await this.#summary(id));
    return out;
  }

  async latest(): Promise<MigrationSummary | undefined> {
    const id = this.#ids().at(-1);
    return id === undefined ? undefined : this.#summary(id);
  }

  lockState(id: string): LockState {
    return inspectLock(path.join(this.#existing(id), LOCK_FILE), this.#clock());
  }

  /** Clears a stale lock after its holder died; refuses (LockedError) while it is held. */
  async forceUnlock(id: string): Promise<LockState> {
    return forceUnlock(path.join(this.#existing(id), LOCK_FILE), this.#clock(), this.#label(id));
  }

  async #summary(id: string): Promise<MigrationSummary> {
    try {
      const view = await this.readOnly(id);
      return {
        ok: true,
        id,
        status: view.status,
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
        counts: view.counts(),
        lastError: view.lastError,
        pendingIntents: view.pendingIntents().length,
        lock: view.lock,
      };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return {
        ok: false,
        id,
        problem: error.hint ? `${error.message} ${error.hint}` : error.message,
      };
    }
  }

  #ids(): string[] {
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isMigrationId(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  #existing(id: string): string {
    if (!isMigrationId(id)) {
      throw new UserError(
        `"${id}" is not a migration id (they look like 20261126-071500-ab12).`,
        '`s2s status` lists the migrations in this state directory.',
      );
    }
    const folder = path.join(this.dir, id);
    if (!this.#ids().includes(id)) {
      throw new UserError(
        `There is no migration ${id} in ${this.dir}.`,
        'Check --state-dir; `s2s status` lists the migrations it holds.',
      );
    }
    return folder;
  }

  #mkdirUnique(now: Date): string {
    for (let tries = 0; tries < 10; tries++) {
      const id = newMigrationId(now);
      try {
        mkdirSync(path.join(this.dir, id), { mode: DIR_MODE });
        return id;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new BugError('Could not find a free migration id in 10 tries.');
  }

  #lock(id: string, breakLock: boolean) {
    return acquireLock(path.join(this.dir, id, LOCK_FILE), {
      ...this.#clock(),
      heartbeatMs: this.#heartbeatMs,
      breakLock,
      label: this.#label(id),
      name: `migration ${id}`,
      ...(this.#onLockNotice ? { onNotice: this.#onLockNotice } : {}),
    });
  }

  #label(id: string): string {
    return `Migration ${id} (${path.join(this.dir, id)})`;
  }

  #clock() {
    return { now: this.#now, staleAfterMs: this.#staleAfterMs };
  }

  #migrationOptions() {
    return {
      compactEvery: this.#compactEvery,
      maxJournalLines: this.#maxJournalLines,
      now: this.#now,
      onCompactionStep: this.#onCompactionStep,
    };
  }
}
