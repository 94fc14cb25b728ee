// The one typed event stream the engine reports through. The headless runner prints these as JSON
// Lines; the TUI folds them into React state. Nothing here may carry a secret: errors are redacted
// before they become events.

import type { PhaseId } from '../command-line.js';
import type { FailureKind } from '../errors.js';
import type { Normalised } from '../splynx/normalise.js';

export type EntityAction = 'created' | 'adopted' | 'skipped' | 'failed' | 'blocked';
export type PlannedAction = 'create' | 'adopt' | 'skip' | 'fail' | 'blocked';

export type MigrationStatus =
  | 'running'
  | 'paused'
  | 'stopped'
  | 'failed'
  | 'completed'
  | 'aborted'
  | 'rolling-back'
  | 'rolled-back';

/** What the operator needs to fix a failed record: which Sonar record, which field, why, how. */
export interface RecordFailure {
  kind: FailureKind;
  phase: PhaseId;
  entity: string;
  sonarId: string;
  /** Human label, e.g. `account 1042 "Zoë Ångström"`. */
  label: string;
  field?: string;
  rule?: string;
  message: string;
  /** Splynx's own words (redacted), when Splynx refused the write. */
  splynxMessage?: string;
  status?: number;
  fixes: string[];
}

export type Counts = Record<string, Partial<Record<EntityAction, number>>>;
export type PlanCounts = Record<string, Partial<Record<PlannedAction, number>>>;

export type EngineEvent =
  | { type: 'migration'; migrationId: string; resumed: boolean; phases: PhaseId[] }
  | { type: 'phase-started'; phase: PhaseId; title: string; total?: number }
  | { type: 'phase-finished'; phase: PhaseId; counts: Counts }
  | {
      type: 'entity';
      phase: PhaseId;
      entity: string;
      sonarId: string;
      label: string;
      action: EntityAction;
      splynxId?: number | string;
      reason?: string;
      /** Fields read back in Splynx's own form, equal by a normalisation rule (not a mismatch). */
      normalised?: Normalised[];
    }
  | {
      type: 'planned';
      phase: PhaseId;
      entity: string;
      sonarId: string;
      label: string;
      action: PlannedAction;
      /** The existing Splynx record, for `adopt`. */
      splynxId?: number;
      reason?: string;
    }
  | { type: 'in-flight'; phase: PhaseId; label: string }
  | {
      type: 'progress';
      phase: PhaseId;
      done: number;
      total: number;
      /** Records per second over the recent window. */
      rate: number;
      etaSeconds: number | null;
    }
  | { type: 'record-failed'; failure: RecordFailure }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'log'; level: 'info' | 'warn' | 'error' | 'debug'; message: string }
  | { type: 'summary'; summary: RunSummary };

export interface RunSummary {
  migrationId: string | null;
  command: 'plan' | 'migrate' | 'resume' | 'verify' | 'rollback' | 'sync' | 'cutover';
  status: MigrationStatus | 'planned' | 'empty';
  counts: Counts;
  planned?: PlanCounts;
  /** A plan's intended Splynx writes per method (`{ POST: 120, PUT: 80 }`). */
  writes?: Partial<Record<'POST' | 'PUT' | 'DELETE', number>>;
  failure?: RecordFailure;
  failures: number;
  /** For a migration: its active time over every run, resumes included; else this command's. */
  durationMs: number;
  /** A migration's latest run alone (durationMs sums every run). */
  runDurationMs?: number;
  splynxRequests?: number;
  sonarRequests?: number;
  /** sync: records per change (update, create, end, disable, migrate) and fields in conflict or kept. */
  changes?: Partial<Record<string, number>>;
}

export type EmitEvent = (event: EngineEvent) => void;

/** Adds one to a counts table, creating the entity row on first use. */
export function bump<A extends string>(
  counts: Record<string, Partial<Record<A, number>>>,
  entity: string,
  action: A,
  by = 1,
): void {
  const row: Partial<Record<A, number>> = counts[entity] ?? {};
  row[action] = (row[action] ?? 0) + by;
  counts[entity] = row;
}
