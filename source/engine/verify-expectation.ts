// What verify reads back and compares: one Splynx record, the fields Sonar maps to today, and the
// ledger record it came from. Shared by the per-phase expectation builders.
import type { EntityRecord, MigrationView } from '../state/index.js';
import { isRolledBack } from './rollback.js';
import type { VerifyDifference } from './verify-result.js';

export type VerifySource = Pick<
  MigrationView,
  'id' | 'createdAt' | 'request' | 'records' | 'get' | 'splynxId' | 'status'
>;

export interface Expectation {
  record: EntityRecord;
  label: string;
  path: string;
  /** Fields to compare; undefined = check the record exists (and its sonar_id). */
  expected?: Record<string, unknown>;
  unverifiable?: readonly string[];
  sonarIdValue?: string;
}

/**
 * Records this migration put (or found) in Splynx and has not rolled back, nor `s2s sync` retired:
 * a service Sonar removed (ended in Splynx) or an account Sonar deleted (disabled) is no longer
 * expected to match anything in Sonar.
 */
export function live(view: Pick<VerifySource, 'records'>, filter: { entity?: string } = {}) {
  return [...view.records(filter)].filter(
    (r) =>
      (r.action === 'created' || r.action === 'adopted') &&
      !isRolledBack(r) &&
      r.extra?.ended === undefined &&
      r.extra?.gone === undefined,
  );
}

export function splynxIdPart(record: EntityRecord): { splynxId?: number | string } {
  return record.splynxId !== undefined ? { splynxId: record.splynxId } : {};
}

/** A migrated record whose Sonar origin no longer exists, or no longer maps to this record. */
export function goneFromSonar(record: EntityRecord, what: string): VerifyDifference {
  return {
    kind: 'record',
    entity: record.entity,
    sonarId: record.sonarId,
    ...splynxIdPart(record),
    label: `${what} ${record.sonarId}`,
    message: `migrated, but Sonar has no ${what} ${record.sonarId} that maps to it any more`,
  };
}

/** A migrated record whose Sonar origin now fails the mapping's checks. */
export function noLongerMaps(
  record: EntityRecord,
  label: string,
  issues: readonly { field?: string; message: string }[],
): VerifyDifference {
  const first = issues[0];
  return {
    kind: 'record',
    entity: record.entity,
    sonarId: record.sonarId,
    ...splynxIdPart(record),
    label,
    ...(first?.field ? { field: first.field } : {}),
    message: `the Sonar record no longer maps: ${first?.message ?? 'invalid'}`,
  };
}
