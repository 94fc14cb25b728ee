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
    this.#seq = line.seq;
    this.#updatedAt = line.at;
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
