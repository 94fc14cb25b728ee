// What the engine and the CLI use; the other files in this folder are internals.
export { recordKey } from './ids.js';
export type { Counts } from './ledger.js';
export type { LockHolder, LockNotice, LockState } from './lock.js';
export { describeHolder, isInterrupted } from './lock.js';
export type { CommitInput, CompactionStep, IntentInput } from './migration.js';
export { Migration, MigrationView } from './migration.js';
export type {
  Action,
  EntityRecord,
  Json,
  MigrationStatus,
  PendingIntent,
  StoredError,
} from './schemas.js';
export { ACTIONS, MIGRATION_STATUSES } from './schemas.js';
export type { MigrationSummary, StateDirOptions } from './state-dir.js';
export { openStateDir, StateDir } from './state-dir.js';
