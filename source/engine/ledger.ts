// The slice of the migration state the engine writes through. source/state's Migration satisfies
// it; naming the slice here keeps the engine's expectations of durability in one place:
// `intent` and `commit` return only after the journal line is fsynced.
import type { FailureKind } from '../errors.js';
import type { EntityAction } from './events.js';

export interface LedgerError {
  kind: FailureKind;
  message: string;
  field?: string;
  hint?: string;
}

export interface LedgerRecord {
  key: string;
  entity: string;
  sonarId: string;
  splynxId?: number | string | undefined;
  action: EntityAction;
  attempts: number;
  lastError?: LedgerError | undefined;
  payloadHash?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

export interface LedgerRecordInput {
  key: string;
  entity: string;
  sonarId: string;
  splynxId?: number | string | undefined;
  action: EntityAction;
  lastError?: LedgerError | undefined;
  payloadHash?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

export interface Ledger {
  readonly id: string;
  intent(
    key: string,
    info: { entity: string; sonarId: string; payloadHash: string },
  ): Promise<void>;
  commit(record: LedgerRecordInput): Promise<LedgerRecord>;
  get(key: string): LedgerRecord | undefined;
  records(filter?: { entity?: string; action?: EntityAction }): Iterable<LedgerRecord>;
  splynxId(entity: string, sonarId: string): number | string | undefined;
  pendingIntents(): Array<{ key: string; entity: string; sonarId: string }>;
}

export function recordKey(entity: string, sonarId: string): string {
  return `${entity}:${sonarId}`;
}
