// What `s2s verify` found, shared by the verifier, the command and the reports.
import type { NormalisedCount } from '../splynx/normalise.js';

export type { NormalisedCount } from '../splynx/normalise.js';

/**
 * One way Splynx is not what the migration's selection maps to: a record missing, failed,
 * blocked or passed over (`kind: 'record'`, with its Sonar id and, where one field differs, the
 * field), or an entity whose counts disagree (`kind: 'count'`, sonarId `*`).
 */
export interface VerifyDifference {
  kind: 'record' | 'count';
  entity: string;
  sonarId: string;
  splynxId?: number | string;
  label: string;
  /** The Splynx field that differs; absent when the whole record is missing. */
  field?: string;
  expected?: unknown;
  actual?: unknown;
  message: string;
}

/** Records of one entity type: in Sonar (in scope of the migration), in the ledger, and in Splynx. */
export interface EntityCount {
  entity: string;
  sonar: number;
  migrated: number;
  /** Of the migrated ones, how many Splynx still has. */
  found: number;
}

export interface VerifyResult {
  migrationId: string;
  /** Records read back from Splynx. */
  checked: number;
  differences: VerifyDifference[];
  counts: EntityCount[];
  /** Fields Splynx holds in its own form that a read-back rule explains; absent in older results. */
  normalised?: NormalisedCount[];
  durationMs: number;
}
