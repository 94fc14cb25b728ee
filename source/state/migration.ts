// One migration's state: read it (MigrationView, no lock) or own it (Migration, locked). Callers
// pass ids, hashes and short error texts only; payload bodies never reach the state files, and
// error messages must already be redacted (source/redact.ts) when they arrive here.
import path from 'node:path';
import * as v from 'valibot';
import { BugError, UserError } from '../errors.js';
import type { AtomicWriteStep } from './durable-fs.js';
import { recordKey } from './ids.js';
import {
  JOURNAL_FILE,
  type JournalContents,
  JournalWriter,
  parseJournal,
  readJournalBytes,
} from './journal.js';
import { type Counts, Ledger } from './ledger.js';
import type { HeldLock, LockState } from './lock.js';
import {
  ACTIONS,
  type Action,
  describeIssues,
  type EntityRecord,
  EntitySchema,
  type JournalLine,
  type Json,
  JsonObjectSchema,
  MIGRATION_STATUSES,
  type MigrationStatus,
  PayloadHashSchema,
  type PendingIntent,
  SonarIdSchema,
  SplynxIdSchema,
  type StoredError,
  StoredErrorSchema,
} from './schemas.js';
import { readSnapshot, SNAPSHOT_FILE, writeSnapshot } from './snapshot.js';

export type CompactionStep = AtomicWriteStep | 'journal-truncated';

// Omit over each member of the union, so `type` still narrows the rest.
type Unnumbered = DistributiveOmit<JournalLine, 'seq'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const MAX_MESSAGE = 2_000;
const MAX_EXTRA_BYTES = 2_048;

const SonarIdInput = v.union([
  SonarIdSchema,
  v.pipe(v.number(), v.integer(), v.minValue(0), v.transform(String)),
]);
const ErrorInput = v.pipe(
  StoredErrorSchema,
  v.transform((e) =>
    e.message.length > MAX_MESSAGE ? { ...e, message: `${e.message.slice(0, MAX_MESSAGE)}…` } : e,
  ),
);

const IntentInputSchema = v.strictObject({
  entity: EntitySchema,
  sonarId: SonarIdInput,
  payloadHash: PayloadHashSchema,
});
export type IntentInput = v.InferInput<typeof IntentInputSchema>;

const CommitInputSchema = v.strictObject({
  entity: EntitySchema,
  sonarId: SonarIdInput,
  action: v.picklist(ACTIONS),
  splynxId: v.optional(SplynxIdSchema),
  payloadHash: v.optional(PayloadHashSchema),
  lastError: v.optional(ErrorInput),
  extra: v.optional(
    v.pipe(
      JsonObjectSchema,
      v.check(
        (extra) => Buffer.byteLength(JSON.stringify(extra)) <= MAX_EXTRA_BYTES,
        `must stay under ${MAX_EXTRA_BYTES} bytes as JSON: state keeps ids and flags, never payloads`,
      ),
    ),
  ),
});
/**
 * What the engine reports for one Sonar record. Omitted `splynxId`, `payloadHash` and `extra` keep
 * the previous values (an id once known is never forgotten); `lastError` always describes the
 * latest attempt, so omitting it clears it.
 */
export type CommitInput = v.InferInput<typeof CommitInputSchema>;

const StatusInputSchema = v.strictObject({
  status: v.picklist(MIGRATION_STATUSES),
  lastError: v.optional(ErrorInput),
  startupMs: v.optional(v.pipe(v.number(), v.transform(Math.round), v.minValue(0))),
});

export interface LoadedLedger {
  ledger: Ledger;
  journal: JournalContents;
}

/** Snapshot plus the journal replayed after it. UserError when either file is damaged. */
export async function loadLedger(dir: string): Promise<LoadedLedger> {
  const journalFile = path.join(dir, JOURNAL_FILE);
  const snapshotFile = path.join(dir, SNAPSHOT_FILE);
  // Journal first: a compaction landing between the two reads then leaves a snapshot at least as
  // new as every line read, never an older one with a gap after it.
  const bytes = await readJournalBytes(journalFile);
  const snapshot = await readSnapshot(snapshotFile);
  if (!snapshot) {
    throw new UserError(
      `${dir} has no ${SNAPSHOT_FILE}: the migration was never completely created.`,
      'Move that folder aside; nothing in it can be resumed.',
    );
  }
  if (snapshot.header.id !== path.basename(dir)) {
    throw new UserError(
      `${snapshotFile} belongs to migration ${snapshot.header.id}, not ${path.basename(dir)}.`,
      'Give the folder back its original name (the id inside migration.json).',
    );
  }
  const journal = parseJournal(journalFile, bytes, snapshot.header.seq);
  const ledger = new Ledger(snapshot);
  for (const line of journal.lines) ledger.apply(line);
  return { ledger, journal };
}

/** Everything a reader needs, shared by the locked writer and the lock-free viewer. */
abstract class MigrationReader {
  readonly id: string;
  readonly dir: string;
  protected readonly ledger: Ledger;
  protected readonly notes: string[];

  protected constructor(dir: string, ledger: Ledger, warnings: string[]) {
    this.id = ledger.id;
    this.dir = dir;
    this.ledger = ledger;
    this.notes = warnings;
  }

  /** Things the operator should hear about that did not stop loading or writing. */
  get warnings(): readonly string[] {
    return this.notes;
  }
  /** As the caller passed it to create(); opaque here. */
  get request(): Json {
    return this.ledger.request;
  }
  get status(): MigrationStatus {
    return this.ledger.status;
  }
  get lastError(): StoredError | undefined {
    return this.ledger.lastError;
  }
  get createdAt(): string {
    return this.ledger.createdAt;
  }
  get updatedAt(): string {
    return this.ledger.updatedAt;
  }
  /** Active milliseconds over every run of this migration (Ledger.activeMs). */
  get activeMs(): number {
    return this.ledger.activeMs;
  }
  /** The latest run's active milliseconds. */
  get lastRunMs(): number | undefined {
    return this.ledger.lastRunMs;
  }

  get(entity: string, sonarId: string | number): EntityRecord | undefined {
    return this.ledger.get(entity, String(sonarId));
  }

  records(filter?: { entity?: string; action?: Action }): Iterable<EntityRecord> {
    return this.ledger.records(filter);
  }

  /** The id map, derived from the records: the Splynx id a Sonar record was created or adopted as. */
  splynxId(entity: string, sonarId: string | number): number | string | undefined {
    return this.get(entity, sonarId)?.splynxId;
  }

  /**
   * Writes announced by intent() with no commit after them: Splynx may or may not have the record.
   * Search Splynx by key before retrying any of these (MAPPING.md, Identity).
   */
  pendingIntents(): PendingIntent[] {
    return this.ledger.pendingIntents();
  }

  /** Per entity, how many records ended in each action (all five actions always present). */
  counts(): Counts {
    return this.ledger.counts();
  }
}

/** A snapshot in time of a migration another process may be writing. */
export class MigrationView extends MigrationReader {
  readonly lock: LockState;

  constructor(dir: string, loaded: LoadedLedger, lock: LockState) {
    const warnings: string[] = [];
    const torn = loaded.journal.tornTail;
    if (torn) {
      warnings.push(
        `${path.join(dir, JOURNAL_FILE)} line ${torn.line} is incomplete (still being written, or ` +
          'cut short by a crash); it was never confirmed and is not counted.',
      );
    }
    super(dir, loaded.ledger, warnings);
    this.lock = lock;
  }
}

export interface MigrationOptions {
  compactEvery: number;
  maxJournalLines: number;
  now: () => Date;
  onCompactionStep: ((step: CompactionStep) => void) | undefined;
}

/** The one writer of a migration, holding its lock until close(). */
export class Migration extends MigrationReader {
  readonly #journal: JournalWriter;
  readonly #lock: HeldLock;
  readonly #options: MigrationOptions;
  #journalLines: number;
  #compactAt: number;
  #compacting: Promise<void> | undefined;
  #closed = false;

  /** Takes over an acquired lock; the caller must not release it. */
  constructor(dir: string, loaded: LoadedLedger, lock: HeldLock, options: MigrationOptions) {
    const warnings: string[] = [];
    const torn = loaded.journal.tornTail;
    if (torn) {
      warnings.push(
        `${path.join(dir, JOURNAL_FILE)} line ${torn.line} was cut short by a crash before it was ` +
          `confirmed; its ${torn.bytes} bytes were dropped.`,
      );
    }
    super(dir, loaded.ledger, warnings);
    this.#journal = new JournalWriter(path.join(dir, JOURNAL_FILE), loaded.journal.goodLength);
    this.#lock = lock;
    this.#options = options;
    this.#journalLines = loaded.journal.lineCount;
    this.#compactAt = this.#threshold();
  }

  /**
   * Call right before sending a create to Splynx. Until the matching commit(), the record shows in
   * pendingIntents(), so a crash or timeout in between is reconciled instead of created twice.
   */
  async intent(input: IntentInput): Promise<void> {
    const { entity, sonarId, payloadHash } = parseInput(IntentInputSchema, input, 'intent');
    await this.#write({ at: this.#now(), type: 'intent', entity, sonarId, payloadHash });
  }

  /** Records the outcome for one Sonar record; on disk before the promise resolves. */
  async commit(input: CommitInput): Promise<EntityRecord> {
    {
      const given = parseInput(CommitInputSchema, input, 'commit');
      const key = recordKey(given.entity, given.sonarId);
      const previous = this.ledger.get(given.entity, given.sonarId);
      const intent = this.ledger.pendingIntent(key);
      const splynxId = given.splynxId ?? previous?.splynxId;
      const payloadHash = given.payloadHash ?? intent?.payloadHash ?? previous?.payloadHash;
      const extra = given.extra ?? previous?.extra;
      if ((given.action === 'created' || given.action === 'adopted') && splynxId === undefined) {
        throw new BugError(`commit ${key}: action '${given.action}' needs a splynxId.`);
      }
      if ((given.action === 'failed' || given.action === 'blocked') && !given.lastError) {
        throw new BugError(`commit ${key}: action '${given.action}' needs a lastError saying why.`);
      }
      const at = this.#now();
      const record: EntityRecord = {
        key,
        entity: given.entity,
        sonarId: given.sonarId,
        ...(splynxId === undefined ? {} : { splynxId }),
        action: given.action,
        attempts: (previous?.attempts ?? 0) + (intent?.attempts ?? 0),
        ...(given.lastError ? { lastError: given.lastError } : {}),
        ...(payloadHash === undefined ? {} : { payloadHash }),
        updatedAt: at,
        ...(extra === undefined ? {} : { extra }),
      };
      await this.#write({ at, type: 'commit', record });
      return this.ledger.get(given.entity, given.sonarId) as EntityRecord;
    }
  }

  /**
   * `lastError` replaces the previous one; omit it to clear. `running` opens a run (its active
   * time counts from `startupMs` before now), any other status closes it.
   */
  async setStatus(
    status: MigrationStatus,
    lastError?: StoredError,
    options: { startupMs?: number } = {},
  ): Promise<void> {
    const given = parseInput(
      StatusInputSchema,
      {
        status,
        lastError,
        ...(options.startupMs === undefined ? {} : { startupMs: options.startupMs }),
      },
      'setStatus',
    );
    await this.#write({
      at: this.#now(),
      type: 'status',
      status: given.status,
      ...(given.lastError ? { lastError: given.lastError } : {}),
      ...(given.startupMs === undefined || given.status !== 'running'
        ? {}
        : { startupMs: given.startupMs }),
    });
  }

  /** Folds the journal into migration.json and starts the journal over. */
  compact(): Promise<void> {
    this.#assertWritable();
    return this.#compactOnce(true);
  }

  /** Compacts, stops the heartbeat and releases the lock. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#lock.assertHeld();
      await this.#compactOnce(true);
    } finally {
      await this.#journal.drain();
      this.#journal.close();
      this.#lock.release();
    }
  }

  // Applies in memory at once (so concurrent callers build on each other in call order), then
  // resolves when the line is on disk; compacts when due. A failed compaction never fails the
  // write that triggered it: the engine would retry a create that Splynx already has.
  async #write(line: Unnumbered): Promise<void> {
    this.#assertWritable();
    const numbered = { ...line, seq: this.ledger.seq + 1 } as JournalLine;
    this.ledger.apply(numbered);
    this.#journalLines++;
    await this.#journal.append(numbered);
    if (this.#journalLines >= this.#compactAt) await this.#compactOnce(false);
  }

  /**
   * One compaction at a time. The journal is held still while the snapshot (which holds every line
   * applied so far, flushed or not) is written and the journal truncated; lines queued meanwhile
   * go out afterwards and are skipped on load because the snapshot already has them.
   */
  #compactOnce(strict: boolean): Promise<void> {
    this.#compacting ??= (async () => {
      await this.#journal.pause();
      try {
        await this.#compact();
      } catch (error) {
        this.#compactAt = this.#journalLines + this.#options.compactEvery;
        if (strict) throw error;
        this.notes.push(
          `Compaction failed (${(error as Error).message}); the journal still holds every change.`,
        );
      } finally {
        this.#journal.resume();
        this.#compacting = undefined;
      }
    })();
    return this.#compacting;
  }

  async #compact(): Promise<void> {
    const step = this.#options.onCompactionStep;
    await writeSnapshot(path.join(this.dir, SNAPSHOT_FILE), this.ledger.toSnapshot(), step);
    this.#journal.truncate();
    step?.('journal-truncated');
    this.#journalLines = 0;
    this.#compactAt = this.#threshold();
  }

  // As many lines as the state has records, so rewriting the snapshot costs O(1) per write
  // amortised; but never more than maxJournalLines, because replaying the journal (~6 µs a line)
  // is what a resume after a crash waits for. At half a million records a compaction takes ~0.4 s,
  // once per 100,000 lines (about ten thousand customers).
  #threshold(): number {
    const { compactEvery, maxJournalLines } = this.#options;
    return Math.max(compactEvery, Math.min(this.ledger.size, maxJournalLines));
  }

  #now(): string {
    return this.#options.now().toISOString();
  }

  #assertWritable(): void {
    if (this.#closed) throw new BugError(`Migration ${this.id} is closed.`);
    this.#lock.assertHeld();
  }
}

function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  method: string,
): v.InferOutput<TSchema> {
  const parsed = v.safeParse(schema, input);
  if (!parsed.success) {
    throw new BugError(`Migration.${method} got bad input: ${describeIssues(parsed.issues)}.`);
  }
  return parsed.output;
}
