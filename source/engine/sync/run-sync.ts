// `s2s sync`: keeps Splynx in step with Sonar during the weeks between the first migration and
// the cut-over (issue 16). It works on the latest migration's ledger (its id map and the base of
// every field s2s wrote), holding that migration's lock, and journals each outcome there exactly
// as migrate does, so a crash mid-sync is picked up by the next one and a sync that finds nothing
// changed writes nothing. The dry run is the same code against a Splynx that records writes and
// a ledger kept in memory.
import { ApiError, UserError } from '../../errors.js';
import { customerState } from '../../mapping/status.js';
import type { SonarAccount } from '../../sonar/records.js';
import type { Migration, MigrationView } from '../../state/index.js';
import { forEachBounded } from '../bounded.js';
import { DrySplynx } from '../dry-splynx.js';
import type { RecordFailure, RunSummary } from '../events.js';
import type { Ledger } from '../ledger.js';
import { migratedNetworks } from '../migrated-networks.js';
import { type EngineDeps, phasesFor, planEvents } from '../orchestrator.js';
import type { PhaseContext, SharedState } from '../phase.js';
import { customersPhase } from '../phases/customers.js';
import { idResolver } from '../phases/foundation.js';
import { failureFromError, RecordFailedError } from '../record-failure.js';
import { type ResolvedSelection, STATE_ORDER } from '../selection.js';
import { countChange, type SyncChange, type SyncCounts } from './changes.js';
import { overlayLedger } from './overlay-ledger.js';
import { disableGone, isLive, type SyncContext, syncAccount } from './sync-account.js';

export interface SyncOptions {
  dryRun: boolean;
  preferSonar: boolean;
  stopOnError: boolean;
  concurrency: number;
  breakLock: boolean;
}

export interface SyncDeps extends EngineDeps {
  /** One call per Splynx record sync changes, would change, or finds in conflict. */
  onChange(change: SyncChange): void;
}

/** Accounts fetched by id per request (gone-or-out-of-scope checks, id selections). */
const BY_ID_CHUNK = 250;

/** The migration a sync works on: the latest one that is not rolled back. */
async function targetMigration(deps: EngineDeps): Promise<string> {
  const all = await deps.state.list();
  const usable = all.filter(
    (m) => !m.ok || (m.status !== 'rolled-back' && m.status !== 'rolling-back'),
  );
  const target = usable.at(-1);
  if (!target) {
    throw new UserError(
      all.length === 0
        ? 'There is no migration to sync: sync brings Splynx up to date with Sonar after `s2s migrate`.'
        : 'Every migration in this state folder is rolled back: there is nothing to sync.',
      'Migrate first (`s2s migrate --customer ID`, then `--all`); sync keeps it up to date afterwards.',
    );
  }
  if (!target.ok) throw new UserError(`Migration ${target.id} cannot be read: ${target.problem}`);
  return target.id;
}

async function accountsById(
  deps: Pick<EngineDeps, 'sonar' | 'control'>,
  ids: readonly string[],
): Promise<Map<string, SonarAccount>> {
  const found = new Map<string, SonarAccount>();
  for (let i = 0; i < ids.length; i += BY_ID_CHUNK) {
    for await (const batch of deps.sonar.accounts(
      { ids: ids.slice(i, i + BY_ID_CHUNK), includeArchived: true },
      deps.control.signal,
    )) {
      for (const account of batch) found.set(account.id, account);
    }
  }
  return found;
}

export async function runSync(
  deps: SyncDeps,
  given: ResolvedSelection | undefined,
  options: SyncOptions,
): Promise<RunSummary> {
  const started = Date.now();
  const id = await targetMigration(deps);
  const counts: SyncCounts = {};
  const onChange = (change: SyncChange) => {
    countChange(counts, change);
    deps.onChange(deps.redactor.value(change));
  };
  let view: MigrationView | undefined;
  let migration: Migration | undefined;
  let ledger: Ledger;
  if (options.dryRun) {
    view = await deps.state.readOnly(id);
    ledger = overlayLedger(view);
  } else {
    migration = await deps.state.open(id, { breakLock: options.breakLock });
    ledger = migration;
  }
  const reader = (migration ?? view) as MigrationView | Migration;
  const stored = (reader.request as { selection?: ResolvedSelection } | null)?.selection;
  const selection = given ?? stored;
  if (!selection) {
    await migration?.close();
    throw new UserError(
      `Migration ${id} does not say what it selected.`,
      'Name the accounts to sync: --customers ID,... or --all.',
    );
  }
  deps.emit({
    type: 'log',
    level: 'info',
    message: `${options.dryRun ? 'Comparing' : 'Syncing'} migration ${id} with Sonar${given ? '' : ' (its own selection)'}`,
  });

  const dry = options.dryRun ? new DrySplynx(deps.splynx) : undefined;
  const emit = dry ? planEvents(deps.emit) : deps.emit;
  const shared: SharedState = {};
  const prepared =
    selection.kind === 'ids' && !selection.accounts
      ? { ...selection, accounts: [...(await accountsById(deps, selection.ids ?? [])).values()] }
      : selection;
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const ctx: PhaseContext = {
    sonar: deps.sonar,
    splynx: dry ? dry.client() : deps.splynx,
    ledger,
    config: deps.config,
    emit,
    control: deps.control,
    signal: deps.control.signal,
    options: { concurrency: options.concurrency, stopOnError: options.stopOnError, today },
    selection: prepared,
    shared,
    failures: [],
    ...(deps.afterCreate && !dry ? { afterCreate: deps.afterCreate } : {}),
  };

  let failure: RecordFailure | undefined;
  let status: RunSummary['status'] = options.dryRun ? 'planned' : 'completed';
  try {
    // New foundation, network and inventory records (a plan, a subnet) come first, through
    // migrate's own phases: what the ledger has is passed over without a request.
    const phases = phasesFor(prepared);
    for (const phase of phases) {
      if (phase.id === 'customers' || deps.control.isStopping) continue;
      await phase.apply(ctx);
    }
    if (phases.some((p) => p.id === 'customers') && !deps.control.isStopping) {
      await syncCustomers(ctx, prepared, options, onChange);
    }
    if (deps.control.signal.aborted || deps.control.isStopping) status = 'aborted';
    else if (ctx.failures.length > 0) status = 'stopped';
  } catch (error) {
    if (error instanceof RecordFailedError) failure = deps.redactor.value(error.failure);
    else if (!deps.control.signal.aborted && error instanceof ApiError) {
      failure = deps.redactor.value(
        failureFromError(
          { phase: 'customers', entity: 'phase', sonarId: 'sync', label: 'sync' },
          error,
        ),
      );
    } else if (!deps.control.signal.aborted) {
      await migration?.close();
      throw error;
    }
    status = deps.control.signal.aborted ? 'aborted' : 'stopped';
    if (failure) deps.emit({ type: 'record-failed', failure });
  }
  const ledgerCounts = reader.counts();
  await migration?.close();
  return {
    migrationId: id,
    command: 'sync',
    status,
    counts: ledgerCounts,
    changes: counts,
    ...(dry ? { writes: dry.writes } : {}),
    ...(failure ? { failure } : {}),
    failures: ctx.failures.length + (failure ? 1 : 0),
    durationMs: Date.now() - started,
  };
}

/**
 * Every account of the selection: migrated ones are merged, new ones migrated, and migrated ones
 * Sonar no longer has are disabled. One pass over Sonar's accounts (every status: a cancelled
 * account leaves an active-only filter, but its customer must still be disabled).
 */
async function syncCustomers(
  base: PhaseContext,
  selection: ResolvedSelection,
  options: SyncOptions,
  onChange: (change: SyncChange) => void,
): Promise<void> {
  base.shared.foundation ??= await base.sonar.foundation(base.signal);
  const foundation = base.shared.foundation;
  const ctx: SyncContext = {
    ...base,
    dryRun: options.dryRun,
    preferSonar: options.preferSonar,
    onChange,
    mapCtx: {
      config: base.config,
      today: base.options.today,
      statuses: foundation.account_statuses,
      accountTypes: foundation.account_types,
      services: new Map(foundation.services.map((s) => [s.id, s])),
      ids: idResolver(base),
      networks: migratedNetworks(base.ledger.records({ entity: 'ipv4_network' })),
    },
  };
  const migrated = new Map<string, ReturnType<typeof live>>();
  const live = (sonarId: string) => {
    const record = ctx.ledger.get('customer', sonarId);
    return isLive(record) && record.extra?.gone === undefined ? record : undefined;
  };
  for (const record of ctx.ledger.records({ entity: 'customer' })) {
    const own = live(record.sonarId);
    if (own) migrated.set(record.sonarId, own);
  }
  const wanted = new Set(selection.states);
  const seen = new Set<string>();
  const fresh: SonarAccount[] = [];
  let room =
    selection.limit === undefined ? Number.POSITIVE_INFINITY : selection.limit - migrated.size;

  const named = new Set(selection.ids ?? []);
  const inScope = (account: SonarAccount) => {
    if (selection.kind !== 'ids') return true;
    return named.has(account.id);
  };
  const source: AsyncIterable<SonarAccount[]> =
    selection.kind === 'ids'
      ? (async function* () {
          yield selection.accounts ?? [];
        })()
      : ctx.sonar.accounts(
          {
            includeArchived: true,
            ...(selection.createdFrom ? { createdFrom: selection.createdFrom } : {}),
            ...(selection.createdTo ? { createdTo: selection.createdTo } : {}),
          },
          ctx.signal,
        );
  async function* existing(): AsyncGenerator<SonarAccount> {
    for await (const batch of source) {
      for (const account of batch) {
        if (!inScope(account)) continue;
        seen.add(account.id);
        if (migrated.has(account.id)) yield account;
        else if (
          room > 0 &&
          wanted.has(customerState(account, foundation.account_statuses, ctx.config))
        ) {
          room--;
          fresh.push(account);
        }
      }
    }
  }
  const proceed = async () => {
    await ctx.control.gate();
    return !ctx.control.isStopping;
  };
  await forEachBounded(existing(), ctx.options.concurrency, proceed, async (account) => {
    const record = migrated.get(account.id);
    if (record) await syncAccount(ctx, account, record);
  });

  // Migrated accounts the pass did not meet: deleted in Sonar, or outside this selection.
  const unseen = [...migrated.keys()].filter(
    (sonarId) => !seen.has(sonarId) && (selection.kind !== 'ids' || named.has(sonarId)),
  );
  const stillThere = unseen.length > 0 ? await accountsById(ctx, unseen) : new Map();
  const gone = unseen.filter((sonarId) => !stillThere.has(sonarId));
  await forEachBounded(gone, ctx.options.concurrency, proceed, async (sonarId) => {
    const record = migrated.get(sonarId);
    if (record) await disableGone(ctx, record);
  });

  if (fresh.length === 0 || ctx.control.isStopping) return;
  for (const account of fresh) {
    onChange({
      action: 'migrate',
      entity: 'customer',
      sonarId: account.id,
      accountId: account.id,
      label: `account ${account.id} "${account.name}"`,
      fields: [],
      conflicts: [],
      kept: [],
      reason: 'new in the selection',
    });
  }
  // New accounts go through the customers phase itself: parents first, same writes as migrate.
  await customersPhase.apply({
    ...base,
    selection: {
      kind: 'ids',
      ids: fresh.map((a) => a.id),
      accounts: fresh,
      states: STATE_ORDER,
      phases: ['customers'],
    },
  });
}
