// The shapes of everything s2s writes under state/: validated on every read (a file may have been
// edited or damaged) and on every write from the engine (so a bad call fails loudly, not on resume).
import * as v from 'valibot';
import type { FailureKind } from '../errors.js';
import { isMigrationId, recordKey } from './ids.js';

export const ACTIONS = ['created', 'adopted', 'skipped', 'failed', 'blocked'] as const;
export type Action = (typeof ACTIONS)[number];

export const MIGRATION_STATUSES = [
  'running',
  'paused',
  'stopped',
  'failed',
  'completed',
  'aborted',
  'rolling-back',
  'rolled-back',
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

const FAILURE_KINDS = [
  'retryable',
  'unknown-outcome',
  'record',
  'fatal',
] as const satisfies readonly FailureKind[];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// Checked before v.record, which copies its input into a plain object: a Date or Map would pass as
// an empty record and come back from disk as something else.
export const JsonObjectSchema: v.GenericSchema<{ [key: string]: Json }> = v.pipe(
  v.custom<{ [key: string]: Json }>(isPlainObject, 'must be a plain JSON object'),
  v.record(
    v.string(),
    v.lazy(() => JsonSchema),
  ),
);

const JsonPrimitiveSchema = v.union(
  [v.string(), v.pipe(v.number(), v.finite()), v.boolean(), v.null()],
  'must be a string, finite number, boolean, null, array or plain object',
);
const JsonArraySchema = v.array(v.lazy(() => JsonSchema));

// Dispatch on the input's shape so an issue keeps its dot-path (a union would only say "none
// matched" at the top).
export const JsonSchema: v.GenericSchema<Json> = v.lazy((input) => {
  if (Array.isArray(input)) return JsonArraySchema;
  if (typeof input === 'object' && input !== null) return JsonObjectSchema;
  return JsonPrimitiveSchema;
});

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// For files only: what JSON.parse returns is JSON already, so only the outer shape needs checking,
// which keeps loading 100,000 records from walking every nested value. Input from the engine goes
// through JsonObjectSchema instead.
const StoredJsonObjectSchema = v.custom<{ [key: string]: Json }>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a JSON object',
);

const Timestamp = v.pipe(v.string(), v.isoTimestamp());
export const EntitySchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case entity name like customer or tariff_internet'),
);
export const SonarIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
export const SplynxIdSchema = v.union([
  v.pipe(v.number(), v.integer(), v.minValue(0)),
  v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
]);
export const PayloadHashSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const MigrationId = v.pipe(
  v.string(),
  v.check(isMigrationId, 'must look like 20261126-071500-ab12'),
);

export const StoredErrorSchema = v.strictObject({
  kind: v.picklist(FAILURE_KINDS),
  message: v.string(),
  field: v.optional(v.string()),
  hint: v.optional(v.string()),
  /** The record it concerns, for migration-level errors (`customer:1042`). */
  key: v.optional(v.string()),
});
export type StoredError = v.InferOutput<typeof StoredErrorSchema>;

export const EntityRecordSchema = v.pipe(
  v.strictObject({
    key: v.string(),
    entity: EntitySchema,
    sonarId: SonarIdSchema,
    splynxId: v.optional(SplynxIdSchema),
    action: v.picklist(ACTIONS),
    attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
    lastError: v.optional(StoredErrorSchema),
    payloadHash: v.optional(PayloadHashSchema),
    updatedAt: Timestamp,
    extra: v.optional(StoredJsonObjectSchema),
  }),
  v.check((r) => r.key === recordKey(r.entity, r.sonarId), 'key must be entity:sonarId'),
);
export type EntityRecord = Readonly<v.InferOutput<typeof EntityRecordSchema>>;

export const PendingIntentSchema = v.pipe(
  v.strictObject({
    key: v.string(),
    entity: EntitySchema,
    sonarId: SonarIdSchema,
    payloadHash: PayloadHashSchema,
    /** When the latest intent was journaled. */
    at: Timestamp,
    /** Intents journaled for this key since its last commit (each one is a write attempt). */
    attempts: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.check((r) => r.key === recordKey(r.entity, r.sonarId), 'key must be entity:sonarId'),
);
export type PendingIntent = Readonly<v.InferOutput<typeof PendingIntentSchema>>;

const Seq = v.pipe(v.number(), v.integer(), v.minValue(1));
const Duration = v.pipe(v.number(), v.integer(), v.minValue(0));

export const JournalLineSchema = v.variant('type', [
  v.strictObject({
    seq: Seq,
    at: Timestamp,
    type: v.literal('intent'),
    entity: EntitySchema,
    sonarId: SonarIdSchema,
    payloadHash: PayloadHashSchema,
  }),
  v.strictObject({
    seq: Seq,
    at: Timestamp,
    type: v.literal('commit'),
    record: EntityRecordSchema,
  }),
  v.strictObject({
    seq: Seq,
    at: Timestamp,
    type: v.literal('status'),
    status: v.picklist(MIGRATION_STATUSES),
    lastError: v.optional(StoredErrorSchema),
    /**
     * On `running`: how long the run worked before it could journal its start (reading the
     * selection from Sonar), so the migration's active time counts it. A duration, not a
     * timestamp, so it shares the clock of `at`.
     */
    startupMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
]);
export type JournalLine = v.InferOutput<typeof JournalLineSchema>;

const snapshotHeader = {
  id: MigrationId,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  request: JsonSchema,
  status: v.picklist(MIGRATION_STATUSES),
  lastError: v.optional(StoredErrorSchema),
  /** The last journal sequence number folded into this snapshot; replay skips lines up to it. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  pendingIntents: v.array(PendingIntentSchema),
  /**
   * Milliseconds the migration's finished runs were active, summed across resumes (wall time
   * from each run's start to its last journal line). Missing in snapshots written before s2s
   * kept it: then the span from createdAt to updatedAt stands in.
   */
  activeMs: v.optional(Duration),
  /** The latest finished run's active milliseconds. */
  lastRunMs: v.optional(Duration),
  /** A run still open when the snapshot was written: its start and its latest line. */
  openRun: v.optional(v.strictObject({ startedAt: Timestamp, lastAt: Timestamp })),
};

/** Format 1 (s2s before the column store): one object per record. Still read, never written. */
export const SnapshotV1Schema = v.strictObject({
  format: v.literal(1),
  ...snapshotHeader,
  records: v.array(EntityRecordSchema),
});
export type SnapshotV1 = v.InferOutput<typeof SnapshotV1Schema>;

// Only the shape of each column is checked here (one pass over half a million values per column
// through a schema would cost seconds of resume start-up); RecordTable.decode checks every value
// and names the column and index of the first bad one.
const column = <T>(what: string) =>
  v.custom<T[]>((value) => Array.isArray(value), `must be an array of ${what}`);
const byIndex = <T>() =>
  v.custom<Record<string, T>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be an object keyed by record index',
  );

export const SnapshotRecordsSchema = v.strictObject({
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Entity names; the `entity` column holds indexes into it. */
  entities: v.array(v.string()),
  /** Action names; the `action` column holds indexes into it. */
  actions: v.array(v.string()),
  entity: column<number>('entity indexes'),
  /** Numbers for canonical integer ids, strings otherwise. */
  sonarId: column<number | string>('Sonar ids'),
  splynxId: column<number | string | null>('Splynx ids'),
  action: column<number>('action indexes'),
  attempts: column<number>('attempt counts'),
  /** Milliseconds after the migration's createdAt. */
  updatedAt: column<number>('millisecond offsets'),
  /** 32 characters per record: the hex hash, or dashes for none (then maybe in otherHashes). */
  payloadHash: v.string(),
  otherHashes: byIndex<string>(),
  extra: byIndex<{ [key: string]: Json }>(),
  lastError: byIndex<StoredError>(),
});
export type EncodedRecords = v.InferOutput<typeof SnapshotRecordsSchema>;

/** Format 2: the records as columns (source/state/record-table.ts explains why). */
export const SnapshotSchema = v.strictObject({
  format: v.literal(2),
  ...snapshotHeader,
  records: SnapshotRecordsSchema,
});
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;
export type SnapshotHeader = Omit<Snapshot, 'format' | 'records'>;

export const StoredSnapshotSchema = v.variant('format', [SnapshotV1Schema, SnapshotSchema]);

export const LockFileSchema = v.strictObject({
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  hostname: v.string(),
  /** When the lock was taken. */
  startedAt: Timestamp,
  /** Only in locks of older versions: the heartbeat is now the file's mtime (lock.ts says why). */
  heartbeatAt: v.optional(Timestamp),
  /** Tells the holder its own lock from one that replaced it after a forced unlock. */
  token: v.string(),
  /**
   * The holder process's own start, where /proc exists: a later process that was given the same
   * pid (after a crash and a reboot, or pid wrap-around) has another start and is not the holder.
   */
  process: v.optional(
    v.strictObject({
      /** /proc/<pid>/stat field 22: clock ticks after boot, exact for one process on one boot. */
      startTicks: v.pipe(v.number(), v.integer(), v.minValue(0)),
      /** /proc/sys/kernel/random/boot_id: tells the ticks of this boot from the last one's. */
      bootId: v.optional(v.string()),
      /** The same start as a time (boot time + ticks), for messages. */
      startedAt: Timestamp,
    }),
  ),
});
export type LockFile = v.InferOutput<typeof LockFileSchema>;

/** `a.b.c: message` for the first few issues, for messages an operator reads. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], max = 3): string {
  const shown = issues.slice(0, max).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return `${shown.join('; ')}${more}`;
}
