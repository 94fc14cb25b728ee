// Phases are data (DESIGN.md, house style): an id, a title, what they depend on, and an apply
// that writes. A plan runs the same apply against a dry Splynx (orchestrator.ts runPlan), so what
// it reports is what a migration does. The orchestrator only sequences.
import type { PhaseId } from '../command-line.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import type { SonarFoundation } from '../sonar/records.js';
import type { SplynxClient } from '../splynx/client.js';
import type { EmitEvent, RecordFailure } from './events.js';
import type { Ledger } from './ledger.js';
import type { RunControl } from './run-control.js';
import type { ResolvedSelection } from './selection.js';
import type { SonarSource } from './sonar-source.js';

export interface RunOptions {
  concurrency: number;
  stopOnError: boolean;
  /** `YYYY-MM-DD`, for dates the mapping fills when Sonar has none. */
  today: string;
}

/** What later phases need from earlier ones, kept in memory for one run. */
export interface SharedState {
  foundation?: SonarFoundation;
  /** Splynx partner ids and location ids that exist (tariffs are offered to all of them). */
  partnerIds?: number[];
  locationIds?: number[];
}

export interface PhaseContext {
  sonar: SonarSource;
  splynx: SplynxClient;
  ledger: Ledger;
  config: MappingConfig;
  emit: EmitEvent;
  control: RunControl;
  signal: AbortSignal;
  options: RunOptions;
  selection: ResolvedSelection;
  shared: SharedState;
  /** Record failures collected under --no-stop-on-error. */
  failures: RecordFailure[];
  /** Crash-test seam, see EngineDeps.afterCreate. */
  afterCreate?: () => void;
  /** See EngineDeps.skipFailure. */
  skipFailure?: (failure: RecordFailure) => string | undefined;
}

export interface Phase {
  id: PhaseId;
  title: string;
  dependsOn: PhaseId[];
  /** Do it. Throws RecordFailedError to stop on a record (unless failures are being collected). */
  apply(ctx: PhaseContext): Promise<void>;
}
