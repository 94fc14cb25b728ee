// The in-memory picture of one migration: the snapshot with the journal replayed over it. Both
// the writer and read-only viewers build it the same way, so they cannot disagree.

import { recordKey } from './ids.js';
import { RecordTable } from './record-table.js';
import type {
  Action,
  EntityRecord,
  JournalLine,
  Json,
  MigrationStatus,
  PendingIntent,
  SnapshotHeader,
  StoredError,
} from './schemas.js';
import type { LoadedSnapshot } from './snapshot.js';

export type Counts = Record<string, Record<Action, number>>;

export class Ledger {
  readonly id: string;
  readonly createdAt: string;
  readonly request: Json;
  #status: MigrationStatus;
  #lastError: StoredError | undefined;
  #updatedAt: string;
  #seq: number;
  // Active time: finished runs summed, plus the run under way (opened by a `running` status line,
  // closed by the next other status; a run a crash cut short ends at its last line).
  #activeMs: number;
  #lastRunMs: number | undefined;
  #openRun: { startedAt: number; lastAt: number } | undefined;
  readonly #records: RecordTable;
  readonly #intents = new Map<string, PendingIntent>();

  constructor({ header, table }: LoadedSnapshot) {
    this.id = header.id;
    this.createdAt = header.createdAt;
    this.request = deepFreeze(header.request);
    this.#status = header.status;
    this.#lastError = header.lastError;
    this.#updatedAt = header.updatedAt;
    this.#seq = header.seq;
    this.#activeMs =
      header.activeMs ?? Math.max(0, Date.parse(header.updatedAt) - Date.parse(header.createdAt));
    this.#lastRunMs = header.lastRunMs;
    this.#openRun = header.openRun
      ? {
          startedAt: Date.parse(header.openRun.startedAt),
          lastAt: Date.parse(header.openRun.lastAt),
        }
      : undefined;
    this.#records = table;
    for (const intent of header.pendingIntents) {
      this.#intents.set(intent.key, Object.freeze(intent));
    }
  }

  /** A migration with nothing in it yet. */
  static empty(header: SnapshotHeader): Ledger {
    return new Ledger({ header, table: new RecordTable() });
  }

  get status(): MigrationStatus {
    return this.#status;
  }
  get lastError(): StoredError | undefined {
    return this.#lastError;
  }
  get updatedAt(): string {
    return this.#updatedAt;
  }
  /** The last journal sequence number applied. */
  get seq(): number {
    return this.#seq;
  }
  get size(): number {
    return this.#records.size;
  }
  /**
   * How long the migration has been at work, summed over every run (resumes included): what
   * durations and rates in summaries and reports are measured over, not the wall time since
   * it was created or since the latest start.
   */
  get activeMs(): number {
    return this.#activeMs + (this.#openRun ? this.#openRun.lastAt - this.#openRun.startedAt : 0);
  }
  /** The run under way, or else the latest finished one. */
  get lastRunMs(): number | undefined {
    return this.#openRun ? this.#openRun.lastAt - this.#openRun.startedAt : this.#lastRunMs;
  }

  apply(line: JournalLine): void {
    switch (line.type) {
      case 'intent': {
        const key = recordKey(line.entity, line.sonarId);
        const earlier = this.#intents.get(key);
        // Re-inserted so pendingIntents() lists them in the order they were last attempted.
        this.#intents.delete(key);
        this.#intents.set(
          key,
          Object.freeze({
            key,
            entity: line.entity,
            sonarId: line.sonarId,
            payloadHash: line.payloadHash,
            at: line.at,
            attempts: (earlier?.attempts ?? 0) + 1,
          }),
        );
        break;
      }
      case 'commit':
        this.#intents.delete(line.record.key);
        this.#records.set(line.record);
        break;
      case 'status':
        this.#status = line.status;
        this.#lastError = line.lastError;
        break;
    }
    this.#trackRun(line);
    this.#seq = line.seq;
    this.#updatedAt = line.at;
  }

  #trackRun(line: JournalLine): void {
    const at = Date.parse(line.at);
    if (line.type === 'status' && line.status === 'running') {
      // An open run here was cut short (kill -9, power loss): it ended at its last line.
      this.#closeRun();
      this.#openRun = { startedAt: at - (line.startupMs ?? 0), lastAt: at };
      return;
    }
    if (!this.#openRun) return;
    this.#openRun.lastAt = Math.max(this.#openRun.lastAt, at);
    if (line.type === 'status') this.#closeRun();
  }

  #closeRun(): void {
    if (!this.#openRun) return;
    const ms = Math.max(0, this.#openRun.lastAt - this.#openRun.startedAt);
    this.#activeMs += ms;
    this.#lastRunMs = ms;
    this.#openRun = undefined;
  }

  /** A fresh object each call, built from the stored columns. */
  get(entity: string, sonarId: string): EntityRecord | undefined {
    return this.#records.get(entity, sonarId);
  }

  pendingIntent(key: string): PendingIntent | undefined {
    return this.#intents.get(key);
  }

  records(filter: { entity?: string; action?: Action } = {}): Generator<EntityRecord> {
    return this.#records.entries(filter);
  }

  pendingIntents(): PendingIntent[] {
    return [...this.#intents.values()];
  }

  /** Read from the record columns each time (a few ms at half a million records; rarely asked). */
  counts(): Counts {
    return this.#records.countByEntity();
  }

  /** What a snapshot holds: the header as of now, and the records (streamed when written). */
  toSnapshot(): LoadedSnapshot {
    return {
      header: {
        id: this.id,
        createdAt: this.createdAt,
        updatedAt: this.#updatedAt,
        request: this.request,
        status: this.#status,
        ...(this.#lastError ? { lastError: this.#lastError } : {}),
        seq: this.#seq,
        pendingIntents: [...this.#intents.values()],
        activeMs: this.#activeMs,
        ...(this.#lastRunMs === undefined ? {} : { lastRunMs: this.#lastRunMs }),
        ...(this.#openRun
          ? {
              openRun: {
                startedAt: new Date(this.#openRun.startedAt).toISOString(),
                lastAt: new Date(this.#openRun.lastAt).toISOString(),
              },
            }
          : {}),
      },
      table: this.#records,
    };
  }
}

// The request is handed out as it is stored; a stray mutation would otherwise reach the next
// snapshot without ever passing through the journal.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
