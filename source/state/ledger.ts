// The in-memory picture of one migration: the snapshot with the journal replayed over it. Both
// the writer and read-only viewers build it the same way, so they cannot disagree.

import { recordKey } from './ids.js';
import type { Json } from './schemas.js';
import {
  ACTIONS,
  type Action,
  type EntityRecord,
  type JournalLine,
  type MigrationStatus,
  type PendingIntent,
  type Snapshot,
  type StoredError,
} from './schemas.js';

export type Counts = Record<string, Record<Action, number>>;

export class Ledger {
  readonly id: string;
  readonly createdAt: string;
  readonly request: Json;
  #status: MigrationStatus;
  #lastError: StoredError | undefined;
  #updatedAt: string;
  #seq: number;
  readonly #records = new Map<string, EntityRecord>();
  readonly #intents = new Map<string, PendingIntent>();
  readonly #counts = new Map<string, Record<Action, number>>();

  constructor(snapshot: Snapshot) {
    this.id = snapshot.id;
    this.createdAt = snapshot.createdAt;
    this.request = deepFreeze(snapshot.request);
    this.#status = snapshot.status;
    this.#lastError = snapshot.lastError;
    this.#updatedAt = snapshot.updatedAt;
    this.#seq = snapshot.seq;
    for (const record of snapshot.records) this.#setRecord(deepFreeze(record));
    for (const intent of snapshot.pendingIntents) {
      this.#intents.set(intent.key, Object.freeze(intent));
    }
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
        this.#setRecord(deepFreeze(line.record));
        break;
      case 'status':
        this.#status = line.status;
        this.#lastError = line.lastError;
        break;
    }
    this.#seq = line.seq;
    this.#updatedAt = line.at;
  }

  get(key: string): EntityRecord | undefined {
    return this.#records.get(key);
  }

  pendingIntent(key: string): PendingIntent | undefined {
    return this.#intents.get(key);
  }

  *records(filter: { entity?: string; action?: Action } = {}): Generator<EntityRecord> {
    for (const record of this.#records.values()) {
      if (filter.entity !== undefined && record.entity !== filter.entity) continue;
      if (filter.action !== undefined && record.action !== filter.action) continue;
      yield record;
    }
  }

  pendingIntents(): PendingIntent[] {
    return [...this.#intents.values()];
  }

  counts(): Counts {
    const out: Counts = {};
    for (const [entity, byAction] of this.#counts) out[entity] = { ...byAction };
    return out;
  }

  toSnapshot(): Snapshot {
    return {
      format: 1,
      id: this.id,
      createdAt: this.createdAt,
      updatedAt: this.#updatedAt,
      request: this.request,
      status: this.#status,
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
      seq: this.#seq,
      records: [...this.#records.values()],
      pendingIntents: [...this.#intents.values()],
    };
  }

  #setRecord(record: EntityRecord): void {
    const previous = this.#records.get(record.key);
    if (previous) this.#countFor(previous.entity)[previous.action]--;
    this.#countFor(record.entity)[record.action]++;
    this.#records.set(record.key, record);
  }

  #countFor(entity: string): Record<Action, number> {
    let byAction = this.#counts.get(entity);
    if (!byAction) {
      byAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
      this.#counts.set(entity, byAction);
    }
    return byAction;
  }
}

// Callers get the stored objects themselves; a stray mutation would otherwise reach the next
// snapshot without ever passing through the journal.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
