// What `s2s sync` found and did, one entry per Splynx record: the dry run lists these, the apply
// reports them as written. Values are Splynx's and Sonar's as they stand (never a password).

export type ChangeAction =
  /** Fields of a record s2s wrote earlier changed in Sonar. */
  | 'update'
  /** A service or note Sonar added to a migrated account. */
  | 'create'
  /** A service Sonar no longer lists: stopped with an end date, never deleted. */
  | 'end'
  /** An account deleted in Sonar: its customer and services are disabled. */
  | 'disable'
  /** An account that is new in the selection: migrated as `s2s migrate` would. */
  | 'migrate';

export interface FieldChange {
  field: string;
  /** What Splynx holds now (the dry run's "old"). */
  from: unknown;
  /** What Sonar maps to now. */
  to: unknown;
}

/** Changed in Sonar and in Splynx since s2s wrote it: reported, written only with --prefer-sonar. */
export interface FieldConflict {
  field: string;
  splynx: unknown;
  sonar: unknown;
  /** True when --prefer-sonar wrote Sonar's value over Splynx's. */
  written: boolean;
}

/** Changed in Splynx only: the operator's edit is kept. */
export interface KeptEdit {
  field: string;
  splynx: unknown;
  sonar: unknown;
}

export interface SyncChange {
  action: ChangeAction;
  entity: string;
  sonarId: string;
  /** The Sonar account the record belongs to. */
  accountId: string;
  label: string;
  splynxId?: number;
  /** The fields written (or, in a dry run, to be written), Splynx's value → Sonar's. */
  fields: FieldChange[];
  conflicts: FieldConflict[];
  kept: KeptEdit[];
  reason?: string;
}

export type SyncCounts = Partial<Record<ChangeAction | 'conflict' | 'kept', number>>;

export function countChange(counts: SyncCounts, change: SyncChange): void {
  const bump = (key: keyof SyncCounts, by = 1) => {
    if (by > 0) counts[key] = (counts[key] ?? 0) + by;
  };
  if (change.action !== 'update' || change.fields.length > 0) bump(change.action);
  bump('conflict', change.conflicts.length);
  bump('kept', change.kept.length);
}
