// The slice of a migration's state the engine writes through (source/state's Migration). Naming
// the slice keeps the engine's durability expectations in one place: `intent` and `commit`
// return only after their journal line is fsynced.
import type { CommitInput, EntityRecord, IntentInput, Migration } from '../state/index.js';

export type Ledger = Pick<
  Migration,
  'id' | 'intent' | 'commit' | 'get' | 'records' | 'splynxId' | 'pendingIntents' | 'counts'
>;
export type { CommitInput, EntityRecord, IntentInput };

export function isDone(record: EntityRecord | undefined): boolean {
  return record?.action === 'created' || record?.action === 'adopted';
}

/** The operator chose to pass over this record (stop-on-error `s`): never write it. */
export function isSkipped(ledger: Pick<Ledger, 'get'>, entity: string, sonarId: string): boolean {
  return ledger.get(entity, sonarId)?.action === 'skipped';
}
