// Sequences phases for plan, migrate and resume. It owns the migration's lifecycle in state
// (running → stopped/completed/aborted) and turns every ending into one summary; it never
// decides per record (phases do) and never touches the terminal (the caller renders events).
import type { PhaseId } from '../command-line.js';
import { ApiError, UserError } from '../errors.js';
import type { MappingConfig } from '../mapping/mapping-config.js';
import type { Redactor } from '../redact.js';
import type { SplynxClient } from '../splynx/client.js';
import type { Migration, StateDir } from '../state/index.js';
import { dryLedger } from './dry-ledger.js';
import { DrySplynx } from './dry-splynx.js';
import { phaseOfEntity } from './entity-phase.js';
import {
  bump,
  type Counts,
  type EmitEvent,
  type EntityAction,
  type PlanCounts,
  type PlannedAction,
  type RecordFailure,
  type RunSummary,
} from './events.js';
import { assertLedgerPresent } from './ledger-presence.js';
import type { Phase, PhaseContext, RunOptions, SharedState } from './phase.js';
import { assertKnownIds, countSelected, customersPhase } from './phases/customers.js';
import { foundationPhase } from './phases/foundation.js';
import { inventoryPhase } from './phases/inventory.js';
import { networkPhase } from './phases/network.js';
import { failureFromError, RecordFailedError } from './record-failure.js';
import type { RunControl } from './run-control.js';
import type { ResolvedSelection } from './selection.js';
import type { SonarSource } from './sonar-source.js';

export const PHASES: Phase[] = [foundationPhase, networkPhase, inventoryPhase, customersPhase];

export interface EngineDeps {
  sonar: SonarSource;
  splynx: SplynxClient;
  state: StateDir;
  config: MappingConfig;
  emit: EmitEvent;
  control: RunControl;
  redactor: Redactor;
  now?: () => Date;
  /** Called after Splynx confirms a create, before it is journaled (crash tests only). */
  afterCreate?: () => void;
  /**
   * The terminal app's "skip every record of this cause": a record failure (kind `record`) for
   * which this returns a reason is journaled as skipped with it and the run carries on, so one
   * cause stops a run once, not once per record. Headless runs never set it.
   */
  skipFailure?: (failure: RecordFailure) => string | undefined;
}

/** What a migration remembers of how it was started, so `resume` runs the same thing. */
export interface MigrationRequest {
  selection: ResolvedSelection;
  options: Pick<RunOptions, 'concurrency' | 'stopOnError'>;
}

/**
 * The selected phases plus everything they depend on: customers need the foundation's partners
 * and tariffs in this migration's id map. A dependency that is already in Splynx is adopted
 * (reads only), so including it costs no writes.
 */
export function phasesFor(selection: ResolvedSelection): Phase[] {
  const wanted = new Set<PhaseId>(selection.phases);
  for (let grew = true; grew; ) {
    grew = false;
    for (const phase of PHASES) {
      if (!wanted.has(phase.id)) continue;
      for (const dep of phase.dependsOn) {
        if (!wanted.has(dep)) {
          wanted.add(dep);
          grew = true;
        }
      }
    }
  }
  return PHASES.filter((phase) => wanted.has(phase.id));
}

function context(
  deps: EngineDeps,
  ledger: PhaseContext['ledger'],
  selection: ResolvedSelection,
  options: Pick<RunOptions, 'concurrency' | 'stopOnError'>,
  shared: SharedState,
): PhaseContext {
  const now = deps.now?.() ?? new Date();
  return {
    sonar: deps.sonar,
    splynx: deps.splynx,
    ledger,
    config: deps.config,
    emit: deps.emit,
    control: deps.control,
    signal: deps.control.signal,
    options: { ...options, today: now.toISOString().slice(0, 10) },
    selection,
    shared,
    failures: [],
    ...(deps.afterCreate ? { afterCreate: deps.afterCreate } : {}),
    ...(deps.skipFailure ? { skipFailure: deps.skipFailure } : {}),
  };
}

/** Pulls the selected accounts in when they are named by id: unknown ids fail before any write. */
async function prepareSelection(
  deps: EngineDeps,
  selection: ResolvedSelection,
): Promise<ResolvedSelection> {
  if (selection.kind !== 'ids' || !selection.ids || selection.accounts) return selection;
  // A --records-from retry of records outside the customers phase may name no account at all.
  if (selection.ids.length === 0) return { ...selection, accounts: [] };
  const accounts = [];
  for await (const batch of deps.sonar.accounts(
    { ids: selection.ids, includeArchived: true },
    deps.control.signal,
  )) {
    accounts.push(...batch);
  }
  assertKnownIds(selection.ids, accounts);
  return { ...selection, accounts };
}

/** What a migration step did, as the plan says it would happen. */
const PLANNED_ACTION: Record<EntityAction, PlannedAction> = {
  created: 'create',
  adopted: 'adopt',
  skipped: 'skip',
  failed: 'fail',
  blocked: 'blocked',
};

/** Migration events of a dry run, told as what would happen (no plan id ever reaches them). */
export function planEvents(emit: EmitEvent): EmitEvent {
  return (event) => {
    if (event.type !== 'entity') return emit(event);
    const { type: _type, action, splynxId, ...rest } = event;
    emit({
      type: 'planned',
      ...rest,
      action: PLANNED_ACTION[action],
      // Only a record that exists already has an id worth telling.
      ...(action === 'adopted' && typeof splynxId === 'number' && splynxId > 0 ? { splynxId } : {}),
    });
  };
}

function plannedCounts(counts: Counts): PlanCounts {
  const planned: PlanCounts = {};
  for (const [entity, row] of Object.entries(counts)) {
    for (const [action, n] of Object.entries(row)) {
      if (n) bump(planned, entity, PLANNED_ACTION[action as EntityAction], n);
    }
  }
  return planned;
}

/**
 * A dry run of migrate: the same selection, phases, dependency pulls and adopt-or-create
 * decisions, through the same phase code, against a Splynx that records writes instead of
 * sending them and a ledger that stays in memory. Every failing record is listed (the plan never
 * stops on the first), so the counts equal those of `migrate --no-stop-on-error` record by record.
 */
export async function runPlan(
  deps: EngineDeps,
  selection: ResolvedSelection,
  options: Pick<RunOptions, 'concurrency' | 'stopOnError'>,
): Promise<RunSummary> {
  const started = Date.now();
  const prepared = await prepareSelection(deps, selection);
  const dry = new DrySplynx(deps.splynx);
  const { afterCreate: _crashSeam, ...rest } = deps;
  const planDeps: EngineDeps = { ...rest, splynx: dry.client(), emit: planEvents(deps.emit) };
  const shared: SharedState = {};
  const ledger = dryLedger();
  const ctx = context(planDeps, ledger, prepared, { ...options, stopOnError: false }, shared);
  if (await selectsNothing(planDeps, ctx)) return emptySummary('plan', started);
  let failure: RecordFailure | undefined;
  let current: Phase | undefined;
  try {
    for (const phase of phasesFor(prepared)) {
      if (deps.control.isStopping) break;
      current = phase;
      deps.emit({ type: 'phase-started', phase: phase.id, title: phase.title });
      await phase.apply(ctx);
      deps.emit({ type: 'phase-finished', phase: phase.id, counts: {} });
    }
  } catch (error) {
    failure = stoppingFailure(deps, error, current);
    if (!failure) throw error;
    deps.emit({ type: 'record-failed', failure });
  }
  return {
    migrationId: null,
    command: 'plan',
    status: deps.control.signal.aborted ? 'aborted' : failure ? 'stopped' : 'planned',
    counts: {},
    planned: plannedCounts(ledger.counts() as Counts),
    writes: dry.writes,
    ...(failure ? { failure } : {}),
    failures: ctx.failures.length + (failure ? 1 : 0),
    durationMs: Date.now() - started,
  };
}

/** A migration of nothing is no migration: say so before the foundation phase writes anything. */
async function selectsNothing(deps: EngineDeps, ctx: PhaseContext): Promise<boolean> {
  if (!ctx.selection.phases.includes('customers')) return false;
  if ((ctx.selection.records?.length ?? 0) > 0) return false;
  ctx.shared.foundation = await deps.sonar.foundation(deps.control.signal);
  if ((await countSelected(ctx, ctx.shared.foundation)) > 0) return false;
  deps.emit({
    type: 'log',
    level: 'warn',
    message: 'The selection matches no Sonar account: nothing to migrate.',
  });
  return true;
}

/**
 * An error that stops a run without being a bug: one record's (fatal or under stop-on-error), or
 * a list the phase needs, a module switched off. Undefined for anything else.
 */
function stoppingFailure(
  deps: EngineDeps,
  error: unknown,
  current: Phase | undefined,
): RecordFailure | undefined {
  if (error instanceof RecordFailedError) return redactFailure(deps.redactor, error.failure);
  if (error instanceof ApiError && current && !deps.control.signal.aborted) {
    return redactFailure(
      deps.redactor,
      failureFromError(
        { phase: current.id, entity: 'phase', sonarId: current.id, label: current.title },
        error,
      ),
    );
  }
  return undefined;
}

export async function runMigrate(
  deps: EngineDeps,
  selection: ResolvedSelection,
  options: Pick<RunOptions, 'concurrency' | 'stopOnError'>,
): Promise<RunSummary> {
  const started = Date.now();
  const prepared = await prepareSelection(deps, selection);
  const shared: SharedState = {};
  const probe = context(deps, dryLedger(), prepared, options, shared);
  if (await selectsNothing(deps, probe)) return emptySummary('migrate', started);
  // The stored request holds ids, never the extracted accounts.
  const { accounts: _accounts, ...storable } = prepared;
  const request: MigrationRequest = { selection: storable, options };
  const migration = await deps.state.create(JSON.parse(JSON.stringify(request)));
  return drive(deps, migration, prepared, options, shared, false, started);
}

export async function runResume(
  deps: EngineDeps,
  id: string | undefined,
  overrides: { breakLock?: boolean; stopOnError?: boolean; concurrency?: number },
): Promise<RunSummary> {
  const started = Date.now();
  const target = id ?? (await deps.state.latest())?.id;
  if (!target) {
    throw new UserError('There is no migration to resume.', 'Start one with `s2s migrate`.');
  }
  const migration = await deps.state.open(target, { breakLock: overrides.breakLock ?? false });
  if (migration.status === 'rolling-back' || migration.status === 'rolled-back') {
    await migration.close();
    throw new UserError(
      `Migration ${target} is ${migration.status}; it cannot be resumed.`,
      migration.status === 'rolling-back'
        ? `Finish the rollback with \`s2s rollback ${target}\`, then start a new migration.`
        : 'Start a new migration with `s2s migrate`; records still in Splynx are adopted.',
    );
  }
  const request = migration.request as unknown as MigrationRequest;
  if (
    migration.status === 'completed' &&
    [...migration.records({ action: 'failed' })].length === 0
  ) {
    deps.emit({ type: 'log', level: 'info', message: `Migration ${target} is already complete.` });
  }
  try {
    await assertLedgerPresent(deps.splynx, migration, deps.control.signal);
  } catch (error) {
    await migration.close();
    throw error;
  }
  const options = {
    concurrency: overrides.concurrency ?? request.options.concurrency,
    stopOnError: overrides.stopOnError ?? request.options.stopOnError,
  };
  const selection = await prepareSelection(deps, request.selection);
  return drive(deps, migration, selection, options, {}, true, started);
}

async function drive(
  deps: EngineDeps,
  migration: Migration,
  selection: ResolvedSelection,
  options: Pick<RunOptions, 'concurrency' | 'stopOnError'>,
  shared: SharedState,
  resumed: boolean,
  started: number,
): Promise<RunSummary> {
  const ctx = context(deps, migration, selection, options, shared);
  const phases = phasesFor(selection);
  const pending = migration.pendingIntents();
  deps.emit({
    type: 'migration',
    migrationId: migration.id,
    resumed,
    phases: phases.map((p) => p.id),
  });
  if (pending.length > 0) {
    deps.emit({
      type: 'log',
      level: 'warn',
      message: `${pending.length} write(s) had an unknown outcome; each is searched in Splynx before it is retried.`,
    });
  }
  let failure: RecordFailure | undefined;
  let status: RunSummary['status'] = 'completed';
  let current: Phase | undefined;
  try {
    // The run started before its first line (reading the selection): that time is work too.
    await migration.setStatus('running', undefined, { startupMs: Date.now() - started });
    for (const phase of phases) {
      if (deps.control.isStopping) break;
      current = phase;
      deps.emit({ type: 'phase-started', phase: phase.id, title: phase.title });
      await phase.apply(ctx);
      deps.emit({
        type: 'phase-finished',
        phase: phase.id,
        counts: phaseCounts(migration, phase.id),
      });
    }
    if (deps.control.signal.aborted || deps.control.isStopping) status = 'aborted';
    else if (ctx.failures.length > 0) status = 'stopped';
  } catch (error) {
    failure = stoppingFailure(deps, error, current);
    if (failure) {
      // Not a bug: the migration stays resumable, with the same explanation a record gets.
      status = deps.control.signal.aborted ? 'aborted' : 'stopped';
      deps.emit({ type: 'record-failed', failure });
    } else if (deps.control.signal.aborted) {
      status = 'aborted';
    } else {
      await migration.setStatus('failed', {
        kind: 'fatal',
        message: deps.redactor.text(error instanceof Error ? error.message : String(error)),
      });
      await migration.close();
      throw error;
    }
  }
  await migration.setStatus(
    status as 'completed' | 'stopped' | 'aborted',
    failure
      ? {
          kind: failure.kind,
          message: failure.message,
          ...(failure.field ? { field: failure.field } : {}),
          key: `${failure.entity}:${failure.sonarId}`,
        }
      : undefined,
  );
  const counts = migration.counts() as Counts;
  await migration.close();
  return {
    migrationId: migration.id,
    command: resumed ? 'resume' : 'migrate',
    status: status as RunSummary['status'],
    counts,
    ...(failure ? { failure } : {}),
    failures: ctx.failures.length + (failure ? 1 : 0),
    // Over the migration's whole life, not just this run: a resume reports the true duration.
    durationMs: migration.activeMs,
    runDurationMs: migration.lastRunMs ?? Date.now() - started,
  };
}

function phaseCounts(migration: Migration, phase: PhaseId): Counts {
  const all = migration.counts() as Counts;
  return Object.fromEntries(
    Object.entries(all).filter(([entity]) => phaseOfEntity(entity) === phase),
  );
}

function redactFailure(redactor: Redactor, failure: RecordFailure): RecordFailure {
  return redactor.value(failure);
}

function emptySummary(command: RunSummary['command'], started: number): RunSummary {
  return {
    migrationId: null,
    command,
    status: 'empty',
    counts: {},
    failures: 0,
    durationMs: Date.now() - started,
  };
}
